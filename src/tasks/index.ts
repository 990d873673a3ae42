export { Admission, type AdmissionLimits, type Admitted } from "./admission";
export { checkCallbackUrl } from "./callback-url";
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
export { TaskDesk } from "./desk";
export { isAdmin, modelAllowed } from "./policy";
export { callbackTaskId, forCaller, relayBody, TERMINAL_STATES } from "./record";
export { sendRelay } from "./relay";
export { callerSecret, kieSignature, verifyKieSignature } from "./secrets";
export { type CallerTasks, type RelayRow, type TaskRow, TaskStore } from "./store";
export { SlidingWindow } from "./window";
