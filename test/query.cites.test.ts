/**
 * The legal-basis index as an auditor asks it: any spelling of a regulation finds the SOPs resting
 * on it; amended and amending regulations find each other; a database imported before migration
 * 002 gets the derived rows by backfill.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../src/import/importer.js';
import { amendedRegulations, parseCitation } from '../src/normalise/legal.js';
import { runPendingBackfills } from '../src/store/backfill.js';
import { citesOf, legalBasisCounts } from '../src/query/cites.js';
import { searchSops } from '../src/query/search.js';
import { migrations, openDatabase, type Db } from '../src/store/db.js';
import { legalBasisIndex } from '../src/store/read.js';

const corpus = fileURLToPath(new URL('../corpus/', import.meta.url));
const file = (path: string): string => path.split('/').pop()!;
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sop-cites-'));
  db = openDatabase(join(dir, 'sop.db'));
  await importPaths(db, [corpus]);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the regulation a citation amends (tentang Perubahan atas …)', () => {
  it('reads it from the subject, taking the amending regulation’s issuer when it names none', () => {
    const seed000 = 'Peraturan Daerah Kabupaten Pesisir Selatan Nomor 2 Tahun 2021 tentang Perubahan atas Peraturan Daerah Nomor 8 Tahun 2016 tentang Pembentukan dan Susunan Perangkat Daerah Kabupaten Pesisir Selatan';
    const c = parseCitation(seed000, {}, { amended: true });
    expect(c.key).toBe('perda:kabupaten-pesisir-selatan:2:2021');
    expect(c.amended.map((a) => [a.key, a.subject])).toEqual([['perda:kabupaten-pesisir-selatan:8:2016', 'Pembentukan dan Susunan Perangkat Daerah Kabupaten Pesisir Selatan']]);
    expect(parseCitation('Peraturan Menteri PANRB Nomor 6 Tahun 2022 tentang Perubahan atas Peraturan Menteri Nomor 8 Tahun 2021', {}, { amended: true }).amended[0]!.key).toBe('permen:panrb:8:2021');
    expect(parseCitation('Peraturan Kepala BPS Nomor 9 Tahun 2017 tentang Perubahan Kedua atas Peraturan Kepala BPS Nomor 7 Tahun 2008', {}, { amended: true }).amended[0]!.key).toBe('perlem:bps:7:2008');
    expect(amendedRegulations({ type: 'pp', issuer: null, subject: 'Perubahan atas Undang-Undang Nomor 32 Tahun 2004' })[0]!.key).toBe('uu::32:2004');
  });

  it('finds nothing when the subject amends nothing, and leaves the default result as it was', () => {
    expect(parseCitation('PP 60/2008', {}, { amended: true }).amended).toEqual([]);
    expect(amendedRegulations({ type: 'pp', issuer: null, subject: 'Perubahan Iklim' })).toEqual([]);
    expect(Object.keys(parseCitation('Peraturan Daerah Nomor 2 Tahun 2021 tentang Perubahan atas Peraturan Daerah Nomor 8 Tahun 2016'))).not.toContain('amended');
  });
});

describe('citesOf on the corpus', () => {
  it.each([
    ['PP 60/2008', 'pp::60:2008', ['003_d55e84fb4eb038f4.txt']],
    ['Peraturan Pemerintah Nomor 60 Tahun 2008', 'pp::60:2008', ['003_d55e84fb4eb038f4.txt']],
    ['PermenPAN-RB 35/2012', 'permen:panrb:35:2012', ['003_d55e84fb4eb038f4.txt', '004_7105dd040ab457fb.txt']],
    ['Peraturan Menteri Negara Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 29 Tahun 2010', 'permen:panrb:29:2010', ['003_d55e84fb4eb038f4.txt', '004_7105dd040ab457fb.txt']],
    ['UU 23/2014', 'uu::23:2014', ['001_51dbded0528e22f1.txt']],
  ])('%s', (text, key, files) => {
    const r = citesOf(db, text);
    expect(r.query.key).toBe(key);
    expect(r.regulations).toHaveLength(1);
    expect(r.regulations[0]!.total).toBe(files.length);
    expect(r.regulations[0]!.sops.map((s) => file(s.path)).sort()).toEqual(files);
  });

  it('finds seed 000 by the Perda its Perda 2/2021 amends', () => {
    const r = citesOf(db, 'Perda Kabupaten Pesisir Selatan Nomor 8 Tahun 2016');
    expect(r.regulations[0]!.sops.map((s) => [file(s.path), s.relation])).toEqual([['000_64e8e44553c70391.txt', 'amended']]);
  });

  it('yields both regulations of an amended citation', () => {
    const r = citesOf(db, 'Peraturan Daerah Kabupaten Pesisir Selatan Nomor 2 Tahun 2021 tentang Perubahan atas Peraturan Daerah Nomor 8 Tahun 2016');
    expect(r.regulations.map((x) => [x.key, x.asked, x.total])).toEqual([
      ['perda:kabupaten-pesisir-selatan:2:2021', 'asked', 1],
      ['perda:kabupaten-pesisir-selatan:8:2016', 'amended', 1],
    ]);
    const amended = citesOf(db, 'PP 11/2017 sebagaimana telah diubah dengan PP 17/2020');
    expect(amended.regulations.map((x) => [x.key, x.asked, x.total])).toEqual([['pp::11:2017', 'asked', 0], ['pp::17:2020', 'amendment', 0]]);
  });

  it('caps the list but not the count, and refuses a text naming no regulation', () => {
    const r = citesOf(db, 'PermenPAN-RB 35/2012', 1);
    expect([r.regulations[0]!.total, r.regulations[0]!.sops.length]).toEqual([2, 1]);
    expect(() => citesOf(db, 'tentang SPIP')).toThrow(/cannot read a regulation number and year/);
  });
});

describe('citations as auditors type them (issue 12)', () => {
  /** What a citesOf result says: the regulations found and, per regulation, the files of its SOPs. */
  const found = (text: string): Array<[string, string[]]> => citesOf(db, text).regulations.map((r) => [r.key, r.sops.map((x) => file(x.path)).sort()]);

  it.each([
    // [as typed, the canonical form it means]
    ['UU 23 Tahun 2014', 'Undang-Undang Nomor 23 Tahun 2014'],
    ['uu 23 tahun 2014', 'Undang-Undang Nomor 23 Tahun 2014'],
    ['undang undang no 23 th 2014', 'Undang-Undang Nomor 23 Tahun 2014'],
    ['UU No. 23 Thn. 2014', 'Undang-Undang Nomor 23 Tahun 2014'],
    ['Undang-Undang RI No.23/2014 tentang Pemerintahan Daerah', 'Undang-Undang Nomor 23 Tahun 2014'],
    ['PP 60 Tahun 2008', 'Peraturan Pemerintah Nomor 60 Tahun 2008'],
    ['pp no 60 th 2008', 'Peraturan Pemerintah Nomor 60 Tahun 2008'],
    ['Peraturan Pemerintah No. 60/2008', 'Peraturan Pemerintah Nomor 60 Tahun 2008'],
    ['Peraturan Menteri PAN RB No. 35 Th. 2012', 'Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 Tahun 2012'],
    ['Permenpan RB 35 Tahun 2012', 'Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 Tahun 2012'],
    ['permen panrb no 35 thn 2012', 'Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 Tahun 2012'],
    ['Perda Pesisir Selatan No 8 Tahun 2016', 'Peraturan Daerah Kabupaten Pesisir Selatan Nomor 8 Tahun 2016'],
    ['Perda Kab. Pesisir Selatan 8/2016', 'Peraturan Daerah Kabupaten Pesisir Selatan Nomor 8 Tahun 2016'],
    ['Perda 8/2016', 'Peraturan Daerah Kabupaten Pesisir Selatan Nomor 8 Tahun 2016'],
    ['Perbup Pesisir Selatan 158/2021', 'Peraturan Bupati Kabupaten Pesisir Selatan Nomor 158 Tahun 2021'],
  ])('%s finds what %s finds', (typed, canonical) => {
    const expected = found(canonical);
    expect(expected.flatMap(([, files]) => files).length).toBeGreaterThan(0);
    expect(found(typed)).toEqual(expected);
  });

  it.each([
    ['UU tahun 2014', /cannot read a regulation number \(the year 2014 was read\)/],
    ['PP 60', /cannot read the year of the regulation/],
    ['Peraturan tentang SPIP', /cannot read a regulation number and year/],
  ])('refuses %s with what is missing, never a silent 0', (typed, message) => {
    expect(() => citesOf(db, typed)).toThrow(message);
  });

  it('answers 0 for a regulation no SOP cites, naming it', () => {
    expect(citesOf(db, 'PP 99/1999').regulations.map((r) => [r.key, r.total])).toEqual([['pp::99:1999', 0]]);
  });
});

describe('false legal bases (issue 12)', () => {
  it('a promulgation note stays with its regulation and a dash is no regulation: nothing shared but real regulations', async () => {
    const folder = join(dir, 'notes');
    mkdirSync(folder);
    const note = '(Berita Negara Republik Indonesia Tahun 2010 Nomor 1586);';
    for (const [seed, at, added] of [
      ['003_d55e84fb4eb038f4.txt', 'Kinerja Instansi Pemerintah</li>', `Kinerja Instansi Pemerintah ${note}</li><li>6. —</li>`],
      ['004_7105dd040ab457fb.txt', 'Kinerja Instansi Pemerintah d.', `Kinerja Instansi Pemerintah ${note} d.`],
    ] as const) {
      const text = readFileSync(join(corpus, seed), 'utf8').replace(at, added);
      expect(text).toMatch(/Nomor 1586/);
      writeFileSync(join(folder, seed), text);
    }
    const store = openDatabase(':memory:');
    try {
      await importPaths(store, [folder]);
      expect(legalBasisIndex(store, 2).map((l) => l.key)).toEqual(['permen:panrb:29:2010', 'permen:panrb:35:2012']);
      expect(legalBasisIndex(store).filter((l) => l.type === 'other')).toEqual([]);
      const record = JSON.parse(store.prepare('SELECT record_json FROM sops s JOIN documents d ON d.id = s.document_id WHERE d.path LIKE ?').pluck().get('%003_d55e84fb4eb038f4.txt') as string) as { legalBases: Array<{ key: string; text: string }> };
      expect(record.legalBases.map((l) => l.key)).toEqual(['pp::79:2005', 'pp::60:2008', 'other:text:spip', 'permen:panrb:35:2012', 'permen:panrb:29:2010']);
      expect(record.legalBases[4]!.text).toMatch(/Instansi Pemerintah \(Berita Negara Republik Indonesia Tahun 2010 Nomor 1586\);?$/);
    } finally {
      store.close();
    }
  });
});

describe('legalBasisCounts', () => {
  it('filters by type and year and counts the SOPs', () => {
    expect(legalBasisCounts(db, { type: 'permen', year: 2012 }).map((l) => [l.key, l.count])).toEqual([['permen:panrb:35:2012', 2]]);
    expect(legalBasisCounts(db, { type: 'perda' }).map((l) => l.key)).toEqual(['perda:kabupaten-pesisir-selatan:7:2008', 'perda:kabupaten-pesisir-selatan:14:2011', 'perda:kabupaten-pesisir-selatan:2:2021']);
    expect(legalBasisCounts(db, { minSops: 2 }).map((l) => [l.key, l.count])).toEqual([['permen:panrb:29:2010', 2], ['permen:panrb:35:2012', 2]]);
  });

  it('lists what legalBasisIndex lists, and the amended Perda only when asked', () => {
    expect(legalBasisCounts(db).map((l) => l.key)).toEqual(legalBasisIndex(db).map((l) => l.key));
    expect(legalBasisCounts(db)).toHaveLength(15);
    const withAmended = legalBasisCounts(db, { withAmended: true });
    expect(withAmended).toHaveLength(16);
    expect(withAmended.find((l) => l.key === 'perda:kabupaten-pesisir-selatan:8:2016')?.sops.map((s) => s.relation)).toEqual(['amended']);
  });
});

describe('a database imported before migration 002', () => {
  it('is migrated and backfilled: stems for search, amended regulations for cites', () => {
    const old = join(dir, 'old.db');
    // build a version-1 database holding what the 001 importer wrote for the corpus
    const raw = new Database(old);
    raw.exec(migrations()[0]!.sql);
    raw.pragma('user_version = 1');
    raw.exec(`ATTACH '${join(dir, 'sop.db')}' AS cur`);
    raw.exec('INSERT INTO main.documents SELECT id, path, sha256, size, format, status, error_code, error, duplicate_of, sop_count, imported_at FROM cur.documents');
    raw.exec('INSERT INTO main.sops SELECT id, document_id, idx, title, number, organization, unit, step_count, total_minutes, record_json FROM cur.sops');
    for (const t of ['identity_fields', 'actors', 'steps', 'step_actors', 'list_items', 'diagnostics']) raw.exec(`INSERT INTO main.${t} SELECT * FROM cur.${t}`);
    raw.exec("INSERT INTO main.legal_bases SELECT * FROM cur.legal_bases WHERE key IN (SELECT key FROM cur.sop_legal_bases WHERE relation <> 'amended')");
    raw.exec("INSERT INTO main.sop_legal_bases SELECT sop_id, position, key, relation, text FROM cur.sop_legal_bases WHERE relation <> 'amended'");
    raw.exec('INSERT INTO main.sop_search (rowid, sop_id, title, body) SELECT rowid, sop_id, title, body FROM cur.sop_search');
    raw.close();

    const migrated = openDatabase(old);
    try {
      expect(migrated.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(2);
      expect(migrated.prepare('SELECT COUNT(*) FROM sop_search WHERE stems IS NULL').pluck().get()).toBe(5);
      expect(runPendingBackfills(migrated)).toEqual({ 'amended-bases': 1, 'canonical-paths': 0, 'rendition-groups': 5, 'search-stems': 5 });
      expect(runPendingBackfills(migrated)).toEqual({});
      expect(citesOf(migrated, 'Perda Kabupaten Pesisir Selatan 8/2016').regulations[0]!.total).toBe(1);
      expect(searchSops(migrated, 'memantau').hits.map((h) => file(h.path))).toEqual(['000_64e8e44553c70391.txt', '001_51dbded0528e22f1.txt']);
      expect(migrated.prepare('SELECT COUNT(*) FROM sop_legal_bases').pluck().get()).toBe(db.prepare('SELECT COUNT(*) FROM sop_legal_bases').pluck().get());
      // migration 005: groups and organisation keys as an import gives them
      const keys = 'SELECT * FROM sop_groups ORDER BY sop_id';
      expect(migrated.prepare(keys).all()).toEqual(db.prepare(keys).all());
      expect(migrated.prepare('SELECT COUNT(*) FROM sop_legal_bases WHERE group_id IS NULL').pluck().get()).toBe(0);
      expect(migrated.prepare('SELECT COUNT(*) FROM sop_bands').pluck().get()).toBe(db.prepare('SELECT COUNT(*) FROM sop_bands').pluck().get());
    } finally {
      migrated.close();
    }
  });
});
