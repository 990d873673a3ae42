// The simulator's generation tasks, callbacks and uploads, checked against what kie.ai is documented (or seen) to
// do — the gateway's tests trust the simulator, so the simulator is tested too. In-process (`sim.app.fetch`), on a
// clock the test moves: no sleeps, no wrangler.
import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type CallbackFault, createSimulator, peakPerWindow, type SimulatorOptions } from "../../simulator/app";

const KEY = "sk-sim-tasks";
const HOOK = "https://gateway.test/kie/callback";
const MODEL = "google/imagen4-fast";
const START = 1_767_225_600_000;

interface Sent {
  url: string;
  headers: Headers;
  body: { code: number; msg: string; taskId?: string; data: Record<string, unknown> };
}

/** A simulator on a clock of the test's own, whose callbacks land in `sent`. */
function setup(options: Partial<SimulatorOptions> = {}) {
  let clock = START;
  const sent: Sent[] = [];
  const sim = createSimulator({
    apiKey: KEY,
    now: () => clock,
    sendCallback: async (url, init) => {
      sent.push({ url, headers: new Headers(init.headers), body: JSON.parse(String(init.body)) });
      return new Response(null, { status: 204 });
    },
    ...options,
  });
  const call = (path: string, init: RequestInit = {}, key = KEY) =>
    sim.app.fetch(
      new Request(`http://sim.test${path}`, { ...init, headers: { Authorization: `Bearer ${key}`, ...init.headers } }),
    );
  const create = async (body: unknown = { model: MODEL, input: { prompt: "a cat" }, callBackUrl: HOOK }) => {
    const res = await call("/api/v1/jobs/createTask", postJson(body));
    return { http: res.status, ...((await res.json()) as { code: number; msg: string; data: { taskId: string } }) };
  };
  const taskId = async (body?: unknown) => (await create(body)).data.taskId;
  const record = async (id: string) =>
    (await (await call(`/api/v1/jobs/recordInfo?taskId=${id}`)).json()) as Record<string, unknown> & {
      code: number;
      data: Record<string, unknown>;
    };
  const tick = (ms: number) => {
    clock += ms;
  };
  return { sim, sent, call, create, taskId, record, tick };
}

/** A response's JSON, as the envelope kie.ai answers with. */
async function read(res: Response) {
  return (await res.json()) as { code: number; msg?: string; data: Record<string, unknown> };
}

function postJson(body: unknown): RequestInit {
  return { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

const hmac = (key: string, message: string) => createHmac("sha256", key).update(message).digest("base64");
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("tasks", () => {
  it("say waiting, then generating, then success, on the clock", async () => {
    const t = setup();
    Object.assign(t.sim.state.taskSettings, { waitingMs: 1000, durationMs: 5000 });
    const id = await t.taskId();
    expect((await t.record(id)).data.state).toBe("waiting");
    t.tick(1000);
    expect((await t.record(id)).data.state).toBe("generating");
    t.tick(4000);
    const { data } = await t.record(id);
    expect(data).toMatchObject({ state: "success", createTime: START, completeTime: START + 5000, consumeCredits: 1 });
  });

  it("answer recordInfo in an envelope that says `message`, not `msg`", async () => {
    const t = setup();
    const body = await t.record(await t.taskId());
    expect(body).toMatchObject({ code: 200, message: "success" });
    expect(body).not.toHaveProperty("msg");
  });

  it("carry param and resultJson as JSON strings, the result on a host download-url accepts", async () => {
    const t = setup();
    const id = await t.taskId();
    const { data } = await t.record(id);
    expect(JSON.parse(data.param as string)).toEqual({ model: MODEL, callBackUrl: HOOK, input: { prompt: "a cat" } });
    const [url] = JSON.parse(data.resultJson as string).resultUrls;
    expect(url).toBe(`https://tempfile.aiquickdraw.com/tasks/${id}/0.png`);
    const link = await read(await t.call("/api/v1/common/download-url", postJson({ url })));
    expect(link.code).toBe(200);
  });

  it("leave callBackUrl out of param when none was given, and resultJson empty until done", async () => {
    const t = setup();
    t.sim.state.taskSettings.durationMs = null;
    const { data } = await t.record(await t.taskId({ model: MODEL, input: {} }));
    expect(JSON.parse(data.param as string)).toEqual({ model: MODEL, input: {} });
    expect(data).toMatchObject({ state: "generating", resultJson: "", completeTime: null });
  });

  it("say fail with kie.ai's failCode and failMsg, and no result", async () => {
    const t = setup();
    t.sim.state.taskSettings.outcome = "fail";
    const { data } = await t.record(await t.taskId());
    expect(data).toMatchObject({ state: "fail", failCode: "500", failMsg: "simulated failure", resultJson: "" });
    expect(data).not.toHaveProperty("consumeCredits");
  });

  it("are unknown to recordInfo as kie.ai says it: code 422, recordInfo is null", async () => {
    const t = setup();
    expect(await t.record("task_nope")).toEqual({ code: 422, msg: "recordInfo is null", data: null });
    expect((await t.record("constructor")).code).toBe(422);
  });

  it("are refused with 422 without a model or an input object", async () => {
    const t = setup();
    expect((await t.create({ input: {} })).code).toBe(422);
    expect((await t.create({ model: MODEL, input: "a cat" })).code).toBe(422);
    expect(t.sim.state.tasks).toEqual({});
  });

  it("are refused with 402 when the balance is below the model's price", async () => {
    const t = setup({ balance: 4 });
    t.sim.state.taskSettings.prices["google/veo-3-1"] = 5;
    expect(await t.create({ model: "google/veo-3-1", input: {} })).toMatchObject({ code: 402, data: null });
    expect((await t.create({ model: MODEL, input: {} })).code).toBe(200);
  });

  it("charge their price once, on success only", async () => {
    const t = setup({ balance: 10 });
    t.sim.state.taskSettings.durationMs = null;
    const [won, lost] = [await t.taskId(), await t.taskId()];
    await t.sim.complete(won);
    await t.sim.complete(lost, "fail");
    await t.record(won);
    expect(t.sim.state.balance).toBe(9);
    expect([t.sim.state.tasks[won]?.charged, t.sim.state.tasks[lost]?.charged]).toEqual([true, false]);
  });

  it("charge when recordInfo is the first to see the success", async () => {
    const t = setup({ balance: 10 });
    t.sim.state.taskSettings.durationMs = 3000;
    const id = await t.taskId();
    t.tick(3000);
    expect(t.sim.state.balance).toBe(10);
    expect((await t.record(id)).data.state).toBe("success");
    expect(t.sim.state.balance).toBe(9);
  });

  it("leave consumeCredits out when reportCredits is off", async () => {
    const t = setup();
    t.sim.state.taskSettings.reportCredits = false;
    expect((await t.record(await t.taskId())).data).not.toHaveProperty("consumeCredits");
  });

  it("answer a wrong key over HTTP 200 with code 401", async () => {
    const t = setup();
    const res = await t.call("/api/v1/jobs/createTask", postJson({ model: MODEL, input: {} }), "sk-wrong");
    expect([res.status, (await read(res)).code]).toEqual([200, 401]);
  });

  it("count calls and take faults per endpoint, wrong-type included", async () => {
    const t = setup();
    t.sim.state.rules.push({ endpoint: "create-task", fault: { kind: "wrong-type" }, times: 1 });
    expect((await t.create()).data).toBe("task_0");
    expect(typeof (await t.create()).data).toBe("object");
    expect(t.sim.state.calls).toMatchObject({ "create-task": 2, "record-info": 0, upload: 0 });
    expect(Object.keys(t.sim.state.delayMs)).toEqual([
      "credit",
      "download-url",
      "create-task",
      "record-info",
      "upload",
    ]);
  });
});

describe("rate limits", () => {
  it("refuse the 21st new task in 10 s, alternately over HTTP 429 and HTTP 200", async () => {
    const t = setup();
    for (let i = 0; i < 20; i++) expect((await t.create()).code).toBe(200);
    const refused = [await t.create(), await t.create(), await t.create(), await t.create()];
    expect(refused.map((r) => [r.http, r.code])).toEqual([
      [429, 429],
      [200, 429],
      [429, 429],
      [200, 429],
    ]);
    expect(t.sim.state.rejectedForRate).toBe(4);
    t.tick(10_000);
    expect((await t.create()).code).toBe(200);
  });

  it("log every createTask arrival, so peakPerWindow shows what the client sent", async () => {
    const t = setup();
    t.sim.state.taskRate.limit = 2;
    for (let i = 0; i < 5; i++) await t.create();
    expect(Object.keys(t.sim.state.tasks)).toHaveLength(2);
    expect(peakPerWindow(t.sim.state.createLog, 10_000)).toBe(5);
  });

  it("peakPerWindow counts the busiest half-open window", () => {
    expect(peakPerWindow([10_000, 0, 9_999, 5_000], 10_000)).toBe(3);
    expect(peakPerWindow([0, 10_000, 20_000], 10_000)).toBe(1);
    expect(peakPerWindow([], 10_000)).toBe(0);
  });

  it("refuse the 11th recordInfo in a second with 429", async () => {
    const t = setup();
    const id = await t.taskId();
    for (let i = 0; i < 10; i++) expect((await t.record(id)).code).toBe(200);
    const res = await t.call(`/api/v1/jobs/recordInfo?taskId=${id}`);
    expect([res.status, (await read(res)).code]).toEqual([429, 429]);
    t.tick(1000);
    expect((await t.record(id)).code).toBe(200);
    expect(t.sim.state.recordLog).toHaveLength(12);
  });
});

describe("callbacks", () => {
  it("carry kie.ai's body: the record of the completed task", async () => {
    const t = setup();
    const id = await t.taskId();
    await t.sim.settle();
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]?.url).toBe(HOOK);
    expect(t.sent[0]?.body).toEqual({
      code: 200,
      msg: "Playground task completed successfully.",
      data: (await t.record(id)).data,
    });
  });

  it("say 501 and the fail message for a failed task", async () => {
    const t = setup();
    t.sim.state.taskSettings.outcome = "fail";
    await t.taskId();
    await t.sim.settle();
    expect(t.sent[0]?.body).toMatchObject({ code: 501, msg: "simulated failure", data: { state: "fail" } });
  });

  it("are signed: base64 HMAC-SHA256 of taskId.timestamp, the timestamp in seconds", async () => {
    const t = setup({ webhookHmacKey: "whk-secret" });
    const id = await t.taskId();
    await t.sim.settle();
    const headers = t.sent[0]?.headers;
    expect(headers?.get("X-Webhook-Timestamp")).toBe(String(START / 1000));
    expect(headers?.get("X-Webhook-Signature")).toBe(hmac("whk-secret", `${id}.${START / 1000}`));
  });

  it("are unsigned without a key", async () => {
    const t = setup();
    await t.taskId();
    await t.sim.settle();
    expect(t.sent[0]?.headers.has("X-Webhook-Signature")).toBe(false);
  });

  it("record each attempt, and a sender that throws as an error", async () => {
    const t = setup({ sendCallback: () => Promise.reject(new Error("connection refused")) });
    const id = await t.taskId();
    await t.sim.settle();
    expect(t.sim.state.callbacks).toEqual([{ taskId: id, url: HOOK, status: "error", at: START, kind: "normal" }]);
  });

  /** A simulator on the real clock (so with completion timers), and one task with a callback taking `durationMs`. */
  async function onRealClock(durationMs: number) {
    const sent: string[] = [];
    const sim = createSimulator({
      apiKey: KEY,
      sendCallback: async (url) => {
        sent.push(url);
        return new Response("ok");
      },
    });
    sim.state.taskSettings.durationMs = durationMs;
    const init = postJson({ model: MODEL, input: {}, callBackUrl: HOOK });
    const headers = { Authorization: `Bearer ${KEY}` };
    const res = await sim.app.fetch(new Request("http://sim.test/api/v1/jobs/createTask", { ...init, headers }));
    return { sim, sent, taskId: (await read(res)).data.taskId as string };
  }

  it("go out when the completion timer fires (real clock), and settle() waits for them", async () => {
    const { sim, sent, taskId } = await onRealClock(20);
    await sim.settle();
    expect(sent).toEqual([HOOK]);
    expect(sim.state.tasks[taskId]).toMatchObject({ charged: true, completedAt: expect.any(Number) });
  });

  it("are cancelled with their timers by reset()", async () => {
    const { sim, sent } = await onRealClock(60_000);
    sim.reset();
    await sim.settle();
    expect([sent, sim.state.tasks]).toEqual([[], {}]);
  });
});

describe("complete()", () => {
  it("finishes a task that would not by itself, resolving once its callback was answered", async () => {
    const t = setup();
    t.sim.state.taskSettings.durationMs = null;
    const id = await t.taskId();
    t.tick(3_600_000);
    expect((await t.record(id)).data.state).toBe("generating");
    await t.sim.complete(id, "fail");
    expect(t.sent.map((s) => s.body.data.state)).toEqual(["fail"]);
    expect((await t.record(id)).data).toMatchObject({ state: "fail", completeTime: START + 3_600_000 });
  });

  it("rejects an unknown task", async () => {
    await expect(setup().sim.complete("task_nope")).rejects.toThrow("task_nope");
  });
});

describe("callback faults", () => {
  /** One task completed under `fault`, and what was sent for it. */
  async function underFault(fault: CallbackFault, outcome: "success" | "fail" = "success") {
    const t = setup({ webhookHmacKey: "whk-secret" });
    t.sim.state.taskSettings.durationMs = null;
    t.sim.state.callbackFault = fault;
    const id = await t.taskId();
    const done = t.sim.complete(id, outcome);
    const sentBefore = t.sent.length;
    await done;
    return { ...t, id, sentBefore, record: (await t.record(id)).data };
  }
  const ts = START / 1000;

  it("late: sent after the delay; complete() waits for it", async () => {
    const t = await underFault({ kind: "late", delayMs: 20 });
    expect([t.sentBefore, t.sent.length]).toEqual([0, 1]);
    expect(t.sim.state.callbacks[0]?.kind).toBe("late");
  });

  it("duplicate: the same callback twice", async () => {
    const t = await underFault({ kind: "duplicate" });
    expect(t.sent).toHaveLength(2);
    expect(t.sent[1]?.body).toEqual(t.sent[0]?.body);
  });

  it("drop: nothing is sent, though the task completed", async () => {
    const t = await underFault({ kind: "drop" });
    expect([t.sent, t.sim.state.callbacks, t.record.state]).toEqual([[], [], "success"]);
  });

  it("bad-signature: a signature that does not verify", async () => {
    const t = await underFault({ kind: "bad-signature" });
    const headers = t.sent[0]?.headers;
    expect(headers?.get("X-Webhook-Timestamp")).toBe(String(ts));
    expect(headers?.get("X-Webhook-Signature")).not.toBe(hmac("whk-secret", `${t.id}.${ts}`));
  });

  it("stale-timestamp: skewS seconds old, signed correctly for it", async () => {
    const t = await underFault({ kind: "stale-timestamp", skewS: 600 });
    const headers = t.sent[0]?.headers;
    expect(headers?.get("X-Webhook-Timestamp")).toBe(String(ts - 600));
    expect(headers?.get("X-Webhook-Signature")).toBe(hmac("whk-secret", `${t.id}.${ts - 600}`));
  });

  it("lying-body: claims success for a failed task", async () => {
    const t = await underFault({ kind: "lying-body" }, "fail");
    expect(t.record.state).toBe("fail");
    expect(t.sent[0]?.body).toMatchObject({ code: 200, data: { taskId: t.id, state: "success" } });
    const [url] = JSON.parse(t.sent[0]?.body.data.resultJson as string).resultUrls;
    expect(new URL(url).hostname).toMatch(/aiquickdraw\.com$/);
  });

  it("lying-body: other result URLs than the record's for a success", async () => {
    const t = await underFault({ kind: "lying-body" });
    expect(t.record.state).toBe("success");
    expect(t.sent[0]?.body.data.resultJson).not.toBe(t.record.resultJson);
  });

  it("snake-case: data.task_id instead of data.taskId", async () => {
    const t = await underFault({ kind: "snake-case" });
    expect(t.sent[0]?.body.data).toMatchObject({ task_id: t.id, state: "success" });
    expect(t.sent[0]?.body.data).not.toHaveProperty("taskId");
  });

  it("top-level-id: taskId at the top level, not in data", async () => {
    const t = await underFault({ kind: "top-level-id" });
    expect(t.sent[0]?.body.taskId).toBe(t.id);
    expect(t.sent[0]?.body.data).not.toHaveProperty("taskId");
  });

  it("times: only the next `times` callbacks, then the fault is gone", async () => {
    const t = await underFault({ kind: "drop", times: 1 });
    await t.sim.complete(await t.taskId());
    expect([t.sent.length, t.sim.state.callbackFault]).toEqual([1, undefined]);
  });
});

describe("admin routes", () => {
  const admin = async (t: ReturnType<typeof setup>, path: string, body: unknown = {}) =>
    (await t.sim.app.fetch(new Request(`http://sim.test/__sim/${path}`, postJson(body)))).json();

  it("merge task settings, prices included, and list tasks with their state", async () => {
    const t = setup();
    await admin(t, "task-settings", { durationMs: null, prices: { [MODEL]: 3 } });
    expect(t.sim.state.taskSettings.prices).toEqual({ "*": 1, [MODEL]: 3 });
    const id = await t.taskId();
    const tasks = await (await t.sim.app.fetch(new Request("http://sim.test/__sim/tasks"))).json();
    expect(tasks).toMatchObject([{ taskId: id, state: "generating", credits: 3 }]);
  });

  it("complete a task, answering after its callback, and keep /__sim/state JSON", async () => {
    const t = setup();
    t.sim.state.taskSettings.durationMs = null;
    await admin(t, "webhook-hmac-key", { key: "whk" });
    await admin(t, "callback-fault", { fault: { kind: "duplicate" } });
    await admin(t, "task-rate", { limit: 5 });
    const id = await t.taskId();
    expect(await admin(t, "complete", { taskId: id })).toMatchObject({ taskId: id, outcome: "success" });
    expect(t.sent).toHaveLength(2);
    const state = await (await t.sim.app.fetch(new Request("http://sim.test/__sim/state"))).json();
    expect(state).toMatchObject({ webhookHmacKey: "whk", taskRate: { limit: 5, windowMs: 10_000 } });
    expect(state).not.toHaveProperty("sendCallback");
  });
});

describe("uploads", () => {
  /** A multipart body from a FormData, re-cut into 7-byte chunks so every boundary falls across chunks. */
  async function multipart(form: FormData): Promise<{ body: ReadableStream<Uint8Array>; type: string }> {
    const encoded = new Response(form);
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(at, at + 7));
        at += 7;
      },
    });
    return { body, type: encoded.headers.get("Content-Type") ?? "" };
  }
  // Bytes that look like a delimiter's start ("\r\n--") inside the file, to trip a careless parser.
  const file = new Uint8Array(200_003).map((_, i) => (i % 1000 < 4 ? [13, 10, 45, 45][i % 1000] : (i * 31) & 255) ?? 0);

  it("stream: measures the file part's size and SHA-256 as it streams", async () => {
    const t = setup();
    const form = new FormData();
    form.set("uploadPath", "images/user-uploads");
    form.set("file", new Blob([file], { type: "image/png" }), "cat.png");
    form.set("fileName", "renamed.png");
    const { body, type } = await multipart(form);
    const res = await t.call("/api/file-stream-upload", {
      method: "POST",
      headers: { "Content-Type": type },
      body,
      duplex: "half",
    } as RequestInit);
    expect(await res.json()).toMatchObject({
      success: true,
      code: 200,
      msg: "File uploaded successfully",
      data: {
        fileName: "renamed.png",
        filePath: "images/user-uploads/renamed.png",
        downloadUrl: expect.stringMatching(/^https:\/\/tempfile\.redpandaai\.co\/.*renamed\.png$/),
        fileSize: file.length,
        mimeType: "image/png",
        uploadedAt: new Date(START).toISOString(),
      },
    });
    expect(t.sim.state.uploads).toEqual([
      {
        kind: "stream",
        uploadPath: "images/user-uploads",
        fileName: "renamed.png",
        size: 200_003,
        sha256: sha256(file),
      },
    ]);
  });

  it("stream: refuses a form without uploadPath with code 400", async () => {
    const t = setup();
    const form = new FormData();
    form.set("file", new Blob(["x"]), "x.txt");
    const res = await t.call("/api/file-stream-upload", { method: "POST", body: form });
    expect([res.status, await res.json()]).toEqual([
      400,
      { success: false, code: 400, msg: expect.any(String), data: null },
    ]);
  });

  it("base64: takes a data URL or bare base64", async () => {
    const t = setup();
    const base64 = Buffer.from(file).toString("base64");
    const asDataUrl = await t.call(
      "/api/file-base64-upload",
      postJson({ base64Data: `data:image/webp;base64,${base64}`, uploadPath: "refs", fileName: "a.webp" }),
    );
    expect((await read(asDataUrl)).data).toMatchObject({ fileSize: file.length, mimeType: "image/webp" });
    await t.call("/api/file-base64-upload", postJson({ base64Data: base64, uploadPath: "refs" }));
    expect(t.sim.state.uploads.map((u) => [u.kind, u.size, u.sha256])).toEqual([
      ["base64", file.length, sha256(file)],
      ["base64", file.length, sha256(file)],
    ]);
  });

  it("url: records the URL upload without fetching it, and refuses a non-http(s) URL", async () => {
    const t = setup();
    const ok = await t.call("/api/file-url-upload", postJson({ fileUrl: "https://cdn.test/a/b.mp4", uploadPath: "v" }));
    expect((await read(ok)).data).toMatchObject({
      filePath: expect.stringMatching(/^v\/[0-9a-f]+\.mp4$/),
      fileSize: 0,
    });
    const bad = await t.call("/api/file-url-upload", postJson({ fileUrl: "file:///etc/passwd", uploadPath: "v" }));
    expect((await read(bad)).code).toBe(400);
    expect(t.sim.state.uploads).toMatchObject([{ kind: "url", uploadPath: "v", size: 0, sha256: "" }]);
  });

  it("answer a wrong key with the upload host's envelope", async () => {
    const t = setup();
    const res = await t.call("/api/file-url-upload", postJson({ fileUrl: "https://a.test/x", uploadPath: "v" }), "x");
    expect(await res.json()).toMatchObject({ success: false, code: 401 });
  });
});
