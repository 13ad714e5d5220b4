/**
 * Golden tests: each bundled seed through the whole pipeline (read → segment → normalise) against
 * its hand-written gold record (fixtures/gold, copied from the shared gold set), field by field.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processText, sha256Of } from '../src/import/pipeline.js';
import { fields, type Gold } from './helpers/gold.js';

const corpus = new URL('../corpus/', import.meta.url);
const gold = new URL('../fixtures/gold/', import.meta.url);

describe('seeds against their gold records', () => {
  const seeds = readdirSync(corpus).filter((f) => f.endsWith('.txt'));
  it('has a gold record for every seed', () => {
    expect(seeds.length).toBe(5);
    for (const f of seeds) expect(readdirSync(gold)).toContain(f.replace(/\.txt$/, '.json'));
  });
  it.each(seeds)('%s', (file) => {
    const bytes = readFileSync(new URL(file, corpus));
    const result = processText(`corpus/${file}`, bytes, sha256Of(bytes));
    expect(result.status).toBe('imported');
    expect(result.records).toHaveLength(1);
    const g = JSON.parse(readFileSync(new URL(file.replace(/\.txt$/, '.json'), gold), 'utf8')) as Gold;
    for (const [field, got, want] of fields(result.records[0]!, g)) expect.soft(got, `${file}: ${field}`).toEqual(want);
  });
});
