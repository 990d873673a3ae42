// The security classes against the real wrangler dev, with a misbehaving kie.ai and file host on loopback and an
// "internal" service beside them: the gateway never reaches it, serves nothing that runs, never breaks on a name,
// never hangs on a stalled host, and keeps batches and manual checks within kie.ai's limits.
import http from "node:http";
import { beforeEach, describe, expect, it } from "vitest";
import { TEST_TOKENS } from "../support/fixtures";
import { INTERNAL_BODY, useInternalService } from "./support/internal";
import { postJson, useStack } from "./support/stack";

const internal = useInternalService();
const stack = useStack({ UPSTREAM_BACKOFF_MS: "1", UPSTREAM_TIMEOUT_MS: "1000" }, { rateLimit: 1_000_000 });
const FILE = "https://tempfile.aiquickdraw.com/r/edge.mp4";
const download = (file = FILE, init: RequestInit = {}) =>
  stack.ask(`/api/v1/common/download?url=${encodeURIComponent(file)}`, init);

beforeEach(() => {
  stack.sim.reset();
  internal.hits.length = 0;
});

describe("server-side request forgery", () => {
  it("refuses links kie.ai issues on an internal host or another loopback service", async () => {
    for (const origin of [internal.url, "https://169.254.169.254", "https://10.1.2.3", "http://localhost:1"]) {
      stack.sim.state.linkOrigin = origin;
      const res = await download(`${FILE}?to=${encodeURIComponent(origin)}`);
      expect(res.status).toBe(502);
      expect(await res.text()).not.toContain(INTERNAL_BODY);
    }
    expect(internal.hits).toEqual([]);
  });

  it("does not follow a file host's redirect to an internal service, Range or not", async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      stack.sim.state.fileFault = { kind: "redirect", location: `${internal.url}/admin?s=${status}`, status };
      const res = await download(`${FILE}?s=${status}`, { headers: { Range: "bytes=0-9" } });
      expect(res.status).toBe(502);
      expect(await res.text()).not.toContain(INTERNAL_BODY);
    }
    expect(internal.hits).toEqual([]);
  });

  it("cuts off a file host that stalls mid-body instead of holding the request", async () => {
    stack.sim.state.fileSizes["/r/stall.mp4"] = 1_000_000;
    stack.sim.state.fileFault = { kind: "stall", afterBytes: 100_000 };
    const res = await download("https://tempfile.aiquickdraw.com/r/stall.mp4", { signal: AbortSignal.timeout(20_000) });
    expect(res.status).toBe(200);
    const read = await res.arrayBuffer().then(
      (bytes) => bytes.byteLength,
      (error: Error) => error.name,
    );
    expect(read).not.toBe("TimeoutError");
    expect(read).not.toBe(1_000_000);
    // The Worker's log line reaches wrangler's output a moment later: wait for it, bounded.
    const deadline = Date.now() + 10_000;
    while (!stack.dev.output().includes("file_stalled") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(stack.dev.output()).toContain("file_stalled");
  });
});

describe("content and names", () => {
  it("serves an HTML or SVG file as a sandboxed attachment", async () => {
    for (const contentType of ["text/html", "image/svg+xml"]) {
      stack.sim.state.fileFault = { kind: "serve", contentType, disposition: "inline" };
      const res = await download(`https://tempfile.aiquickdraw.com/r/page-${contentType.length}.png`);
      await res.arrayBuffer();
      expect(res.headers.get("Content-Disposition")).toMatch(/^attachment;/);
      expect(res.headers.get("Content-Security-Policy")).toBe("sandbox");
    }
  });

  it("answers a file whose name is malformed percent-encoding", async () => {
    for (const name of ["%FF.png", "a%.png", "%ED%A0%80.png", "%E7%8C.png"]) {
      const res = await download(`https://tempfile.aiquickdraw.com/r/${name}`);
      await res.arrayBuffer();
      expect([name, res.status]).toEqual([name, 200]);
    }
  });
});

describe("limits", () => {
  it("slows a whole batch for kie.ai's Retry-After, and leaves other callers served", async () => {
    stack.sim.state.rules.push({
      endpoint: "download-url",
      fault: { kind: "status", code: 429, retryAfter: "1" },
      times: 3,
    });
    const urls = Array.from({ length: 60 }, (_, i) => `https://tempfile.aiquickdraw.com/batch/${i}.png`);
    const res = await stack.ask("/api/v1/common/download-urls", postJson({ urls }));
    const { data } = (await res.json()) as { data: { error?: unknown }[] };
    expect(data.filter((item) => item.error)).toEqual([]);
    // The first five calls were in flight together; every later one waits out the second kie.ai asked for.
    const first429 = stack.sim.state.log.find((call) => call.code === 429)?.answeredAt ?? 0;
    const later = stack.sim.state.log.slice(5);
    expect(later.filter((call) => call.at < first429 + 990)).toEqual([]);
    expect(stack.sim.state.calls["download-url"]).toBeLessThanOrEqual(60 + 3);
    const bob = await stack.ask("/api/v1/chat/credit", { token: TEST_TOKENS.bob });
    expect(bob.status).toBe(200);
  });

  it("answers 40 manual checks with one kie.ai call and one sample", async () => {
    for (let i = 0; i < 40; i++) {
      expect((await stack.ask("/api/v1/monitor/check", { method: "POST" })).status).toBe(200);
    }
    expect(stack.sim.state.calls.credit).toBe(1);
    const status = (await (await stack.ask("/api/v1/monitor/status")).json()) as { data: { samples: number } };
    expect(status.data.samples).toBe(1);
  });
});

describe("refused bodies", () => {
  it("leave the connection usable: the next request on it is answered", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const { port } = new URL(stack.dev.url);
    const send = (method: string, path: string, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const headers: Record<string, string> = { Authorization: `Bearer ${TEST_TOKENS.alice}` };
        if (body) Object.assign(headers, { "Content-Type": "application/json", "Content-Length": String(body.length) });
        const req = http.request({ host: "127.0.0.1", port, method, path, agent, headers, timeout: 10_000 }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("timeout", () => req.destroy(new Error("no answer")));
        req.on("error", reject);
        req.end(body);
      });
    try {
      expect(await send("POST", "/api/v1/common/download-url", "x".repeat(200_000))).toBe(413);
      expect(await send("GET", "/api/v1/chat/credit")).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});
