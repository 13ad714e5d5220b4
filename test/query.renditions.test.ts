/**
 * One SOP in several renditions (issue 12): the seeds as text and as PDF, DOCX or a Word export's
 * text are one SOP each in cites, legal-bases and stats, with their files as sources; copies of one
 * template in other units stay apart; organisations count by canonical key.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../src/import/importer.js';
import { citesOf, legalBasisCounts } from '../src/query/cites.js';
import { corpusStats } from '../src/query/stats.js';
import { findSimilar } from '../src/query/similar.js';
import { openDatabase, type Db } from '../src/store/db.js';
import { legalBasisIndex, listSops } from '../src/store/read.js';
import { writeCorpus } from '../scripts/bench/corpus.js';

const corpus = fileURLToPath(new URL('../corpus/', import.meta.url));
const renditions = fileURLToPath(new URL('../fixtures/renditions/', import.meta.url));
const file = (path: string): string => path.split('/').pop()!;
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sop-renditions-'));
  const files = join(dir, 'files');
  mkdirSync(files);
  for (const f of ['000_64e8e44553c70391.txt', '001_51dbded0528e22f1.txt', '002_73c36ed984910bbc.txt', '003_d55e84fb4eb038f4.txt', '004_7105dd040ab457fb.txt']) copyFileSync(join(corpus, f), join(files, f));
  // 002 has no Nomor SOP: its Word export's text joins it by its steps alone
  for (const f of ['000_64e8e44553c70391.docx', '000_64e8e44553c70391.pdf', '001_51dbded0528e22f1.docx', '002_73c36ed984910bbc.export.txt', '003_d55e84fb4eb038f4.pdf', '004_7105dd040ab457fb.docx']) copyFileSync(join(renditions, f), join(files, f));
  db = openDatabase(join(dir, 'sop.db'));
  const report = await importPaths(db, [files]);
  expect(report.counts.imported).toBe(11);
}, 60_000);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('renditions of one SOP', () => {
  it('share a group: by Nomor SOP, organisation and title, or by near-identical steps', () => {
    const groups = new Map<string, string[]>();
    for (const s of listSops(db)) groups.set(s.group, [...(groups.get(s.group) ?? []), file(s.path)]);
    expect([...groups.values()].map((g) => g.sort()).sort()).toEqual([
      ['000_64e8e44553c70391.docx', '000_64e8e44553c70391.pdf', '000_64e8e44553c70391.txt'],
      ['001_51dbded0528e22f1.docx', '001_51dbded0528e22f1.txt'],
      ['002_73c36ed984910bbc.export.txt', '002_73c36ed984910bbc.txt'],
      ['003_d55e84fb4eb038f4.pdf', '003_d55e84fb4eb038f4.txt'],
      ['004_7105dd040ab457fb.docx', '004_7105dd040ab457fb.txt'],
    ]);
  });

  it('count once in cites, with the other files as renditions', () => {
    const r = citesOf(db, 'PermenPAN-RB 35/2012').regulations[0]!;
    expect(r.total).toBe(2);
    expect(r.sops.map((s) => [s.path, ...s.renditions.map((x) => x.path)].map(file).sort()).sort()).toEqual([
      ['003_d55e84fb4eb038f4.pdf', '003_d55e84fb4eb038f4.txt'],
      ['004_7105dd040ab457fb.docx', '004_7105dd040ab457fb.txt'],
    ]);
    expect(citesOf(db, 'PermenPAN-RB 35/2012', 1).regulations[0]!.sops).toHaveLength(1);
  });

  it('count once in legal-bases', () => {
    expect(legalBasisIndex(db, 2).map((l) => [l.key, l.sops.length])).toEqual([['permen:panrb:29:2010', 2], ['permen:panrb:35:2012', 2]]);
    expect(legalBasisCounts(db, { minSops: 2 }).map((l) => [l.key, l.count])).toEqual([['permen:panrb:29:2010', 2], ['permen:panrb:35:2012', 2]]);
    expect(legalBasisCounts(db)).toHaveLength(15);
  });

  it('count once in stats: SOPs, units, steps, regulations and roles as for the five seeds alone', async () => {
    const seeds = openDatabase(':memory:');
    await importPaths(seeds, [corpus]);
    const alone = corpusStats(seeds, 0);
    seeds.close();
    const s = corpusStats(db, 0);
    expect(s.sops).toBe(5);
    expect(s.units).toBe(5);
    expect(s.steps).toEqual(alone.steps);
    expect(s.topRegulations).toEqual(alone.topRegulations);
    expect(s.roles.map((r) => [r.role, r.sops])).toEqual(alone.roles.map((r) => [r.role, r.sops]));
  });

  it('are no copies for sop similar: the one cluster is still the template of 001 and 002', () => {
    const r = findSimilar(db);
    expect(r.sops).toBe(5);
    expect(r.clusters.map((c) => c.members.map((m) => file(m.path).slice(0, 3)).sort())).toEqual([['001', '002']]);
  });
});

describe('copies that are not renditions', () => {
  it('one template filled in by several units stays one SOP per unit', async () => {
    const synthetic = join(dir, 'synthetic');
    await writeCorpus(synthetic, 120, 5, corpus);
    const store = openDatabase(':memory:');
    try {
      await importPaths(store, [synthetic]);
      const sops = listSops(store);
      expect(sops).toHaveLength(120);
      expect(new Set(sops.map((s) => s.group)).size).toBe(120);
    } finally {
      store.close();
    }
  }, 60_000);
});

describe('organisations by canonical key', () => {
  it('are one body in stats and in the --organisation filters', () => {
    const s = corpusStats(db);
    expect(s.byUnit.filter((u) => u.organizationKey === 'kabupaten-pesisir-selatan').map((u) => [u.organization, u.unit]).sort()).toEqual([
      ['Pemerintah Kabupaten Pesisir Selatan', 'Inspektorat Daerah'],
      ['Pemerintah Kabupaten Pesisir Selatan', 'Kecamatan IV Jurai'],
      ['Pemerintah Kabupaten Pesisir Selatan', 'Kecamatan Silaut'],
      ['Pemerintah Kabupaten Pesisir Selatan', 'Sekretariat Daerah'],
    ]);
    for (const spelling of ['Kabupaten Pesisir Selatan', 'Pemerintah Kabupaten Pesisir Selatan', 'PEMKAB PESISIR SELATAN']) {
      expect(corpusStats(db, 10, { organization: spelling }).sops).toBe(4);
      expect(new Set(listSops(db, { organization: spelling }).map((x) => file(x.path).slice(0, 3)))).toEqual(new Set(['000', '001', '002', '004']));
    }
  });
});
