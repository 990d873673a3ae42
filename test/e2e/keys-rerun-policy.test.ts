// The policy suite over real HTTP once more, every caller presenting a runtime key of its own name (made through
// the API by a bootstrap admin) instead of its PROXY_TOKENS token: a key with no models of its own is held to its
// caller's CALLER_POLICIES in every family exactly as the token is.
import { withRuntimeKeys } from "./support/runtime-keys";
import "./families-policy.test";

withRuntimeKeys();
