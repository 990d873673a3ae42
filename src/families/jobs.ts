import { failMsg } from "./relay";
import type { Family, FamilyDocs, RecordKind } from "./types";

const record = {
  id: "jobs",
  family: "jobs",
  path: "/api/v1/jobs/recordInfo",
  state: { field: "state", running: ["waiting", "queuing", "generating"], success: ["success"], fail: ["fail"] },
  results: ["resultJson.resultUrls[]"],
  credits: ["consumeCredits", "creditsConsumed"],
  message: true,
  // The Market callback is the record itself, with 200 on success and kie.ai's failure message otherwise.
  relay: (r, stage) =>
    stage === "success" ? { code: 200, msg: "success", data: r } : { code: 501, msg: failMsg(r, "failMsg"), data: r },
} as const satisfies RecordKind;

/** kie.ai's Market API: every model by id through one `createTask`. */
export const jobs = {
  name: "jobs",
  title: "Market (jobs)",
  kinds: [record],
  operations: [
    {
      id: "jobs/createTask",
      family: "jobs",
      name: "createTask",
      method: "POST",
      path: "/api/v1/jobs/createTask",
      record,
      model: { field: "model", required: true },
      callback: "callBackUrl",
      admit: true,
      bills: true,
      objects: ["input"],
    },
  ],
} as const satisfies Family;

/** What the reference says of each of them (the Worker never reads it). */
export const jobsDocs: FamilyDocs = {
  jobs: { summary: "A Market task's record: state, param and resultJson (JSON strings)" },
  "jobs/createTask": {
    summary: "Create a Market task for any model id (nano-banana-2, google/imagen4-fast, …)",
    example: { model: "google/imagen4-fast", input: { prompt: "a red fox in the snow" } },
  },
};
