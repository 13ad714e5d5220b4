/**
 * The synthetic SOP generator of the bench: reproducible, schema-valid records, and SOP text that
 * the importer reads back to the record it was rendered from.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SopRecordSchema, type SopRecord } from '../src/record/schema.js';
import { decodeNip } from '../src/normalise/nip.js';
import { loadSeedRecords, renderSopText, syntheticRecords } from '../scripts/bench/synthetic.js';

let seeds: SopRecord[];

beforeAll(async () => {
  seeds = await loadSeedRecords(fileURLToPath(new URL('../corpus/', import.meta.url)));
});

describe('syntheticRecords', () => {
  it('is reproducible and valid', () => {
    const a = [...syntheticRecords(seeds, { count: 50, seed: 11 })];
    const b = [...syntheticRecords(seeds, { count: 50, seed: 11 })];
    const c = [...syntheticRecords(seeds, { count: 50, seed: 12 })];
    expect(a).toEqual(b);
    expect(a.map((r) => r.identity.number)).not.toEqual(c.map((r) => r.identity.number));
    for (const r of a) expect(() => SopRecordSchema.parse(r)).not.toThrow();
    expect(new Set(a.map((r) => r.id)).size).toBe(50);
  });

  it('perturbs names, numbers and steps, keeping some defects of real corpora', () => {
    const rs = [...syntheticRecords(seeds, { count: 2000, seed: 5 })];
    expect(new Set(rs.map((r) => r.identity.unit)).size).toBeGreaterThan(20);
    const invalidNip = rs.filter((r) => !decodeNip(r.identity.approver.nip!).valid).length / rs.length;
    expect(invalidNip).toBeGreaterThan(0.01);
    expect(invalidNip).toBeLessThan(0.06);
    const family0 = rs.filter((r) => r.source.path.startsWith('synthetic/f000000/'));
    expect(family0.length).toBeGreaterThan(1);
    expect(family0.some((r) => r.steps.length !== seeds[0]!.steps.length || r.steps.some((s, i) => s.activity !== seeds[0]!.steps[i]?.activity))).toBe(true);
  });
});

describe('renderSopText', () => {
  it('renders text the importer reads back to the same record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-synthetic-'));
    try {
      const records = [...syntheticRecords(seeds, { count: 40, seed: 7 })];
      records.forEach((r, i) => writeFileSync(join(dir, `${String(i).padStart(3, '0')}.txt`), renderSopText(r)));
      const back = await loadSeedRecords(dir);
      expect(back).toHaveLength(40);
      const view = (r: SopRecord): unknown => ({
        identity: r.identity,
        legalBases: r.legalBases.map((l) => l.key),
        actors: r.actors,
        lists: [r.qualifications, r.relatedSops, r.equipment, r.warnings, r.recordKeeping],
        steps: r.steps.map((s) => [s.number, s.activity, s.actors, s.requirements, s.duration?.minutes ?? null, s.output]),
      });
      back.forEach((r, i) => expect(view(r), r.source.path).toEqual(view(records[i]!)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
