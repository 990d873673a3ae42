/**
 * The dashboard's browser code, as text: no build step and no framework. The token is kept in sessionStorage
 * (never in the URL) and sent as a bearer header to the JSON API; the chart is drawn as SVG from the history.
 */
export const SCRIPT = `
const $ = (id) => document.getElementById(id);
const KEY = "kie-edge-token";
const fmt = (n) => n === null || n === undefined ? "—" : Number(n).toLocaleString(undefined, { maximumFractionDigits: 2 });
const when = (iso) => iso ? new Date(iso).toLocaleString() : "—";

async function api(path) {
  const res = await fetch(path, { headers: { Authorization: "Bearer " + sessionStorage.getItem(KEY) } });
  const body = await res.json();
  if (body.code !== 200) throw new Error(body.msg);
  return body.data;
}

async function load() {
  if (!sessionStorage.getItem(KEY)) { $("data").hidden = true; return; }
  $("message").textContent = "Loading…";
  try {
    const [status, history] = await Promise.all([api("/api/v1/monitor/status"), api("/api/v1/monitor/history?hours=168")]);
    show(status);
    draw(history, status);
    $("data").hidden = false;
    $("message").textContent = "";
  } catch (err) {
    $("data").hidden = true;
    $("message").textContent = "Could not load: " + err.message;
  }
}

function show(s) {
  $("balance").textContent = fmt(s.lastBalance);
  $("state").textContent = s.state;
  $("state").className = "state-" + s.state;
  $("thresholds").textContent = fmt(s.thresholds.warn) + " / " + fmt(s.thresholds.critical);
  $("burn").textContent = s.burnRatePerHour === null ? "not known yet" : fmt(s.burnRatePerHour) + " / hour";
  $("depletion").textContent = s.projectedDepletionAt ? when(s.projectedDepletionAt) : "not projected";
  $("checked").textContent = when(s.lastCheckAt) + (s.consecutiveFailures ? " (" + s.consecutiveFailures + " failed)" : "");
  const list = $("alerts");
  list.replaceChildren(...s.recentAlerts.slice(-10).reverse().map((a) => {
    const li = document.createElement("li");
    li.textContent = when(a.createdAt) + " — " + a.type + " (" + a.outcome.replace("_", " ") + ")";
    return li;
  }));
  if (!s.recentAlerts.length) list.replaceChildren(Object.assign(document.createElement("li"), { textContent: "No alerts yet." }));
}

function draw(samples, s) {
  const svg = $("chart"), W = 800, H = 300, P = 44, NS = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  const el = (name, attrs, text) => { const n = document.createElementNS(NS, name); for (const k in attrs) n.setAttribute(k, attrs[k]); if (text) n.textContent = text; svg.append(n); return n; };
  const t = samples.map((p) => Date.parse(p.at));
  const end = s.projectedDepletionAt ? Math.max(Date.parse(s.projectedDepletionAt), t.at(-1) || 0) : t.at(-1) || Date.now();
  const t0 = t[0] || Date.now() - 3600e3, t1 = Math.max(end, t0 + 1);
  const top = Math.max(1, s.thresholds.warn * 1.2, ...samples.map((p) => p.balance));
  const x = (ms) => P + ((ms - t0) / (t1 - t0)) * (W - 2 * P);
  const y = (v) => H - P - (v / top) * (H - 2 * P);
  el("line", { x1: P, y1: y(0), x2: W - P, y2: y(0), stroke: "var(--grid)" });
  for (const [value, color, name] of [[s.thresholds.warn, "var(--warn)", "warning"], [s.thresholds.critical, "var(--crit)", "critical"]]) {
    el("line", { x1: P, y1: y(value), x2: W - P, y2: y(value), stroke: color, "stroke-dasharray": "6 4", "data-threshold": name });
    el("text", { x: P + 4, y: y(value) - 4, fill: color, "font-size": 12 }, name + " " + fmt(value));
  }
  if (samples.length) {
    el("polyline", { id: "balance-line", points: samples.map((p, i) => x(t[i]) + "," + y(p.balance)).join(" "), fill: "none", stroke: "var(--line)", "stroke-width": 2.5 });
  }
  if (s.projectedDepletionAt && samples.length) {
    const last = samples.at(-1);
    el("line", { id: "forecast-line", x1: x(t.at(-1)), y1: y(last.balance), x2: x(Date.parse(s.projectedDepletionAt)), y2: y(0), stroke: "var(--crit)", "stroke-width": 2, "stroke-dasharray": "2 4" });
  }
  el("text", { x: P, y: H - 12, fill: "currentColor", "font-size": 12 }, new Date(t0).toLocaleDateString());
  el("text", { x: W - P, y: H - 12, "text-anchor": "end", fill: "currentColor", "font-size": 12 }, new Date(t1).toLocaleDateString());
  el("text", { x: 4, y: y(top) + 4, fill: "currentColor", "font-size": 12 }, fmt(top));
  $("chart-summary").textContent = samples.length + " samples from " + when(samples[0]?.at) + " to " + when(samples.at(-1)?.at) +
    "; balance " + fmt(samples.at(-1)?.balance) + (s.projectedDepletionAt ? "; runs out around " + when(s.projectedDepletionAt) : "");
}

$("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  sessionStorage.setItem(KEY, $("token").value.trim());
  $("token").value = "";
  load();
});
$("forget").addEventListener("click", () => { sessionStorage.removeItem(KEY); load(); });
$("refresh").addEventListener("click", load);
load();
`;
