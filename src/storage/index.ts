export { Lru } from "./lru";
export { type Migration, migrate } from "./migrate";
export { parseRows } from "./rows";
