/**
 * The store as records officers and auditors meet it through the built CLI (issue 12): a file is
 * one document whatever path spelling reached it, and a read-only database answers every query.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processText, sha256Of } from '../src/import/pipeline.js';
import { importPaths } from '../src/import/importer.js';
import { openDatabase } from '../src/store/db.js';
import { saveDocuments } from '../src/store/write.js';
import { writeCorpus } from '../scripts/bench/corpus.js';

const cli = fileURLToPath(new URL('../dist/src/cli/sop.js', import.meta.url));
const corpus = fileURLToPath(new URL('../corpus/', import.meta.url));
let dir: string;

function sop(cwd: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Runs the CLI as the unprivileged user `nobody` when this is root (root writes whatever the modes say). */
function sopAsUser(cwd: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const asRoot = process.getuid?.() === 0;
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd, ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'sop-cli-store-')));
  chmodSync(dir, 0o755);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('path identities', () => {
  it('one file reached by two spellings and a link is one document; cites and stats count it once', () => {
    const work = join(dir, 'spellings');
    mkdirSync(join(work, 'docs'), { recursive: true });
    copyFileSync(join(corpus, '003_d55e84fb4eb038f4.txt'), join(work, 'docs', 'a.txt'));
    expect(sop(work, 'import', 'docs', '--db', 'sop.db').code).toBe(0);
    writeFileSync(join(work, 'docs', 'a.txt'), readFileSync(join(work, 'docs', 'a.txt'), 'utf8').replace('Mekanisme Monitoring', 'Mekanisme Pemantauan'));
    const again = sop(work, 'import', join(work, 'docs'), join(work, 'docs', '..', 'docs', 'a.txt'), '--db', 'sop.db');
    expect(again.out).toMatch(/total: 1 files, 1 SOPs \| imported 1/);
    symlinkSync(join(work, 'docs', 'a.txt'), join(work, 'link.txt'));
    expect(sop(work, 'import', '.', '--db', 'sop.db').out).toMatch(/total: 1 files, 1 SOPs \| imported 0, .*unchanged 1, skipped 0/);
    const list = JSON.parse(sop(work, 'list', '--db', 'sop.db', '--json').out) as Array<{ path: string; title: string }>;
    expect(list.map((s) => [s.path, s.title])).toEqual([[join(work, 'docs', 'a.txt'), 'Mekanisme Pemantauan Kinerja Secara Periodik']]);
    const cites = JSON.parse(sop(work, 'cites', 'PP 60/2008', '--db', 'sop.db', '--json').out) as { regulations: Array<{ total: number }> };
    expect(cites.regulations[0]!.total).toBe(1);
    expect((JSON.parse(sop(work, 'stats', '--db', 'sop.db', '--json').out) as { sops: number }).sops).toBe(1);
    expect(sop(work, 'show', 'docs/a.txt', '--db', 'sop.db').out).toMatch(/Mekanisme Pemantauan Kinerja/);
  });

  it('a database made before paths were identities: relative paths become real paths at the next import', async () => {
    const file = join(dir, 'legacy', 'a.txt');
    mkdirSync(join(dir, 'legacy'));
    copyFileSync(join(corpus, '004_7105dd040ab457fb.txt'), file);
    const db = openDatabase(join(dir, 'legacy.db'));
    try {
      const bytes = readFileSync(file);
      const given = relative(process.cwd(), file);
      saveDocuments(db, [{ path: given, sha256: sha256Of(bytes), size: bytes.length, format: 'text', status: 'imported', errorCode: null, error: null, records: processText(given, bytes, sha256Of(bytes)).records }]);
      // what migration 004 leaves for the next import of a database made before it
      db.prepare("INSERT OR IGNORE INTO pending_backfills (name) VALUES ('canonical-paths')").run();
      const report = await importPaths(db, [join(dir, 'legacy')]);
      expect(report.counts).toMatchObject({ unchanged: 1, imported: 0 });
      const rows = db.prepare("SELECT d.path, json_extract(s.record_json, '$.source.path') AS source FROM documents d JOIN sops s ON s.document_id = d.id").all();
      expect(rows).toEqual([{ path: file, source: file }]);
    } finally {
      db.close();
    }
  });
});

describe('a read-only database', () => {
  it.each([
    ['a read-only file', false],
    ['a folder the auditor cannot write', true],
  ])('%s answers every query and is never written', (_name, lockFolder) => {
    const folder = join(dir, lockFolder ? 'ro-folder' : 'ro-file');
    mkdirSync(folder);
    const db = join(folder, 'sop.db');
    expect(sop(dir, 'import', corpus, '--db', db).code).toBe(0);
    const before = readFileSync(db);
    chmodSync(db, 0o444);
    if (lockFolder) chmodSync(folder, 0o555);
    try {
      for (const args of [['list'], ['show', '003_d55e84fb4eb038f4.txt'], ['export'], ['legal-bases', '--shared'], ['cites', 'PP', '60/2008'], ['stats'], ['search', 'memantau'], ['similar'], ['check', '--summary'], ['compare', '001_51dbded0528e22f1.txt', '002_73c36ed984910bbc.txt']]) {
        const r = sopAsUser(dir, ...args, '--db', db);
        expect([args[0], r.code, r.err]).toEqual([args[0], 0, '']);
      }
    } finally {
      chmodSync(folder, 0o755);
      chmodSync(db, 0o644);
    }
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('an older database is refused with what to do, and `sop upgrade` brings it up to date', () => {
    const db = join(dir, 'old.db');
    expect(sop(dir, 'import', join(corpus, '000_64e8e44553c70391.txt'), '--db', db).code).toBe(0);
    const store = openDatabase(db);
    store.prepare("INSERT OR IGNORE INTO pending_backfills (name) VALUES ('search-stems')").run();
    store.close();
    const refused = sop(dir, 'stats', '--db', db);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/written by an older version of sop .*run "sop upgrade --db .*old\.db" once where it can be written/);
    const upgraded = sop(dir, 'upgrade', '--db', db);
    expect(upgraded.code).toBe(0);
    expect(upgraded.out).toMatch(/up to date/);
    expect(sop(dir, 'stats', '--db', db).code).toBe(0);
  });
});

describe('a damaged database', () => {
  it('every export says so in one line, exit 1, and leaves no file behind', async () => {
    const files = join(dir, 'damaged-corpus');
    await writeCorpus(files, 150, 3, corpus);
    const db = join(dir, 'damaged.db');
    expect(sop(dir, 'import', files, '--db', db).code).toBe(0);
    // the middle fifth of the file overwritten: record pages the exports meet after writing some
    const size = statSync(db).size;
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(Math.floor(size / 5), 7), 0, Math.floor(size / 5), Math.floor((size * 2) / 5 / 4096) * 4096);
    closeSync(fd);
    const out = join(dir, 'damaged-out');
    for (const args of [['export', '--out', join(out, 'sop.json')], ['export', '--format', 'jsonl', '--out', join(out, 'sop.jsonl')], ['export-tables', '--out', join(out, 'csv')], ['export-tables', '--format', 'xlsx', '--out', join(out, 'sop.xlsx')]]) {
      const r = sop(dir, ...args, '--db', db);
      expect([args.join(' '), r.code, r.err]).toEqual([args.join(' '), 1, expect.stringMatching(/^sop: [^\n]*database disk image is malformed[^\n]*\n$/)]);
    }
    const left = existsSync(out) ? readdirSync(out, { recursive: true }).map(String).filter((f) => !statSync(join(out, f)).isDirectory()) : [];
    expect(left).toEqual([]);
  }, 60_000);
});
