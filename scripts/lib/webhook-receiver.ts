import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A webhook receiver on loopback: records every post and answers `status` (200 unless told otherwise). */
export interface LoopbackReceiver {
  url: string;
  posts: { headers: IncomingHttpHeaders; body: string }[];
  status: number;
  close(): Promise<void>;
}

/**
 * Starts a receiver on 127.0.0.1 with a free port.
 *
 * @example
 * ```ts
 * const hook = await startReceiver()
 * // ALERT_WEBHOOK_URL = hook.url
 * ```
 */
export async function startReceiver(onPost?: (body: string) => void): Promise<LoopbackReceiver> {
  const receiver = { posts: [], status: 200 } as unknown as LoopbackReceiver;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      receiver.posts.push({ headers: req.headers, body });
      onPost?.(body);
      res.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}
