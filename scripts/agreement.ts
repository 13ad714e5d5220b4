/**
 * `npm run eval:agreement`: a check without gold (issue 11): a born-digital PDF and a degraded scan
 * made from it must give the same record. For each born-digital PDF of the wild corpus
 * (../shared/wild, MANIFEST.tsv format `pdf-text`):
 *   1. its first `--pages` pages (default 4) are rendered at 300 dpi by the pipeline's own PDF
 *      engine and degraded like a scan, in JavaScript only (scripts/lib/scan.ts: grey, 1.5° skew,
 *      Gaussian noise, blur, JPEG 60, as fixtures/make/renditions.ts makes the seed scans), and
 *      wrapped as an image-only PDF `<name>.scan.pdf`, reproducibly (seeded noise);
 *   2. the born-digital PDF (cut to the same pages when longer) and the scan are imported into two
 *      temporary databases by the importer (src/import/importer.ts);
 *   3. each born-digital record is written as a gold record named after its file, and the scans'
 *      records are scored against them by ../shared/score.py, field group by field group.
 * Prints per file its pages, steps (born-digital / scan) and score.py's macro F1, the field groups
 * (overall F1 and the weakest groups), the F1 by agency, and for the `--worst` files what differs.
 * A field the born-digital record gets wrong and the scan gets wrong the same way agrees: this
 * measures how far the OCR path loses what the text layer gives, not accuracy.
 *
 *   npm run eval:agreement [-- --all] [--files 013,054] [--pages N] [--worst N] [--keep DIR]
 *
 * By default a sample: agencies in turn, each giving its next file in manifest order, until 36
 * pages are taken (all five agencies with born-digital PDFs; about 10–15 minutes on the 2-core
 * development machine). `--all` takes every born-digital PDF; `--files` those named (ids or file
 * names, comma-separated). `--keep DIR` keeps the scans, gold records and exports in DIR instead of
 * a temporary folder. Nothing is written in the repository; set SOP_SHARED to point at another
 * shared folder. Prints nothing but a notice when ../shared (or its wild corpus) is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importPaths } from '../src/import/importer.js';
import type { SopRecord } from '../src/record/schema.js';
import { openDatabase } from '../src/store/db.js';
import { iterateRecords } from '../src/store/read.js';
import { durationKey, legalKey, matchedItems, norm, sim, THRESHOLD } from './lib/gold-match.js';
import { firstPages, scanPdf, SCAN_DEFAULTS } from './lib/scan.js';
import { readWildManifest, type WildEntry } from './lib/wild-manifest.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = resolve(process.env.SOP_SHARED ?? join(root, '..', 'shared'));

/** Pages the default sample takes, in all (see the docstring). */
const DEFAULT_PAGE_BUDGET = 36;

/** The default sample: agencies in turn, each giving its next file, until `budget` pages (each file counted at most `pages`). */
function sample(entries: WildEntry[], pages: number, budget: number): WildEntry[] {
  const queues = new Map<string, WildEntry[]>();
  for (const e of entries) queues.set(e.agency, [...(queues.get(e.agency) ?? []), e]);
  const out: WildEntry[] = [];
  let taken = 0;
  while (taken < budget && [...queues.values()].some((q) => q.length)) {
    for (const q of queues.values()) {
      const e = q.shift();
      if (!e || taken >= budget) continue;
      out.push(e);
      taken += Math.min(pages, e.pages);
    }
  }
  return entries.filter((e) => out.includes(e));
}

const stem = (f: string): string => basename(f).replace(/\.[^.]+$/, '');
const clip = (s: unknown, n = 70): string => {
  const t = s === null || s === undefined ? '∅' : String(s).replace(/\s+/g, ' ');
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

/** Imports files into a fresh database; the first record of each file by its stem, and how many it gave. */
async function recordsOf(inputs: string[], dbPath: string, label: string): Promise<Map<string, { record: SopRecord; count: number }>> {
  const db = openDatabase(dbPath);
  const started = Date.now();
  const report = await importPaths(db, inputs, {
    onFile: (f) => process.stdout.write(`  ${label} ${basename(f.path)}: ${f.status}${f.error ? ` (${f.error})` : ''}, ${f.sops.length} SOP, ${((Date.now() - started) / 1000).toFixed(0)} s\n`),
  });
  const out = new Map<string, { record: SopRecord; count: number }>();
  for (const r of iterateRecords(db)) {
    const key = stem(r.source.path).replace(/\.scan$/, '');
    const had = out.get(key);
    if (had) had.count++;
    else out.set(key, { record: r, count: 1 });
  }
  db.close();
  const c = report.counts;
  process.stdout.write(`${label}: ${report.files.length} files, imported ${c.imported}, partial ${c.partial}, failed ${c.failed} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return out;
}

/**
 * A record as score.py wants a gold record: named after its file, actors as labels. A procedure in
 * parts numbered from 1 again (Politeknik Negeri Lampung's A, B, C …) has steps without a number,
 * as the wild gold writes them (fixtures/wild-gold/README.md), so that score.py pairs the steps by
 * their order: by number it would pair every part's step 1 with the first part's.
 */
function asGold(r: SopRecord, file: string): object {
  const numbers = r.steps.map((x) => x.number);
  const restarts = new Set(numbers).size < numbers.length;
  return { ...r, file, actors: r.actors.map((a) => a.label), ...(restarts ? { steps: r.steps.map((x) => ({ ...x, number: null })) } : {}) };
}

/**
 * What differs between the born-digital record `b` and the scan's `s`, field by field as score.py
 * judges them (scripts/lib/gold-match.ts): one line per difference, lists and steps summarised.
 */
function differences(b: SopRecord, s: SopRecord | undefined): string[] {
  if (!s) return ['the scan gave no record'];
  const out: string[] = [];
  const same = (x: unknown, y: unknown, th: number): boolean => (norm(x) === null && norm(y) === null) || sim(x, y) >= th;
  for (const k of ['title', 'number', 'organization', 'unit'] as const) {
    if (!same(b.identity[k], s.identity[k], THRESHOLD.identity)) out.push(`identity.${k}: "${clip(b.identity[k])}" / "${clip(s.identity[k])}"`);
  }
  for (const k of ['createdDate', 'revisedDate', 'effectiveDate', 'approvedDate'] as const) {
    if ((b.identity[k] ?? null) !== (s.identity[k] ?? null)) out.push(`identity.${k}: ${b.identity[k] ?? '∅'} / ${s.identity[k] ?? '∅'}`);
  }
  const [ba, sa] = [b.identity.approver, s.identity.approver];
  for (const k of ['name', 'position', 'rank'] as const) {
    if (!same(ba[k], sa[k], THRESHOLD.approver)) out.push(`approver.${k}: "${clip(ba[k])}" / "${clip(sa[k])}"`);
  }
  const digits = (x: string | null): string => (x ?? '').replace(/\D/g, '');
  if ((ba.grade ?? '').replace(/\s/g, '').toLowerCase() !== (sa.grade ?? '').replace(/\s/g, '').toLowerCase()) out.push(`approver.grade: ${ba.grade ?? '∅'} / ${sa.grade ?? '∅'}`);
  if (digits(ba.nip) !== digits(sa.nip)) out.push(`approver.nip: ${ba.nip ?? '∅'} / ${sa.nip ?? '∅'}`);
  const listDiff = (name: string, bl: readonly unknown[], sl: readonly unknown[], th: number, key?: (x: unknown) => unknown): void => {
    const hit = matchedItems(bl, sl, th, key);
    const missed = bl.length - hit.size;
    const extra = sl.length - hit.size;
    if (missed || extra) {
      const example = sl.find((_, i) => !hit.has(i));
      out.push(`${name}: ${bl.length} / ${sl.length} items, ${missed} not found in the scan, ${extra} extra${example !== undefined ? ` (e.g. "${clip(key ? key(example) : example, 50)}")` : ''}`);
    }
  };
  for (const k of ['qualifications', 'relatedSops', 'equipment', 'warnings', 'recordKeeping'] as const) listDiff(k, b[k], s[k], THRESHOLD.list);
  const legal = (l: SopRecord['legalBases']): string[] => l.filter((x) => x.type !== 'other').map((x) => legalKey(x));
  const [bl, sl] = [legal(b.legalBases), legal(s.legalBases)];
  const lostLegal = bl.filter((k) => !sl.includes(k)).length;
  const extraLegal = sl.filter((k) => !bl.includes(k)).length;
  if (lostLegal || extraLegal) out.push(`legalBases: ${bl.length} / ${sl.length}, ${lostLegal} not found in the scan, ${extraLegal} extra`);
  listDiff('actors', b.actors.map((a) => a.label), s.actors.map((a) => a.label), THRESHOLD.actor);
  const bySteps = (steps: SopRecord['steps']): Map<number | null, SopRecord['steps'][number]> => new Map(steps.map((x, i) => [b.steps.some((y) => y.number === null) ? i : x.number, x]));
  const [bs, ss] = [bySteps(b.steps), bySteps(s.steps)];
  const stepNumbers = (m: Map<unknown, unknown>): string => clip([...m.keys()].join(',') || 'none', 40);
  if (b.steps.length !== s.steps.length || bs.size !== ss.size || [...bs.keys()].some((n) => !ss.has(n))) {
    out.push(`steps: ${b.steps.length} / ${s.steps.length} (numbers ${stepNumbers(bs)} / ${stepNumbers(ss)})`);
  }
  const wrong = { activity: [] as string[], duration: 0, output: 0, requirements: 0, actors: 0 };
  for (const [n, x] of bs) {
    const y = ss.get(n);
    if (!y) continue;
    if (!same(x.activity, y.activity, THRESHOLD.activity)) wrong.activity.push(`${n}: "${clip(x.activity, 40)}" / "${clip(y.activity, 40)}"`);
    if (durationKey(x.duration) !== durationKey(y.duration)) wrong.duration++;
    if (!same(x.output, y.output, THRESHOLD.cell)) wrong.output++;
    if (!same(x.requirements, y.requirements, THRESHOLD.cell)) wrong.requirements++;
    if (matchedItems(x.actors, y.actors, THRESHOLD.actor).size !== Math.max(x.actors.length, y.actors.length)) wrong.actors++;
  }
  const common = [...bs.keys()].filter((n) => ss.has(n)).length;
  if (wrong.activity.length) out.push(`steps.activity differs in ${wrong.activity.length} of ${common} steps found in both, e.g. ${wrong.activity[0]}`);
  for (const k of ['duration', 'output', 'requirements', 'actors'] as const) if (wrong[k]) out.push(`steps.${k} differs in ${wrong[k]} of ${common}`);
  const codes = (r: SopRecord): Set<string> => new Set(r.diagnostics.map((d) => d.code));
  const newCodes = [...codes(s)].filter((c) => !codes(b).has(c));
  if (newCodes.length) out.push(`diagnostics of the scan only: ${newCodes.join(', ')}`);
  return out;
}

interface ScoreLine {
  name: string;
  macro: number;
}

/** Runs score.py; its text, and its per-document macro F1s when `--per-doc` was given. */
function score(records: string, gold: string, extra: string[]): { text: string; docs: ScoreLine[] } {
  const r = spawnSync('python3', [join(shared, 'score.py'), records, gold, ...extra], { encoding: 'utf8' });
  if (r.error) throw new Error(`python3 could not run score.py: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`score.py failed: ${r.stderr}`);
  const docs = [...r.stdout.matchAll(/^(\S+)\s.*\smacro ([\d.]+)$/gm)].map((m) => ({ name: m[1]!, macro: Number(m[2]) }));
  return { text: r.stdout, docs };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      all: { type: 'boolean', default: false },
      files: { type: 'string' },
      pages: { type: 'string', default: '4' },
      worst: { type: 'string', default: '5' },
      keep: { type: 'string' },
    },
  });
  const wild = join(shared, 'wild');
  if (!existsSync(join(shared, 'score.py')) || !existsSync(join(wild, 'MANIFEST.tsv'))) {
    process.stdout.write(`no ${shared}/score.py or ${wild}/MANIFEST.tsv: nothing to check\n`);
    return;
  }
  const pages = Number(values.pages);
  const worst = Number(values.worst);
  if (!(pages >= 1) || !(worst >= 0)) throw new Error('--pages must be 1 or more, --worst 0 or more');
  const entries = readWildManifest(wild).filter((e) => e.format === 'pdf-text');
  let chosen: WildEntry[];
  if (values.files) {
    const wanted = values.files.split(',').map((x) => x.trim()).filter(Boolean);
    chosen = entries.filter((e) => wanted.some((w) => w === e.id || w === e.file || w === stem(e.file)));
    const unknown = wanted.filter((w) => !entries.some((e) => w === e.id || w === e.file || w === stem(e.file)));
    if (unknown.length) throw new Error(`not born-digital PDFs of ${wild}/MANIFEST.tsv: ${unknown.join(', ')}`);
  } else chosen = values.all ? entries : sample(entries, pages, DEFAULT_PAGE_BUDGET);

  const work = values.keep ? resolve(values.keep) : mkdtempSync(join(tmpdir(), 'sop-agreement-'));
  const dirs = { born: join(work, 'born'), scan: join(work, 'scan'), gold: join(work, 'gold') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const started = Date.now();
  try {
    process.stdout.write(`${chosen.length} born-digital PDFs of ${entries.length}, first ${pages} pages, scanned at ${SCAN_DEFAULTS.dpi} dpi (${SCAN_DEFAULTS.angle}°, noise ${SCAN_DEFAULTS.noise}, blur ${SCAN_DEFAULTS.blur}, JPEG ${SCAN_DEFAULTS.quality}) in ${work}\n`);
    const born: string[] = [];
    const scans: string[] = [];
    const pagesOf = new Map<string, number>();
    for (const e of chosen) {
      const path = join(wild, e.file);
      const t = Date.now();
      try {
        const bytes = new Uint8Array(readFileSync(path));
        const scan = await scanPdf(bytes, e.file, pages);
        writeFileSync(join(dirs.scan, `${stem(e.file)}.scan.pdf`), scan.bytes);
        scans.push(join(dirs.scan, `${stem(e.file)}.scan.pdf`));
        if (scan.total > pages) {
          writeFileSync(join(dirs.born, e.file), await firstPages(bytes, pages));
          born.push(join(dirs.born, e.file));
        } else born.push(path);
        pagesOf.set(stem(e.file), scan.pages);
        process.stdout.write(`  scanned ${e.file}: ${scan.pages} of ${scan.total} pages, ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
      } catch (err) {
        process.stdout.write(`  cannot scan ${e.file}: ${(err as Error).message}\n`);
      }
    }
    const bornRecords = await recordsOf(born, join(work, 'born.db'), 'born-digital');
    const scanRecords = await recordsOf(scans, join(work, 'scan.db'), 'scan');

    for (const [name, { record }] of bornRecords) writeFileSync(join(dirs.gold, `${name}.json`), JSON.stringify(asGold(record, `${name}.pdf`)));
    const exported = join(work, 'scan-records.json');
    writeFileSync(exported, JSON.stringify([...scanRecords.values()].map((x) => x.record)));
    const all = score(exported, dirs.gold, ['--per-doc']);
    const macro = new Map(all.docs.map((d) => [d.name.replace(/\.scan$/, ''), d.macro]));

    process.stdout.write(`\n== per file: pages, steps born-digital / scan, score.py macro F1 of the scan against the born-digital record\n`);
    for (const e of chosen) {
      const name = stem(e.file);
      const b = bornRecords.get(name);
      const s = scanRecords.get(name);
      const f1 = macro.get(name);
      const note = !pagesOf.has(name) ? 'not scanned' : !b ? 'no born-digital record: not scored' : !s ? 'no record from the scan' : b.count !== s.count ? `records ${b.count} / ${s.count}` : '';
      process.stdout.write(`${name.slice(0, 60).padEnd(60)} ${String(pagesOf.get(name) ?? '-').padStart(2)} p  steps ${String(b?.record.steps.length ?? '-').padStart(2)} / ${String(s?.record.steps.length ?? '-').padEnd(2)}  ${f1 === undefined ? '  -  ' : f1.toFixed(3)}  ${note}\n`);
    }
    process.stdout.write(`\n== field groups, all files\n${all.text.slice(all.text.search(/^identity\s/m))}`);
    const groups = [...all.text.matchAll(/^(\S+)\s+F1 ([\d.]+) \(tp (\d+) fp (\d+) fn (\d+)\)$/gm)]
      .filter((m) => Number(m[3]) + Number(m[4]) + Number(m[5]) > 0)
      .map((m) => ({ group: m[1]!, f1: Number(m[2]) }))
      .sort((x, y) => x.f1 - y.f1);
    process.stdout.write(`weakest field groups: ${groups.slice(0, 3).map((g) => `${g.group} ${g.f1.toFixed(3)}`).join(', ')}\n`);

    process.stdout.write(`\n== by agency (overall F1 of its files)\n`);
    for (const agency of [...new Set(chosen.map((e) => e.agency))]) {
      const names = chosen.filter((e) => e.agency === agency && bornRecords.has(stem(e.file))).map((e) => stem(e.file));
      if (!names.length) continue;
      const overall = /overall F1 ([\d.]+)/.exec(score(exported, dirs.gold, ['--only', names.join(',')]).text)?.[1] ?? '-';
      process.stdout.write(`  ${agency}: ${names.length} files | overall F1 ${overall}\n`);
    }

    const ranked = chosen.filter((e) => macro.has(stem(e.file))).sort((x, y) => macro.get(stem(x.file))! - macro.get(stem(y.file))!);
    if (worst > 0) process.stdout.write(`\n== the ${Math.min(worst, ranked.length)} files that agree least: born-digital / scan\n`);
    for (const e of ranked.slice(0, worst)) {
      const name = stem(e.file);
      process.stdout.write(`${name} (${macro.get(name)!.toFixed(3)})\n`);
      for (const line of differences(bornRecords.get(name)!.record, scanRecords.get(name)?.record)) process.stdout.write(`  ${line}\n`);
    }
    process.stdout.write(`\n${/overall F1 [\d.]+/.exec(all.text)?.[0] ?? 'overall F1 -'} (${bornRecords.size} files scored, ${((Date.now() - started) / 60000).toFixed(1)} min)\n`);
  } finally {
    if (!values.keep) rmSync(work, { recursive: true, force: true });
  }
}

await main();
