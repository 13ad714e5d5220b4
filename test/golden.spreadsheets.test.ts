/**
 * Golden tests of the spreadsheet renditions of each seed (fixtures/spreadsheets, made by
 * fixtures/make/spreadsheet.ts: an identity sheet and a procedure sheet with the flowchart drawn as
 * shapes, as XLSX and as the XLS LibreOffice saves from it) against the seeds' gold records, field
 * by field: identity, lists, legal bases, actors, steps with their actors (from the shapes).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processBytes, sha256Of } from '../src/import/pipeline.js';
import { fields, type Gold } from './helpers/gold.js';

const dir = new URL('../fixtures/spreadsheets/', import.meta.url);
const goldDir = new URL('../fixtures/gold/', import.meta.url);
const seeds = readdirSync(goldDir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
const gold = (seed: string): Gold => JSON.parse(readFileSync(new URL(`${seed}.json`, goldDir), 'utf8')) as Gold;

describe.each(seeds)('%s spreadsheet renditions', (seed) => {
  it.each(['xlsx', 'xls'])('.%s', async (ext) => {
    const file = `${seed}.${ext}`;
    const bytes = readFileSync(new URL(file, dir));
    const result = await processBytes(file, bytes, sha256Of(bytes));
    expect(result.status).toBe('imported');
    expect(result.records).toHaveLength(1);
    const r = result.records[0]!;
    expect(r.source.format).toBe('spreadsheet');
    expect(r.source.pages).toBe(2);
    for (const [field, got, want] of fields(r, gold(seed))) expect.soft(got, `${file}: ${field}`).toEqual(want);
    const g = gold(seed);
    const drawn = g.steps.filter((s) => s.actors.length);
    for (const s of r.steps) {
      const want = g.steps.find((x) => x.number === s.number);
      if (!want?.actors.length) continue;
      expect.soft(s.actorsFrom, `${file}: step ${s.number} actors from`).toBe('shape');
      expect.soft(s.kind, `${file}: step ${s.number} kind`).toBe(want === drawn[0] || want === drawn[drawn.length - 1] ? 'terminator' : 'process');
    }
  });
});
