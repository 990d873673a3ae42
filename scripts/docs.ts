// `npm run docs`: writes docs/endpoints.md from the families' declarations (see scripts/lib/endpoints-doc.ts).
import { writeFile } from "node:fs/promises";
import { endpointsDoc } from "./lib/endpoints-doc";

const FILE = "docs/endpoints.md";

await writeFile(FILE, endpointsDoc());
console.log(`wrote ${FILE}`);
