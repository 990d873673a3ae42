// @ts-check
// What the two pages share — the credits dashboard (dashboard.js) and the Keys page (keys.js): element lookups, the
// formats they show figures in, the token (sessionStorage, this tab only, never in the URL) sent as a bearer header,
// the API call that unwraps kie-edge's envelope, and the token form. Served as written, imported by both modules.

export const TOKEN = "kie-edge-token";

/** @param {string} id */
export const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
export const input = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
/** @param {number | null | undefined} n */
export const fmt = (n) =>
  n === null || n === undefined ? "—" : Number(n).toLocaleString(undefined, { maximumFractionDigits: 2 });
/** @param {string | null | undefined} iso */
export const when = (iso) => (iso ? new Date(iso).toLocaleString() : "—");
/** The kept token, as the header every API call carries. */
export const auth = () => ({ Authorization: `Bearer ${sessionStorage.getItem(TOKEN)}` });
/** Whether a token is kept in this tab. */
export const hasToken = () => Boolean(sessionStorage.getItem(TOKEN));

let turns = 0;
/**
 * Starts a load: the function returned says whether it is still the latest. A load still in flight when the token is
 * forgotten or changed (or a newer load starts) must not draw what the old token fetched.
 */
export const newTurn = () => {
  const turn = ++turns;
  return () => turn === turns;
};

/**
 * The `data` of kie-edge's answer; its `msg` as the error otherwise.
 * @template T
 * @param {string} path
 * @param {unknown} [body] sent as JSON with POST when given
 * @returns {Promise<T>}
 */
export async function api(path, body) {
  /** @type {RequestInit} */
  const init = { headers: auth() };
  if (body !== undefined) {
    init.method = "POST";
    init.headers = { ...init.headers, "Content-Type": "application/json" };
    init.body = JSON.stringify(body);
  }
  const answer = await (await fetch(path, init)).json();
  if (answer.code !== 200) throw new Error(answer.msg);
  return answer.data;
}

/**
 * Wires the token form, "Forget token" and "Refresh" to `load`, and loads once now. `forget` clears whatever else
 * the page shows that must not outlive the token.
 * @param {() => unknown} load
 * @param {() => void} [forget]
 */
export function tokenForm(load, forget) {
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN, input("token").value.trim());
    input("token").value = "";
    load();
  });
  $("forget").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN);
    forget?.();
    load();
  });
  $("refresh").addEventListener("click", load);
  load();
}
