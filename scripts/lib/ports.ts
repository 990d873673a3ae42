import { createServer } from "node:net";

/**
 * A TCP port on 127.0.0.1 that was free a moment ago: `preferred` if it is, else one the system picks.
 *
 * @example
 * ```ts
 * const port = await freePort(8787)
 * ```
 */
export async function freePort(preferred = 0): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(undefined));
      server.listen(port, "127.0.0.1", () => {
        const { port: bound } = server.address() as { port: number };
        server.close(() => resolve(bound));
      });
    });
  return (
    (preferred ? await tryPort(preferred) : undefined) ??
    (await tryPort(0)) ??
    Promise.reject(new Error("no free port"))
  );
}
