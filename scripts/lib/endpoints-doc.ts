// docs/endpoints.md, made from the families' declarations (`npm run docs`), so the list of what kie-edge carries
// cannot drift from what it serves: a test fails when the file and the declarations disagree.
import { FAMILIES, familyDocs, type Operation, type RecordKind, taskName } from "../../src/families";

const DOCS = familyDocs();

function nameOf(op: Operation, family: string): string {
  if (!op.model) return `\`${taskName(op, {})}\``;
  const prefix = family === "jobs" ? "" : `${family}/`;
  const fallback = op.model.default ? ` (default \`${prefix}${op.model.default}\`)` : "";
  return `\`${prefix}<${op.model.field}>\`${fallback}`;
}

function adds(op: Operation): string {
  const notes = [
    op.parent ? `${op.parent.field} must name ${op.parent.item ? "an item of " : ""}a task of the caller's` : "",
    op.admit ? "admitted to kie.ai's account-wide window" : "",
    op.bills ? "budgeted and in the ledger" : "",
    op.callback ? `\`${op.callback}\` relayed, signed` : "",
    op.record ? `polled at \`${op.record.path}\`` : "answered at once",
  ];
  return notes.filter(Boolean).join("; ");
}

function kindNotes(kind: RecordKind): string {
  const notes = [
    "the owner only (admins: any)",
    "kept once final, served without asking kie.ai",
    kind.perTask ? `paced to ${kind.perTask.rate} a second per task` : "",
    kind.stages ? `stages ${kind.stages.join(", ")} relayed in order before the outcome` : "",
  ];
  return notes.filter(Boolean).join("; ");
}

/** The page, as Markdown. */
export function endpointsDoc(): string {
  const lines = [
    "# Every endpoint kie-edge carries",
    "",
    "<!-- Made by `npm run docs` from src/families; edit the declarations, not this file. -->",
    "",
    "kie-edge answers each of kie.ai's endpoints below on kie.ai's own path, with kie.ai's own body and envelope: a",
    "kie.ai client needs only kie-edge's URL and a kie-edge token. **Name** is the task's name in `CALLER_POLICIES`,",
    "`MODEL_PRICES` and usage (`<field>` stands for the body's model field); **kie-edge adds** says what it does",
    "besides passing the call on. Every answer, and every record and relay, has kie-edge's callback URL replaced by",
    "the caller's own (or removed).",
    "",
  ];
  for (const family of FAMILIES) {
    lines.push(`## ${family.title} (\`${family.name}\`)`, "");
    lines.push("| call | what | name | kie-edge adds |", "|---|---|---|---|");
    for (const op of family.operations as readonly Operation[]) {
      lines.push(
        `| \`${op.method} ${op.path}\` | ${DOCS[op.id]?.summary ?? ""} | ${nameOf(op, family.name)} | ${adds(op)} |`,
      );
    }
    for (const kind of family.kinds as readonly RecordKind[]) {
      lines.push(`| \`GET ${kind.path}?taskId=\` | ${DOCS[kind.id]?.summary ?? ""} | — | ${kindNotes(kind)} |`);
    }
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
