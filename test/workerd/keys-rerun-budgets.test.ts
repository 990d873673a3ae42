// The budget suites once more, every caller presenting a runtime key of its own name instead of its PROXY_TOKENS
// token: budgets key on the caller's name, so a key must be held to them exactly as the token is.
import { withRuntimeKeys } from "../support/runtime-keys";
import "./budget-refusal.test";
import "./budget-concurrency.test";
import "./budget-alerts.test";

withRuntimeKeys();
