// kie.ai's temporary download links: issued for files on its own hosts only, for 20 minutes, and refused once its
// 14-day retention has removed the file. The Common API's download-url and 4o Image's both issue them.
import { KIE_FILE_HOSTS, type SimulatorState } from "./state";

/** A link answer: the envelope, and the HTTP status kie.ai sends it with. */
export interface LinkAnswer {
  status: 200 | 422;
  body: { code: number; msg: string; data: string | null };
}

/**
 * The answer to a request for a link to `raw` (a URL, as received), counting the link when one is issued. Issued
 * links point at `<origin>/files/<host><path>` (see the `/files/*` route).
 *
 * @example
 * ```ts
 * const { status, body } = downloadLink(state, "http://127.0.0.1:8787", "https://tempfile.aiquickdraw.com/a.png")
 * ```
 */
export function downloadLink(state: SimulatorState, origin: string, raw: unknown): LinkAnswer {
  const url = typeof raw === "string" && URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url) return refuse("url is required");
  if (!KIE_FILE_HOSTS.includes(url.hostname)) return refuse("External file URLs are not supported");
  if (isForgotten(state, url.pathname)) return refuse("Temporarily supports records within 14 days");
  state.linksIssued++;
  const expires = Math.floor(Date.now() / 1000) + 20 * 60;
  const link = `${state.linkOrigin ?? origin}/files/${url.hostname}${url.pathname}?expires=${expires}&n=${state.linksIssued}`;
  return { status: 200, body: { code: 200, msg: "success", data: link } };
}

/**
 * Whether the file at URL path `path` is gone (its task's folder was forgotten).
 *
 * @example
 * ```ts
 * if (isForgotten(state, "/veo/9f03…/0.mp4")) return c.text("Not Found", 404)
 * ```
 */
export function isForgotten(state: SimulatorState, path: string): boolean {
  return state.forgottenFiles.some((folder) => path.startsWith(folder));
}

function refuse(msg: string): LinkAnswer {
  return { status: 422, body: { code: 422, msg, data: null } };
}
