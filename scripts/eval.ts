/**
 * `npm run eval`: accuracy against the hand-written gold records (score.py in ../shared, not part
 * of the repository). Imports each set into a temporary database, exports it, and prints
 * score.py's table for:
 *   1. the bundled corpus (seeds) vs ../shared/gold;
 *   2. the dev-docs given as text (pdftotext dumps and web-page text, not *.ocr.txt) vs
 *      ../shared/dev-gold, step actors skipped (their flowchart is lost in text);
 *   3. the dev-docs born-digital PDFs (01–03) vs dev-gold, all groups;
 *   4. the dev-docs real scans (06, 08: stamps, handwriting) vs dev-gold, all groups;
 *   5. the seed renditions (fixtures/renditions) vs the seeds' gold, one table per rendition:
 *      born-digital PDF, DOCX, the DOCX exported to PDF by LibreOffice (fixtures/make/word-export.ts)
 *      and that PDF as pdftotext -layout prints it, 300-dpi scan, the scan turned 90°, image-only PDF;
 *   6. the wild corpus (../shared/wild, real files of 10 agencies) vs fixtures/wild-gold/, all groups,
 *      then by kind of file (born-digital and text; scans and page images) and by agency, as
 *      ../shared/wild/MANIFEST.tsv classes them.
 * `--quick` leaves out the sets that need OCR (the wild corpus among them); `--wild` runs the wild set only. Set SOP_SHARED to point at another shared folder.
 * Prints nothing but a notice when ../shared is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPaths } from '../src/import/importer.js';
import type { SopRecord } from '../src/record/schema.js';
import { openDatabase } from '../src/store/db.js';
import { iterateRecords } from '../src/store/read.js';
import { readWildManifest } from './lib/wild-manifest.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = resolve(process.env.SOP_SHARED ?? join(root, '..', 'shared'));
const quick = process.argv.includes('--quick');
const wildOnly = process.argv.includes('--wild');

/** Imports files into a fresh database and returns their records. */
async function recordsOf(inputs: string[], work: string, name: string): Promise<SopRecord[]> {
  const db = openDatabase(join(work, `${name}.db`));
  const report = await importPaths(db, inputs);
  const records = [...iterateRecords(db)];
  db.close();
  const c = report.counts;
  process.stdout.write(`${name}: ${report.files.length} files | imported ${c.imported}, partial ${c.partial}, failed ${c.failed}\n`);
  for (const f of report.files) if (f.status === 'failed' || f.status === 'partial') process.stdout.write(`  ${f.status} ${basename(f.path)}: ${f.error}\n`);
  return records;
}

/** Runs score.py on records against a gold folder and returns what it printed. */
function scoreText(records: SopRecord[], gold: string, work: string, extra: string[]): string {
  const file = join(work, 'records.json');
  writeFileSync(file, JSON.stringify(records));
  const r = spawnSync('python3', [join(shared, 'score.py'), file, gold, ...extra], { encoding: 'utf8' });
  if (r.error) throw new Error(`python3 could not run score.py: ${r.error.message}`);
  if (r.status !== 0) process.stderr.write(r.stderr);
  return r.stdout;
}

function score(title: string, records: SopRecord[], gold: string, work: string, extra: string[] = []): void {
  process.stdout.write(`\n== ${title}\n${scoreText(records, gold, work, extra)}`);
}

/** Kinds of wild files the targets are set for: what needs no OCR, and what does. */
const WILD_KINDS: Array<[string, (format: string) => boolean]> = [
  ['born-digital and text (pdf-text, docx, xls)', (f) => !/scan|jpg|png/.test(f)],
  ['scans and page images (pdf-scan, jpg-scan, jpg-render)', (f) => /scan|jpg|png/.test(f)],
];

/** The wild corpus against the project's own gold (fixtures/wild-gold): all, by kind of file, by agency. */
async function scoreWild(work: string): Promise<void> {
  const wild = join(shared, 'wild');
  const gold = join(root, 'fixtures', 'wild-gold');
  if (!existsSync(wild)) return;
  const records = await recordsOf([wild], work, 'wild');
  const manifest = readWildManifest(wild);
  const golds = new Set(readdirSync(gold).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')));
  const base = (f: string): string => f.replace(/\.[^.]+$/, '');
  score('wild corpus vs fixtures/wild-gold/ (all)', records, gold, work, ['--per-doc']);
  const overall = (names: string[]): string => /overall F1 ([\d.]+)/.exec(scoreText(records, gold, work, ['--only', names.join(',')]))?.[1] ?? '-';
  const lines: string[] = [];
  for (const [kind, test] of WILD_KINDS) {
    const names = manifest.filter((m) => test(m.format) && golds.has(base(m.file))).map((m) => base(m.file));
    if (names.length) lines.push(`  ${kind}: ${names.length} gold | overall F1 ${overall(names)}`);
  }
  for (const agency of [...new Set(manifest.map((m) => m.agency))].sort()) {
    const names = manifest.filter((m) => m.agency === agency && golds.has(base(m.file))).map((m) => base(m.file));
    if (names.length) lines.push(`  ${agency}: ${names.length} gold | overall F1 ${overall(names)}`);
  }
  process.stdout.write(`\n== wild corpus by kind of file and by agency\n${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  if (!existsSync(join(shared, 'score.py'))) {
    process.stdout.write(`no ${shared}/score.py: nothing to evaluate\n`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'sop-eval-'));
  const devDocs = join(shared, 'dev-docs');
  const devGold = join(shared, 'dev-gold');
  const dev = (re: RegExp): string[] => readdirSync(devDocs).filter((f) => re.test(f)).sort().map((f) => join(devDocs, f));
  const only = (files: string[]): string[] => ['--only', files.map((f) => basename(f).replace(/\.[^.]+$/, '').replace(/\.ocr$/, '')).join(',')];
  try {
    if (wildOnly) {
      await scoreWild(work);
      return;
    }
    score('seeds: corpus/ vs gold/', await recordsOf([join(root, 'corpus')], work, 'seeds'), join(shared, 'gold'), work);

    const texts = dev(/^(?!.*\.ocr\.txt$).*\.txt$/);
    score('dev-docs text files vs dev-gold/ (--skip steps.actors)', await recordsOf(texts, work, 'dev-text'), devGold, work, ['--skip', 'steps.actors', ...only(texts), '--per-doc']);

    const pdfs = dev(/^0[123]_.*\.pdf$/);
    score('dev-docs born-digital PDFs 01-03 vs dev-gold/', await recordsOf(pdfs, work, 'dev-pdf'), devGold, work, [...only(pdfs), '--per-doc']);

    const renditions = join(root, 'fixtures', 'renditions');
    // `<seed>.pdf` is the born-digital rendition; `.scan.pdf` and `.export.pdf` have sets of their own
    const rendition = (suffix: string): string[] => readdirSync(renditions).filter((f) => f.endsWith(suffix) && (suffix !== '.pdf' || !/\.(?:scan|export)\.pdf$/.test(f))).sort().map((f) => join(renditions, f));
    const seedGold = join(root, 'fixtures', 'gold');
    for (const [label, suffix] of [['born-digital PDF', '.pdf'], ['DOCX', '.docx'], ['the DOCX exported to PDF by LibreOffice (no table rules)', '.export.pdf'], ['that PDF as pdftotext -layout prints it', '.export.txt']] as const) {
      score(`seed renditions: ${label}`, await recordsOf(rendition(suffix), work, `rend-${suffix}`), seedGold, work);
    }
    if (quick) return;

    const scans = dev(/^0[68]_.*\.pdf$/);
    score('dev-docs real scans 06, 08 vs dev-gold/', await recordsOf(scans, work, 'dev-scan'), devGold, work, [...only(scans), '--per-doc']);
    for (const [label, suffix] of [['scan (300 dpi JPEG)', '.scan.jpg'], ['scan turned 90°', '.rotated.jpg'], ['image-only PDF', '.scan.pdf']] as const) {
      score(`seed renditions: ${label}`, await recordsOf(rendition(suffix), work, `rend-${suffix}`), seedGold, work);
    }
    await scoreWild(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
