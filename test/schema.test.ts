import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recordJsonSchema, SopRecordSchema } from '../src/record/schema.js';

describe('record schema', () => {
  it('has its generated JSON Schema checked in and current (npm run schema)', () => {
    const file = JSON.parse(readFileSync(new URL('../src/record/sop-record.schema.json', import.meta.url), 'utf8'));
    expect(file).toEqual(recordJsonSchema());
  });
  it('keeps the field names of SOP-RECORD.md', () => {
    const schema = recordJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining([
      'schemaVersion', 'id', 'source', 'identity', 'legalBases', 'qualifications', 'relatedSops', 'equipment', 'warnings', 'recordKeeping', 'actors', 'steps', 'diagnostics',
    ]));
    expect(Object.keys(schema.properties.identity!.properties!)).toEqual(['title', 'number', 'organization', 'unit', 'createdDate', 'revisedDate', 'effectiveDate', 'approvedDate', 'approver']);
  });
  it('rejects a record with a malformed date', () => {
    const bad = { identity: { createdDate: '22 Desember 2023' } };
    expect(SopRecordSchema.safeParse(bad).success).toBe(false);
  });
});
