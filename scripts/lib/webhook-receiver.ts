import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A webhook receiver on loopback that records every post. */
export interface LoopbackReceiver {
  url: string;
  posts: { headers: IncomingHttpHeaders; body: string; status: number | "hang" }[];
  /** How it answers: a status (200 unless told otherwise), or `hang` to never answer. */
  status: number | "hang";
  /** Stops listening, as an unreachable receiver; `open()` listens again on the same port. */
  close(): Promise<void>;
  open(): Promise<void>;
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
  let server: Server | undefined;
  let port = 0;
  const receiver: LoopbackReceiver = {
    url: "",
    posts: [],
    status: 200,
    open: async () => {
      server = createServer((req, res) => {
        let body = "";
        req.on("data", (chunk) => (body += chunk));
        req.on("end", () => {
          receiver.posts.push({ headers: req.headers, body, status: receiver.status });
          if (receiver.status === "hang") return;
          onPost?.(body);
          res.writeHead(receiver.status).end();
        });
      });
      await new Promise<void>((resolve) => server?.listen(port, "127.0.0.1", resolve));
      port = (server.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${port}/alerts`;
    },
    close: () =>
      new Promise((resolve) => {
        server?.close(() => resolve());
        server?.closeAllConnections();
      }),
  };
  await receiver.open();
  return receiver;
}
