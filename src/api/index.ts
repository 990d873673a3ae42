// The routes' side of the contract: the request bodies. The response schemas and the OpenAPI document
// (./schemas, ./openapi) are imported by \`npm run openapi\` and the tests directly, never by the Worker.
export * from "./bodies";
export type { BatchItem } from "./schemas";
