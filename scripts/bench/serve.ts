/**
 * `npm run bench:serve`: the SOP list of `sop serve` at 10k and 100k synthetic SOPs (synthetic.ts,
 * stored through `saveDocuments` in a temporary database deleted afterwards; one file in twenty
 * marked partial, so that the status filter has something to find). Each list is asked through the
 * application itself (Hono's `app.request`: query, corrections, HTML), 20 times after a warm-up,
 * and compared with a floor measured in the same run: the bare page of 50 rows
 * (`SELECT … FROM sops LIMIT 50`). Prints figures, not verdicts; the target is < 200 ms at 100k.
 *
 * Usage: node dist/scripts/bench/serve.js [--sizes 10000,100000] [--seed 1]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, type Db } from '../../src/store/db.js';
import { createApp } from '../../src/serve/app.js';
import { loadSeedRecords, storeRecords, syntheticRecords } from './synthetic.js';

const RUNS = 20;

function quantile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Median and p95 of `RUNS` timed calls after one warm-up. */
async function time(fn: () => unknown): Promise<{ median: number; p95: number; max: number }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: quantile(times, 0.5), p95: quantile(times, 0.95), max: times[times.length - 1]! };
}

/** The lists a records officer asks for: first, deep and last pages, searches, filters, combined. */
function lists(db: Db): Array<[string, string]> {
  const org = db.prepare('SELECT organization FROM sops GROUP BY organization ORDER BY COUNT(*) DESC LIMIT 1').pluck().get() as string;
  const unit = db.prepare('SELECT unit FROM sops GROUP BY unit ORDER BY COUNT(*) DESC LIMIT 1').pluck().get() as string;
  const pages = Math.ceil((db.prepare('SELECT COUNT(*) FROM sops').pluck().get() as number) / 50);
  const q = (params: Record<string, string | number>): string => `/?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
  return [
    ['first page', '/'],
    ['middle page', q({ page: Math.ceil(pages / 2) })],
    ['last page', q({ page: pages })],
    ['search, common word (kinerja)', q({ q: 'kinerja' })],
    ['search, stemmed (memantau)', q({ q: 'memantau' })],
    ['search, two words, page 20', q({ q: 'laporan evaluasi', page: 20 })],
    ['search, no match', q({ q: 'zzzqx' })],
    ['organisation (largest)', q({ organization: org })],
    ['unit (largest), last page', q({ unit, page: 1000 })],
    ['status partial', q({ status: 'partial' })],
    ['search + organisation + status', q({ q: 'kinerja', organization: org, status: 'imported' })],
    ['common word + common status, page 50', q({ q: 'kinerja', status: 'imported', page: 50 })],
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' }, seed: { type: 'string', default: '1' } } });
  const sizes = values.sizes.split(',').map(Number).sort((a, b) => a - b);
  const seeds = await loadSeedRecords(fileURLToPath(new URL('../../../corpus/', import.meta.url)));
  const dir = mkdtempSync(join(tmpdir(), 'sop-bench-serve-'));
  const db = openDatabase(join(dir, 'bench.db'));
  db.pragma('synchronous = OFF');
  const records = syntheticRecords(seeds, { count: sizes[sizes.length - 1]!, seed: Number(values.seed) });
  const limited = function* (n: number) {
    for (let i = 0; i < n; i++) {
      const next = records.next();
      if (next.done) return;
      yield next.value;
    }
  };
  const app = createApp({ db, cacheDir: join(dir, 'cache') });
  const rows: string[][] = [];
  let stored = 0;
  try {
    for (const size of sizes) {
      const t0 = performance.now();
      stored += storeRecords(db, limited(size - stored));
      db.prepare("UPDATE documents SET status = 'partial', error = 'no procedure table (Uraian Prosedur) found' WHERE id % 20 = 0 AND status = 'imported'").run();
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.pragma('optimize');
      process.stderr.write(`stored ${stored} synthetic SOPs (+${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
      const floor = await time(() => db.prepare('SELECT s.id, s.title, s.number, s.unit, s.step_count FROM sops s LIMIT 50').all());
      rows.push([String(stored), 'floor: 50 rows, bare SELECT', '50', floor.median.toFixed(2), floor.p95.toFixed(2), floor.max.toFixed(2), '1.0']);
      for (const [label, path] of lists(db)) {
        let html = '';
        const t = await time(async () => {
          const res = await app.request(path, { headers: { host: '127.0.0.1' } });
          html = await res.text();
        });
        const found = /(more than )?<strong>(\d+)<\/strong> SOP\(s\)/.exec(html);
        const matching = found ? `${found[1] ? '> ' : ''}${found[2]}` : '?';
        rows.push([String(stored), label, matching, t.median.toFixed(2), t.p95.toFixed(2), t.max.toFixed(2), (t.median / floor.median).toFixed(0)]);
      }
    }
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const head = ['SOPs', 'list', 'matching', 'median ms', 'p95 ms', 'max ms', '× floor'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write(`${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
  process.stdout.write('target at 100k: every list < 200 ms (the whole request: query, corrections, HTML)\n');
}

await main();
