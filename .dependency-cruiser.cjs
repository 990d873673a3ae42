// The layer rule of src/, checked by `npm run check:layers` (part of `npm test`). Top to bottom:
//
//   index.ts, app.ts, cron.ts, queue.ts entry points: wiring only
//   routes/, services/, coordinator/    HTTP routes; the composition root (never imports routes); the Durable Object
//   http/, auth/, api/                  request plumbing, the HTTP contract
//   links/, monitor/, tasks/, ledger/, archive/,  the domain: no Hono, no HTTP statuses for callers
//   keys/
//   upstream/, families/                the kie.ai client; kie.ai's families, as declarations
//   config/, net/, storage/             settings; host and retry rules; SQLite migrations and row checks
//
// Imports point down (or stay in their folder), and another folder is entered through its index.ts.
const folder = (names) => `^src/(${names.join("|")})/`;
const rank = [
  ["config", "net", "storage"],
  ["upstream", "families"],
  ["links", "monitor", "tasks", "ledger", "archive", "keys"],
  ["http", "auth", "api"],
  ["routes", "services", "coordinator"],
];
const above = (i) => rank.slice(i + 1).flat();

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...rank.slice(0, -1).map((names, i) => ({
      name: `no-up-from-${names.join("-")}`,
      comment: `${names.join(", ")} must not import a higher layer (${above(i).join(", ")}) or the entry points`,
      severity: "error",
      from: { path: folder(names) },
      to: { path: [folder(above(i)), "^src/(index|app|cron|queue)\\.tsx?$"] },
    })),
    {
      name: "services-not-routes",
      comment: "the composition root builds what routes use; it never imports a route",
      severity: "error",
      from: { path: "^src/services/" },
      to: { path: "^src/routes/" },
    },
    {
      name: "no-hono-below-http",
      comment: "the domain, the kie.ai client and the settings know nothing of Hono",
      severity: "error",
      from: { path: folder([...rank[0], ...rank[1], ...rank[2]]) },
      to: { path: "node_modules/hono/" },
    },
    {
      name: "through-index",
      comment: "another folder is entered through its index.ts, its public face",
      severity: "error",
      from: { path: "^src/([^/]+)/" },
      to: { path: "^src/[^/]+/.+", pathNot: ["^src/$1/", "^src/[^/]+/index\\.ts$"] },
    },
    {
      name: "no-circular",
      comment: "folders import each other one way",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".json"] },
  },
};
