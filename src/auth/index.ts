export { admitKey, keyRefused } from "./caller-key";
export { findCaller, proxyAuth } from "./proxy-token";
export { callerRateLimit, overLimit, takeRequests } from "./rate-limit";
