/**
 * Batch imports that never lose a file (issue 5), as a records officer runs them: the built CLI on
 * synthetic SOP files (scripts/bench/corpus.ts) killed in the middle and run again, two imports of
 * overlapping folders at once with a reader watching, a read-only database, a full disk, and the
 * stage pool's time limit. Every check is SQL on the database the CLI wrote.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SopError } from '../src/errors.js';
import { importPaths } from '../src/import/importer.js';
import { StagePool } from '../src/import/pool.js';
import { processText, sha256Of } from '../src/import/pipeline.js';
import { openDatabase } from '../src/store/db.js';
import { databaseOcrCache } from '../src/store/ocr-cache.js';
import { recordRows } from '../src/store/rows.js';
import { writeCorpus } from '../scripts/bench/corpus.js';

const cli = fileURLToPath(new URL('../dist/src/cli/sop.js', import.meta.url));
const workerScript = new URL('../dist/src/import/worker.js', import.meta.url);
let dir: string;
/** 300 synthetic SOP text files in folders 0000, 0001, 0002 of 100 each. */
let corpus: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sop-batch-'));
  corpus = join(dir, 'corpus');
  await writeCorpus(corpus, 300, 7, fileURLToPath(new URL('../corpus/', import.meta.url)), 100);
}, 60_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const folder = (i: number): string => join(corpus, String(i).padStart(4, '0'));

function sop(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * Rows that break the store's invariants, by kind; all zero for a sound database: documents whose
 * sop_count differs from their SOPs, parts of SOPs that do not exist, SOPs without their search
 * row, regulations no SOP cites, paths stored twice.
 */
function orphans(db: Database.Database): Record<string, number> {
  const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
  return {
    sopCount: count('SELECT COUNT(*) FROM documents d WHERE sop_count <> (SELECT COUNT(*) FROM sops s WHERE s.document_id = d.id)'),
    sops: count('SELECT COUNT(*) FROM sops WHERE document_id NOT IN (SELECT id FROM documents)'),
    steps: count('SELECT COUNT(*) FROM steps WHERE sop_id NOT IN (SELECT id FROM sops)'),
    fields: count('SELECT COUNT(*) FROM identity_fields WHERE sop_id NOT IN (SELECT id FROM sops)'),
    actors: count('SELECT COUNT(*) FROM actors WHERE sop_id NOT IN (SELECT id FROM sops)'),
    cites: count('SELECT COUNT(*) FROM sop_legal_bases WHERE sop_id NOT IN (SELECT id FROM sops)'),
    items: count('SELECT COUNT(*) FROM list_items WHERE sop_id NOT IN (SELECT id FROM sops)'),
    search: count('SELECT COUNT(*) FROM sops WHERE id NOT IN (SELECT sop_id FROM sop_search)') + count('SELECT COUNT(*) FROM sop_search WHERE sop_id NOT IN (SELECT id FROM sops)'),
    laws: count('SELECT COUNT(*) FROM legal_bases WHERE key NOT IN (SELECT key FROM sop_legal_bases)'),
    paths: count('SELECT COUNT(*) - COUNT(DISTINCT path) FROM documents'),
  };
}

const SOUND = { sopCount: 0, sops: 0, steps: 0, fields: 0, actors: 0, cites: 0, items: 0, search: 0, laws: 0, paths: 0 };

describe('a batch killed and run again', () => {
  it('imports every file exactly once, with no partial record, no orphan row, the OCR cache intact', async () => {
    const db = join(dir, 'killed.db');
    // OCR results of an earlier batch, which the kill must not touch
    const before = openDatabase(db);
    const cache = databaseOcrCache(before);
    const pages = [1, 2, 3].map((n) => [`page-${n}`, { words: [{ text: `kata${n}`, box: { x0: n, y0: 1, x1: n + 10, y1: 9 }, conf: 90 }], meanConfidence: 90 }] as const);
    for (const [key, result] of pages) cache.set(key, result as never);
    before.close();

    const child = spawn(process.execPath, [cli, 'import', corpus, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let printed = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString().split('\n').filter((l) => l.startsWith('ok')).length;
        // files are printed once committed: kill when some groups are in, most files not
        if (printed >= 70 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(child.signalCode).toBe('SIGKILL');

    const killed = new Database(db, { readonly: true });
    const committed = killed.prepare('SELECT COUNT(*) FROM documents').pluck().get() as number;
    expect(killed.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(orphans(killed)).toEqual(SOUND);
    killed.close();
    expect(committed).toBeGreaterThanOrEqual(printed);
    expect(committed).toBeLessThan(300);

    const again = sop('import', corpus, '--db', db);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(new RegExp(`imported ${300 - committed}, partial 0, failed 0, duplicate 0, unchanged ${committed}`));

    const done = openDatabase(db);
    expect(done.prepare("SELECT status, COUNT(*) AS n FROM documents GROUP BY status").all()).toEqual([{ status: 'imported', n: 300 }]);
    expect(done.prepare('SELECT COUNT(*) FROM sops').pluck().get()).toBe(300);
    expect(orphans(done)).toEqual(SOUND);
    const kept = databaseOcrCache(done);
    for (const [key, result] of pages) expect(kept.get(key)).toEqual(result);
    done.close();
  }, 120_000);
});

describe('two imports of overlapping folders at once', () => {
  it('store each file once, never fail on the lock, and a reader sees whole documents throughout', async () => {
    const db = join(dir, 'shared.db');
    openDatabase(db).close();
    const run = (folders: string[]): Promise<{ code: number | null; out: string; err: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [cli, 'import', ...folders, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.on('exit', (code) => resolve({ code, out, err }));
      });
    const reader = new Database(db, { readonly: true });
    reader.pragma('busy_timeout = 5000');
    // one statement reads one snapshot: a committed document always has all its SOPs and search rows
    const broken = reader.prepare(`SELECT
        (SELECT COUNT(*) FROM documents d WHERE sop_count <> (SELECT COUNT(*) FROM sops s WHERE s.document_id = d.id))
      + (SELECT COUNT(*) FROM sops WHERE id NOT IN (SELECT sop_id FROM sop_search))`).pluck();
    let reads = 0;
    let inconsistent = 0;
    let running = true;
    const watching = (async () => {
      while (running) {
        inconsistent += broken.get() as number;
        reads++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const [a, b] = await Promise.all([run([folder(0), folder(1)]), run([folder(1), folder(2)])]);
    running = false;
    await watching;
    reader.close();

    expect(a.err + b.err).not.toMatch(/locked|busy/i);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(reads).toBeGreaterThan(10);
    expect(inconsistent).toBe(0);
    const store = openDatabase(db);
    expect(store.prepare('SELECT COUNT(*) FROM documents').pluck().get()).toBe(300);
    expect(store.prepare("SELECT COUNT(*) FROM documents WHERE status = 'imported'").pluck().get()).toBe(300);
    expect(store.prepare('SELECT COUNT(*) FROM sops').pluck().get()).toBe(300);
    expect(orphans(store)).toEqual(SOUND);
    store.close();
  }, 120_000);
});

/** Runs the CLI as the unprivileged user `nobody` when this is root (root writes whatever the modes say). */
function sopAsUser(...args: string[]): { code: number | null; out: string; err: string } {
  const asRoot = process.getuid?.() === 0;
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('a database that cannot be written', () => {
  it('read-only: a clear error, nothing written', () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    // the unprivileged user must reach the folder to find the database in it
    chmodSync(dir, 0o755);
    const db = join(ro, 'sop.db');
    expect(sop('import', folder(0), '--db', db).code).toBe(0);
    chmodSync(db, 0o444);
    chmodSync(ro, 0o555);
    const r = sopAsUser('import', folder(1), '--db', db);
    chmodSync(ro, 0o755);
    chmodSync(db, 0o644);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^sop: cannot write to the database .*sop\.db: it is read-only \(SQLITE_READONLY/m);
    const store = new Database(db, { readonly: true });
    expect(store.prepare('SELECT COUNT(*) FROM documents').pluck().get()).toBe(100);
    expect(orphans(store)).toEqual(SOUND);
    store.close();
  });

  it('a full disk: the library throws SQLITE_FULL and keeps the groups written before whole', async () => {
    const db = openDatabase(join(dir, 'capped.db'));
    // a database that may not grow past its size now plus about 1 MiB: the same error as a full disk
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + Math.ceil(2 ** 20 / pageSize)}`);
    const reported: string[] = [];
    await expect(importPaths(db, [folder(0), folder(1)], { threads: 2, workerScript, groupSize: 16, onFile: (f) => reported.push(f.path) })).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    const stored = db.prepare('SELECT COUNT(*) FROM documents').pluck().get() as number;
    expect(stored).toBe(reported.length);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(200);
    expect(orphans(db)).toEqual(SOUND);
    db.close();
  }, 60_000);

  const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  it.skipIf(!canMount)('a full disk (a 3 MiB tmpfs): a clear error from the CLI, the groups before it kept whole', () => {
    const mnt = join(dir, 'small');
    mkdirSync(mnt);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt]);
    if (mounted.status !== 0) {
      // a container may forbid mounting even to root: the library test above covers SQLITE_FULL
      expect(mounted.stderr.toString()).toMatch(/permission|not permitted|denied/i);
      return;
    }
    try {
      const r = sop('import', corpus, '--db', join(mnt, 'sop.db'));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^sop: cannot write to the database .*sop\.db: the disk is full \(SQLITE_FULL.*; the (\d+) files reported above are stored/m);
      const reported = Number(/the (\d+) files reported above/.exec(r.err)![1]);
      const store = new Database(join(mnt, 'sop.db'), { readonly: true });
      expect(store.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(store.prepare('SELECT COUNT(*) FROM documents').pluck().get()).toBe(reported);
      expect(orphans(store)).toEqual(SOUND);
      store.close();
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});

describe('the stage pool', () => {
  it('gives the rows the store would make in this thread, and typed errors', async () => {
    const pool = new StagePool(2, workerScript);
    try {
      const files = readdirSync(folder(2)).slice(0, 6).map((f) => join(folder(2), f));
      for (const path of files) {
        const bytes = readFileSync(path);
        const sha = sha256Of(bytes);
        const there = await pool.run(path, bytes, sha, {}, 30_000);
        const here = processText(path, bytes, sha);
        expect(there.rows).toEqual(here.records.map(recordRows));
        expect(there.status).toBe(here.status);
      }
      await expect(pool.run('empty.txt', new Uint8Array(), sha256Of(new Uint8Array()), {}, 30_000)).rejects.toMatchObject({ code: 'empty' });
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('counts a file\'s time limit from when its worker starts it, not while it waits behind another', async () => {
    const pool = new StagePool(1, workerScript);
    try {
      const slow = new TextEncoder().encode('1\tMenyusun laporan keuangan\t□\t\tDokumen\t10 menit\tLaporan\t\n'.repeat(90_000));
      const next = readFileSync(join(folder(0), readdirSync(folder(0))[0]!));
      const t0 = Date.now();
      const first = pool.run('slow.txt', slow, sha256Of(slow), {}, 60_000);
      // a limit that a seed file meets with room on a loaded machine, and that the slow file outlasts
      const limit = 1500;
      const second = pool.run('next.txt', next, sha256Of(next), {}, limit);
      await first.catch(() => undefined);
      // the second file waited longer than its own limit, and still ran to the end
      expect(Date.now() - t0).toBeGreaterThan(limit);
      expect((await second).rows).toHaveLength(1);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('answers a text file posted behind a DOCX, whose reading awaits, without a timeout (issue 12)', async () => {
    const pool = new StagePool(1, workerScript);
    try {
      const docx = readFileSync(fileURLToPath(new URL('../fixtures/renditions/000_64e8e44553c70391.docx', import.meta.url)));
      const text = readFileSync(join(folder(0), readdirSync(folder(0))[0]!));
      const first = pool.run('a.docx', docx, sha256Of(docx), {}, 30_000);
      const second = pool.run('b.txt', text, sha256Of(text), {}, 3_000);
      const third = pool.run('c.txt', text, sha256Of(text), {}, 3_000);
      expect((await first).rows).toHaveLength(1);
      expect((await second).rows).toHaveLength(1);
      expect((await third).rows).toHaveLength(1);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('imports a folder of DOCX and text files mixed, each file once, none stopped (issue 12)', async () => {
    const mixed = join(dir, 'mixed');
    mkdirSync(mixed);
    const renditions = fileURLToPath(new URL('../fixtures/renditions/', import.meta.url));
    for (const seed of ['000_64e8e44553c70391', '003_d55e84fb4eb038f4']) writeFileSync(join(mixed, `${seed}.docx`), readFileSync(join(renditions, `${seed}.docx`)));
    for (const name of readdirSync(folder(2)).slice(0, 6)) writeFileSync(join(mixed, name), readFileSync(join(folder(2), name)));
    const db = openDatabase(':memory:');
    try {
      const report = await importPaths(db, [mixed], { threads: 1, workerScript, fileTimeLimitMs: 5_000 });
      expect(report.counts).toMatchObject({ imported: 8, failed: 0 });
    } finally {
      db.close();
    }
  }, 60_000);

  it('stops a file past its deadline with a timeout and goes on with the next', async () => {
    const pool = new StagePool(1, workerScript);
    try {
      // 8 MB of a table row repeated: seconds of segmentation
      const slow = new TextEncoder().encode('1\tMenyusun laporan keuangan\t□\t\tDokumen\t10 menit\tLaporan\t\n'.repeat(120_000));
      const t0 = Date.now();
      const stopped = pool.run('slow.txt', slow, sha256Of(slow), {}, 300);
      const next = readFileSync(join(folder(0), readdirSync(folder(0))[0]!));
      const after = pool.run('next.txt', next, sha256Of(next), {}, 30_000);
      await expect(stopped).rejects.toBeInstanceOf(SopError);
      await expect(stopped).rejects.toMatchObject({ code: 'timeout' });
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect((await after).rows).toHaveLength(1);
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('hostile and odd input in a batch', () => {
  it('each file handled in bounded time with a recorded reason; nothing from the input executed', () => {
    const batch = join(dir, 'hostile');
    mkdirSync(batch);
    const sample = readdirSync(folder(0))[0]!;
    const text = readFileSync(join(folder(0), sample));
    // names with spaces and non-ASCII letters
    writeFileSync(join(batch, 'SOP Pelayanan Surat – Kecamatan Ngúter.txt'), text);
    // invalid UTF-8: a legacy Windows-1252 export (curly quotes and dashes are bytes 0x91–0x97)
    const legacy = `${text.toString('utf8').replace(/□/g, 'v')}\nCatatan: disusun oleh Tim ‘Reformasi Birokrasi’ – revisi ke-2\n`;
    writeFileSync(join(batch, 'cp1252.txt'), iconv.encode(legacy, 'windows-1252'));
    // HTML with a script that would leave a file behind if anything ran it
    const marker = join(dir, 'script-ran');
    writeFileSync(join(batch, 'page.html'), `<html><head><script>require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')</script></head><body><script>process.exit(3)</script><pre>${text.toString('utf8')}</pre><img src=x onerror="process.exit(4)"></body></html>`);
    // 200 MB of text (sparse: no disk used), refused from its size before reading
    writeFileSync(join(batch, 'huge.txt'), '');
    truncateSync(join(batch, 'huge.txt'), 200 * 2 ** 20);
    // a regulation: a legal text that is not an SOP
    writeFileSync(join(batch, 'perbup.txt'), [
      'BUPATI PESISIR SELATAN', 'PROVINSI SUMATERA BARAT', 'PERATURAN BUPATI PESISIR SELATAN', 'NOMOR 8 TAHUN 2016', 'TENTANG',
      'STANDAR OPERASIONAL PROSEDUR ADMINISTRASI PEMERINTAHAN', 'DENGAN RAHMAT TUHAN YANG MAHA ESA', 'BUPATI PESISIR SELATAN,',
      'Menimbang : a. bahwa untuk meningkatkan kualitas penyelenggaraan pemerintahan perlu disusun standar operasional prosedur;',
      'b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Peraturan Bupati;',
      'Mengingat : 1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;',
      '2. Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 Tahun 2012;',
      'MEMUTUSKAN:', 'Menetapkan : PERATURAN BUPATI TENTANG STANDAR OPERASIONAL PROSEDUR.', 'BAB I', 'KETENTUAN UMUM', 'Pasal 1',
      'Dalam Peraturan Bupati ini yang dimaksud dengan:', '1. Daerah adalah Kabupaten Pesisir Selatan.', '2. Bupati adalah Bupati Pesisir Selatan.',
      'Pasal 2', 'Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.', 'Ditetapkan di Painan', 'pada tanggal 4 Januari 2016',
    ].join('\n'));
    const db = join(dir, 'hostile.db');
    const t0 = Date.now();
    const r = sop('import', batch, '--db', db);
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(existsSync(marker)).toBe(false);
    expect(r.code).toBe(1);
    const store = new Database(db, { readonly: true });
    const docs = store.prepare('SELECT path, status, error_code, error FROM documents').all() as Array<{ path: string; status: string; error_code: string | null; error: string | null }>;
    const byName = Object.fromEntries(docs.map((d) => [d.path.split('/').pop(), [d.status, d.error_code]]));
    expect(byName).toEqual({
      'SOP Pelayanan Surat – Kecamatan Ngúter.txt': ['imported', null],
      'cp1252.txt': ['imported', null],
      'page.html': ['imported', null],
      'huge.txt': ['failed', 'too-large'],
      'perbup.txt': ['failed', 'not-sop'],
    });
    expect(docs.find((d) => d.path.endsWith('huge.txt'))!.error).toMatch(/209715200 bytes, over the limit of 52428800/);
    // the script's text is no part of any record
    const json = (store.prepare('SELECT group_concat(record_json) FROM sops').pluck().get() as string);
    expect(json).not.toMatch(/writeFileSync|process\.exit/);
    store.close();
  }, 90_000);
});
