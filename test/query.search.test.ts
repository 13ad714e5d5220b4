/**
 * Full-text search: ranked, Indonesian affixes ignored through the stems column, user input that
 * cannot break the FTS5 query.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../src/import/importer.js';
import { matchExpression, searchSops } from '../src/query/search.js';
import { stemText } from '../src/query/stem.js';
import { openDatabase, type Db } from '../src/store/db.js';

const corpus = fileURLToPath(new URL('../corpus/', import.meta.url));
const files = (hits: Array<{ path: string }>): string[] => hits.map((h) => h.path.split('/').pop()!.slice(0, 3));
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sop-search-'));
  db = openDatabase(join(dir, 'sop.db'));
  await importPaths(db, [corpus]);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('stems', () => {
  it('reduces words to their Sastrawi root', () => {
    expect(stemText('Pemantauan, memantau; pengumpulan dikumpulkan PENYUSUNAN 2024')).toBe('pantau pantau kumpul kumpul susun 2024');
  });
});

describe('searchSops', () => {
  it('ranks a title match first', () => {
    const r = searchSops(db, 'pemantauan');
    expect(files(r.hits)).toEqual(['000', '001']);
    expect(r.hits[0]!.score).toBeGreaterThan(r.hits[1]!.score);
    expect(r.hits[0]!.context).toBe('Pemantauan Kinerja');
  });

  it('finds other affixes of a word only with stemming', () => {
    expect(files(searchSops(db, 'memantau').hits)).toEqual(['000', '001']);
    expect(searchSops(db, 'memantau', { exact: true }).total).toBe(0);
    expect(searchSops(db, 'pengolahan').total).toBe(3);
    expect(searchSops(db, 'pengolahan', { exact: true }).total).toBe(0);
    expect(searchSops(db, 'rekapitulasi', { exact: true }).hits.map((h) => h.context)).toEqual(['Jabatan pelaksana melakukan rekapitulasi data kinerja']);
  });

  it('requires every word and counts beyond the limit', () => {
    const r = searchSops(db, 'monitoring evaluasi', { limit: 1 });
    expect([r.total, r.hits.length]).toEqual([2, 1]);
    expect(searchSops(db, 'kinerja').total).toBe(5);
  });

  it('quotes whatever the user types', () => {
    for (const q of ['"; DROP TABLE sops; --', 'NEAR(a b', 'kinerja OR', 'title: x*', "l'évaluation"]) expect(() => searchSops(db, q)).not.toThrow();
    expect(matchExpression('a"b c')).toBe('({title body} : "a" OR stems : "a") AND ({title body} : "b" OR stems : "b") AND ({title body} : "c" OR stems : "c")');
    expect(() => searchSops(db, '?!')).toThrow(/no word/);
  });
});
