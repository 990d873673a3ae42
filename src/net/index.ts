export { hostAllowed, isInternalHost, isIpLiteral, isPrivateAddress } from "./host";
export { CALLBACK_REF, callbackRef, messageId, randomToken } from "./ids";
export { ATTEMPTS_PER_RUN, type Delivery, postUntilAccepted } from "./post";
export { backoffMs, type Clock, retryAfterMs, systemClock, timedOut, withTimeout } from "./retry";
export { base64, hmacSha256, sha256Hex, signatureHeaders } from "./sign";
