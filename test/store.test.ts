/**
 * The store: content-addressed, idempotent imports; a changed file replaces its records; each
 * file's records in one transaction; no orphan rows.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../src/import/importer.js';
import { openDatabase, type Db } from '../src/store/db.js';
import { findSops, legalBasisIndex, listSops } from '../src/store/read.js';
import { saveDocument, saveDocuments } from '../src/store/write.js';
import { processText, sha256Of } from '../src/import/pipeline.js';

const corpus = new URL('../corpus/', import.meta.url);
let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sop-store-'));
  db = openDatabase(join(dir, 'sop.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function count(table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Rows whose parent is gone: must always be 0. */
function orphans(): number {
  const q = [
    'SELECT COUNT(*) AS n FROM sops WHERE document_id NOT IN (SELECT id FROM documents)',
    'SELECT COUNT(*) AS n FROM steps WHERE sop_id NOT IN (SELECT id FROM sops)',
    'SELECT COUNT(*) AS n FROM actors WHERE sop_id NOT IN (SELECT id FROM sops)',
    'SELECT COUNT(*) AS n FROM step_actors WHERE sop_id NOT IN (SELECT id FROM sops)',
    'SELECT COUNT(*) AS n FROM identity_fields WHERE sop_id NOT IN (SELECT id FROM sops)',
    'SELECT COUNT(*) AS n FROM list_items WHERE sop_id NOT IN (SELECT id FROM sops)',
    'SELECT COUNT(*) AS n FROM sop_legal_bases WHERE sop_id NOT IN (SELECT id FROM sops)',
    'SELECT COUNT(*) AS n FROM legal_bases WHERE key NOT IN (SELECT key FROM sop_legal_bases)',
    'SELECT COUNT(*) AS n FROM sop_search WHERE sop_id NOT IN (SELECT id FROM sops)',
  ];
  return q.reduce((sum, sql) => sum + (db.prepare(sql).get() as { n: number }).n, 0);
}

describe('import into the store', () => {
  it('imports the corpus once; a second run changes nothing', async () => {
    const first = await importPaths(db, [corpus.pathname]);
    expect(first.counts.imported).toBe(5);
    const rows = ['documents', 'sops', 'steps', 'actors', 'step_actors', 'legal_bases', 'sop_legal_bases', 'list_items', 'identity_fields', 'diagnostics'].map(count);
    expect(rows[1]).toBe(5);
    expect(rows[2]).toBe(54);
    const second = await importPaths(db, [corpus.pathname]);
    expect(second.counts).toMatchObject({ unchanged: 5, imported: 0 });
    expect(['documents', 'sops', 'steps', 'actors', 'step_actors', 'legal_bases', 'sop_legal_bases', 'list_items', 'identity_fields', 'diagnostics'].map(count)).toEqual(rows);
    expect(orphans()).toBe(0);
  });

  it('replaces the records of a changed file', async () => {
    const file = join(dir, 'sop.txt');
    copyFileSync(new URL('001_51dbded0528e22f1.txt', corpus), file);
    await importPaths(db, [file]);
    const before = listSops(db);
    writeFileSync(file, readFileSync(file, 'utf8').replace('Membuat format isian monitoring evaluasi kinerja', 'Menyusun format isian evaluasi'));
    const again = await importPaths(db, [file]);
    expect(again.counts.imported).toBe(1);
    const after = listSops(db);
    expect(after).toHaveLength(1);
    expect(after[0]!.id).not.toBe(before[0]!.id);
    expect(findSops(db, after[0]!.id)[0]!.steps[0]!.activity).toBe('Menyusun format isian evaluasi');
    expect(count('steps')).toBe(13);
    expect(orphans()).toBe(0);
  });

  it('stores the same bytes at two paths once', async () => {
    copyFileSync(new URL('003_d55e84fb4eb038f4.txt', corpus), join(dir, 'a.txt'));
    copyFileSync(new URL('003_d55e84fb4eb038f4.txt', corpus), join(dir, 'b.txt'));
    const report = await importPaths(db, [dir]);
    expect(report.counts).toMatchObject({ imported: 1, duplicate: 1 });
    expect(count('sops')).toBe(1);
    const dup = db.prepare("SELECT d.path, o.path AS original FROM documents d JOIN documents o ON o.id = d.duplicate_of WHERE d.status = 'duplicate'").get() as { path: string; original: string };
    expect(dup).toEqual({ path: join(dir, 'b.txt'), original: join(dir, 'a.txt') });
  });

  it('hands the SOP to its duplicate when the file it repeated changes, in the same import (issue 12)', async () => {
    const files = join(dir, 'files');
    mkdirSync(files);
    copyFileSync(new URL('003_d55e84fb4eb038f4.txt', corpus), join(files, 'a.txt'));
    copyFileSync(new URL('003_d55e84fb4eb038f4.txt', corpus), join(files, 'b.txt'));
    copyFileSync(new URL('003_d55e84fb4eb038f4.txt', corpus), join(files, 'c.txt'));
    await importPaths(db, [files]);
    const [original] = listSops(db);
    writeFileSync(join(files, 'a.txt'), readFileSync(join(files, 'a.txt'), 'utf8').replace('Mekanisme Monitoring', 'Mekanisme Pemantauan'));
    await importPaths(db, [files]);
    const held = findSops(db, join(files, 'b.txt'));
    expect(held.map((r) => [r.id, r.source.path])).toEqual([[original!.id, join(files, 'b.txt')]]);
    expect(findSops(db, join(files, 'a.txt'))[0]!.identity.title).toMatch(/^Mekanisme Pemantauan/);
    const docs = db.prepare('SELECT d.path, d.status, d.sop_count, o.path AS original FROM documents d LEFT JOIN documents o ON o.id = d.duplicate_of ORDER BY d.path').all();
    expect(docs).toEqual([
      { path: join(files, 'a.txt'), status: 'imported', sop_count: 1, original: null },
      { path: join(files, 'b.txt'), status: 'imported', sop_count: 1, original: null },
      { path: join(files, 'c.txt'), status: 'duplicate', sop_count: 0, original: join(files, 'b.txt') },
    ]);
    expect(count('sops')).toBe(2);
    expect(orphans()).toBe(0);
  });

  it('keeps the duplicates of a file stored again with the same bytes pointing to it', () => {
    const bytes = readFileSync(new URL('003_d55e84fb4eb038f4.txt', corpus));
    const sha = sha256Of(bytes);
    const { records } = processText('a.txt', bytes, sha);
    const outcome = (path: string, status: 'imported' | 'partial') => ({ path, sha256: sha, size: bytes.length, format: 'text', status, errorCode: null, error: null, records });
    saveDocuments(db, [outcome('a.txt', 'imported'), outcome('b.txt', 'imported')]);
    saveDocuments(db, [outcome('a.txt', 'partial')]);
    const dup = db.prepare("SELECT o.path, o.status FROM documents d JOIN documents o ON o.id = d.duplicate_of WHERE d.path = 'b.txt'").get();
    expect(dup).toEqual({ path: 'a.txt', status: 'partial' });
  });

  it('writes nothing of a record that fails validation', () => {
    expect(() =>
      saveDocument(db, { path: 'x.txt', sha256: 'f'.repeat(64), size: 1, format: 'text', status: 'imported', errorCode: null, error: null, records: [{ id: 'bad' } as never] }),
    ).toThrow();
    expect(count('documents')).toBe(0);
  });

  it('indexes legal bases across SOPs and searches text', async () => {
    await importPaths(db, [corpus.pathname]);
    const shared = legalBasisIndex(db, 2);
    expect(shared.map((l) => l.key)).toEqual(['permen:panrb:29:2010', 'permen:panrb:35:2012']);
    for (const l of shared) expect(l.sops.map((s) => s.path.split('/').pop())).toEqual(['003_d55e84fb4eb038f4.txt', '004_7105dd040ab457fb.txt']);
    const hits = db.prepare("SELECT sop_id FROM sop_search WHERE sop_search MATCH 'rekapitulasi'").all();
    expect(hits).toHaveLength(1);
  });
});
