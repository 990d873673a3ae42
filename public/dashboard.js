// @ts-check
// The dashboard's browser code, served as it is written: no build step, no framework. The token is kept in
// sessionStorage (never in the URL) and sent as a bearer header to the JSON API; the chart is drawn as SVG from the
// history. Type-checked against the DOM by tsconfig.dashboard.json (npm run typecheck) and linted with the rest;
// served from this folder by Workers Static Assets (wrangler.toml [assets]).

/**
 * The parts of `/api/v1/monitor/status` the page shows.
 * @typedef {{ lastBalance: number | null, state: string, thresholds: { warn: number, critical: number },
 *   burnRatePerHour: number | null, projectedDepletionAt: string | null, lastCheckAt: string | null,
 *   consecutiveFailures: number, recentAlerts: { createdAt: string, type: string, outcome: string }[] }} Status
 * @typedef {{ at: string, balance: number }} Sample
 * @typedef {{ since: string, callers: { caller: string, inFlight: number, succeeded: number, failed: number }[] }}
 *   TaskSummary
 */

const KEY = "kie-edge-token";
const NS = "http://www.w3.org/2000/svg";

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
const input = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
/** @param {number | null | undefined} n */
const fmt = (n) =>
  n === null || n === undefined ? "—" : Number(n).toLocaleString(undefined, { maximumFractionDigits: 2 });
/** @param {string | null | undefined} iso */
const when = (iso) => (iso ? new Date(iso).toLocaleString() : "—");

/**
 * @template T
 * @param {string} path
 * @returns {Promise<T>}
 */
async function api(path) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${sessionStorage.getItem(KEY)}` } });
  const body = await res.json();
  if (body.code !== 200) throw new Error(body.msg);
  return body.data;
}

async function load() {
  if (!sessionStorage.getItem(KEY)) {
    $("data").hidden = true;
    return;
  }
  $("message").textContent = "Loading…";
  try {
    const [status, history, tasks] = await Promise.all([
      /** @type {Promise<Status>} */ (api("/api/v1/monitor/status")),
      /** @type {Promise<Sample[]>} */ (api("/api/v1/monitor/history?hours=168")),
      /** @type {Promise<TaskSummary>} */ (api("/api/v1/tasks/summary")),
    ]);
    show(status);
    draw(history, status);
    table(tasks);
    $("data").hidden = false;
    $("message").textContent = "";
  } catch (err) {
    $("data").hidden = true;
    $("message").textContent = `Could not load: ${/** @type {Error} */ (err).message}`;
  }
}

/** @param {Status} s */
function show(s) {
  $("balance").textContent = fmt(s.lastBalance);
  $("state").textContent = s.state;
  $("state").className = `state-${s.state}`;
  $("thresholds").textContent = `${fmt(s.thresholds.warn)} / ${fmt(s.thresholds.critical)}`;
  $("burn").textContent = s.burnRatePerHour === null ? "not known yet" : `${fmt(s.burnRatePerHour)} / hour`;
  $("depletion").textContent = s.projectedDepletionAt ? when(s.projectedDepletionAt) : "not projected";
  $("checked").textContent = when(s.lastCheckAt) + (s.consecutiveFailures ? ` (${s.consecutiveFailures} failed)` : "");
  const list = $("alerts");
  list.replaceChildren(
    ...s.recentAlerts
      .slice(-10)
      .reverse()
      .map((a) => {
        const li = document.createElement("li");
        li.textContent = `${when(a.createdAt)} — ${a.type} (${a.outcome.replace("_", " ")})`;
        return li;
      }),
  );
  if (!s.recentAlerts.length) {
    list.replaceChildren(Object.assign(document.createElement("li"), { textContent: "No alerts yet." }));
  }
}

/** @param {TaskSummary} summary */
function table(summary) {
  const rows = summary.callers.map((c) => {
    const tr = document.createElement("tr");
    for (const text of [c.caller, fmt(c.inFlight), fmt(c.succeeded), fmt(c.failed)]) {
      tr.append(Object.assign(document.createElement("td"), { textContent: text }));
    }
    return tr;
  });
  if (!rows.length) {
    const tr = document.createElement("tr");
    tr.append(
      Object.assign(document.createElement("td"), { textContent: "No tasks in the last 24 hours.", colSpan: 4 }),
    );
    rows.push(tr);
  }
  $("tasks")
    .querySelector("tbody")
    ?.replaceChildren(...rows);
}

/**
 * @param {Sample[]} samples
 * @param {Status} s
 */
function draw(samples, s) {
  const svg = $("chart");
  const [W, H, P] = [800, 300, 44];
  svg.replaceChildren();
  /**
   * @param {string} name
   * @param {Record<string, string | number>} attrs
   * @param {string} [text]
   */
  const el = (name, attrs, text) => {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text) node.textContent = text;
    svg.append(node);
    return node;
  };
  const t = samples.map((p) => Date.parse(p.at));
  const lastT = t.at(-1);
  const end = s.projectedDepletionAt ? Math.max(Date.parse(s.projectedDepletionAt), lastT || 0) : lastT || Date.now();
  const t0 = t[0] || Date.now() - 3600e3;
  const t1 = Math.max(end, t0 + 1);
  const top = Math.max(1, s.thresholds.warn * 1.2, ...samples.map((p) => p.balance));
  /** @param {number} ms */
  const x = (ms) => P + ((ms - t0) / (t1 - t0)) * (W - 2 * P);
  /** @param {number} v */
  const y = (v) => H - P - (v / top) * (H - 2 * P);
  el("line", { x1: P, y1: y(0), x2: W - P, y2: y(0), stroke: "var(--grid)" });
  /** @type {[number, string, string][]} */
  const thresholds = [
    [s.thresholds.warn, "var(--warn)", "warning"],
    [s.thresholds.critical, "var(--crit)", "critical"],
  ];
  for (const [value, color, name] of thresholds) {
    el("line", {
      x1: P,
      y1: y(value),
      x2: W - P,
      y2: y(value),
      stroke: color,
      "stroke-dasharray": "6 4",
      "data-threshold": name,
    });
    el("text", { x: P + 4, y: y(value) - 4, fill: color, "font-size": 12 }, `${name} ${fmt(value)}`);
  }
  if (samples.length) {
    const points = samples.map((p, i) => `${x(t[i] ?? 0)},${y(p.balance)}`).join(" ");
    el("polyline", { id: "balance-line", points, fill: "none", stroke: "var(--line)", "stroke-width": 2.5 });
  }
  const last = samples.at(-1);
  if (s.projectedDepletionAt && last && lastT !== undefined) {
    el("line", {
      id: "forecast-line",
      x1: x(lastT),
      y1: y(last.balance),
      x2: x(Date.parse(s.projectedDepletionAt)),
      y2: y(0),
      stroke: "var(--crit)",
      "stroke-width": 2,
      "stroke-dasharray": "2 4",
    });
  }
  el("text", { x: P, y: H - 12, fill: "currentColor", "font-size": 12 }, new Date(t0).toLocaleDateString());
  el(
    "text",
    { x: W - P, y: H - 12, "text-anchor": "end", fill: "currentColor", "font-size": 12 },
    new Date(t1).toLocaleDateString(),
  );
  el("text", { x: 4, y: y(top) + 4, fill: "currentColor", "font-size": 12 }, fmt(top));
  $("chart-summary").textContent =
    `${samples.length} samples from ${when(samples[0]?.at)} to ${when(last?.at)}; balance ${fmt(last?.balance)}` +
    (s.projectedDepletionAt ? `; runs out around ${when(s.projectedDepletionAt)}` : "");
}

$("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  sessionStorage.setItem(KEY, input("token").value.trim());
  input("token").value = "";
  load();
});
$("forget").addEventListener("click", () => {
  sessionStorage.removeItem(KEY);
  load();
});
$("refresh").addEventListener("click", load);
load();
