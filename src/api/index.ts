export { openApiDocument } from "./openapi";
export * from "./schemas";
