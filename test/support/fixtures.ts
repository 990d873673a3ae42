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

/** The test webhook receivers: a JSON one, Slack's and Discord's (test/support/receiver.ts answers them). */
export const WEBHOOK_URL = "https://hooks.example.test/kie-alerts";
export const SLACK_URL = "https://hooks.slack.com/services/T000/B000/XXXXXXXX";
export const DISCORD_URL = "https://discord.com/api/webhooks/123/abc-DEF";

/** Where callers in tests ask kie-edge to relay their tasks' callbacks (test/support/receiver.ts answers it). */
export const RELAY_URL = "https://app.example.test/kie-callback";
/** The root of every caller's relay secret in tests (32 bytes of 0x2a). */
export const TEST_CALLBACK_KEY = `whsec_${btoa(String.fromCharCode(...new Uint8Array(32).fill(42)))}`;
/** kie.ai's upload host, as the gateway is configured by default. */
export const UPLOAD_BASE = "https://kieai.redpandaai.co";
