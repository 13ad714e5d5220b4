/** Corpus statistics on the seeds. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../src/import/importer.js';
import { corpusStats, distribution } from '../src/query/stats.js';
import { openDatabase, type Db } from '../src/store/db.js';

let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sop-stats-'));
  db = openDatabase(join(dir, 'sop.db'));
  await importPaths(db, [fileURLToPath(new URL('../corpus/', import.meta.url))]);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('distribution', () => {
  it('interpolates quantiles between ranks', () => {
    expect(distribution([13, 6, 13, 9, 13])).toEqual({ n: 5, min: 6, p25: 9, median: 13, p75: 13, max: 13, mean: 10.8 });
    expect(distribution([1, 2, 3, 4])).toMatchObject({ p25: 1.75, median: 2.5, p75: 3.25 });
    expect(distribution([]).median).toBeNull();
  });
});

describe('corpusStats', () => {
  it('counts the seeds', () => {
    const s = corpusStats(db);
    expect([s.sops, s.units]).toEqual([5, 5]);
    // 001 writes `Kabupaten Pesisir Selatan`, the others `Pemerintah Kabupaten …`: one body (issue 12)
    expect(s.byUnit.filter((u) => u.organization === 'Pemerintah Kabupaten Pesisir Selatan').map((u) => u.unit)).toEqual(['Inspektorat Daerah', 'Kecamatan IV Jurai', 'Kecamatan Silaut', 'Sekretariat Daerah']);
    expect(s.steps).toEqual({ n: 5, min: 6, p25: 9, median: 13, p75: 13, max: 13, mean: 10.8 });
    // 004: 5+5+10+3·480 = 1460; 001: 15090 working minutes (8-hour days)
    expect([s.totalMinutes.min, s.totalMinutes.max]).toEqual([1460, 15090]);
    expect(s.topRegulations.slice(0, 2).map((r) => [r.key, r.sops])).toEqual([['permen:panrb:29:2010', 2], ['permen:panrb:35:2012', 2]]);
    const pkp = s.roles.find((r) => r.role === 'Kepala Subbagian Perencanaan, Keuangan dan Pelaporan');
    expect(pkp).toEqual({ role: 'Kepala Subbagian Perencanaan, Keuangan dan Pelaporan', sops: 2, steps: 0, labels: 2 });
    expect(s.roles.find((r) => r.role === 'Jabatan Pelaksana')).toMatchObject({ sops: 1, steps: 4 });
  });

  it('caps the lists', () => {
    const s = corpusStats(db, 2);
    expect([s.byUnit.length, s.topRegulations.length, s.roles.length]).toEqual([2, 2, 2]);
    expect(corpusStats(db, 0).topRegulations).toHaveLength(15);
  });
});
