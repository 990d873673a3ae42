// What kie-edge knows of one kie.ai API family, as data: the pipeline in `tasks/` runs every family from these
// declarations, so the next family kie.ai ships is one declaration (plus its simulator entry and its tests).

/** The families kie-edge carries; `jobs` is the Market API (`jobs/createTask`), the others kie.ai's per-family APIs. */
export type FamilyName = "jobs" | "veo" | "suno" | "gpt4o-image" | "flux-kontext" | "runway" | "aleph" | "mj" | "omni";

/** Where a task stands, as its record tells: still running, or its final outcome. */
export type Phase = "running" | "success" | "fail";

/** A value of a record's state field, as kie.ai sends it (a number, or a word). */
type StateValue = string | number;

/**
 * How a record says where its task stands. Values are compared as text, so a flag sent as `1` or `"1"` reads the
 * same. `stages` are partial results (Suno's `TEXT_SUCCESS`), still running but worth telling the caller about.
 */
export interface StateRule {
  /** The field that holds the state (a path, see `valuesAt`). */
  field: string;
  running: readonly StateValue[];
  success: readonly StateValue[];
  fail: readonly StateValue[];
  /** Value → the partial stage it means. */
  stages?: Readonly<Record<string, string>>;
  /** A value that means "failed or still running" (Aleph's 0): failed once one of `failedWhen` holds something. */
  ambiguous?: { value: StateValue; failedWhen: readonly string[] };
}

/** A record as kie.ai sends it in `data`: an object whose fields pass through untouched. */
export type KieRecord = Record<string, unknown>;

/** What a relay reports: a partial stage by name, or the final outcome. */
export type RelayStage = string;

/**
 * One kind of task record: where it is polled, how to read it, and what the family's own callback looks like.
 * Several operations may share a kind (every Suno music operation is polled at `generate/record-info`).
 */
export interface RecordKind {
  /** Unique across families, e.g. `suno-music`. */
  id: string;
  family: FamilyName;
  /** The GET path polled with `?taskId=`. */
  path: string;
  state: StateRule;
  /** Paths to the result file URLs (what is downloaded or archived). */
  results: readonly string[];
  /** Path to the ids of a result's items that follow-ups may name instead of the task (Suno's `audioId`). */
  items?: string;
  /** Fields that report the credits the task consumed. */
  credits?: readonly string[];
  /** kie.ai's documented poll limit per task (Suno and 4o: 3 a second); every poll also counts account-wide. */
  perTask?: { rate: number; windowMs: number };
  /** The envelope says `message` as well as `msg` (the Market API's recordInfo does). */
  message?: boolean;
  /** Partial stages in the order kie.ai reaches them (Suno: text, then first). */
  stages?: readonly string[];
  /** Where a callback body names its stage (Suno: `data.callbackType`); absent: every callback is final. */
  callbackStage?: string;
  /** The family's own callback body, built from a confirmed record at `stage` (a partial stage, success or fail). */
  relay(record: KieRecord, stage: RelayStage): Record<string, unknown>;
}

/** Where an operation names the task it follows up on. */
export interface ParentRef {
  in: "body" | "query";
  field: string;
  /** The record kinds a parent may be of. */
  kinds: readonly string[];
  /** The field names an item of the parent's result (an `audioId`), not the task itself. */
  item?: boolean;
}

/**
 * One endpoint of a family. With `record`, it starts a task polled there (a create); without, it is answered at
 * once (synchronous: kie.ai's answer is the whole result).
 */
export interface Operation {
  /** `<family>/<name>`, unique. */
  id: string;
  family: FamilyName;
  /** The operation's own name: a task's name in policies and prices when the body names no model. */
  name: string;
  method: "GET" | "POST";
  path: string;
  record?: RecordKind;
  /** The body field that names the model, with kie.ai's default when it is left out. */
  model?: { field: string; default?: string; required?: boolean };
  /** The body field kie.ai calls back (`callBackUrl`; Suno's voice regenerate spells it `calBackUrl`). */
  callback?: string;
  parent?: ParentRef;
  /** Starts a generation: counts in kie.ai's account-wide window of new requests. Every create does. */
  admit?: boolean;
  /** May cost credits: held against budgets and kept in the ledger. Every create does. */
  bills?: boolean;
  /** Fields of a synchronous answer that report the credits it consumed. */
  credits?: readonly string[];
  /** Body codes kie.ai uses for success here (default 200; the Omni helpers answer 0). */
  okCodes?: readonly number[];
  /** Body fields that must be JSON objects (kie.ai's Market `input`). */
  objects?: readonly string[];
}

/**
 * What the reference says of each operation and record kind, by id: kept beside each family's declaration but apart
 * from it, so the Worker (which never reads it) does not carry the text.
 */
export type FamilyDocs = Readonly<Record<string, { summary: string; example?: Record<string, unknown> }>>;

/** One family: its record kinds and its operations. */
export interface Family {
  name: FamilyName;
  title: string;
  kinds: readonly RecordKind[];
  operations: readonly Operation[];
}
