import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";

/** A service on loopback that stands for an internal host: it records every request it gets. */
export interface InternalService {
  url: string;
  /** Method and path of every request that reached it. */
  hits: string[];
}

/** What it answers, so a test can see it never reached a caller. */
export const INTERNAL_BODY = "INTERNAL-SECRET";

/**
 * Starts an internal service before the file's tests and stops it after.
 *
 * @example
 * ```ts
 * const internal = useInternalService()
 * expect(internal.hits).toEqual([])
 * ```
 */
export function useInternalService(): InternalService {
  const service: InternalService = { url: "", hits: [] };
  let server: Server | undefined;
  beforeAll(async () => {
    server = createServer((req, res) => {
      service.hits.push(`${req.method} ${req.url}`);
      res.end(INTERNAL_BODY);
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    service.url = `http://127.0.0.1:${((server as Server).address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server?.close(() => resolve());
        server?.closeAllConnections();
      }),
  );
  return service;
}
