export { admitKey, keyRefused } from "./caller-key";
export { proxyAuth } from "./proxy-token";
export { callerRateLimit, overLimit, takeRequests } from "./rate-limit";
