/**
 * `npm run eval`: accuracy against the hand-written gold records in ../shared (not part of the
 * repository). Imports the bundled corpus and the dev-docs text files into temporary databases,
 * exports them, and prints score.py's table for each:
 *   1. corpus/ (the seeds) vs ../shared/gold;
 *   2. dev-docs text files (pdftotext dumps and web-page text, not *.ocr.txt) vs ../shared/dev-gold,
 *      step actors skipped (their flowchart is lost in text), only the documents given as text.
 * Set SOP_SHARED to point at another shared folder. Exits 0 when ../shared is absent (nothing to do).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportTo } from '../src/export/records.js';
import { importPaths } from '../src/import/importer.js';
import { openDatabase } from '../src/store/db.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = resolve(process.env.SOP_SHARED ?? join(root, '..', 'shared'));

async function exportOf(inputs: string[], work: string, name: string): Promise<string> {
  const db = openDatabase(join(work, `${name}.db`));
  const report = await importPaths(db, inputs);
  const out = join(work, `${name}.json`);
  await exportTo(db, 'json', out);
  db.close();
  const c = report.counts;
  process.stdout.write(`${name}: ${report.files.length} files | imported ${c.imported}, partial ${c.partial}, failed ${c.failed}\n`);
  for (const f of report.files) if (f.status === 'failed' || f.status === 'partial') process.stdout.write(`  ${f.status} ${basename(f.path)}: ${f.error}\n`);
  return out;
}

function score(exported: string, gold: string, extra: string[]): void {
  const r = spawnSync('python3', [join(shared, 'score.py'), exported, gold, ...extra], { encoding: 'utf8' });
  if (r.error) throw new Error(`python3 could not run score.py: ${r.error.message}`);
  process.stdout.write(r.stdout);
  if (r.status !== 0) process.stderr.write(r.stderr);
}

async function main(): Promise<void> {
  if (!existsSync(join(shared, 'score.py'))) {
    process.stdout.write(`no ${shared}/score.py: nothing to evaluate\n`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'sop-eval-'));
  try {
    process.stdout.write('\n== seeds: corpus/ vs gold/\n');
    score(await exportOf([join(root, 'corpus')], work, 'seeds'), join(shared, 'gold'), []);

    const devDocs = join(shared, 'dev-docs');
    const texts = readdirSync(devDocs).filter((f) => f.endsWith('.txt') && !f.endsWith('.ocr.txt')).map((f) => join(devDocs, f));
    const only = texts.map((f) => basename(f, '.txt')).join(',');
    process.stdout.write('\n== dev-docs text files vs dev-gold/ (--skip steps.actors)\n');
    score(await exportOf(texts, work, 'dev-text'), join(shared, 'dev-gold'), ['--skip', 'steps.actors', '--only', only, '--per-doc']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
