// @ts-check
// The dashboard's browser code, served as it is written: no build step, no framework. The token is kept in
// sessionStorage (never in the URL) and sent as a bearer header to the JSON API (page.js, shared with the Keys
// page); the chart is drawn as SVG from the history. Type-checked against the DOM by tsconfig.dashboard.json (npm
// run typecheck) and linted with the rest; served from this folder by Workers Static Assets (wrangler.toml
// [assets]).

/**
 * The parts of `/api/v1/monitor/status` the page shows.
 * @typedef {{ lastBalance: number | null, state: string, thresholds: { warn: number, critical: number },
 *   burnRatePerHour: number | null, projectedDepletionAt: string | null, lastCheckAt: string | null,
 *   consecutiveFailures: number, recentAlerts: { createdAt: string, type: string, outcome: string }[] }} Status
 * @typedef {{ at: string, balance: number }} Sample
 * @typedef {{ inFlight: number, succeeded: number, failed: number }} Counts
 * @typedef {{ since: string, callers: (Counts & { caller: string, families: Record<string, Counts> })[] }} TaskSummary
 * @typedef {{ rows: { family: string, tasks: number, failed: number, credits: number }[] }} FamilyUsage
 * @typedef {{ rows: { day: string, caller: string, credits: number }[],
 *   unattributed: { day: string, credits: number }[] }} Usage
 * @typedef {{ period: string, key: string, limit: number, spent: number, reserved: number, left: number,
 *   resetsAt: string }} BudgetUse
 * @typedef {{ caller: string, daily: BudgetUse | null, monthly: BudgetUse | null }} CallerBudgets
 * @typedef {{ index: number, state: string, size: number | null, contentType: string | null,
 *   reason?: string }} ArchivedFile
 * @typedef {{ tasks: { taskId: string, caller: string, family: string, files: ArchivedFile[] }[] }} Archive
 * @typedef {{ days: { caller: string, day: string, storedBytes: number, servedBytes: number }[],
 *   callers: { caller: string, bytes: number, files: number, quota: number | null }[] }} ArchiveStorage
 */

import { $, api, auth, fmt, hasToken, newTurn, tokenForm, when } from "./page.js";

const NS = "http://www.w3.org/2000/svg";
const DAY = 86_400_000;
/** Caller colours, `--c0`… in the styles; more callers than this share them in turn. */
const COLOURS = 6;

/** @type {(a: number, b: number) => number} */
const sum = (a, b) => a + b;
/** @param {number | null | undefined} n */
const bytes = (n) => {
  if (n === null || n === undefined) return "—";
  const [unit, size] = [
    ["GB", 1e9],
    ["MB", 1e6],
    ["kB", 1e3],
  ].find(([, s]) => n >= Number(s)) ?? ["bytes", 1];
  return `${fmt(n / Number(size))} ${unit}`;
};
/** Object URLs of the previews shown now, let go on the next load. @type {string[]} */
let previews = [];

/**
 * An SVG element with these attributes (and text), appended to `parent`.
 * @param {Element} parent
 * @param {string} name
 * @param {Record<string, string | number>} attrs
 * @param {string} [text]
 */
function add(parent, name, attrs, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text) node.textContent = text;
  parent.append(node);
  return node;
}

/**
 * The chart `id`, emptied but for its own title; and a way to draw into it.
 * @param {string} id
 */
function canvas(id) {
  const svg = $(id);
  const title = svg.querySelector(":scope > title");
  svg.replaceChildren(...(title ? [title] : []));
  /** @type {(name: string, attrs: Record<string, string | number>, text?: string) => SVGElement} */
  const el = (name, attrs, text) => add(svg, name, attrs, text);
  return el;
}

async function load() {
  const latest = newTurn();
  if (!hasToken()) {
    $("data").hidden = true;
    return;
  }
  $("message").textContent = "Loading…";
  try {
    const now = Date.now();
    const days = Array.from({ length: 30 }, (_, i) => new Date(now - (29 - i) * DAY).toISOString().slice(0, 10));
    const [status, history, tasks, usage, budgets, families, archive, storage] = await Promise.all([
      /** @type {Promise<Status>} */ (api("/api/v1/monitor/status")),
      /** @type {Promise<Sample[]>} */ (api("/api/v1/monitor/history?hours=168")),
      /** @type {Promise<TaskSummary>} */ (api("/api/v1/tasks/summary")),
      /** @type {Promise<Usage>} */ (api(`/api/v1/usage?from=${days[0]}&groupBy=day,caller`)),
      /** @type {Promise<CallerBudgets[]>} */ (api("/api/v1/usage/budgets")),
      /** @type {Promise<FamilyUsage>} */ (api(`/api/v1/usage?from=${days[0]}&groupBy=family`)),
      /** @type {Promise<Archive>} */ (api("/api/v1/archive?limit=20")),
      /** @type {Promise<ArchiveStorage>} */ (api(`/api/v1/usage/storage?from=${days[0]}`)),
    ]);
    if (!latest()) return;
    show(status);
    draw(history, status);
    table(tasks);
    spend(days, usage);
    familyTable(families);
    budgetBars(budgets);
    storageBars(storage);
    archiveTable(archive);
    $("data").hidden = false;
    $("message").textContent = "";
  } catch (err) {
    if (!latest()) return;
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
    const byFamily = Object.entries(c.families)
      .map(([family, n]) => `${family} ${fmt(n.inFlight + n.succeeded + n.failed)}`)
      .join(", ");
    for (const text of [c.caller, fmt(c.inFlight), fmt(c.succeeded), fmt(c.failed), byFamily]) {
      tr.append(Object.assign(document.createElement("td"), { textContent: text }));
    }
    return tr;
  });
  if (!rows.length) {
    const tr = document.createElement("tr");
    tr.append(
      Object.assign(document.createElement("td"), { textContent: "No tasks in the last 24 hours.", colSpan: 5 }),
    );
    rows.push(tr);
  }
  $("tasks")
    .querySelector("tbody")
    ?.replaceChildren(...rows);
}

/** Spend per family: which of kie.ai's APIs the credits went to. @param {FamilyUsage} usage */
function familyTable(usage) {
  const rows = usage.rows.map((r) => {
    const tr = document.createElement("tr");
    for (const text of [r.family, fmt(r.tasks), fmt(r.failed), fmt(r.credits)]) {
      tr.append(Object.assign(document.createElement("td"), { textContent: text }));
    }
    return tr;
  });
  if (!rows.length) {
    const tr = document.createElement("tr");
    tr.append(Object.assign(document.createElement("td"), { textContent: "No tasks in 30 days.", colSpan: 4 }));
    rows.push(tr);
  }
  $("families")
    .querySelector("tbody")
    ?.replaceChildren(...rows);
}

/**
 * @param {Sample[]} samples
 * @param {Status} s
 */
function draw(samples, s) {
  const el = canvas("chart");
  const [W, H, P] = [800, 300, 44];
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

/**
 * Credits per UTC day, stacked by caller (a colour each, in name order), and as a line over the bars the spend no
 * caller explains. Each bar carries its day, caller and credits as data-* attributes.
 * @param {string[]} days
 * @param {Usage} usage
 */
function spend(days, usage) {
  const el = canvas("spend");
  const [W, H, P] = [800, 300, 44];
  const callers = [...new Set(usage.rows.map((r) => r.caller))].sort();
  const credits = new Map(usage.rows.map((r) => [`${r.day} ${r.caller}`, r.credits]));
  const lost = new Map(usage.unattributed.map((u) => [u.day, u.credits]));
  const totals = days.map((d) => callers.map((c) => credits.get(`${d} ${c}`) ?? 0).reduce(sum, 0));
  const most = Math.max(1, ...totals, ...lost.values());
  const step = 10 ** Math.floor(Math.log10(most));
  const top = [1, 2, 5, 10].map((k) => k * step).find((v) => v >= most) ?? most;
  const slot = (W - 2 * P) / days.length;
  /** @param {number} v */
  const y = (v) => H - P - (v / top) * (H - 2 * P);
  /** @param {number} i */
  const mid = (i) => P + (i + 0.5) * slot;
  for (const v of [0, top / 2, top]) {
    el("line", { x1: P, y1: y(v), x2: W - P, y2: y(v), stroke: "var(--grid)" });
    el("text", { x: P - 6, y: y(v) + 4, "text-anchor": "end", fill: "currentColor", "font-size": 12 }, fmt(v));
  }
  days.forEach((day, i) => {
    let below = 0;
    callers.forEach((caller, c) => {
      const value = credits.get(`${day} ${caller}`) ?? 0;
      if (value <= 0) return;
      const [y0, y1] = [y(below), y(below + value)];
      const bar = el("rect", {
        x: mid(i) - slot * 0.35,
        y: y1,
        width: slot * 0.7,
        height: y0 - y1,
        fill: `var(--c${c % COLOURS})`,
        stroke: "var(--card)",
        "data-day": day,
        "data-caller": caller,
        "data-credits": value,
      });
      add(bar, "title", {}, `${caller}, ${day}: ${fmt(value)} credits`);
      below += value;
    });
    if ((days.length - 1 - i) % 7 === 0) {
      const label = new Date(day).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
      el("text", { x: mid(i), y: H - 16, "text-anchor": "middle", fill: "currentColor", "font-size": 12 }, label);
    }
  });
  // The line joins the days the monitor checked the balance on; a dot marks each day with spend no caller explains.
  const checked = days.flatMap((day, i) => (lost.has(day) ? [{ day, x: mid(i), value: lost.get(day) ?? 0 }] : []));
  if (checked.length) {
    const points = checked.map((p) => `${p.x},${y(p.value)}`).join(" ");
    const line = { id: "unattributed-line", points, fill: "none", stroke: "var(--crit)", "stroke-width": 2 };
    el("polyline", { ...line, "stroke-dasharray": "6 3" });
  }
  for (const { day, x, value } of checked.filter((p) => p.value > 0)) {
    const at = { cx: x, cy: y(value), r: 5, "data-day": day, "data-unattributed": value };
    const dot = el("circle", { ...at, fill: "var(--crit)", stroke: "var(--card)" });
    add(dot, "title", {}, `${day}: ${fmt(value)} credits no caller explains`);
  }
  /** @type {(className: string, colour: string, text: string) => HTMLLIElement} */
  const key = (className, colour, text) => {
    const swatch = Object.assign(document.createElement("span"), { className });
    swatch.style.background = colour;
    const li = document.createElement("li");
    li.append(swatch, text);
    return li;
  };
  $("spend-legend").replaceChildren(
    ...callers.map((caller, c) => key("sw", `var(--c${c % COLOURS})`, caller)),
    key("sw un", "var(--crit)", "unattributed"),
  );
  const each = callers.map((c) => `${c} ${fmt(days.map((d) => credits.get(`${d} ${c}`) ?? 0).reduce(sum, 0))}`);
  $("spend-summary").textContent =
    `${days[0]} to ${days.at(-1)} (UTC): ${fmt(totals.reduce(sum, 0))} credits spent by callers` +
    (each.length ? ` (${each.join(", ")})` : "") +
    `; ${fmt(days.map((d) => lost.get(d) ?? 0).reduce(sum, 0))} credits no caller explains.`;
}

/**
 * A bar per caller and budget period: spent, then reserved (striped), against the limit, with the numbers in text.
 * @param {CallerBudgets[]} list
 */
function budgetBars(list) {
  const items = list.flatMap(({ caller, daily, monthly }) =>
    [daily, monthly].flatMap((b) => {
      if (!b) return [];
      const li = document.createElement("li");
      const text = document.createElement("p");
      text.textContent =
        `${caller} — ${b.period} (${b.key}): ${fmt(b.spent)} spent + ${fmt(b.reserved)} reserved of ` +
        `${fmt(b.limit)}, ${fmt(b.left)} left; resets ${when(b.resetsAt)}`;
      /** @param {number} v */
      const share = (v) => (b.limit > 0 ? Math.min(100, (v / b.limit) * 100) : 100);
      const used = share(b.spent + b.reserved);
      const bar = document.createElement("div");
      bar.className = `bar${used >= 100 ? " over" : used >= 80 ? " near" : ""}`;
      const aria = {
        role: "meter",
        "aria-label": `${caller} ${b.period} budget`,
        "aria-valuemin": "0",
        "aria-valuemax": String(b.limit),
        "aria-valuenow": String(Math.min(b.spent + b.reserved, b.limit)),
        "aria-valuetext": `${fmt(b.spent + b.reserved)} of ${fmt(b.limit)} credits`,
      };
      for (const [k, v] of Object.entries(aria)) bar.setAttribute(k, v);
      Object.assign(bar.dataset, { caller, period: b.period, spent: String(b.spent), reserved: String(b.reserved) });
      const spent = document.createElement("span");
      const held = Object.assign(document.createElement("span"), { className: "res" });
      spent.style.width = `${share(b.spent)}%`;
      held.style.width = `${Math.min(100 - share(b.spent), share(b.reserved))}%`;
      bar.append(spent, held);
      li.append(text, bar);
      return [li];
    }),
  );
  const none = Object.assign(document.createElement("li"), { textContent: "No caller has a budget." });
  $("budgets").replaceChildren(...(items.length ? items : [none]));
}

/**
 * A bar per caller: the bytes its archive keeps against its quota (a plain count where it has none), and what was
 * stored and served in the last 30 days.
 * @param {ArchiveStorage} storage
 */
function storageBars(storage) {
  const items = storage.callers.map(({ caller, bytes: kept, files, quota }) => {
    const days = storage.days.filter((d) => d.caller === caller);
    const stored = days.map((d) => d.storedBytes).reduce(sum, 0);
    const served = days.map((d) => d.servedBytes).reduce(sum, 0);
    const li = document.createElement("li");
    const text = document.createElement("p");
    text.textContent =
      `${caller} — ${bytes(kept)} in ${fmt(files)} file${files === 1 ? "" : "s"}` +
      (quota === null ? ", no quota" : ` of ${bytes(quota)}`) +
      `; last 30 days ${bytes(stored)} stored, ${bytes(served)} served`;
    const used = quota ? Math.min(100, (kept / quota) * 100) : 0;
    const bar = document.createElement("div");
    bar.className = `bar${used >= 100 ? " over" : used >= 80 ? " near" : ""}`;
    const aria = {
      role: "meter",
      "aria-label": `${caller} archive storage`,
      "aria-valuemin": "0",
      "aria-valuemax": String(quota ?? kept),
      "aria-valuenow": String(quota ? Math.min(kept, quota) : kept),
      "aria-valuetext": `${bytes(kept)}${quota === null ? "" : ` of ${bytes(quota)}`}`,
    };
    for (const [k, v] of Object.entries(aria)) bar.setAttribute(k, v);
    Object.assign(bar.dataset, { caller, bytes: String(kept) });
    const fill = document.createElement("span");
    fill.style.width = `${quota === null ? 100 : used}%`;
    bar.append(fill);
    li.append(text, bar);
    return li;
  });
  const none = Object.assign(document.createElement("li"), { textContent: "Nothing archived yet." });
  $("storage").replaceChildren(...(items.length ? items : [none]));
}

/**
 * The newest archived tasks: each file's state and size, and a preview of the first picture (fetched with the token
 * and shown from an object URL: the file is never linked with the token in it).
 * @param {Archive} archive
 */
function archiveTable(archive) {
  for (const url of previews) URL.revokeObjectURL(url);
  previews = [];
  const rows = archive.tasks.map((task) => {
    const tr = document.createElement("tr");
    tr.dataset.task = task.taskId;
    const files = task.files
      .map(
        (f) => `#${f.index} ${f.state}${f.size === null ? "" : ` ${bytes(f.size)}`}${f.reason ? ` (${f.reason})` : ""}`,
      )
      .join(", ");
    for (const text of [task.taskId, task.caller, task.family, files]) {
      tr.append(Object.assign(document.createElement("td"), { textContent: text }));
    }
    const cell = document.createElement("td");
    const picture = task.files.find((f) => f.state === "archived" && f.contentType?.startsWith("image/"));
    if (picture) preview(cell, `/api/v1/archive/${encodeURIComponent(task.taskId)}/${picture.index}`, task.taskId);
    tr.append(cell);
    return tr;
  });
  if (!rows.length) {
    const tr = document.createElement("tr");
    tr.append(Object.assign(document.createElement("td"), { textContent: "No archived results.", colSpan: 5 }));
    rows.push(tr);
  }
  $("archive")
    .querySelector("tbody")
    ?.replaceChildren(...rows);
}

/**
 * An archived picture in `cell`, fetched with the bearer token.
 * @param {HTMLElement} cell
 * @param {string} path
 * @param {string} taskId
 */
async function preview(cell, path, taskId) {
  const res = await fetch(path, { headers: auth() });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  previews.push(url);
  cell.append(
    Object.assign(document.createElement("img"), { src: url, alt: `result of ${taskId}`, className: "thumb" }),
  );
}

tokenForm(load);
