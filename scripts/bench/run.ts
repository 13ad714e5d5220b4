/**
 * `npm run bench`: `sop cites` and `sop similar` on 10k and 100k synthetic SOPs (synthetic.ts:
 * seeded perturbations of the bundled corpus, families of copies of one template), stored through
 * `saveDocument` in a temporary database that is deleted afterwards. Prints figures, not verdicts;
 * the targets are cites < 10 ms and similar < 60 s at 100k.
 *
 * Usage: node dist/scripts/bench/run.js [--sizes 10000,100000] [--seed 1]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/store/db.js';
import { citesOf } from '../../src/query/cites.js';
import { findSimilar } from '../../src/query/similar.js';
import { loadSeedRecords, storeRecords, syntheticRecords } from './synthetic.js';

/** Spellings asked of `cites`: popular, regional, rare and absent regulations, as users write them. */
const CITATIONS = [
  'PermenPAN-RB 35/2012',
  'Peraturan Menteri Negara Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 29 Tahun 2010',
  'PP 60/2008',
  'UU 23/2014',
  'Perda Kabupaten Pesisir Selatan Nomor 8 Tahun 2016',
  'Peraturan Bupati Klaten Nomor 17 Tahun 2015',
  'PP 99/1999',
];

function quantile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const ms = (n: number): string => n.toFixed(2);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' }, seed: { type: 'string', default: '1' } } });
  const sizes = values.sizes.split(',').map(Number).sort((a, b) => a - b);
  const corpus = fileURLToPath(new URL('../../../corpus/', import.meta.url));
  const seeds = await loadSeedRecords(corpus);
  const dir = mkdtempSync(join(tmpdir(), 'sop-bench-'));
  const db = openDatabase(join(dir, 'bench.db'));
  // a throw-away database: no durability needed; a bigger page cache keeps the indexes in memory
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const records = syntheticRecords(seeds, { count: sizes[sizes.length - 1]!, seed: Number(values.seed) });
  const limited = function* (n: number) {
    for (let i = 0; i < n; i++) {
      const next = records.next();
      if (next.done) return;
      yield next.value;
    }
  };
  const rows: string[][] = [];
  let stored = 0;
  try {
    for (const size of sizes) {
      const t0 = performance.now();
      stored += storeRecords(db, limited(size - stored));
      process.stderr.write(`stored ${stored} synthetic SOPs (+${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
      // measure a database at rest, as a user queries it: the write-ahead log folded into the file
      db.pragma('wal_checkpoint(TRUNCATE)');

      for (const c of CITATIONS) {
        citesOf(db, c); // warm the page cache and the statement
        const times: number[] = [];
        let result = citesOf(db, c);
        for (let i = 0; i < 30; i++) {
          const t = performance.now();
          result = citesOf(db, c);
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        const hits = result.regulations.map((r) => r.total).join('+');
        rows.push([String(stored), 'cites', c.length > 44 ? `${c.slice(0, 43)}…` : c, `${hits} SOPs`, ms(quantile(times, 0.5)), ms(quantile(times, 0.95)), ms(times[times.length - 1]!)]);
      }

      const t = performance.now();
      const similar = findSimilar(db, { threshold: 0.5 });
      const seconds = (performance.now() - t) / 1000;
      const clustered = similar.clusters.reduce((n, c) => n + c.members.length, 0);
      rows.push([
        String(stored), 'similar', `threshold 0.5, ${similar.bands}×${similar.rows} LSH`,
        `${similar.clusters.length} clusters, ${clustered} SOPs; ${similar.verified} pairs verified (all pairs: ${((similar.sops * (similar.sops - 1)) / 2).toExponential(1)})`,
        `${seconds.toFixed(1)} s`, '', '',
      ]);
      process.stderr.write(`rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB\n`);
    }
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const head = ['SOPs', 'tool', 'query', 'result', 'median ms', 'p95 ms', 'max ms'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write(`${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
  process.stdout.write('targets at 100k: cites < 10 ms (median), similar < 60 s\n');
}

await main();
