// docs/endpoints.md is what the declarations make today (else: npm run docs), and lists every carried path.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { endpointsDoc } from "../../scripts/lib/endpoints-doc";
import { OPERATIONS, RECORD_KINDS } from "../../src/families";

const written = await readFile(join(import.meta.dirname, "../../docs/endpoints.md"), "utf8");

describe("docs/endpoints.md", () => {
  it("is the page the declarations make today (else: npm run docs)", () => {
    expect(written).toBe(endpointsDoc());
  });

  it("lists every operation and every record path", () => {
    for (const op of OPERATIONS) expect(written).toContain(`\`${op.method} ${op.path}\``);
    for (const kind of RECORD_KINDS) expect(written).toContain(`\`GET ${kind.path}?taskId=\``);
  });
});
