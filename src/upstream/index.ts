export {
  type CallOptions,
  createKieClient,
  type KieAnswer,
  type KieClient,
  type KieRequest,
  TASK_ID,
  type UpstreamResult,
} from "./client";
export { ACCOUNT_WIDE, refusedForAccount, UpstreamError, type UpstreamFailure } from "./errors";
export { Pacer } from "./pacer";

export { forwardUpload, type UploadAnswer, type UploadForward, UploadTooLarge } from "./uploads";
