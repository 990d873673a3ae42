export { findCaller, proxyAuth } from "./proxy-token";
export { callerRateLimit, overLimit, takeRequests } from "./rate-limit";
