// The vocabulary of kie.ai's per-family APIs as the simulator declares them: an endpoint is a row of data, a record
// kind is a row plus its shape functions, and one engine runs them all (see table.ts, kinds.ts, create.ts).
import type { SimTask, SimulatorState, TaskOutcome } from "../state";
import type { TaskState } from "../tasks";

/** Which API made a task: `jobs` is the Market API (createTask); the others are kie.ai's per-family APIs. */
export type FamilyName = "jobs" | "veo" | "suno" | "gpt4o-image" | "flux-kontext" | "runway" | "aleph" | "mj" | "omni";

/** Every family by name. */
export const FAMILIES: readonly FamilyName[] = [
  "jobs",
  "veo",
  "suno",
  "gpt4o-image",
  "flux-kontext",
  "runway",
  "aleph",
  "mj",
  "omni",
];

/** Where a task is polled: each record kind has its own path and shape (`jobs` is recordInfo). */
export type RecordKindName =
  | "jobs"
  | "veo"
  | "suno-music"
  | "suno-lyrics"
  | "suno-wav"
  | "suno-vocal-removal"
  | "suno-midi"
  | "suno-mp4"
  | "suno-cover"
  | "gpt4o-image"
  | "flux-kontext"
  | "runway"
  | "aleph"
  | "mj";

/** Suno music's partial stages, each with its own callback, before (or, out of order, after) `complete`. */
export type SunoStage = "text" | "first";

/** Which callback is being sent: a partial stage, the completion, or a failure. */
export type CallbackStage = SunoStage | "complete" | "error";

/** A refusal: kie.ai answers it over HTTP 200 with the code in the body. */
export interface Refusal {
  code: number;
  msg: string;
  data?: unknown;
}

/** How a family's task fails: the body code (`errorCode`, callback `code`), its message, and the state value. */
export interface Failure {
  code: number;
  msg: string;
  state: string | number;
}

/** A record-shape fault: code 200, but the state field is gone, or holds a value kie.ai never documents. */
export type RecordFault = "missing-state" | "unknown-state";

/** How the per-family APIs behave where kie.ai's docs leave room, and how a test bends them. */
export interface FamilySettings {
  /** Calls of get-1080p-video per task that answer "1080P is processing" before the URL. */
  veo1080pProcessingCalls: number;
  /** Whether a 4K task gets an id of its own (`new`) or keeps its parent's (`same`); kie.ai's docs allow both. */
  veo4kTaskId: "new" | "same";
  /** The key of 4o Image's result list in its record: the schema's `resultUrls` or the example's `result_urls`. */
  gpt4oResultField: "resultUrls" | "result_urls";
  /** The order of Suno music callbacks; `complete` is added at the end when missing. */
  sunoStages: (SunoStage | "complete")[];
  /** Record-shape faults, by record kind or family name. */
  recordFault: Record<string, RecordFault>;
  /** The outcome of new tasks, by family (else `taskSettings.outcome`). */
  outcome: Record<string, TaskOutcome>;
  /** How tasks fail, by record kind or family name (else the kind's documented default). */
  failure: Record<string, Partial<Failure>>;
}

/**
 * The family settings of a fresh simulator.
 *
 * @example
 * ```ts
 * state.familySettings = freshFamilySettings()
 * ```
 */
export function freshFamilySettings(): FamilySettings {
  return {
    veo1080pProcessingCalls: 2,
    veo4kTaskId: "new",
    gpt4oResultField: "resultUrls",
    sunoStages: ["text", "first", "complete"],
    recordFault: {},
    outcome: {},
    failure: {},
  };
}

/** What a shape function sees: the task, what recordInfo would call its state now, and the simulator. */
export interface View {
  task: SimTask;
  phase: TaskState;
  now: number;
  state: SimulatorState;
}

/** A callback body as kie.ai sends it. */
export interface CallbackBody {
  code: number;
  msg: string;
  data: unknown;
}

/** A record kind: where it is polled and how its record and callback are shaped. */
export interface RecordKind {
  family: FamilyName;
  path: string;
  /** The fields that tell the state (a record-shape fault removes or garbles them). */
  stateFields: readonly string[];
  /** kie.ai's per-task poll limit (3 per second) applies. */
  perTaskLimit?: true;
  /** How its task ids look. */
  ids: "hex" | "uuid";
  /** What a failed task says unless steered otherwise. */
  failure: Failure;
  /** Its callbacks come in Suno's stages (text → first → complete). */
  staged?: true;
  /** Ids of the media a task will make (Suno tracks, stems, a Runway video), fixed at creation. */
  media?(body: Record<string, unknown>): number;
  /** The names of the files a successful task leaves in its folder on the file host. */
  files(task: SimTask): string[];
  record(view: View): Record<string, unknown>;
  callback(view: View, stage: CallbackStage): CallbackBody;
}

/** Where a follow-up's parent is named and what it must be. */
export interface ParentSpec {
  /** The body field naming the parent task; absent: the parent is found by the medium in `media`. */
  task?: string;
  /** The body field naming one of the parent's media (a Suno track, a stem). */
  media?: { field: string; required: boolean };
  /** The body field indexing the parent's results (default 0). */
  index?: string;
  records: readonly RecordKindName[];
  /** Which tasks of those kinds qualify, when not all (a 4K task cannot be extended; only a video can be). */
  accepts?(parent: SimTask): boolean;
}

/** What a synchronous or read endpoint's answer is made from. */
export interface AnswerContext {
  state: SimulatorState;
  body: Record<string, unknown>;
  parent?: SimTask;
  /** Credits charged for it (sync endpoints). */
  price: number;
  now: number;
  /** The origin the request came to, for links. */
  origin: string;
}

/**
 * One kie.ai endpoint, as data:
 * - `create` starts a task; `follow-up` starts one from a parent; `sync` is a generation answered at once;
 *   `read` answers at once and starts nothing (no credits, outside the create limit).
 */
export interface EndpointSpec {
  path: string;
  method: "GET" | "POST";
  family: FamilyName;
  kind: "create" | "follow-up" | "sync" | "read";
  /** Names it in prices (`<family>/<operation>`) and in Suno's `operationType`. */
  operation: string;
  required?: readonly string[];
  /** At least one of these. */
  anyOf?: readonly string[];
  /** Where its callback URL is (kie.ai spells it `calBackUrl` once), and whether kie.ai insists on it. */
  callback?: { field: string; required: boolean };
  model?: { field: string; default?: string; allowed?: readonly string[] };
  /** The body field whose value names the price (`<family>/<value>`) when it is not the model. */
  priceBy?: { field: string; default: string };
  parent?: ParentSpec;
  record?: RecordKindName;
  /** Further checks of the body: the refusal message, if any. */
  check?(body: Record<string, unknown>): string | undefined;
  /** A repeat kie.ai refuses (or answers differently) instead of starting again. */
  repeat?(state: SimulatorState, body: Record<string, unknown>, parent: SimTask | undefined): Refusal | undefined;
  /** The answer of a `sync` or `read` endpoint. */
  answer?(context: AnswerContext): Refusal;
  /** The created answer's data, when not `{ taskId }`. */
  created?(task: SimTask): Record<string, unknown>;
  /** Whether the task keeps its parent's id (a 4K task, read one way). */
  sharesParentId?(state: SimulatorState): boolean;
  /** Its failure, when not its record kind's. */
  failure?: Failure;
}
