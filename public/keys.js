// @ts-check
// The Keys page's browser code, served as it is written: no build step, no framework. It shares the dashboard's
// token and helpers (page.js: sessionStorage, this tab only, never in the URL), sent as a bearer header to the keys
// API. A new or rotated key's secret is shown once, in its own panel, until the user says it is stored; everything
// from the API is put on the page as text, never as markup. Type-checked against the DOM by tsconfig.dashboard.json
// (npm run typecheck).

/**
 * @typedef {{ daily?: number, monthly?: number }} Budgets
 * @typedef {{ id: string, prefix: string, caller: string, note: string | null, models: string[] | null,
 *   budgets: Budgets | null, tier: string, admin: boolean, createdAt: string, createdBy: string,
 *   lastUsedAt: string | null, expiresAt: string | null, state: string, rotatedAt: string | null,
 *   graceUntil: string | null, revokedAt: string | null, revokedReason: string | null }} Key
 * @typedef {{ keys: Key[], you: { caller: string, keyId: string | null, admin: boolean } }} KeyList
 * @typedef {{ at: string, actor: string, action: string, keyId: string, requestId: string, outcome: string,
 *   reason?: string }} Entry
 */

import { $, api, fmt, hasToken, input, newTurn, tokenForm, when } from "./page.js";

/** @param {string} id */
const dialog = (id) => /** @type {HTMLDialogElement} */ (document.getElementById(id));

/** The key a dialog is about. @type {Key | undefined} */
let chosen;

/** @param {string} text */
function say(text) {
  $("message").textContent = text;
}

async function load() {
  const latest = newTurn();
  if (!hasToken()) {
    $("data").hidden = true;
    return;
  }
  say("Loading…");
  try {
    const query = new URLSearchParams();
    const caller = input("filter-caller").value.trim();
    const state = /** @type {HTMLSelectElement} */ ($("filter-state")).value;
    if (caller) query.set("caller", caller);
    if (state) query.set("state", state);
    const list = /** @type {KeyList} */ (await api(`/api/v1/keys${query.size ? `?${query}` : ""}`));
    const { you } = list;
    // Both asked before either is drawn, so the list and the log never disagree on the page.
    const audit = you.admin ? /** @type {{ entries: Entry[] }} */ (await api("/api/v1/keys/audit?limit=100")) : null;
    if (!latest()) return;
    $("you").textContent =
      `Signed in as ${you.caller} with ${you.keyId ? `key ${you.keyId}` : "a PROXY_TOKENS token"}` +
      (you.admin ? " — an admin: you manage every key." : " — you see your own keys.");
    $("create").hidden = !you.admin;
    $("audit-section").hidden = !you.admin;
    keyRows(list);
    if (audit) auditRows(audit.entries);
    $("data").hidden = false;
    say("");
  } catch (err) {
    if (!latest()) return;
    $("data").hidden = true;
    say(`Could not load: ${/** @type {Error} */ (err).message}`);
  }
}

/**
 * A cell with its column's name (shown beside it on a phone, where the table becomes one column).
 * @param {HTMLTableRowElement} tr
 * @param {string} label
 * @param {string | Node} content
 */
function cell(tr, label, content) {
  const td = document.createElement("td");
  td.dataset.label = label;
  td.append(content);
  tr.append(td);
  return td;
}

/** @param {Key} k */
function scopeOf(k) {
  const parts = [k.models ? `models ${k.models.join(", ")}` : "every model its caller may use"];
  if (k.budgets?.daily !== undefined) parts.push(`${fmt(k.budgets.daily)} a day`);
  if (k.budgets?.monthly !== undefined) parts.push(`${fmt(k.budgets.monthly)} a month`);
  if (k.tier === "high") parts.push("high rate limit");
  if (k.admin) parts.push("admin");
  return parts.join("; ");
}

/** @param {KeyList} list */
function keyRows({ keys, you }) {
  const rows = keys.map((k) => {
    const tr = document.createElement("tr");
    tr.dataset.id = k.id;
    const name = document.createElement("span");
    name.append(Object.assign(document.createElement("code"), { textContent: `${k.prefix}…` }));
    name.append(Object.assign(document.createElement("small"), { textContent: ` ${k.id}` }));
    if (k.note) name.append(Object.assign(document.createElement("small"), { textContent: ` — ${k.note}` }));
    cell(tr, "Key", name);
    cell(tr, "Caller", k.caller);
    cell(tr, "Scope", scopeOf(k));
    cell(tr, "Created", `${when(k.createdAt)} by ${k.createdBy}`);
    cell(tr, "Last used", when(k.lastUsedAt));
    cell(tr, "Expires", k.expiresAt ? when(k.expiresAt) : "never");
    const state =
      k.state +
      (k.id === you.keyId ? " (this key)" : "") +
      (k.state === "active" && k.graceUntil && Date.parse(k.graceUntil) > Date.now()
        ? `; old secret until ${when(k.graceUntil)}`
        : "") +
      (k.revokedReason ? `: ${k.revokedReason}` : "");
    cell(tr, "State", state).className = `key-${k.state}`;
    const actions = document.createElement("div");
    actions.className = "actions";
    if (you.admin && k.state === "active") actions.append(button("Rotate", k, "rotate-dialog"));
    if (you.admin && k.state !== "revoked") actions.append(button("Revoke", k, "revoke-dialog", "danger"));
    cell(tr, "Actions", actions);
    return tr;
  });
  if (!rows.length) {
    const tr = document.createElement("tr");
    tr.append(Object.assign(document.createElement("td"), { textContent: "No keys.", colSpan: 8 }));
    rows.push(tr);
  }
  $("keys")
    .querySelector("tbody")
    ?.replaceChildren(...rows);
}

/**
 * A row's button that opens a dialog about its key.
 * @param {string} text
 * @param {Key} k
 * @param {string} dialogId
 * @param {string} [className]
 */
function button(text, k, dialogId, className = "secondary") {
  const b = Object.assign(document.createElement("button"), { type: "button", textContent: text, className });
  b.setAttribute("aria-label", `${text} ${k.prefix}… (${k.caller})`);
  b.addEventListener("click", () => {
    chosen = k;
    $(dialogId === "rotate-dialog" ? "rotate-which" : "revoke-which").textContent = `${k.prefix}… (${k.caller})`;
    dialog(dialogId).showModal();
  });
  return b;
}

/** @param {Entry[]} entries */
function auditRows(entries) {
  const rows = entries.map((e) => {
    const tr = document.createElement("tr");
    cell(tr, "When", when(e.at));
    cell(tr, "Who", e.actor);
    const what = e.action + (e.outcome === "refused" ? " (refused)" : "") + (e.reason ? ` — ${e.reason}` : "");
    cell(tr, "What", what);
    cell(tr, "Key", e.keyId);
    cell(tr, "Request", Object.assign(document.createElement("code"), { textContent: e.requestId }));
    return tr;
  });
  if (!rows.length) {
    const tr = document.createElement("tr");
    tr.append(Object.assign(document.createElement("td"), { textContent: "No changes yet.", colSpan: 5 }));
    rows.push(tr);
  }
  $("audit")
    .querySelector("tbody")
    ?.replaceChildren(...rows);
}

/**
 * Shows a secret once: its own panel, focused, until the user says it is stored.
 * @param {string} secret
 * @param {string} what
 */
function showSecret(secret, what) {
  $("secret-for").textContent = what;
  $("secret-value").textContent = secret;
  $("copy-status").textContent = "";
  $("secret").hidden = false;
  $("secret-heading").focus();
}

$("copy").addEventListener("click", async () => {
  const secret = $("secret-value").textContent ?? "";
  try {
    await navigator.clipboard.writeText(secret);
    $("copy-status").textContent = "Copied to the clipboard.";
  } catch {
    // No clipboard here: select the key, for Ctrl+C.
    const range = document.createRange();
    range.selectNodeContents($("secret-value"));
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    $("copy-status").textContent = "The clipboard is not available: the key is selected, copy it with Ctrl+C.";
  }
});

$("secret-done").addEventListener("click", () => {
  $("secret-value").textContent = "";
  $("secret").hidden = true;
  $("keys-heading").focus();
});

$("create-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  /** @type {Record<string, unknown>} */
  const body = { caller: input("new-caller").value.trim() };
  const note = input("new-note").value.trim();
  const expires = input("new-expires").value;
  const models = input("new-models")
    .value.split(",")
    .map((m) => m.trim())
    .filter(Boolean);
  /** @type {Budgets} */
  const budgets = {};
  if (input("new-daily").value) budgets.daily = Number(input("new-daily").value);
  if (input("new-monthly").value) budgets.monthly = Number(input("new-monthly").value);
  const tier = /** @type {HTMLSelectElement} */ ($("new-tier")).value;
  if (note) body.note = note;
  if (expires) body.expiresAt = `${expires}T23:59:59Z`;
  if (models.length) body.models = models;
  if (Object.keys(budgets).length) body.budgets = budgets;
  if (tier !== "standard") body.tier = tier;
  if (input("new-admin").checked) body.admin = true;
  try {
    const made = /** @type {Key & { key: string }} */ (await api("/api/v1/keys", body));
    /** @type {HTMLFormElement} */ ($("create-form")).reset();
    showSecret(made.key, `New key ${made.id} for ${made.caller}.`);
    await load();
  } catch (err) {
    say(`Could not create the key: ${/** @type {Error} */ (err).message}`);
  }
});

$("rotate-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  dialog("rotate-dialog").close();
  if (!chosen) return;
  const graceSeconds = Number(/** @type {HTMLSelectElement} */ ($("rotate-grace")).value);
  try {
    const rotated = /** @type {{ id: string, key: string, graceUntil: string }} */ (
      await api(`/api/v1/keys/${chosen.id}/rotate`, { graceSeconds })
    );
    const old = graceSeconds ? `the old one works until ${when(rotated.graceUntil)}` : "the old one no longer works";
    showSecret(rotated.key, `New secret for ${rotated.id} (${chosen.caller}); ${old}.`);
    await load();
  } catch (err) {
    say(`Could not rotate the key: ${/** @type {Error} */ (err).message}`);
  }
});

$("revoke-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  dialog("revoke-dialog").close();
  if (!chosen) return;
  const reason = input("revoke-reason").value.trim();
  try {
    await api(`/api/v1/keys/${chosen.id}/revoke`, reason ? { reason } : {});
    input("revoke-reason").value = "";
    await load();
    say(`Revoked ${chosen.prefix}… (${chosen.caller}).`);
  } catch (err) {
    say(`Could not revoke the key: ${/** @type {Error} */ (err).message}`);
  }
});

for (const close of document.querySelectorAll("[data-close]")) {
  close.addEventListener("click", () => close.closest("dialog")?.close());
}

$("filters").addEventListener("submit", (e) => {
  e.preventDefault();
  load();
});
$("filters").addEventListener("change", load);

tokenForm(load, () => {
  $("secret-value").textContent = "";
  $("secret").hidden = true;
});
