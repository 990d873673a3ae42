// Retention: the sweep deletes what is past ARCHIVE_RETENTION_DAYS from R2 and from the archive's index, and the
// file's state says it expired; what is younger stays.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { ArchiveLookup, ArchiveStore } from "../../../src/archive";
import { ArchiveKeeper } from "../../../src/coordinator/archive";
import { coordinator } from "../../support/coordinator";

const DAY = 86_400_000;
const URL_OF = (i: number) => `https://tempfile.aiquickdraw.com/veo/t${i}/0.mp4`;

it("deletes files past retention from R2 and the index, and keeps the younger ones", async () => {
  await runInDurableObject(coordinator(), async (_, state) => {
    let now = Date.UTC(2026, 10, 1);
    const pending: Promise<unknown>[] = [];
    const keeper = new ArchiveKeeper({
      store: new ArchiveStore(state.storage.sql, (fn) => state.storage.transactionSync(fn)),
      settings: () => ({
        archive: { enabled: true, retentionMs: 90 * DAY, maxFileBytes: 1e9, retrySeconds: 30 },
        policies: {},
        fileHosts: ["tempfile.aiquickdraw.com"],
      }),
      bindings: () => ({ bucket: env.ARCHIVE, queue: { sendBatch: async () => {} } as never, kv: env.STORE }),
      background: (work) => void pending.push(work),
      now: () => now,
    });
    for (const i of [1, 2]) {
      keeper.succeeded({ ref: `ref${i}`, taskId: `t${i}`, caller: "alice", family: "veo" }, [URL_OF(i)]);
      await env.ARCHIVE.put(`v1/alice/veo/t${i}/0`, "video");
      keeper.done(`ref${i}`, 0, { ok: true, size: 5, contentType: "video/mp4", sha256: "ab" });
      now += 10 * DAY;
    }
    await Promise.all(pending);
    now = Date.UTC(2026, 10, 1) + 95 * DAY;
    await keeper.sweep();
    await Promise.all(pending);
    expect((await env.ARCHIVE.list()).objects.map((o) => o.key)).toEqual(["v1/alice/veo/t2/0"]);
    expect(keeper.list("alice", false, "t1")?.files).toEqual([expect.objectContaining({ state: "expired" })]);
    expect(keeper.list("alice", false, "t2")?.files).toEqual([expect.objectContaining({ state: "archived" })]);
    const lookup = new ArchiveLookup(env.STORE);
    expect(await lookup.find(URL_OF(1))).toBeUndefined();
    expect(await lookup.find(URL_OF(2))).toEqual(expect.objectContaining({ objectKey: "v1/alice/veo/t2/0" }));
    expect(keeper.storage(0, now + DAY).callers).toEqual([{ caller: "alice", bytes: 5, files: 1, quota: null }]);
  });
});
