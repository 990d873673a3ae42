export { Admission, type AdmissionLimits, type Admitted } from "./admission";
export { checkCallbackUrl, MAX_CALLBACK_URL_LENGTH } from "./callback-url";
export type {
  CallbackOutcome,
  CreateOutcome,
  CreateRequest,
  RecordOutcome,
  Refusal,
  SpendHooks,
  TaskCallSettings,
  TaskCoordinator,
  UpstreamFailureData,
} from "./coordination";
export { FIRST_LOOK_MS, TaskDesk } from "./desk";
export { isAdmin, modelAllowed } from "./policy";
export { callbackTaskId, forCaller, relayBody, TERMINAL_STATES } from "./record";
export { sendRelay } from "./relay";
export { CALLBACK_TOLERANCE_S, callerSecret, kieSignature, verifyKieSignature } from "./secrets";
export { type CallerTasks, type RelayRow, TASK_RETENTION_MS, type TaskRow, TaskStore } from "./store";
export { SlidingWindow } from "./window";
