// An OpenAI-shaped upstream on loopback for the peer gateway's proxied call: it answers every POST with one fixed
// chat completion after `delayMs`, like the kie.ai simulator answers /chat/credit after its delay.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const COMPLETION = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created: 1_700_000_000,
  model: "gpt-4o-mini",
  choices: [{ index: 0, message: { role: "assistant", content: "hi" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

/** A running fake upstream: its origin, how many calls it answered, its delay (settable). */
export interface FakeOpenAI {
  url: string;
  calls: number;
  delayMs: number;
  close(): Promise<void>;
}

/**
 * @example
 * ```ts
 * const openai = await serveFakeOpenAI(20) // POST ${openai.url}/v1/chat/completions answers after 20 ms
 * ```
 */
export async function serveFakeOpenAI(delayMs: number): Promise<FakeOpenAI> {
  const fake: FakeOpenAI = { url: "", calls: 0, delayMs, close: async () => {} };
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      fake.calls++;
      setTimeout(() => res.writeHead(200, { "Content-Type": "application/json" }).end(COMPLETION), fake.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return fake;
}
