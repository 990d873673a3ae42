// Browsers get the protections of secureHeaders on every answer, and CORS only for the origins an operator
// lists: preflight answered before auth, never a wildcard, never credentials.
import { describe, expect, it } from "vitest";
import { ask, askRaw } from "../support/gateway";

const APP = "https://app.example.com";
const env = { CORS_ORIGINS: `${APP}, http://localhost:5173` };

describe("security headers", () => {
  it("are on every response, errors included", async () => {
    for (const path of ["/healthz", "/api/v1/chat/credit", "/nope"]) {
      const { res } = await ask(path, { token: path === "/nope" ? null : undefined });
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Strict-Transport-Security")).toMatch(/max-age=/);
      expect(res.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
      expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("same-origin");
      expect(res.headers.get("Cross-Origin-Opener-Policy")).toBe("same-origin");
      // Legacy browsers' and plug-ins' headers are left out of a JSON API's answers.
      expect(res.headers.get("X-XSS-Protection")).toBeNull();
    }
  });
});

describe("CORS", () => {
  it("is off by default: no CORS headers, no preflight", async () => {
    const { res } = await ask("/api/v1/chat/credit", { headers: { Origin: APP } });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const preflight = await askRaw("/api/v1/chat/credit", { method: "OPTIONS", token: null, headers: { Origin: APP } });
    expect(preflight.res.status).not.toBe(204);
  });

  it("answers a listed origin's preflight without a token, and its requests", async () => {
    const headers = {
      Origin: APP,
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization,content-type",
    };
    const { res } = await askRaw("/api/v1/common/download-url", { method: "OPTIONS", token: null, headers, env });
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(APP);
    expect(res.headers.get("Access-Control-Allow-Headers")).toMatch(/Authorization/);
    expect(res.headers.get("Access-Control-Allow-Credentials")).toBeNull();

    const actual = await ask("/api/v1/chat/credit", { headers: { Origin: APP }, env });
    expect(actual.res.headers.get("Access-Control-Allow-Origin")).toBe(APP);
    expect(actual.res.headers.get("Access-Control-Expose-Headers")).toMatch(/X-Request-Id/);
  });

  it("does not answer an unlisted origin", async () => {
    const { res } = await ask("/api/v1/chat/credit", { headers: { Origin: "https://evil.example" }, env });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("refuses a wildcard or a path in CORS_ORIGINS at startup", async () => {
    for (const bad of ["*", "https://app.example.com/path"]) {
      const { res } = await ask("/healthz", { token: null, env: { CORS_ORIGINS: bad } });
      expect(res.status).toBe(503);
    }
  });
});
