/**
 * Imports on many machines (issue 15), with a real Redis (helpers/redis.ts: Debian's redis-server
 * on a free local port, with a password, keeping nothing across a restart) and the built CLI: `sop
 * worker` processes and a `sop import --queue` collector, as IT staff would run them. No mock
 * queue: BullMQ against the real server. Skipped, saying why, without redis-server.
 *
 * - the bundled corpus, the seed renditions (scans through OCR), the spreadsheets and a page
 *   series give byte-identical exports through the queue and in-process; the OCR results travel;
 * - a worker SIGKILLed mid-job: the job is taken again, every file stored once; a file that stops
 *   two workers is recorded `worker-lost`;
 * - the collector SIGKILLed mid-batch, then run again: every file exactly once, no job left;
 * - Redis stopped and started mid-batch: the import waits and finishes; left stopped, the import
 *   stops after --queue-wait with a clear message, and a re-run after Redis is back finishes;
 * - security: a wrong password is said at once without being printed; jobs hold paths and hashes,
 *   never bytes or the password; a worker refuses paths outside its --root; rediss:// (TLS) with a
 *   private authority, refused without it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Job, Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256Of } from '../src/import/pipeline.js';
import { closeDatabase, openDatabase } from '../src/store/db.js';
import { KEY_PREFIX, queueName } from '../src/queue/jobs.js';
import { packageVersion } from '../src/cli/common.js';
import { writeCorpus } from '../scripts/bench/corpus.js';
import { makeTlsFiles, redisMissing, startRedis, type LocalRedis } from '../scripts/lib/redis-server.js';

const why = redisMissing;
if (why) process.stderr.write(`queue.test.ts: skipped: ${why}\n`);
const cli = fileURLToPath(new URL('../dist/src/cli/sop.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const corpus = fileURLToPath(new URL('../corpus/', import.meta.url));
const SCAN = '000_64e8e44553c70391.scan.jpg';

/** A process of the CLI, its output gathered. */
interface Run {
  proc: ChildProcess;
  out: string;
  err: string;
  exited: Promise<number | null>;
}

const running: Run[] = [];

function start(args: string[], env: Record<string, string> = {}): Run {
  const proc = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const run: Run = { proc, out: '', err: '', exited: new Promise((resolve) => proc.on('exit', (code) => resolve(code))) };
  proc.stdout!.on('data', (c: Buffer) => (run.out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (run.err += c.toString()));
  running.push(run);
  return run;
}

/** Resolves once `test` holds, checking every 100 ms; rejects after `ms`. */
async function until(test: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function sop(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Documents by status, and the checks of a sound store (each path once, every document's SOPs there). */
function stored(db: string): { byStatus: Record<string, number>; paths: number; docs: number; badCounts: number } {
  const d = new Database(db, { readonly: true });
  try {
    const byStatus = Object.fromEntries((d.prepare('SELECT status, COUNT(*) AS n FROM documents GROUP BY status').all() as Array<{ status: string; n: number }>).map((r) => [r.status, r.n]));
    return {
      byStatus,
      docs: d.prepare('SELECT COUNT(*) FROM documents').pluck().get() as number,
      paths: d.prepare('SELECT COUNT(DISTINCT path) FROM documents').pluck().get() as number,
      badCounts: d.prepare('SELECT COUNT(*) FROM documents x WHERE sop_count <> (SELECT COUNT(*) FROM sops s WHERE s.document_id = x.id)').pluck().get() as number,
    };
  } finally {
    d.close();
  }
}

describe.skipIf(!!why)(`imports through a BullMQ queue${why ? ` (skipped: ${why})` : ''}`, () => {
  let redis: LocalRedis;
  let dir: string;
  let queue: Queue;
  const name = queueName(packageVersion());

  beforeAll(async () => {
    redis = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'sop-queue-'));
    queue = new Queue(name, { connection: redis.client(), prefix: KEY_PREFIX });
    // Redis is stopped on purpose below: the test's own queue waits for it quietly
    queue.on('error', () => undefined);
  });
  afterEach(async () => {
    for (const r of running.splice(0)) if (r.proc.exitCode === null && r.proc.signalCode === null) r.proc.kill('SIGKILL');
    // a test that failed with Redis stopped leaves it stopped
    await redis.start();
    await redis.client().flushall();
  });
  afterAll(async () => {
    await queue?.close();
    await redis?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A worker process under `root`, given the URL in SOP_QUEUE (out of `ps`'s sight). */
  const worker = (root: string, ...extra: string[]): Run => start(['worker', '--root', root, ...extra], { SOP_QUEUE: redis.url });
  /**
   * A worker whose killed job is taken again within seconds (`--stalled-after 5`; a busy machine
   * that holds a live worker's thread longer than that makes it look dead: only where one is killed).
   */
  const mortal = (root: string): Run => worker(root, '--stalled-after', '5');
  const activeJobs = async (): Promise<Job[]> => queue.getActive();

  it('gives the same records as the in-process import: corpus, renditions (OCR), spreadsheets, a page series; OCR results travel', async () => {
    const root = join(dir, 'same');
    for (const [from, to] of [[corpus, 'corpus'], [join(fixtures, 'renditions'), 'renditions'], [join(fixtures, 'spreadsheets'), 'spreadsheets']] as const) {
      mkdirSync(join(root, to), { recursive: true });
      for (const f of readdirSync(from)) copyFileSync(join(from, f), join(root, to, f));
    }
    // an identity page and a procedure page of one SOP (import/parts.ts)
    mkdirSync(join(root, 'series'));
    writeFileSync(join(root, 'series', '01_permohonan-p1.txt'), ['PEMERINTAH KABUPATEN CONTOH', 'Nomor SOP\t800/12/SOP/2016', 'Tanggal Pembuatan\t28 Juli 2016', 'Nama SOP\tPermohonan Informasi', 'Dasar Hukum\t1. Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik'].join('\n'));
    writeFileSync(join(root, 'series', '02_permohonan-p2.txt'), ['No\tUraian Prosedur\tPemohon\tPetugas\tKelengkapan\tWaktu\tOutput', '1\tMengisi formulir\t□\t\tKTP\t1 hari\tFormulir', '2\tMenerima formulir\t\t□\tFormulir\t1 hari\tTanda bukti'].join('\n'));
    const workers = [worker(root), worker(root)];
    const queued = join(dir, 'queued.db');
    const viaQueue = start(['import', root, '--db', queued, '--queue', redis.url, '--root', root]);
    const code = await viaQueue.exited;

    // the in-process import, given the OCR results the queue brought back: it must OCR nothing and find the same
    const inProcess = join(dir, 'in-process.db');
    const seeded = openDatabase(inProcess);
    seeded.exec(`ATTACH DATABASE '${queued}' AS queued`);
    expect(seeded.prepare('INSERT INTO ocr_cache SELECT * FROM queued.ocr_cache').run().changes).toBeGreaterThan(15);
    seeded.exec('DETACH DATABASE queued');
    closeDatabase(seeded);
    const local = sop('import', root, '--db', inProcess);
    // same report (lines in completion order differ), same export byte for byte
    const total = (s: string): string | undefined => s.split('\n').find((l) => l.startsWith('total:'));
    const failures = (s: string): string => s.split('\n').filter((l) => l.startsWith('FAILED')).join('\n');
    expect(total(viaQueue.out), `through the queue:\n${failures(viaQueue.out)}\nin-process:\n${failures(local.out)}`).toBe(total(local.out));
    expect(local.code).toBe(code);
    expect(total(viaQueue.out)).toMatch(/imported \d+, partial \d+, failed \d+/);
    const exportOf = (db: string): string => sop('export', '--db', db, '--format', 'json').out;
    const a = exportOf(queued);
    expect(a.length).toBeGreaterThan(100_000);
    expect(a).toBe(exportOf(inProcess));
    const docs = (db: string): unknown[] => {
      const d = new Database(db, { readonly: true });
      const rows = d.prepare('SELECT d.path, d.sha256, d.format, d.status, d.error_code, d.error, d.sop_count, p.path AS part_of FROM documents d LEFT JOIN documents p ON p.id = d.part_of ORDER BY d.path').all();
      d.close();
      return rows;
    };
    expect(docs(queued)).toEqual(docs(inProcess));
    expect((docs(queued) as Array<{ part_of: string | null }>).filter((d) => d.part_of).length).toBe(1);
    // progress on stderr counts the jobs (a plain line every 10 s when not a terminal)
    expect(viaQueue.err).toMatch(/jobs \d+ waiting, \d+ active, \d+ done, \d+ failed/);
    // every scan was OCRed once, on one worker or the other
    const logs = workers.map((w) => w.out).join('');
    expect(logs).toMatch(new RegExp(`renditions/${SCAN.replace(/\./g, '\\.')}, OCR [1-9]\\d* read, 0 from the cache`));

    // a second import on a fresh database OCRs nothing: the results are in Redis
    const again = start(['import', join(root, 'renditions', SCAN), '--db', join(dir, 'again.db'), '--queue', redis.url, '--root', root]);
    expect(await again.exited).toBe(0);
    expect(workers.map((w) => w.out).join('')).toMatch(new RegExp(`renditions/${SCAN.replace(/\./g, '\\.')}, OCR 0 read, [1-9]\\d* from the cache`));
    // and none once Redis has lost them: the database's cache is copied back
    await redis.client().flushall();
    writeFileSync(join(root, 'renditions', `copy-${SCAN}`), Buffer.concat([readFileSync(join(root, 'renditions', SCAN)), Buffer.from([0])]));
    const copied = start(['import', join(root, 'renditions', `copy-${SCAN}`), '--db', queued, '--queue', redis.url, '--root', root]);
    expect(await copied.exited).toBe(0);
    expect(workers.map((w) => w.out).join('')).toMatch(/copy-000_64e8e44553c70391\.scan\.jpg, OCR 0 read, [1-9]\d* from the cache/);
  }, 900_000);

  it('a worker killed mid-job: the job is taken again and every file stored once; a file that stops two workers is recorded worker-lost', async () => {
    const root = join(dir, 'killed-worker');
    mkdirSync(root);
    copyFileSync(join(fixtures, 'renditions', SCAN), join(root, `a-${SCAN}`));
    for (const f of readdirSync(corpus)) copyFileSync(join(corpus, f), join(root, `b-${f}`));
    const db = join(dir, 'killed-worker.db');
    const first = mortal(root);
    const run = start(['import', root, '--db', db, '--queue', redis.url, '--root', root]);
    // the scan comes first (names in order); kill its worker once it holds it
    await until(async () => (await activeJobs()).length > 0, 60_000, 'a job taken');
    first.proc.kill('SIGKILL');
    const second = mortal(root);
    expect(await run.exited).toBe(0);
    expect(stored(db)).toEqual({ byStatus: { imported: 6 }, docs: 6, paths: 6, badCounts: 0 });
    expect(second.out).toContain(`a-${SCAN}`);
    expect(await queue.getJobCounts('waiting', 'active', 'completed', 'failed')).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0 });
    second.proc.kill('SIGKILL');

    // the same file kills two workers one after the other: failed, not tried a third time
    const lethal = join(dir, 'lethal');
    mkdirSync(lethal);
    copyFileSync(join(fixtures, 'renditions', SCAN), join(lethal, SCAN));
    const db2 = join(dir, 'lethal.db');
    const a = mortal(lethal);
    const run2 = start(['import', lethal, '--db', db2, '--queue', redis.url, '--root', lethal]);
    await until(async () => (await activeJobs()).length > 0, 60_000, 'the job taken');
    a.proc.kill('SIGKILL');
    const b = mortal(lethal);
    await until(async () => (await activeJobs()).some((j) => j.attemptsStarted >= 2), 60_000, 'the job taken again');
    b.proc.kill('SIGKILL');
    mortal(lethal);
    expect(await run2.exited).toBe(1);
    expect(run2.out).toMatch(/FAILED .*: the file stopped the worker reading it twice/);
    const status = JSON.parse(sop('status', '--db', db2, '--failed', '--json').out) as { documents: Array<{ errorCode: string }> };
    expect(status.documents.map((d) => d.errorCode)).toEqual(['worker-lost']);
  }, 300_000);

  it('the collector killed mid-batch and run again: every file exactly once, no job left behind', async () => {
    const root = join(dir, 'killed-collector');
    // enough files that the batch is not done when its first commit group is printed
    await writeCorpus(root, 1000, 3, corpus, 100);
    const db = join(dir, 'killed-collector.db');
    worker(root);
    worker(root);
    const run = start(['import', root, '--db', db, '--queue', redis.url, '--root', root]);
    await until(() => run.out.split('\n').filter((l) => l.startsWith('ok')).length >= 40, 120_000, '40 files stored');
    run.proc.kill('SIGKILL');
    await run.exited;
    const before = stored(db).docs;
    expect(before).toBeGreaterThanOrEqual(40);
    expect(before).toBeLessThan(1000);
    const again = start(['import', root, '--db', db, '--queue', redis.url, '--root', root]);
    expect(await again.exited).toBe(0);
    expect(again.out).toMatch(new RegExp(`imported ${1000 - before}, partial 0, failed 0, duplicate 0, unchanged ${before}`));
    expect(stored(db)).toEqual({ byStatus: { imported: 1000 }, docs: 1000, paths: 1000, badCounts: 0 });
    expect(await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed')).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 });
  }, 300_000);

  it('Redis stopped and started mid-batch: the import waits and finishes; left stopped, it stops after --queue-wait and a re-run finishes', async () => {
    const root = join(dir, 'restarts');
    const first = join(root, 'first');
    await writeCorpus(first, 1000, 5, corpus, 100);
    const db = join(dir, 'restarted.db');
    worker(root);
    worker(root);
    const run = start(['import', first, '--db', db, '--queue', redis.url, '--root', root, '--queue-wait', '120']);
    await until(() => run.out.split('\n').filter((l) => l.startsWith('ok')).length >= 30, 120_000, '30 files stored');
    await redis.stop();
    await new Promise((r) => setTimeout(r, 3000));
    await redis.start();
    expect(await run.exited).toBe(0);
    expect(stored(db)).toEqual({ byStatus: { imported: 1000 }, docs: 1000, paths: 1000, badCounts: 0 });

    // left stopped: a clear message after --queue-wait, the files stored kept, a re-run finishes
    // (1000 files: the collector prints its `ok` lines a commit group at a time, about a second's
    // files, and a short batch could be done before Redis is stopped)
    const second = join(root, 'second');
    await writeCorpus(second, 1000, 6, corpus, 100);
    const db2 = join(dir, 'stopped.db');
    const stopped = start(['import', second, '--db', db2, '--queue', redis.url, '--root', root, '--queue-wait', '3']);
    await until(() => stopped.out.split('\n').filter((l) => l.startsWith('ok')).length >= 30, 120_000, '30 files stored');
    await redis.stop();
    const stoppedAt = Date.now();
    expect(await stopped.exited).toBe(1);
    expect(Date.now() - stoppedAt).toBeLessThan(30_000);
    expect(stopped.err).toMatch(/sop: the queue at redis:\/\/127\.0\.0\.1:\d+ has been unreachable for \d+ s \(--queue-wait\): the import stopped/);
    expect(stopped.err).not.toContain(redis.password);
    const kept = stored(db2);
    expect(kept.badCounts).toBe(0);
    await redis.start();
    const rerun = start(['import', second, '--db', db2, '--queue', redis.url, '--root', root]);
    expect(await rerun.exited).toBe(0);
    expect(stored(db2)).toEqual({ byStatus: { imported: 1000 }, docs: 1000, paths: 1000, badCounts: 0 });
    // unreachable from the start: said after --queue-wait
    await redis.stop();
    const none = sop('import', second, '--db', db2, '--queue', redis.url, '--root', root, '--queue-wait', '2');
    await redis.start();
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/cannot be reached .*ECONNREFUSED.*waited 2 s/);
  }, 400_000);

  it('security: a wrong password said at once and never printed; jobs hold paths and hashes only; paths outside a worker\'s --root refused', async () => {
    const root = join(dir, 'secure');
    mkdirSync(root);
    const file = join(root, '000.txt');
    copyFileSync(join(corpus, '000_64e8e44553c70391.txt'), file);
    const wrong = redis.url.replace(redis.password, 'not-the-password');
    const t0 = Date.now();
    const refused = sop('import', root, '--db', join(dir, 'secure.db'), '--queue', wrong, '--root', root);
    expect(refused.code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(refused.err).toMatch(/cannot be reached .*(WRONGPASS|invalid).*refused/);
    expect(refused.err).not.toContain('not-the-password');
    const worse = spawnSync(process.execPath, [cli, 'worker', '--root', root], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, SOP_QUEUE: wrong } });
    expect(worse.status).toBe(1);
    expect(worse.stderr).toMatch(/sop: redis redis:\/\/127\.0\.0\.1:\d+ refused the password/);
    expect(worse.stderr + worse.stdout).not.toContain('not-the-password');

    // a job waiting for a worker: its data is the file's path, its place under the root, hash and size
    const run = start(['import', root, '--db', join(dir, 'secure.db'), '--queue', redis.url, '--root', root]);
    await until(async () => (await queue.getWaitingCount()) > 0, 30_000, 'a job queued');
    const [job] = await queue.getWaiting();
    const raw = await redis.client().hget(`${KEY_PREFIX}:${name}:${job!.id}`, 'data');
    expect(JSON.parse(raw!)).toEqual({ files: [{ path: file, file: '000.txt', sha256: sha256Of(readFileSync(file)), size: readFileSync(file).length }], maxBytes: 50 * 1024 * 1024, maxPages: 100, timeLimitMs: 600_000 });
    expect(raw).not.toContain(redis.password);
    run.proc.kill('SIGKILL');
    await queue.obliterate({ force: true });

    // jobs that point outside the worker's root: refused, not tried again
    const outside = join(dir, 'outside.txt');
    copyFileSync(file, outside);
    symlinkSync(outside, join(root, 'link.txt'));
    worker(root);
    const bytes = readFileSync(outside);
    const entry = (f: string): object => ({ files: [{ path: `/elsewhere/${f}`, file: f, sha256: sha256Of(bytes), size: bytes.length }], maxBytes: 1 << 20, maxPages: 10, timeLimitMs: 60_000 });
    const jobs = await Promise.all(['../outside.txt', 'link.txt', '/etc/hostname'].map((f) => queue.add('import', entry(f), { attempts: 3 })));
    await until(async () => (await Promise.all(jobs.map((j) => Job.fromId(queue, j.id!)))).every((j) => j?.finishedOn), 60_000, 'the jobs refused');
    for (const j of jobs) {
      const done = (await Job.fromId(queue, j.id!))!;
      expect(done.failedReason).toMatch(/^\[outside-root\] /);
      expect(done.attemptsMade).toBe(1);
    }
  }, 180_000);
  it('rediss:// (TLS) with the authority in NODE_EXTRA_CA_CERTS; without it, the certificate is refused and said', async (ctx) => {
    mkdirSync(join(dir, 'tls'));
    const files = makeTlsFiles(join(dir, 'tls'));
    if (!files) return ctx.skip('no openssl to make a certificate');
    const secure = await startRedis(files);
    try {
      const root = join(dir, 'tls-root');
      mkdirSync(root);
      for (const f of readdirSync(corpus)) copyFileSync(join(corpus, f), join(root, f));
      const env = { SOP_QUEUE: secure.url, NODE_EXTRA_CA_CERTS: files.ca };
      start(['worker', '--root', root], env);
      const db = join(dir, 'tls.db');
      const run = start(['import', root, '--db', db, '--root', root], env);
      expect(await run.exited).toBe(0);
      expect(stored(db)).toEqual({ byStatus: { imported: 5 }, docs: 5, paths: 5, badCounts: 0 });
      const untrusted = start(['import', root, '--db', join(dir, 'tls-untrusted.db'), '--root', root, '--queue-wait', '2'], { SOP_QUEUE: secure.url });
      expect(await untrusted.exited).toBe(1);
      expect(untrusted.err).toMatch(/cannot be reached \(.*certificate.*\)/);
    } finally {
      await secure.close();
    }
  }, 120_000);
});
