import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll } from "vitest";

const SERVER = join(
  dirname(createRequire(import.meta.url).resolve("@felores/kie-ai-mcp-server/package.json")),
  "dist/index.js",
);

/** A published kie.ai client (an MCP server exposing kie.ai's models as tools), as its users run it. */
export interface KieClient {
  /** Calls a tool; answers its JSON, or throws with the tool's error text. */
  tool(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/**
 * Starts `@felores/kie-ai-mcp-server`, unchanged, over stdio, pointed at `base` with `token` — kie.ai's base URL and
 * key replaced, nothing else — its task database in a directory of its own. Closed after the file's tests.
 */
export async function kieClient(base: string, token: string, callbackUrl: string): Promise<KieClient> {
  const scratch = await mkdtemp(join(tmpdir(), "kie-client-"));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: scratch,
      KIE_AI_API_KEY: token,
      KIE_AI_BASE_URL: `${base}/api/v1`,
      KIE_AI_FILE_UPLOAD_BASE_URL: base,
      KIE_AI_DB_PATH: join(scratch, "tasks.db"),
      // Its users name their own callback receivers; it would otherwise post to its author's.
      KIE_AI_CALLBACK_URL: callbackUrl,
      KIE_AI_CALLBACK_URL_FALLBACK: callbackUrl,
      KIE_AI_ALLOW_DIRECT_GENERATION: "true",
    },
    stderr: "pipe",
  });
  const client = new Client({ name: "kie-edge-e2e", version: "1.0.0" });
  await client.connect(transport);
  afterAll(async () => {
    await client.close();
    await rm(scratch, { recursive: true, force: true });
  });
  return {
    async tool(name, args) {
      const answer = (await client.callTool({ name, arguments: args })) as {
        isError?: boolean;
        content: { text?: string }[];
      };
      const text = answer.content[0]?.text ?? "";
      if (answer.isError) throw new Error(`${name}: ${text}`);
      return JSON.parse(text) as Record<string, unknown>;
    },
  };
}
