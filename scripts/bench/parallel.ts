/**
 * `npm run bench:parallel`: how the parsing of SOP text scales over worker threads on this machine,
 * against a baseline measured in the same run. N synthetic SOP files (corpus.ts) are parsed into
 * rows (pipeline.ts processText + store/rows.ts recordRows, no database) by 1 worker and then by
 * 2 workers side by side, each worker taking every other file, every file read twice after one
 * warming pass; the baseline is an arithmetic loop (no allocation) run the same way. Prints ms per
 * file per worker, files/s together, and each one's speed-up from 1 to 2 workers: a speed-up well
 * under the loop's means the parse is bound by what the cores share (memory traffic), which caps
 * the batch import (README, Performance).
 *
 * Usage: node dist/scripts/bench/parallel.js [--count 2000] [--seed 1]
 */
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { processText, sha256Of } from '../../src/import/pipeline.js';
import { recordRows } from '../../src/store/rows.js';
import { writeCorpus } from './corpus.js';

interface Job {
  kind: 'parse' | 'loop';
  files: string[];
  part: number;
  parts: number;
}

/** Milliseconds per unit of work for this worker's share. */
function work(job: Job): number {
  if (job.kind === 'loop') {
    const t0 = performance.now();
    let x = 0;
    for (let i = 0; i < 3e8; i++) x = (x + i * 7) % 1_000_003;
    if (x < 0) throw new Error('unreachable');
    return performance.now() - t0;
  }
  const mine = job.files.filter((_, i) => i % job.parts === job.part).map((f) => readFileSync(f));
  const parse = (b: Buffer): void => {
    for (const r of processText('bench.txt', b, sha256Of(b)).records) recordRows(r);
  };
  mine.forEach(parse);
  const t0 = performance.now();
  for (let rep = 0; rep < 2; rep++) mine.forEach(parse);
  return (performance.now() - t0) / (2 * mine.length);
}

async function run(kind: Job['kind'], files: string[], parts: number): Promise<number[]> {
  return Promise.all(Array.from({ length: parts }, (_, part) => new Promise<number>((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: { kind, files, part, parts } satisfies Job });
    w.once('message', (ms: number) => {
      resolve(ms);
      void w.terminate();
    });
    w.once('error', reject);
  })));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '2000' }, seed: { type: 'string', default: '1' } } });
  const dir = mkdtempSync(join(tmpdir(), 'sop-bench-parallel-'));
  try {
    await writeCorpus(dir, Number(values.count), Number(values.seed));
    const files = readdirSync(dir).sort().flatMap((d) => readdirSync(join(dir, d)).sort().map((f) => join(dir, d, f)));
    const lines: string[] = [];
    for (const kind of ['loop', 'parse'] as const) {
      const one = await run(kind, files, 1);
      const two = await run(kind, files, 2);
      if (kind === 'loop') {
        lines.push(`arithmetic loop: 1 worker ${(one[0]! / 1000).toFixed(2)} s; 2 workers ${two.map((ms) => (ms / 1000).toFixed(2)).join(' and ')} s each; speed-up ${((2 * one[0]!) / Math.max(...two)).toFixed(2)}x`);
      } else {
        const rate1 = 1000 / one[0]!;
        const rate2 = two.reduce((n, ms) => n + 1000 / ms, 0);
        lines.push(`SOP parse + rows (${files.length} files): 1 worker ${one[0]!.toFixed(2)} ms/file (${rate1.toFixed(0)} files/s); 2 workers ${two.map((ms) => ms.toFixed(2)).join(' and ')} ms/file (${rate2.toFixed(0)} files/s together); speed-up ${(rate2 / rate1).toFixed(2)}x`);
      }
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMainThread) await main();
else parentPort!.postMessage(work(workerData as Job));
