/**
 * The positioned path (space-aligned text as pdftotext -layout prints a PDF): each seed laid out by
 * fixtures/make/spaced-text.ts must give back its gold record, step actors included (from the □
 * marks in the actor columns).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processText, sha256Of } from '../src/import/pipeline.js';
import { fields, type Gold } from './helpers/gold.js';

const spaced = new URL('../fixtures/spaced/', import.meta.url);
const gold = new URL('../fixtures/gold/', import.meta.url);

describe('seeds laid out as space-aligned text', () => {
  const files = readdirSync(spaced).filter((f) => f.endsWith('.txt'));
  it.each(files)('%s', (file) => {
    const bytes = readFileSync(new URL(file, spaced));
    const result = processText(file, bytes, sha256Of(bytes));
    expect(result.records).toHaveLength(1);
    const record = result.records[0]!;
    const g = JSON.parse(readFileSync(new URL(file.replace(/\.txt$/, '.json'), gold), 'utf8')) as Gold;
    for (const [field, got, want] of fields(record, g)) expect.soft(got, `${file}: ${field}`).toEqual(want);
    for (const s of record.steps) if (s.actors.length) expect.soft(s.actorsFrom, `${file}: step ${s.number} actorsFrom`).toBe('mark');
  });
});
