// An archived file is served from R2 as /download serves a file — Range, ETag, If-None-Match, If-Range, a safe
// disposition inside a sandbox — and never asks kie.ai.
import { beforeEach, expect, it } from "vitest";
import { fileBytes } from "../../../simulator/app";
import { type Archiving, archiving, drain } from "../../support/archive";
import { finishedTask } from "../../support/families";
import { sim } from "../../support/network";

let archive: Archiving;
let path: string;
let taskId: string;
let calls: number;

beforeEach(async () => {
  archive = archiving();
  ({ taskId } = await finishedTask("veo/generate", { env: archive.env }));
  sim.state.fileSizes[`/veo/${taskId}/0.mp4`] = 100_000;
  await drain(archive);
  path = `/api/v1/archive/${taskId}/0`;
  calls = sim.state.log.length + sim.state.fileFetches;
});

const bytes = async (start: number, end: number) => new Uint8Array(await fileBytes(start, end).arrayBuffer());

it("streams the whole file with its type, length, ETag, an inline name and a sandbox", async () => {
  const { res, bytes: body } = await archive.askRaw(path);
  expect(res.status).toBe(200);
  expect(new Uint8Array(body)).toEqual(await bytes(0, 100_000));
  expect(res.headers.get("Content-Type")).toBe("video/mp4");
  expect(res.headers.get("Content-Length")).toBe("100000");
  expect(res.headers.get("ETag")).toMatch(/^"[0-9a-f]{32}"$/);
  expect(res.headers.get("Content-Disposition")).toBe(
    `inline; filename="${taskId}-0.mp4"; filename*=UTF-8''${taskId}-0.mp4`,
  );
  expect(res.headers.get("Content-Security-Policy")).toBe("sandbox");
  expect(res.headers.get("X-Served-From")).toBe("archive");
  expect(sim.state.log.length + sim.state.fileFetches).toBe(calls);
});

it("answers a range with 206, and a range past the end or malformed with 416", async () => {
  const part = await archive.askRaw(path, { headers: { Range: "bytes=1000-1999" } });
  expect(part.res.status).toBe(206);
  expect(part.res.headers.get("Content-Range")).toBe("bytes 1000-1999/100000");
  expect(new Uint8Array(part.bytes)).toEqual(await bytes(1000, 2000));
  const tail = await archive.askRaw(path, { headers: { Range: "bytes=-10" } });
  expect(new Uint8Array(tail.bytes)).toEqual(await bytes(99_990, 100_000));
  for (const range of ["bytes=200000-", "bytes=5-1", "lines=1-2", "bytes=1-2,5-6"]) {
    const { res } = await archive.askRaw(path, { headers: { Range: range } });
    expect([range, res.status, res.headers.get("Content-Range")]).toEqual([range, 416, "bytes */100000"]);
  }
});

it("answers If-None-Match with 304, and a range under a stale If-Range with the whole file", async () => {
  const etag = (await archive.askRaw(path)).res.headers.get("ETag") ?? "";
  const same = await archive.askRaw(path, { headers: { "If-None-Match": etag } });
  expect(same.res.status).toBe(304);
  expect(same.bytes.byteLength).toBe(0);
  const stale = await archive.askRaw(path, { headers: { Range: "bytes=0-9", "If-Range": '"another"' } });
  expect([stale.res.status, stale.bytes.byteLength]).toEqual([200, 100_000]);
  const fresh = await archive.askRaw(path, { headers: { Range: "bytes=0-9", "If-Range": etag } });
  expect([fresh.res.status, fresh.bytes.byteLength]).toEqual([206, 10]);
});
