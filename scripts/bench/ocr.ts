/**
 * `npm run bench:ocr`: OCR throughput and accuracy on the same page images (the seed scan
 * renditions, fixtures/renditions/*.scan.jpg), in one run:
 *   - the pipeline (orientation, deskew, table rules, tesseract.js ind+eng, cell re-reads, layout)
 *     with 1 worker and with 2 workers, pages processed concurrently;
 *   - native tesseract (Debian's tesseract-ocr and tesseract-ocr-ind, `-l ind --psm 3`,
 *     OMP_THREAD_LIMIT=1, one process per core), skipped when not installed:
 *       apt-get install tesseract-ocr tesseract-ocr-ind
 * Prints pages/min, the ratio to native, and the order-free character error rate of each against
 * the page's ground truth (<seed>.gt.txt): words lower-cased, sorted and joined, so that reading
 * order (which differs on tables) does not count as error. A benchmark, not a test: figures only.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { LevenshteinDistance } from 'natural/lib/natural/distance/index.js';
import { readDocument } from '../../src/read/index.js';
import { createTesseract } from '../../src/read/ocr.js';

const run = promisify(execFile);
const dir = fileURLToPath(new URL('../../../fixtures/renditions/', import.meta.url));

/** Words of a text, normalised, sorted and joined: reading order does not count. */
function bag(text: string): string {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort()
    .join(' ');
}

/** Order-free character error rate of `text` against `truth`. */
function cer(text: string, truth: string): number {
  const t = bag(truth);
  return LevenshteinDistance(bag(text), t) / Math.max(1, t.length);
}

interface Result {
  name: string;
  seconds: number;
  pages: number;
  cer: number;
}

async function pipeline(files: string[], workers: number): Promise<Result> {
  const engine = await createTesseract({ workers });
  const started = Date.now();
  const texts = await Promise.all(
    files.map(async (f) => {
      const doc = await readDocument(readFileSync(f), { ocr: async () => engine });
      return doc.pages.flatMap((p) => p.rows.flatMap((r) => r.cells.filter((c) => !c.shape).map((c) => c.text))).join('\n');
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  await engine.close();
  return { name: `pipeline, ${workers} worker${workers > 1 ? 's' : ''}`, seconds, pages: files.length, cer: meanCer(files, texts) };
}

async function native(files: string[]): Promise<Result | null> {
  try {
    await run('tesseract', ['--version']);
  } catch {
    return null;
  }
  const procs = Math.max(1, Math.min(2, cpus().length));
  const texts: string[] = new Array(files.length);
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: procs }, async () => {
      for (let i = next++; i < files.length; i = next++) {
        const { stdout } = await run('tesseract', [files[i]!, '-', '-l', 'ind', '--psm', '3'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 1 << 24 });
        texts[i] = stdout;
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  return { name: `native tesseract, ${procs} processes`, seconds, pages: files.length, cer: meanCer(files, texts) };
}

function meanCer(files: string[], texts: string[]): number {
  const rates = files.map((f, i) => cer(texts[i] ?? '', readFileSync(f.replace(/\.scan\.jpg$/, '.gt.txt'), 'utf8')));
  return rates.reduce((a, b) => a + b, 0) / rates.length;
}

async function main(): Promise<void> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.scan.jpg')).sort().map((f) => join(dir, f));
  process.stdout.write(`OCR benchmark: ${files.length} page images at 300 dpi (${dir})\n`);
  const results: Result[] = [];
  const nat = await native(files);
  for (const w of [1, 2]) results.push(await pipeline(files, w));
  if (nat) results.push(nat);
  else process.stdout.write('native tesseract not installed: its column is skipped (apt-get install tesseract-ocr tesseract-ocr-ind)\n');
  const perMin = (r: Result): number => (r.pages / r.seconds) * 60;
  process.stdout.write(`${'run'.padEnd(32)} ${'s'.padStart(8)} ${'pages/min'.padStart(10)} ${'vs native'.padStart(10)} ${'CER'.padStart(7)}\n`);
  for (const r of results) {
    const ratio = nat ? (perMin(r) / perMin(nat)).toFixed(2) + '×' : '-';
    process.stdout.write(`${r.name.padEnd(32)} ${r.seconds.toFixed(1).padStart(8)} ${perMin(r).toFixed(1).padStart(10)} ${ratio.padStart(10)} ${(r.cer * 100).toFixed(1).padStart(6)}%\n`);
  }
  process.stdout.write('target: pipeline with 2 workers ≥ 0.8× native pages/min at no worse CER\n');
}

await main();
