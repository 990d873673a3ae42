// A refusal kie.ai answers with data of its own (a 4K video "already generated" lists its URLs) reaches the caller
// with that data, in the envelope with kie.ai's code — and with kie-edge's callback reference blanked from it.
import { describe, expect, it } from "vitest";
import { callOp, finishedTask } from "../support/families";
import { RELAY_URL } from "../support/fixtures";
import { settled } from "../support/tasks";

describe("a refusal with kie.ai's data", () => {
  it("passes the 4K video's URLs on with 422, and nothing of the callback reference", async () => {
    const parent = await finishedTask("veo/generate");
    const first = await callOp("veo/get-4k-video", parent, {}, { taskId: parent.taskId, callBackUrl: RELAY_URL });
    expect(first.res.status).toBe(200);
    await settled();
    const again = await callOp("veo/get-4k-video", parent);
    expect(again.res.status).toBe(422);
    expect(again.body).toMatchObject({ code: 422, data: { resultUrls: [expect.stringMatching(/^https:\/\//)] } });
    expect(JSON.stringify(again.body)).not.toContain("/callbacks/kie/");
  });
});
