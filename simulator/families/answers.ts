// What kie.ai answers at once: the synchronous generations (persona, style, Omni), the reads (1080P, timestamped
// lyrics, 4o Image's download link), and the repeats it refuses (a second WAV, cover, persona or 4K).
import { downloadLink } from "../links";
import type { SimTask, SimulatorState } from "../state";
import { randomHex } from "../tasks";
import { VEO_4K } from "./shapes-veo";
import type { AnswerContext, Refusal } from "./types";
import { fileUrl, text } from "./util";

const ok = (data: unknown): Refusal => ({ code: 200, msg: "success", data });

/** Veo's 1080P: "processing" for the first calls per task (kie.ai's docs: retry every 20–30 s), then the URL. */
export function veo1080p({ state, body, parent }: AnswerContext): Refusal {
  const task = parent as SimTask;
  const calls = (state.veo1080pCalls[task.taskId] ?? 0) + 1;
  state.veo1080pCalls[task.taskId] = calls;
  if (calls <= state.familySettings.veo1080pProcessingCalls) {
    return {
      code: 400,
      msg: "1080P is processing. It should be ready in 1-2 minutes. Please check back shortly.",
      data: null,
    };
  }
  return ok({ resultUrl: fileUrl(task, `1080p-${Number(body.index ?? 0) || 0}.mp4`) });
}

export function timestampedLyrics(): Refusal {
  const words = ["[Verse]\nWalking", "down", "the", "street"];
  const at = (s: number) => Math.round(s * 100) / 100;
  return ok({
    alignedWords: words.map((word, i) => ({
      word,
      success: true,
      startS: at(1.36 + i * 0.4),
      endS: at(1.7 + i * 0.4),
      palign: 0,
    })),
    waveformData: [0, 1, 0.5, 0.75, 0.25],
    hootCer: 0.3803,
    isStreamed: false,
  });
}

export function persona({ body }: AnswerContext): Refusal {
  return ok({ personaId: randomHex(16), name: body.name, description: body.description });
}

/** The only answer of the families that reports credits. */
export function style({ state, body, price, now }: AnswerContext): Refusal {
  return ok({
    taskId: randomHex(16),
    param: text(body, "content"),
    result: `${text(body, "content")}, layered synths, driving drums, airy vocals`,
    creditsConsumed: price,
    creditsRemaining: state.balance,
    successFlag: "1",
    errorCode: null,
    errorMessage: null,
    createTime: now,
  });
}

/** Gemini Omni's audio answers `code: 0` for success, not 200. */
export function omniAudio({ body }: AnswerContext): Refusal {
  return { code: 0, msg: "success", data: { kieAudioId: randomHex(16), name: body.name } };
}

export function omniCharacter({ body }: AnswerContext): Refusal {
  const [imageUrl] = body.image_urls as string[];
  return ok({ characterId: randomHex(16), characterName: text(body, "character_name"), imageUrl });
}

export function gpt4oDownload({ state, body, origin }: AnswerContext): Refusal {
  return downloadLink(state, origin, body.url).body;
}

/** The 30 preset voices Omni's audio_id may name (kie.ai lists them in lower case). */
export const OMNI_VOICES = (
  "achernar achird algenib algieba alnilam aoede autonoe callirrhoe charon despina enceladus erinome fenrir gacrux " +
  "iapetus kore laomedeia leda orus puck pulcherrima rasalgethi sadachbia sadaltager schedar sulafat umbriel " +
  "vindemiatrix zephyr zubenelgenubi"
).split(" ");

const alive = (task: SimTask) => task.completedAt === undefined || task.outcome === "success";
const tasksOf = (state: SimulatorState, endpoint: string) =>
  Object.values(state.tasks).filter((t) => t.endpoint === endpoint);

/** A second WAV for the same track: 409 (a failed one may be retried). */
export function wavRepeat(state: SimulatorState, body: Record<string, unknown>): Refusal | undefined {
  const exists = tasksOf(state, "/api/v1/wav/generate").some((t) => t.body.audioId === body.audioId && alive(t));
  return exists ? { code: 409, msg: "WAV record already exists", data: null } : undefined;
}

/** A second cover for the same music task: 400, naming the first cover task. */
export function coverRepeat(state: SimulatorState, _body: unknown, parent?: SimTask): Refusal | undefined {
  const first = tasksOf(state, "/api/v1/suno/cover/generate").find(
    (t) => t.parentTaskId === parent?.taskId && alive(t),
  );
  return first
    ? { code: 400, msg: "Cover already generated for this music task", data: { taskId: first.taskId } }
    : undefined;
}

export function personaRepeat(state: SimulatorState, body: Record<string, unknown>): Refusal | undefined {
  const exists = state.syncResults.some((r) => r.path.endsWith("/generate-persona") && r.body.audioId === body.audioId);
  return exists ? { code: 409, msg: "Persona already exists for this audio", data: null } : undefined;
}

/** A second 4K of the same video: "processing" while it runs, "generated" with its URLs once done. */
export function veo4kRepeat(
  state: SimulatorState,
  body: Record<string, unknown>,
  parent?: SimTask,
): Refusal | undefined {
  const index = Number(body.index ?? 0) || 0;
  const first = tasksOf(state, VEO_4K).find(
    (t) => t.parentTaskId === parent?.taskId && (Number(t.body.index ?? 0) || 0) === index && alive(t),
  );
  if (!first) return undefined;
  if (first.completedAt === undefined) {
    return {
      code: 422,
      msg: "4k is processing. It should be ready in 5-10 minutes. Please check the callback or query later.",
      data: null,
    };
  }
  const imageUrls = first.resultUrls.filter((url) => url.endsWith(".jpg"));
  const resultUrls = first.resultUrls.filter((url) => url.endsWith(".mp4"));
  return {
    code: 422,
    msg: "The video has been generated successfully",
    data: { taskId: first.taskId, resultUrls, imageUrls },
  };
}
