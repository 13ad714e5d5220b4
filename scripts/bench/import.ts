/**
 * `npm run bench` (first part): `sop import` of N synthetic SOP text files (corpus.ts; N = 1k and
 * 10k, and 100k with `--large`), each in a new database, in a child process. Prints per N: docs/s,
 * peak RSS, database size, and in the same run the floor of the same work: reading and hashing the
 * same files (sequentially, in this process), and a bare better-sqlite3 bulk insert of the rows
 * the import wrote (copied from its database, table by table, in one transaction). The ratio is the
 * import's time over the floor's. Targets (issue 5): ≥ 300 docs/s on 2 cores, within 3× of the
 * floor, peak RSS under 1 GB and flat as N grows. Prints figures, not verdicts.
 *
 * Usage: node dist/scripts/bench/import.js [--sizes 1000,10000] [--large] [--seed 1] [--concurrency 2]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/store/db.js';
import { writeCorpus } from './corpus.js';

const MEASURE = fileURLToPath(new URL('./measure.js', import.meta.url));

/** The files of the first `n` thousand-file folders of a corpus.ts tree. */
function foldersFor(root: string, n: number): string[] {
  return readdirSync(root).sort().slice(0, Math.ceil(n / 1000)).map((f) => join(root, f));
}

function filesIn(folders: string[]): string[] {
  return folders.flatMap((d) => readdirSync(d).sort().map((f) => join(d, f)));
}

/** Seconds to read and hash every file, one after the other. */
function readAndHash(files: string[]): number {
  const t0 = performance.now();
  for (const f of files) createHash('sha256').update(readFileSync(f)).digest('hex');
  return (performance.now() - t0) / 1000;
}

/**
 * Seconds to insert the rows of `source` into a new database of the same schema with plain
 * prepared statements in one transaction (rows are read in chunks; reading is not timed).
 */
function bareInsert(source: string, target: string): { seconds: number; rows: number } {
  const from = new Database(source, { readonly: true });
  openDatabase(target).close();
  const to = new Database(target);
  to.pragma('journal_mode = WAL');
  to.pragma('synchronous = NORMAL');
  const virtual = (from.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'").pluck().all() as string[]);
  const tables = (from.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").pluck().all() as string[])
    .filter((t) => !virtual.some((v) => t.startsWith(`${v}_`)))
    // bookkeeping the migrations fill in (pending_backfills) is no imported row
    .filter((t) => to.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() === 0);
  let seconds = 0;
  let rows = 0;
  to.exec('BEGIN');
  for (const table of tables) {
    const columns = (from.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]);
    const insert = to.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    const select = from.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`).raw();
    let chunk: unknown[][] = [];
    const flush = (): void => {
      const t0 = performance.now();
      for (const r of chunk) insert.run(...r);
      seconds += (performance.now() - t0) / 1000;
      rows += chunk.length;
      chunk = [];
    };
    for (const r of select.iterate() as IterableIterator<unknown[]>) {
      chunk.push(r);
      if (chunk.length >= 5000) flush();
    }
    flush();
  }
  const t0 = performance.now();
  to.exec('COMMIT');
  seconds += (performance.now() - t0) / 1000;
  from.close();
  to.close();
  return { seconds, rows };
}

function sizeOf(db: string): number {
  return ['', '-wal'].reduce((n, s) => n + (statSync(db + s, { throwIfNoEntry: false })?.size ?? 0), 0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000' }, large: { type: 'boolean', default: false }, seed: { type: 'string', default: '1' }, concurrency: { type: 'string', default: '2' } } });
  const sizes = values.sizes.split(',').map(Number);
  if (values.large) sizes.push(100_000);
  sizes.sort((a, b) => a - b);
  const dir = mkdtempSync(join(tmpdir(), 'sop-bench-import-'));
  const rows: string[][] = [];
  try {
    const corpus = join(dir, 'corpus');
    const t0 = performance.now();
    const made = await writeCorpus(corpus, sizes[sizes.length - 1]!, Number(values.seed));
    process.stderr.write(`generated ${made} synthetic SOP files in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    for (const n of sizes) {
      const folders = foldersFor(corpus, n);
      const files = filesIn(folders);
      const db = join(dir, `import-${n}.db`);
      const child = spawnSync(process.execPath, [MEASURE, 'import', ...folders, '--db', db, '--concurrency', values.concurrency], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 2 ** 20, encoding: 'utf8' });
      const last = child.stderr.trim().split('\n').pop() ?? '';
      const run = JSON.parse(last) as { seconds: number; maxRssKb: number; exitCode: number };
      if (run.exitCode !== 0) throw new Error(`sop import exited with ${run.exitCode}: ${child.stderr.slice(-2000)}`);
      const imported = (new Database(db, { readonly: true }).prepare("SELECT COUNT(*) FROM documents WHERE status = 'imported'").pluck().get() as number);
      const dbBytes = sizeOf(db);
      const hashSeconds = readAndHash(files);
      const bare = bareInsert(db, join(dir, `bare-${n}.db`));
      const floor = hashSeconds + bare.seconds;
      rows.push([
        String(files.length), String(imported), run.seconds.toFixed(1), (files.length / run.seconds).toFixed(0), (run.maxRssKb / 1024).toFixed(0),
        (dbBytes / 2 ** 20).toFixed(1), hashSeconds.toFixed(2), `${bare.seconds.toFixed(2)} (${bare.rows} rows)`, floor.toFixed(2), (run.seconds / floor).toFixed(1),
      ]);
      process.stderr.write(`${n}: ${run.seconds.toFixed(1)} s\n`);
      rmSync(join(dir, `bare-${n}.db`), { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const head = ['files', 'imported', 'import s', 'docs/s', 'peak RSS MiB', 'DB MiB', 'read+hash s', 'bare insert s', 'floor s', 'import/floor'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write(`${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
  process.stdout.write(`sop import --concurrency ${values.concurrency}; targets: >= 300 docs/s, import/floor <= 3, peak RSS < 1 GiB and flat as N grows\n`);
}

await main();
