export { findCaller, proxyAuth, sha256Hex } from "./proxy-token";
export { callerRateLimit, overLimit, takeRequests } from "./rate-limit";
