import fc from "fast-check";
import type { Envelope } from "../../src/http/envelope";
import { TEST_KIE_KEY, TEST_TOKENS } from "./fixtures";
import { sim } from "./network";

/** Cases per property (fast-check), in every run of npm test. */
export const RUNS = 1000;

/** kie.ai's observed file hosts, as a production deployment would set KIE_FILE_HOSTS. */
export const STRICT = {
  KIE_FILE_HOSTS:
    "tempfile.aiquickdraw.com,tempfileb.aiquickdraw.com,file.aiquickdraw.com,static.aiquickdraw.com,tempfile.redpandaai.co,kieai.redpandaai.co",
};

/** URLs aimed at server-side request forgery and parser confusion; none names an admitted file host. */
export const ssrfUrl = fc.oneof(
  fc.constantFrom(
    "http://169.254.169.254/latest/meta-data/",
    "https://169.254.169.254/",
    "https://[::1]/",
    "https://[::ffff:a9fe:a9fe]/",
    "https://2852039166/",
    "https://0xa9.0xfe.0xa9.0xfe/",
    "https://0251.0376.0251.0376/",
    "https://localhost/",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://tempfile.aiquickdraw.com@evil.example/x.png",
    "https://user:pass@tempfile.aiquickdraw.com/x.png",
    "https://evil.example#@tempfile.aiquickdraw.com/x.png",
    "https://tempfile.aiquickdraw.com.evil.example/x.png",
    "https://evil.example/tempfile.aiquickdraw.com/x.png",
    "//tempfile.aiquickdraw.com/x.png",
    "https:\\\\evil.example\\x.png",
    "https://tempfіle.aiquickdraw.com/x.png",
    "https://xn--tempfle-3ve.aiquickdraw.com/x.png",
    "https://tempfile.aiquickdraw.com:8443/x.png",
    " https://evil.example/x.png",
    "https://evil.example/\u0000x.png",
    `https://evil.example/${"a".repeat(10 * 1024)}`,
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }).filter((u) => !/aiquickdraw|redpandaai/.test(u)),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.ipV4().map((ip) => `https://${ip}/x.png`),
  fc.ipV6().map((ip) => `https://[${ip}]/x.png`),
);

/** Checks the invariants every hostile answer must keep, and returns its envelope. */
export async function expectRefused(res: Response, bytes: ArrayBuffer, status: (code: number) => boolean) {
  const text = new TextDecoder().decode(bytes);
  if (res.status >= 500 || !status(res.status)) throw new Error(`status ${res.status}: ${text.slice(0, 200)}`);
  for (const secret of [TEST_KIE_KEY, ...Object.values(TEST_TOKENS)]) {
    if (text.includes(secret)) throw new Error("a secret was echoed back");
  }
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const calls = sum(sim.state.calls) + sum(sim.state.callsByPath) + sim.state.fileFetches;
  if (calls > 0) throw new Error(`invalid input reached kie.ai (${calls} calls)`);
  if (res.headers.get("Content-Type")?.startsWith("application/json")) {
    const body = JSON.parse(text) as Envelope<unknown>;
    if (body.code !== res.status || typeof body.msg !== "string" || !("data" in body))
      throw new Error("not the envelope");
    return body;
  }
  if (res.status !== 204 && bytes.byteLength > 0) throw new Error(`not JSON: ${text.slice(0, 100)}`);
  return undefined;
}
