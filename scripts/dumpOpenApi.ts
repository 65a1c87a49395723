// Writes the OpenAPI document from the endpoint declarations, without a server, database or Temporal:
// the console's API client is generated from it (web/src/api/schema.d.ts), so a changed schema breaks
// the console's build rather than its users. Usage: tsx scripts/dumpOpenApi.ts <out.json>
import fs from 'node:fs';
import path from 'node:path';
import { API_VERSION, apiEndpoints, type AppDeps } from '../src/api/app';
import { openApiDocument } from '../src/api/http/openapi';

const out = process.argv[2];
if (!out) {
  console.error('usage: tsx scripts/dumpOpenApi.ts <out.json>');
  process.exit(2);
}
// The declarations only keep their dependencies for the handlers, which never run here.
const document = openApiDocument(apiEndpoints({} as AppDeps), { version: API_VERSION, demoTokens: false });
fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
