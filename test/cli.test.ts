/**
 * The `sop` command as a user runs it (the built CLI): bad input in a batch, exit codes, help,
 * export formats and the legal-basis index.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
    expect(records[0]!.schemaVersion).toBe(1);
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
