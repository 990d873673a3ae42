// A deploy with a missing or wrong setting must say which setting, and what is wrong with it, without
// ever printing the value (it may be a secret); /healthz flags it so a deploy check can stop the rollout.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ask } from "../support/gateway";
import { sim } from "../support/network";

afterEach(() => {
  vi.restoreAllMocks();
  expect(sim.state.calls.credit).toBe(0);
});

const SHORT_TOKEN = "short-secret-xyz";

describe("configuration errors", () => {
  it.each([
    ["KIE_API_KEY missing", { KIE_API_KEY: undefined }, /KIE_API_KEY is missing/],
    ["PROXY_TOKENS empty", { PROXY_TOKENS: " , " }, /PROXY_TOKENS holds no name:token pair/],
    ["a short token", { PROXY_TOKENS: `ci:${SHORT_TOKEN}` }, /PROXY_TOKENS has a token for 'ci' shorter than 24/],
    [
      "a pair without a colon",
      { PROXY_TOKENS: "abcdefghijklmnopqrstuvwxyz" },
      /PROXY_TOKENS entry 1 is not of the form/,
    ],
    ["plain http upstream", { KIE_BASE_URL: "http://api.kie.ai" }, /KIE_BASE_URL must be an https URL/],
    ["a bad host pattern", { KIE_FILE_HOSTS: "files.*.com" }, /KIE_FILE_HOSTS entry 1 is not a host name/],
    [
      "a minimum past the link's life",
      { LINK_MIN_REMAINING_SECONDS: "1200" },
      /LINK_MIN_REMAINING_SECONDS must be at most 1199/,
    ],
    ["a non-number timeout", { UPSTREAM_TIMEOUT_MS: "10s" }, /UPSTREAM_TIMEOUT_MS must be a whole number/],
  ])("answers 503 naming the setting for %s", async (_, env, msg) => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const { res, body } = await ask("/api/v1/chat/credit", { env });
    expect(res.status).toBe(503);
    expect(body.msg).toMatch(msg);
    expect(JSON.stringify(error.mock.calls)).toMatch(msg);
    expect(body.msg + JSON.stringify(error.mock.calls)).not.toContain(SHORT_TOKEN);
  });

  it("reports misconfigured on /healthz without a token", async () => {
    const { res, body } = await ask("/healthz", { token: null, env: { KIE_API_KEY: "  " } });
    expect(res.status).toBe(503);
    expect(body).toMatchObject({ code: 503, msg: "misconfigured", data: { status: "misconfigured" } });
    expect(JSON.stringify(body.data)).toMatch(/KIE_API_KEY is empty/);
  });

  it("accepts http to loopback for local work, and unquoted numbers", async () => {
    const env = { KIE_BASE_URL: "http://127.0.0.1:8788/", UPSTREAM_MAX_RETRIES: 2 };
    const { res } = await ask("/healthz", { token: null, env });
    expect(res.status).toBe(200);
  });
});
