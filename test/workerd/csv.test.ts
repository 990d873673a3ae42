// Usage CSV is data for spreadsheets: fields are quoted where they must be, and text that a spreadsheet would run
// as a formula is not left able to.
import { describe, expect, it } from "vitest";
import { toCsv } from "../../src/http";

describe("toCsv", () => {
  it("quotes commas, quotes and line breaks, and defuses formulas", () => {
    const rows = [
      { a: 'say "hi", then\nleave', b: "=HYPERLINK(1)" },
      { a: "-2+3", b: 4.5 },
    ];
    expect(toCsv(["a", "b"], rows)).toBe(`a,b\r\n"say ""hi"", then\nleave",'=HYPERLINK(1)\r\n'-2+3,4.5\r\n`);
  });
});
