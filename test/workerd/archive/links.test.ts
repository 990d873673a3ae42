// A file kie-edge keeps is answered from R2 by /download and the download-url calls, after kie.ai has forgotten it:
// a signed, bearer-less link of kie.ai's 20 minutes, good for that file only.
import { expect, it } from "vitest";
import { fileBytes } from "../../../simulator/app";
import { archiving, drain } from "../../support/archive";
import { finishedTask } from "../../support/families";
import { askRaw } from "../../support/gateway";
import { sim } from "../../support/network";

async function forgotten() {
  const archive = archiving();
  const { taskId, record } = await finishedTask("jobs/createTask", { env: archive.env });
  await drain(archive);
  sim.forgetFiles(taskId);
  const url = JSON.parse(String(record.resultJson)).resultUrls[0] as string;
  return { archive, url, calls: sim.state.log.length };
}
const expected = async () => new Uint8Array(await fileBytes(0, 1024).arrayBuffer());

it("streams a forgotten file through /download from the archive, kie.ai not asked", async () => {
  const { archive, url, calls } = await forgotten();
  const { res, bytes } = await archive.askRaw(`/api/v1/common/download?url=${encodeURIComponent(url)}`);
  expect([res.status, res.headers.get("X-Served-From")]).toEqual([200, "archive"]);
  expect(new Uint8Array(bytes)).toEqual(await expected());
  expect(sim.state.log.length).toBe(calls);
});

it("answers download-url and download-urls with a signed link that needs no token", async () => {
  const { archive, url, calls } = await forgotten();
  const one = await archive.ask("/api/v1/common/download-url", { method: "POST", json: { url } });
  expect(one.res.headers.get("X-Served-From")).toBe("archive");
  const link = new URL(String(one.body.data));
  expect(link.pathname).toMatch(/^\/archive\/file\/v1\/alice\/jobs\//);
  const served = await askRaw(`${link.pathname}${link.search}`, { token: null });
  expect(new Uint8Array(served.bytes)).toEqual(await expected());
  const many = await archive.ask("/api/v1/common/download-urls", { method: "POST", json: { urls: [url] } });
  expect(many.body.data).toEqual([
    {
      url,
      data: expect.stringContaining("/archive/file/"),
      cached: true,
      expiresAt: expect.any(String),
      servedFrom: "archive",
    },
  ]);
  expect(sim.state.log.length).toBe(calls);
});

it("refuses a link whose signature, object or expiry was changed", async () => {
  const { archive, url } = await forgotten();
  const { body } = await archive.ask("/api/v1/common/download-url", { method: "POST", json: { url } });
  const link = new URL(String(body.data));
  const expires = Number(link.searchParams.get("expires"));
  const tampered = [
    `${link.pathname}?expires=${expires}&sig=${"A".repeat(43)}`,
    `${link.pathname.replace(/\/0$/, "/1")}${link.search}`,
    `${link.pathname}?expires=${expires + 60}&sig=${link.searchParams.get("sig")}`,
    `${link.pathname}?expires=${Math.floor(Date.now() / 1000) - 1}&sig=${link.searchParams.get("sig")}`,
  ];
  for (const path of tampered) expect([path, (await askRaw(path, { token: null })).res.status]).toEqual([path, 403]);
});
