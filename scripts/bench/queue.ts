/**
 * `npm run bench:queue`: the same folder of SOP text files imported, in one run, by a plain `sop
 * import` (in-process, `--concurrency 2`) and by `sop import --queue` with one and with two local
 * `sop worker` processes (one job at a time each), each into a new database, against a Redis of its
 * own (redis-server on a free port, emptied before each queued import). Prints per run the wall time
 * of the `sop import` process (the workers are started before it and are ready), files/s, and its
 * time over the plain import's; and checks that each queued import stored what the plain one did
 * (the same exit code and report totals, the same `sop export` byte for byte: the paths are the
 * same). Runs are interleaved and repeated; the median is shown, and the load average before and
 * after (the machine may be shared). A benchmark, not a test: figures only.
 *
 * The files: the text files of each folder of `--from` (relative to the repository; a missing one
 * is said and passed over), each copied `--copies` times, copy k with k more trailing newlines
 * (other bytes, so no copy is a duplicate; the same text, so the same records).
 *
 * Usage: node dist/scripts/bench/queue.js [--copies 60] [--repeat 3] [--from corpus,../shared/dev-docs]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { redisMissing, startRedis } from '../lib/redis-server.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(REPO, 'dist/src/cli/sop.js');

/**
 * Writes `copies` copies of each `.txt` file of `folders` into `out`, copy k with k more trailing
 * newlines. Returns the number of files written.
 */
function writeCopies(folders: string[], out: string, copies: number): number {
  mkdirSync(out, { recursive: true });
  let n = 0;
  for (const folder of folders) {
    for (const name of readdirSync(folder).filter((f) => f.endsWith('.txt')).sort()) {
      const text = readFileSync(join(folder, name));
      for (let k = 0; k < copies; k++) {
        writeFileSync(join(out, `${String(k).padStart(3, '0')}-${name}`), Buffer.concat([text, Buffer.from('\n'.repeat(k))]));
        n++;
      }
    }
  }
  return n;
}

/** Runs the CLI with `env` added; resolves with its exit code, stdout and wall seconds. */
function sop(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; seconds: number }> {
  const t0 = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', (code) => done({ code, out, seconds: (performance.now() - t0) / 1000 }));
  });
}

/** Starts `n` `sop worker`s under `root`; resolves once each has said it is listening. */
function startWorkers(n: number, url: string, root: string): Promise<ChildProcess[]> {
  return Promise.all(Array.from({ length: n }, () => new Promise<ChildProcess>((ready, fail) => {
    const child = spawn(process.execPath, [CLI, 'worker', '--root', root], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SOP_QUEUE: url } });
    child.stderr.once('data', () => ready(child));
    child.once('exit', (code) => fail(new Error(`sop worker exited with ${code} before it listened`)));
  })));
}

/** Stops workers as Ctrl-C does (SIGTERM: no job is running) and resolves once they have exited. */
function stopWorkers(workers: ChildProcess[]): Promise<void[]> {
  return Promise.all(workers.map((w) => new Promise<void>((done) => {
    w.once('exit', () => done());
    w.kill('SIGTERM');
  })));
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
const totals = (report: string): string => report.split('\n').find((l) => l.startsWith('total:')) ?? '(no total line)';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { copies: { type: 'string', default: '60' }, repeat: { type: 'string', default: '3' }, from: { type: 'string', default: 'corpus,../shared/dev-docs' } } });
  if (redisMissing) {
    process.stdout.write(`bench:queue needs Redis: ${redisMissing}\n`);
    process.exitCode = 1;
    return;
  }
  const folders = values.from.split(',').map((f) => resolve(REPO, f));
  for (const f of folders.filter((f) => !existsSync(f))) process.stdout.write(`${f}: not found, passed over\n`);
  const dir = mkdtempSync(join(tmpdir(), 'sop-bench-queue-'));
  const redis = await startRedis();
  const client = redis.client();
  /** `sop import --queue` of `files` into `db` with `workers` fresh workers, Redis emptied first. */
  const viaQueue = async (workers: number, files: string, db: string): ReturnType<typeof sop> => {
    await client.flushall();
    const procs = await startWorkers(workers, redis.url, dir);
    const result = await sop(['import', files, '--db', db, '--root', dir], { SOP_QUEUE: redis.url });
    await stopWorkers(procs);
    return result;
  };
  try {
    const files = join(dir, 'files');
    const count = writeCopies(folders.filter((f) => existsSync(f)), files, Number(values.copies));
    process.stdout.write(`${count} text files (${values.from}, ${values.copies} copies each), ${cpus().length} cores, median of ${values.repeat} interleaved runs; load average (1, 5, 15 min) ${load()}\n\n`);

    const runs = [
      { name: 'sop import (in-process, --concurrency 2)', workers: 0 },
      { name: 'sop import --queue, 1 worker', workers: 1 },
      { name: 'sop import --queue, 2 workers', workers: 2 },
    ].map((r) => ({ ...r, seconds: [] as number[], same: true }));
    let reference: { code: number; totals: string; export: string } | undefined;
    let n = 0;
    for (let rep = 0; rep < Number(values.repeat); rep++) {
      for (const run of runs) {
        const db = join(dir, `${n++}.db`);
        const result = run.workers === 0 ? await sop(['import', files, '--db', db]) : await viaQueue(run.workers, files, db);
        // 1: some files partial or failed, as some of the real documents are; 2: the import could not run
        if (result.code !== 0 && result.code !== 1) throw new Error(`${run.name} exited with ${result.code}:\n${result.out.slice(-2000)}`);
        const stored = { code: result.code, totals: totals(result.out), export: (await sop(['export', '--db', db])).out };
        reference ??= stored;
        run.seconds.push(result.seconds);
        run.same &&= stored.code === reference.code && stored.totals === reference.totals && stored.export === reference.export;
        rmSync(db, { force: true });
      }
    }

    const base = median(runs[0]!.seconds);
    const rows = runs.map((r) => {
      const s = median(r.seconds);
      return [r.name, r.seconds.map((x) => x.toFixed(1)).join(', '), s.toFixed(1), (count / s).toFixed(0), `${(s / base).toFixed(2)}×`, r.same ? 'yes' : 'NO'];
    });
    const head = ['run', 'wall s (each run)', 'median s', 'files/s', 'time / plain', 'same records'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
    process.stdout.write(`${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
    process.stdout.write(`\neach import: ${reference!.totals}; export ${reference!.export.length} bytes; load average ${load()}\n`);
    if (runs.some((r) => !r.same)) process.exitCode = 1;
  } finally {
    await redis.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
