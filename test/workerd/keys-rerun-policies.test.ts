// The policy suites once more, every caller presenting a runtime key of its own name instead of its PROXY_TOKENS
// token: a key with no models of its own is held to its caller's CALLER_POLICIES exactly as the token is.
import { withRuntimeKeys } from "../support/runtime-keys";
import "./tasks-policy.test";
import "./families-policy.test";

withRuntimeKeys();
