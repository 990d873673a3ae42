export { hostAllowed, isInternalHost, isIpLiteral } from "./host";
export { backoffMs, type Clock, retryAfterMs, systemClock, withTimeout } from "./retry";
