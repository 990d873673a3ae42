// The schemas /openapi.json shows for the key routes describe what those routes really send, success and failure.
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { Failure, keySchemas, Success } from "../../src/api/schemas";

const { CreatedKey, KeyAudit, KeyList, RevokedKey, RotatedKey } = keySchemas();

import { TEST_TOKENS } from "../support/fixtures";
import { ask } from "../support/gateway";
import { ADMIN_ENV, changeKey, createKey } from "../support/keys";

function conforms(schema: z.ZodMiniType, body: unknown) {
  const result = z.safeParse(schema, body);
  expect(result.success ? [] : result.error.issues).toEqual([]);
}

describe("the key routes' answers match their documented schemas", () => {
  it("for every success", async () => {
    const made = await createKey({
      caller: "dana",
      models: ["veo/*"],
      budgets: { monthly: 9 },
      expiresAt: "2099-01-01T00:00:00Z",
    });
    conforms(Success(CreatedKey), made.body);
    const { id } = made.body.data as { id: string };
    conforms(Success(KeyList), (await ask("/api/v1/keys", { env: ADMIN_ENV })).body);
    conforms(Success(RotatedKey), (await changeKey(id, "rotate", { graceSeconds: 5 })).body);
    conforms(Success(RevokedKey), (await changeKey(id, "revoke", { reason: "done" })).body);
    conforms(Success(KeyAudit), (await ask("/api/v1/keys/audit", { env: ADMIN_ENV })).body);
  });

  it("for failures", async () => {
    for (const answer of [
      await createKey({ caller: "" }),
      await createKey({ caller: "dana" }, { token: TEST_TOKENS.bob }),
      await changeKey("key_AAAAAAAAAAAAAAAA", "rotate"),
      await ask("/api/v1/chat/credit", { token: "ke_x" }),
    ]) {
      conforms(Failure, answer.body);
    }
  });
});
