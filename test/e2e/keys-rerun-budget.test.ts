// The budget suite over real HTTP once more, every caller presenting a runtime key of its own name (made through
// the API by a bootstrap admin) instead of its PROXY_TOKENS token: budgets key on the caller's name, so 50
// concurrent createTask against a budget of 10 must admit exactly 10 with keys too.
import { withRuntimeKeys } from "./support/runtime-keys";
import "./ledger-budget.test";

withRuntimeKeys();
