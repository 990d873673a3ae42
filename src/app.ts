import { methodNotAllowed } from "hono/method-not-allowed";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { Hono } from "hono/tiny";
import { callerRateLimit, proxyAuth } from "./auth";
import {
  type AppEnv,
  accessLog,
  browserCors,
  notFound,
  onError,
  onMethodNotAllowed,
  releaseBody,
  requireConfig,
} from "./http";
import { archive } from "./routes/archive";
import { archiveLinks } from "./routes/archive-links";
import { callbackSecret, kieCallbacks } from "./routes/callbacks";
import { credit } from "./routes/credit";
import { dashboard } from "./routes/dashboard";
import { download } from "./routes/download";
import { families } from "./routes/families";
import { health } from "./routes/health";
import { keys } from "./routes/keys";
import { links } from "./routes/links";
import { monitor } from "./routes/monitor";
import { taskSummary } from "./routes/task-summary";
import { uploads } from "./routes/uploads";
import { usage } from "./routes/usage";
import { init } from "./services";

const app = new Hono<AppEnv>();

/**
 * The kie-edge HTTP app: kie.ai's paths and envelope, behind proxy tokens. Export its type so callers get a typed
 * client with `hc<AppType>(baseUrl, { headers: { Authorization: "Bearer …" } })`.
 *
 * @example
 * ```ts
 * import { hc } from "hono/client"
 * const kieEdge = hc<AppType>("https://kie-edge.example.workers.dev", { headers: { Authorization: `Bearer ${token}` } })
 * const res = await kieEdge.api.v1.chat.credit.$get()
 * ```
 */
export const routes = app
  // The request id is always ours: a caller's X-Request-Id is only logged, as clientRequestId. Of secureHeaders'
  // defaults, those for legacy browsers and plug-ins (IE's download options and XSS auditor, Flash's cross-domain
  // policies, DNS prefetch, origin-keyed agent clusters) say nothing to a JSON API's clients: not set on every answer.
  .use(
    secureHeaders({
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
      originAgentCluster: false,
    }),
    requestId({ headerName: "" }),
    init(),
    accessLog(),
    releaseBody(),
    browserCors(),
    methodNotAllowed({ app, onMethodNotAllowed }),
  )
  .route("/healthz", health)
  .route("/", dashboard)
  .route("/callbacks/kie", kieCallbacks)
  .route("/archive", archiveLinks)
  .use("/api/*", requireConfig(), proxyAuth(), callerRateLimit())
  .route("/api/v1/chat", credit)
  .route("/api/v1/common", links)
  .route("/api/v1/common/download", download)
  .route("/api/v1/monitor", monitor)
  .route("/api/v1/tasks", taskSummary)
  .route("/api/v1/usage", usage)
  .route("/api/v1/archive", archive)
  .route("/api/v1/callbacks", callbackSecret)
  .route("/api/v1/keys", keys)
  .route("/api", uploads)
  .route("/", families);

app.onError(onError);
app.notFound(notFound);

export type AppType = typeof routes;
export { app };
