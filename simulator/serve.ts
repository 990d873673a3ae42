import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createSimulator, NETWORK_FAULT_HEADER, type Simulator, type SimulatorOptions } from "./app";

/** A simulator listening on loopback. */
export interface ServedSimulator extends Simulator {
  /** `http://127.0.0.1:<port>`, to use as `KIE_BASE_URL`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the kie.ai simulator over HTTP on 127.0.0.1 (port 0 picks a free one). A `network` fault destroys the
 * socket, so the gateway sees a real dropped connection.
 *
 * @example
 * ```ts
 * const sim = await serveSimulator({ apiKey: "sk-local" })
 * console.log(sim.url) // http://127.0.0.1:43121
 * ```
 */
export async function serveSimulator(options: SimulatorOptions & { port?: number }): Promise<ServedSimulator> {
  const simulator = createSimulator(options);
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const server = serve(
      {
        hostname: "127.0.0.1",
        port: options.port ?? 0,
        fetch: async (request, env: { incoming: { socket: { destroy(): void } } }) => {
          const res = await simulator.app.fetch(request);
          if (res.headers.has(NETWORK_FAULT_HEADER)) env.incoming.socket.destroy();
          return res;
        },
      },
      (info: AddressInfo) => resolve({ server, port: info.port }),
    );
  });
  return {
    ...simulator,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging faults hold connections open; do not wait for them.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
