/**
 * Test-only credentials. They open nothing outside the simulator; every suite uses these so that the
 * secret-hygiene checks know exactly which strings must never appear in a log line or a response.
 */
export const TEST_KIE_KEY = "sk-test-kie-0123456789abcdefghij";
export const TEST_TOKENS = {
  alice: "alice-token-0123456789abcdefghij",
  bob: "bob-token-0123456789abcdefghijklm",
};
export const TEST_PROXY_TOKENS = Object.entries(TEST_TOKENS)
  .map(([name, token]) => `${name}:${token}`)
  .join(",");
export const KIE_BASE = "https://api.kie.ai";
export const FILE_URL = "https://tempfile.aiquickdraw.com/r/cat.png";
