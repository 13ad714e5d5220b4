/**
 * Comparing two SOPs: seeds 001 and 002 are one template used by two kecamatan; an inserted and a
 * dropped step are aligned as such instead of shifting every step after them.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SopRecord } from '../src/record/schema.js';
import { activitySimilarity, alignSequences, compareSops } from '../src/query/compare.js';
import { loadSeedRecords } from '../scripts/bench/synthetic.js';

let seeds: SopRecord[];
const seed = (n: string): SopRecord => seeds.find((r) => r.source.path.includes(`/${n}_`))!;

beforeAll(async () => {
  seeds = await loadSeedRecords(fileURLToPath(new URL('../corpus/', import.meta.url)));
});

describe('alignSequences', () => {
  it('aligns a gap where a row has no counterpart', () => {
    // A = x y z, B = x q y z: q is inserted
    const sim = [
      [1, 0, 0, 0],
      [0, 0.1, 1, 0],
      [0, 0, 0, 1],
    ];
    expect(alignSequences(sim, 3, 4)).toEqual([[0, 0], [null, 1], [1, 2], [2, 3]]);
    expect(alignSequences([], 0, 2)).toEqual([[null, 0], [null, 1]]);
  });
});

describe('activitySimilarity', () => {
  it('sees affixes and spelling of one step, and tells different steps apart', () => {
    expect(activitySimilarity('Mengolah data kinerja Kecamatan Silaut', 'Mengolah data kinerja Kecamatan')).toBeCloseTo(0.889, 3);
    expect(activitySimilarity('Penyusunan laporan', 'Menyusun laporan')).toBe(1);
    expect(activitySimilarity('Membuat format isian monitoring evaluasi kinerja', 'Menyimpan dokumen monitoring evaluasi kinerja Kecamatan Silaut')).toBeLessThan(0.5);
  });
});

describe('compareSops', () => {
  it('compares seeds 001 and 002 (one template, two kecamatan)', () => {
    const c = compareSops(seed('001'), seed('002'));
    expect(c.identity.filter((d) => !d.same).map((d) => d.field)).toEqual([
      'identity.title', 'identity.number', 'identity.organization', 'identity.unit', 'identity.createdDate', 'identity.approvedDate',
      'identity.approver.name', 'identity.approver.position', 'identity.approver.nip',
    ]);
    expect(c.legalBases.common).toEqual([]);
    expect(c.legalBases.onlyA.map((l) => l.key)).toEqual(['uu::23:2014', 'pp::12:2019', 'permen:dalam-negeri:52:2011', 'permen:dalam-negeri:73:2009', 'permen:dalam-negeri:86:2017']);
    expect(c.actors.common.map((a) => [a.role, a.a, a.b])).toEqual([
      ['Sekretaris', ['Sekretaris'], ['Sekretaris']],
      ['Kepala Seksi', ['Kasi'], ['Kepala Seksi']],
      ['Kepala Subbagian Perencanaan, Keuangan dan Pelaporan', ['Kasubag Perencanaan, Keuangan dan Pelaporan'], ['Kasubag PKP']],
      ['Camat', ['Camat'], ['Camat']],
    ]);
    expect(c.actors.onlyA.map((a) => a.role)).toEqual(['Kepala Subbagian Umum dan Kepegawaian']);
    expect(c.steps.map((s) => [s.a?.number, s.b?.number])).toEqual(Array.from({ length: 13 }, (_, i) => [i + 1, i + 1]));
    expect(c.summary).toEqual({ same: 4, similar: 9, changed: 0, 'only-a': 0, 'only-b': 0 });
    // 002 leaves the Waktu of steps 12 and 13 empty: 1 hari + 15 menit = 495 working minutes
    expect(c.steps.slice(10).map((s) => s.minutesDelta)).toEqual([0, null, null]);
    expect(c.durations).toEqual({ totalA: 15090, totalB: 14595, delta: -495, unknownA: 0, unknownB: 2 });
  });

  it('aligns an inserted and a dropped step without shifting the others', () => {
    const a = seed('001');
    const steps = [...a.steps];
    steps.splice(3, 0, { ...a.steps[0]!, activity: 'Rapat koordinasi dengan seluruh kepala seksi', duration: null });
    steps.splice(9, 1); // drops step 9 (Membahas draf laporan hasil monitoring)
    const b: SopRecord = { ...a, steps: steps.map((s, i) => ({ ...s, number: i + 1 })) };
    const c = compareSops(a, b);
    expect(c.summary).toEqual({ same: 12, similar: 0, changed: 0, 'only-a': 1, 'only-b': 1 });
    expect(c.steps.filter((s) => s.status === 'only-b').map((s) => s.b!.activity)).toEqual(['Rapat koordinasi dengan seluruh kepala seksi']);
    expect(c.steps.filter((s) => s.status === 'only-a').map((s) => s.a!.number)).toEqual([9]);
    expect(c.durations.delta).toBe(-2400);
  });

  it('finds little in common between unrelated SOPs (seeds 000 and 004)', () => {
    const c = compareSops(seed('000'), seed('004'));
    expect(c.summary.same + c.summary.similar).toBeLessThanOrEqual(2);
    expect(c.actors.common).toEqual([]);
    expect(c.legalBases.common).toEqual([]);
  });
});
