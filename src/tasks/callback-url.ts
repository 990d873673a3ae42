import { isLoopback } from "../config";
import { isInternalHost, isIpLiteral, isPrivateAddress } from "../net";

/** Longest `callBackUrl` taken. */
export const MAX_CALLBACK_URL_LENGTH = 2048;

/**
 * Checks a caller's `callBackUrl`, the one place kie-edge will post a relay: an absolute https URL without
 * credentials, whose host is not an IP literal of a private, loopback or link-local range nor a name that only
 * means something inside a network (`localhost`, single labels). Plain http to loopback is accepted only when
 * kie.ai itself is on loopback (the simulator).
 *
 * @example
 * ```ts
 * checkCallbackUrl("https://app.example.com/kie", "https://api.kie.ai") // { url: "https://app.example.com/kie" }
 * checkCallbackUrl("https://10.0.0.5/hook", "https://api.kie.ai") // { error: "…" }
 * ```
 */
export function checkCallbackUrl(raw: string, kieBaseUrl: string): { url: string } | { error: string } {
  if (raw.length > MAX_CALLBACK_URL_LENGTH || !URL.canParse(raw)) {
    return { error: `callBackUrl must be an absolute https URL of at most ${MAX_CALLBACK_URL_LENGTH} characters` };
  }
  const url = new URL(raw);
  const local = new URL(kieBaseUrl).protocol === "http:";
  if (local && url.protocol === "http:" && isLoopback(url)) return { url: url.href };
  if (url.protocol !== "https:") return { error: "callBackUrl must be an https URL" };
  if (url.username || url.password) return { error: "callBackUrl must not carry credentials" };
  const host = url.hostname;
  if (isIpLiteral(host) ? isPrivateAddress(host) : isInternalHost(host)) {
    return { error: "callBackUrl must name a public host, not a private, loopback or link-local address" };
  }
  return { url: url.href };
}
