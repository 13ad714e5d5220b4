/**
 * Writes the JSON Schema of the SOP record, generated from the zod schema, to
 * src/record/sop-record.schema.json (`npm run schema`). A test fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recordJsonSchema } from '../src/record/schema.js';

const target = fileURLToPath(new URL('../../src/record/sop-record.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(recordJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
