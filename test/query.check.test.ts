/**
 * Conformance checks (Permenpan RB 35/2012) on the seeds, whose known defects they must find, and
 * on records altered to break one rule each.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SopRecord } from '../src/record/schema.js';
import { checkRecord, checkRecords, RULES } from '../src/query/check.js';
import { loadSeedRecords } from '../scripts/bench/synthetic.js';

let seeds: SopRecord[];
const seed = (n: string): SopRecord => seeds.find((r) => r.source.path.includes(`/${n}_`))!;
const rules = (r: SopRecord, level?: string): string[] => checkRecord(r).filter((f) => !level || f.level === level).map((f) => `${f.rule} ${f.field}`);

beforeAll(async () => {
  seeds = await loadSeedRecords(fileURLToPath(new URL('../corpus/', import.meta.url)));
});

describe('checkRecord on the seeds', () => {
  it('seed 000: pangkat Pembina does not fit IV/c; the last step is a process, not a terminator', () => {
    const f = checkRecord(seed('000'));
    expect(f.find((x) => x.rule === 'rank-grade')).toMatchObject({ level: 'warning', field: 'identity.approver.rank', message: 'pangkat Pembina does not fit golongan IV/c', sopId: seed('000').id });
    expect(f.filter((x) => x.rule === 'terminator').map((x) => [x.level, x.step, x.message])).toEqual([
      ['note', 1, 'not checkable: the flowchart symbol of the first step was not recovered'],
      ['warning', 13, 'the last step is a process, not a terminator'],
    ]);
    expect(f.filter((x) => x.rule === 'step-actor').map((x) => x.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('seed 002: a 17-digit NIP, missing identity fields and lists, steps 12-13 without Waktu and Output', () => {
    const f = checkRecord(seed('002'));
    expect(f.find((x) => x.rule === 'nip')?.message).toBe('NIP 19850612200412001: an NIP has 18 digits, this one has 17');
    expect(rules(seed('002'), 'error')).toEqual([
      'identity-required identity.number', 'identity-required identity.createdDate', 'identity-required identity.effectiveDate',
      'identity-required identity.approver.position', 'nip identity.approver.nip',
    ]);
    expect(f.filter((x) => x.rule === 'identity-lists').map((x) => x.field)).toEqual(['legalBases', 'qualifications', 'relatedSops', 'equipment']);
    expect(f.filter((x) => x.rule === 'step-duration' || x.rule === 'step-output').map((x) => `${x.rule} ${x.step}`)).toEqual(['step-duration 12', 'step-duration 13', 'step-output 12', 'step-output 13']);
    // step 1 is marked MULAI: a terminator; the last step's symbol is unknown
    expect(f.filter((x) => x.rule === 'terminator').map((x) => [x.level, x.step])).toEqual([['note', 13]]);
  });

  it('seed 003: the item "(SPIP)" names no regulation; no effective date', () => {
    expect(rules(seed('003'), 'warning').filter((r) => r.startsWith('legal'))).toEqual(['legal-basis-parseable legalBases[2]']);
    expect(rules(seed('003'), 'error')).toEqual(['identity-required identity.effectiveDate']);
  });

  it('seed 004 passes every identity, NIP, date and legal-basis rule', () => {
    expect(rules(seed('004')).filter((r) => !r.startsWith('step-actor') && !r.startsWith('terminator'))).toEqual([]);
  });
});

describe('checkRecord on altered records', () => {
  it('flags a decision without branches, a gap in numbering and dates out of order', () => {
    const a = seed('004');
    const steps = a.steps.map((s, i) => (i === 2 ? { ...s, kind: 'decision' as const, next: { yes: 4, no: null } } : i >= 4 ? { ...s, number: s.number! + 1 } : s));
    const bad: SopRecord = { ...a, steps, identity: { ...a.identity, createdDate: '2022-01-05', effectiveDate: '2021-11-01' } };
    const f = checkRecord(bad);
    expect(f.find((x) => x.rule === 'decision-branches')).toMatchObject({ step: 3, message: 'decision without the tidak branch' });
    expect(f.filter((x) => x.rule === 'step-numbering').map((x) => x.message)).toEqual(['step 5 of the table is numbered 6', 'step 6 of the table is numbered 7']);
    expect(f.filter((x) => x.rule === 'date-order').map((x) => x.message)).toEqual(['effectiveDate 2021-11-01 is before createdDate 2022-01-05']);
  });

  it('compares dates of different precision on their common part', () => {
    const a = seed('004');
    expect(checkRecord({ ...a, identity: { ...a.identity, createdDate: '2021', effectiveDate: '2021-11-01' } }).filter((x) => x.rule === 'date-order')).toEqual([]);
  });
});

describe('checkRecords', () => {
  it('summarises per rule and per SOP', () => {
    const report = checkRecords(seeds);
    expect(report.sops).toBe(5);
    expect(report.rules.map((r) => r.rule)).toEqual(RULES.map((r) => r.id));
    const byRule = Object.fromEntries(report.rules.map((r) => [r.rule, [r.sopsFailing, r.findings, r.sopsNotCheckable]]));
    expect(byRule['rank-grade']).toEqual([1, 1, 0]);
    expect(byRule['nip']).toEqual([1, 1, 0]);
    expect(byRule['terminator']).toEqual([1, 1, 5]);
    expect(byRule['identity-required']).toEqual([3, 6, 0]);
    expect(report.bySop.map((s) => [s.path.split('/').pop()!.slice(0, 3), s.errors])).toEqual([['000', 0], ['001', 1], ['002', 5], ['003', 1], ['004', 0]]);
  });
});
