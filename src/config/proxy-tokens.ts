import * as z from "zod/mini";
import { refuse, secret, splitList } from "./fields";

/** A caller admitted by its own token. `name` is safe to log; `token` never is. */
export interface ProxyToken {
  name: string;
  token: string;
}

/** Shortest token accepted: long enough that guessing one is hopeless. */
export const MIN_TOKEN_LENGTH = 24;

/** A caller's name, in PROXY_TOKENS and on runtime keys: 1–64 of `A-Z a-z 0-9 _ . -`. */
export const CALLER_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
// The characters a bearer token may hold (RFC 6750 b64token); Hono's bearerAuth refuses anything else.
const TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;

/**
 * Parses `PROXY_TOKENS`, comma-separated `name:token` pairs. Issues name the entry by position or by caller
 * name, never by token.
 */
export const ProxyTokens = z.pipe(
  secret(),
  z.transform((raw: string, ctx): ProxyToken[] => {
    const entries = splitList(raw);
    if (entries.length === 0) return refuse(ctx, "holds no name:token pair");
    const parsed: ProxyToken[] = [];
    for (const [index, entry] of entries.entries()) {
      const problem = entryProblem(entry, index + 1, parsed);
      if (problem) return refuse(ctx, problem);
      parsed.push(splitEntry(entry));
    }
    return parsed;
  }),
);

function splitEntry(entry: string): ProxyToken {
  const colon = entry.indexOf(":");
  return { name: entry.slice(0, colon).trim(), token: entry.slice(colon + 1).trim() };
}

function entryProblem(entry: string, position: number, earlier: ProxyToken[]): string | undefined {
  if (!entry.includes(":")) return `entry ${position} is not of the form name:token`;
  const { name, token } = splitEntry(entry);
  if (!CALLER_NAME.test(name)) return `entry ${position} has a name that is not 1-64 of A-Z a-z 0-9 _ . -`;
  if (token.length < MIN_TOKEN_LENGTH) return `has a token for '${name}' shorter than ${MIN_TOKEN_LENGTH} characters`;
  if (!TOKEN.test(token)) return `has a token for '${name}' with characters a bearer token cannot hold`;
  if (earlier.some((t) => t.name === name)) return `names '${name}' twice`;
  if (earlier.some((t) => t.token === token)) return `gives '${name}' a token another caller also uses`;
  return undefined;
}
