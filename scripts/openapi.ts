// `npm run openapi`: writes public/openapi.json from the zod schemas the routes validate with. Workers Static Assets
// serve it as written, so the schema-to-JSON code stays out of the Worker's bundle; a test fails when the file
// and the schemas disagree.
import { writeFile } from "node:fs/promises";
import { version } from "../package.json";
import { openApiDocument } from "../src/api/openapi";

const OPENAPI_FILE = "public/openapi.json";

await writeFile(OPENAPI_FILE, `${JSON.stringify(openApiDocument(version), null, 2)}\n`);
console.log(`wrote ${OPENAPI_FILE}`);
