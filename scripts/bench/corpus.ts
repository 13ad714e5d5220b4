/**
 * The corpus generator: N synthetic SOP text files made from the bundled corpus (synthetic.ts:
 * families of one template filled in by several units, with names, numbers, dates, steps,
 * durations and legal bases perturbed), seeded and reproducible: the same seed and count give the
 * same bytes on every machine. Files go into folders of 1000 (`0000/sop-0000000.txt` …), written one
 * at a time: memory stays flat whatever N.
 *
 * Usage: node dist/scripts/bench/corpus.js --count 10000 --out DIR [--seed 1] [--corpus corpus/]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSeedRecords, renderSopText, syntheticRecords } from './synthetic.js';

/** The bundled corpus, whose records the synthetic ones perturb (from dist/scripts/bench/). */
export const BUNDLED_CORPUS = fileURLToPath(new URL('../../../corpus/', import.meta.url));

/**
 * Writes `count` synthetic SOP text files under `out` (created if missing) from the records of the
 * SOP files in `corpusDir`, `perFolder` to a folder. Returns the number written. Errors: a corpus
 * without SOP records, or a file system error (disk full, no permission), throws; the files
 * before it are written.
 */
export async function writeCorpus(out: string, count: number, seed = 1, corpusDir = BUNDLED_CORPUS, perFolder = 1000): Promise<number> {
  const seeds = await loadSeedRecords(corpusDir);
  if (seeds.length === 0) throw new Error(`no SOP records to perturb in ${corpusDir}`);
  let i = 0;
  for (const record of syntheticRecords(seeds, { count, seed })) {
    const folder = join(out, String(Math.floor(i / perFolder)).padStart(4, '0'));
    if (i % perFolder === 0) mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `sop-${String(i).padStart(7, '0')}.txt`), renderSopText(record));
    i++;
  }
  return i;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string', default: '1' }, corpus: { type: 'string' } } });
  const count = Number(values.count);
  if (!values.out || !Number.isInteger(count) || count < 1) {
    process.stderr.write('usage: corpus.js --count N --out DIR [--seed S] [--corpus DIR]\n');
    process.exitCode = 2;
    return;
  }
  const n = await writeCorpus(resolve(values.out), count, Number(values.seed), values.corpus ? resolve(values.corpus) : BUNDLED_CORPUS);
  process.stdout.write(`wrote ${n} synthetic SOP files under ${values.out}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
