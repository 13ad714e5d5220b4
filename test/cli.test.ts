/**
 * The `sop` command as a user runs it (the built CLI): bad input in a batch, exit codes, help,
 * export formats and the legal-basis index.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.js';

const cli = fileURLToPath(new URL('../dist/src/cli/sop.js', import.meta.url));
const corpus = fileURLToPath(new URL('../corpus/', import.meta.url));
let dir: string;

function sop(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sop-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sop import with bad input', () => {
  it('records each bad file with its reason and imports the others', () => {
    const batch = join(dir, 'batch');
    mkdirSync(batch);
    copyFileSync(join(corpus, '000_64e8e44553c70391.txt'), join(batch, 'good.txt'));
    writeFileSync(join(batch, 'empty.txt'), '');
    writeFileSync(join(batch, 'binary.txt'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]));
    writeFileSync(join(batch, 'truncated.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0]));
    writeFileSync(join(batch, 'letter.txt'), 'Dengan hormat,\n\nBersama ini kami sampaikan undangan rapat koordinasi pada hari Senin.\n\nHormat kami,\nSekretaris\n');
    writeFileSync(join(batch, 'identity-only.txt'), 'PEMERINTAH KABUPATEN PESISIR SELATAN\nNomor SOP\t800/01/2024\nTanggal Pembuatan\t1 Maret 2024\nNama SOP\tPelayanan Surat\nDasar Hukum\n1. UU Nomor 23 Tahun 2014 tentang Pemerintahan Daerah\n');
    const db = join(dir, 'bad.db');
    const r = sop('import', batch, join(dir, 'missing.txt'), '--db', db);
    expect(r.code).toBe(1);
    const line = (name: string): string => r.out.split('\n').find((l) => l.includes(name)) ?? '';
    expect(line('good.txt')).toMatch(/^ok /);
    expect(line('empty.txt')).toMatch(/FAILED .*empty\.txt: the file is empty/);
    expect(line('binary.txt')).toMatch(/FAILED .*binary\.txt: the file holds binary data/);
    expect(line('truncated.png')).toMatch(/FAILED .*truncated\.png: the PNG image cannot be decoded/);
    expect(line('letter.txt')).toMatch(/FAILED .*letter\.txt: no SOP found/);
    expect(line('identity-only.txt')).toMatch(/PARTIAL .*identity-only\.txt/);
    expect(r.out).toMatch(/no procedure table/);
    expect(line('missing.txt')).toMatch(/FAILED .*missing\.txt: no such file or directory/);
    const store = openDatabase(db);
    const docs = store.prepare('SELECT path, status, error_code FROM documents ORDER BY path').all() as Array<{ path: string; status: string; error_code: string | null }>;
    store.close();
    const byName = Object.fromEntries(docs.map((d) => [d.path.split('/').pop(), [d.status, d.error_code]]));
    expect(byName).toEqual({
      'binary.txt': ['failed', 'binary'], 'empty.txt': ['failed', 'empty'], 'good.txt': ['imported', null], 'truncated.png': ['failed', 'invalid-image'],
      'identity-only.txt': ['partial', 'no-procedure'], 'letter.txt': ['failed', 'not-sop'], 'missing.txt': ['failed', 'not-found'],
    });
  });

  it('reports a symlink loop and goes on', () => {
    const loop = join(dir, 'loop');
    mkdirSync(loop);
    copyFileSync(join(corpus, '002_73c36ed984910bbc.txt'), join(loop, 'sop.txt'));
    symlinkSync(loop, join(loop, 'again'));
    symlinkSync(join(loop, 'nowhere'), join(loop, 'dangling.txt'));
    const r = sop('import', loop, '--db', join(dir, 'loop.db'));
    expect(r.out).toMatch(/ok +.*sop\.txt/);
    expect(r.out).toMatch(/FAILED .*dangling\.txt/);
    expect(r.out.match(/sop\.txt/g)).toHaveLength(1);
    expect(r.code).toBe(1);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable directory and goes on', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o000);
    const r = sop('import', locked, join(corpus, '001_51dbded0528e22f1.txt'), '--db', join(dir, 'locked.db'));
    chmodSync(locked, 0o755);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAILED .*locked: directory cannot be read/);
    expect(r.out).toMatch(/ok +.*001_51dbded0528e22f1\.txt/);
  });
});

describe('sop commands on the corpus', () => {
  const db = (): string => join(dir, 'corpus.db');
  beforeAll(() => {
    const r = sop('import', corpus, '--db', join(dir, 'corpus.db'));
    expect(r.code).toBe(0);
  });

  it('prints a line per SOP and a total, and exits 0', () => {
    const r = sop('import', corpus, '--db', join(dir, 'fresh.db'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ok +\S*000_64e8e44553c70391\.txt \| Pemantauan Kinerja \| 13 steps \| 2 legal bases/);
    expect(r.out).toMatch(/total: 5 files, 5 SOPs \| imported 5/);
  });

  it('exports JSON and JSONL records', () => {
    const json = join(dir, 'out', 'sop.json');
    expect(sop('export', '--db', db(), '--out', json).code).toBe(0);
    const records = JSON.parse(readFileSync(json, 'utf8')) as Array<{ schemaVersion: number; source: { path: string } }>;
    expect(records).toHaveLength(5);
    expect(records[0]!.schemaVersion).toBe(2);
    const lines = sop('export', '--db', db(), '--format', 'jsonl').out.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[4]!).identity.title).toBe('Mekanisme Pengumpulan Data Kinerja');
  });

  it('lists, shows and indexes legal bases', () => {
    const list = JSON.parse(sop('list', '--db', db(), '--json').out) as Array<{ title: string }>;
    expect(list.map((s) => s.title)).toContain('Pengukuran Kinerja');
    const shown = JSON.parse(sop('show', '003_d55e84fb4eb038f4.txt', '--db', db(), '--json').out) as { identity: { number: string } };
    expect(shown.identity.number).toBe('900/ 069/411.034/2021');
    expect(sop('show', '900/ 069/411.034/2021', '--db', db()).out).toMatch(/Mekanisme Monitoring Kinerja Secara Periodik/);
    const shared = JSON.parse(sop('legal-bases', '--shared', '--db', db(), '--json').out) as Array<{ key: string; sops: unknown[] }>;
    expect(shared.map((l) => [l.key, l.sops.length])).toEqual([['permen:panrb:29:2010', 2], ['permen:panrb:35:2012', 2]]);
    expect(sop('legal-bases', '--db', db()).out).toMatch(/15 regulations/);
  });

  it('says what is wrong: unknown SOP, missing database, usage errors (exit 2)', () => {
    expect(sop('show', 'nothing-like-this', '--db', db())).toMatchObject({ code: 1, err: expect.stringMatching(/no SOP matches/) });
    expect(sop('list', '--db', join(dir, 'none.db'))).toMatchObject({ code: 1, err: expect.stringMatching(/no database at/) });
    expect(sop('import').code).toBe(2);
    expect(sop('frobnicate').code).toBe(2);
    expect(sop('export', '--db', db(), '--format', 'xml').code).toBe(2);
    expect(sop('import', corpus, '--concurrency', 'zero').code).toBe(2);
    expect(sop('import', corpus, '--ocr-engine', 'cuneiform')).toMatchObject({ code: 2, err: expect.stringMatching(/Allowed choices are auto, native, wasm/) });
  });

  it.each(['import', 'list', 'show', 'export', 'legal-bases'])('has --help for %s', (cmd) => {
    const r = sop(cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`Usage: sop ${cmd}`));
  });
});

describe('the small things (issue 12)', () => {
  const db = (): string => join(dir, 'small.db');
  beforeAll(() => {
    expect(sop('import', corpus, '--db', db()).code).toBe(0);
  });

  it('refuses an over-long reference in one line', () => {
    const long = 'x'.repeat(120 * 1024);
    for (const args of [['show', long], ['compare', long, '001_51dbded0528e22f1.txt']]) {
      const r = sop(...args, '--db', db());
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^sop: the reference has 122880 characters, more than an id, Nomor SOP or file path can have \(4096\): give one of those\n$/);
    }
  });

  it('export-tables: an .xlsx --out is a workbook, and a file given to the CSV export is a clear error', () => {
    const book = join(dir, 'tables.xlsx');
    writeFileSync(book, 'an older export');
    expect(sop('export-tables', '--out', book, '--db', db())).toMatchObject({ code: 0, out: expect.stringMatching(/sops: 5 rows.*→ .*tables\.xlsx/) });
    expect(readFileSync(book).subarray(0, 2).toString()).toBe('PK');
    const r = sop('export-tables', '--format', 'csv', '--out', book, '--db', db());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^sop: .*tables\.xlsx is a file: the CSV export writes a folder of files/);
    expect(r.err).not.toMatch(/EEXIST/);
  });

  it('passes over the database kept in the folder it imports', () => {
    const folder = join(dir, 'with-db');
    mkdirSync(folder);
    copyFileSync(join(corpus, '002_73c36ed984910bbc.txt'), join(folder, 'sop.txt'));
    const inside = join(folder, 'sop.db');
    expect(sop('import', folder, '--db', inside).out).toMatch(/total: 1 files, 1 SOPs \| imported 1, .*skipped 0/);
    expect(sop('import', folder, '--db', inside).out).toMatch(/total: 1 files, 1 SOPs \| imported 0, .*unchanged 1, skipped 0/);
    const store = openDatabase(inside);
    expect(store.prepare('SELECT COUNT(*) FROM documents').pluck().get()).toBe(1);
    store.close();
  });

  it('creates no database when nothing named exists', () => {
    const none = join(dir, 'never.db');
    const r = sop('import', join(dir, 'nonexistent'), '--db', none);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^sop: nothing to import: .*nonexistent: no such file or directory/);
    expect(existsSync(none)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('never'))).toEqual([]);
  });

  it('prints its version', () => {
    const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    expect(sop('--version')).toMatchObject({ code: 0, out: `${version}\n` });
  });
});

describe('finding failures after an import (issue 12)', () => {
  const batch = (): string => join(dir, 'failures');
  const db = (): string => join(dir, 'failures.db');
  beforeAll(() => {
    mkdirSync(batch());
    copyFileSync(join(corpus, '000_64e8e44553c70391.txt'), join(batch(), 'good.txt'));
    writeFileSync(join(batch(), 'letter.txt'), 'Dengan hormat,\n\nBersama ini kami sampaikan undangan rapat koordinasi pada hari Senin.\n');
    writeFileSync(join(batch(), 'identity-only.txt'), 'PEMERINTAH KABUPATEN PESISIR SELATAN\nNomor SOP\t800/01/2024\nTanggal Pembuatan\t1 Maret 2024\nNama SOP\tPelayanan Surat\nDasar Hukum\n1. UU Nomor 23 Tahun 2014 tentang Pemerintahan Daerah\n');
    writeFileSync(join(batch(), 'notes.odt'), 'not a supported type');
    expect(sop('import', batch(), '--db', db()).code).toBe(1);
  });

  it('sop status lists the failed, partial and skipped files with their reasons, and filters them', () => {
    const all = JSON.parse(sop('status', '--db', db(), '--json').out) as { counts: Record<string, number>; documents: Array<{ path: string; status: string; errorCode: string; error: string }> };
    expect(all.counts).toEqual({ imported: 1, partial: 1, failed: 1, skipped: 1 });
    expect(all.documents.map((d) => [d.path.split('/').pop(), d.status, d.errorCode])).toEqual([
      ['identity-only.txt', 'partial', 'no-procedure'], ['letter.txt', 'failed', 'not-sop'], ['notes.odt', 'skipped', 'unsupported'],
    ]);
    const failed = sop('status', '--failed', '--db', db());
    expect(failed.code).toBe(0);
    expect(failed.out).toMatch(/^4 files: imported 1, partial 1, failed 1, duplicate 0, skipped 1$/m);
    expect(failed.out).toMatch(/failed +│ not-sop +│ .*letter\.txt +│ no SOP found/);
    expect(failed.out).not.toMatch(/identity-only|notes\.odt/);
    expect(sop('status', '--partial', '--skipped', '--db', db()).out).toMatch(/2 partial\/skipped file\(s\)/);
  });

  it('sop show tells why a file holds no SOP', () => {
    const r = sop('show', 'letter.txt', '--db', db());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^sop: .*letter\.txt holds no SOP: failed \(not-sop\): no SOP found/);
  });

  it('a file that failed with the same bytes is not read again unless --retry-failed', () => {
    const before = openDatabase(db());
    const stamp = (): unknown => before.prepare("SELECT imported_at FROM documents WHERE path LIKE '%letter.txt'").pluck().get();
    const first = stamp();
    const again = sop('import', batch(), '--db', db());
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^same +\S*letter\.txt: failed before \(not-sop\): no SOP found/m);
    expect(again.out).toMatch(/unchanged 3 \(1 failed before: not read again, --retry-failed reads them\)/);
    expect(stamp()).toBe(first);
    const retried = sop('import', batch(), '--retry-failed', '--db', db());
    expect(retried.code).toBe(1);
    expect(retried.out).toMatch(/^FAILED +\S*letter\.txt: no SOP found/m);
    expect(stamp()).not.toBe(first);
    before.close();
  });
});
