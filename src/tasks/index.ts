export { Admission, type AdmissionLimits, type Admitted } from "./admission";
export { checkCallbackUrl } from "./callback-url";
export type {
  CallbackOutcome,
  CallOutcome,
  CallRequest,
  RecordOutcome,
  RecordRequest,
  Refusal,
  RefusalReason,
  SpendHooks,
  TaskCoordinator,
  UpstreamFailureData,
} from "./coordination";
export { type DeskSettings, TaskDesk } from "./desk";
export { type FinalRecord, FinalRecords } from "./final-records";
export { isAdmin, matches, modelAllowed } from "./policy";
export { callbackTaskId, forCaller } from "./record";
export { sendRelay } from "./relay";
export { callerSecret, kieSignature, verifyKieSignature } from "./secrets";
export { type CallerTasks, type RelayRow, type TaskRow, TaskStore } from "./store";
export { SlidingWindow } from "./window";
