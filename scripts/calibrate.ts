/**
 * `npm run calibrate`: how often fields were right at each level of confidence, on the gold records
 * (the seeds vs ../shared/gold, ../shared/dev-docs vs ../shared/dev-gold, ../shared/wild vs
 * fixtures/wild-gold). Every field a record gives a confidence is judged right or wrong as
 * ../shared/score.py judges it (scripts/lib/gold-match.ts); the table printed is the README's
 * calibration table. The target (SOP-RECORD.md): fields at 0.9 or more are right 95% of the time.
 * `--by-field` adds a table per kind of field; `--wrong` lists the wrong fields at 0.9 or more.
 * Needs ../shared (or SOP_SHARED); OCR sets make it take a few minutes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPaths } from '../src/import/importer.js';
import type { SopRecord } from '../src/record/schema.js';
import { openDatabase } from '../src/store/db.js';
import { iterateRecords } from '../src/store/read.js';
import { durationKey, legalKey, matchedItems, norm, sim, THRESHOLD } from './lib/gold-match.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = resolve(process.env.SOP_SHARED ?? join(root, '..', 'shared'));

/** The confidence bands of the table. */
const BANDS = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001];

interface Judged {
  path: string;
  kind: string;
  confidence: number;
  right: boolean;
  file: string;
}

type Gold = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function recordsOf(inputs: string[], work: string, name: string): Promise<SopRecord[]> {
  const db = openDatabase(join(work, `${name}.db`));
  await importPaths(db, inputs);
  const records = [...iterateRecords(db)];
  db.close();
  return records;
}

const stem = (p: string): string => basename(p).replace(/\.[^.]+$/, '');

/** The gold of a record: the gold whose file's stem is the record's, or a prefix of it before a dot (score.py). */
function goldFor(record: SopRecord, golds: Gold[]): Gold | undefined {
  const name = stem(record.source.path);
  return golds.find((g) => {
    const base = stem(String(g.file));
    return name === base || name.startsWith(`${base}.`);
  });
}

/** Judges every field of `r` that carries a confidence against its gold `g`. */
function judge(r: SopRecord, g: Gold): Judged[] {
  const out: Judged[] = [];
  const fields = r.confidence?.fields ?? {};
  const file = basename(r.source.path);
  const add = (path: string, kind: string, right: boolean): void => {
    if (fields[path] !== undefined) out.push({ path, kind, confidence: fields[path]!, right, file });
  };
  const gi = g.identity ?? {};
  for (const k of ['title', 'number', 'organization', 'unit'] as const) add(`identity/${k}`, `identity.${k}`, sim(gi[k], r.identity[k]) >= THRESHOLD.identity);
  for (const k of ['createdDate', 'revisedDate', 'effectiveDate', 'approvedDate'] as const) add(`identity/${k}`, 'identity.dates', String(gi[k] ?? '').trim() === String(r.identity[k] ?? '').trim());
  const ga = gi.approver ?? {};
  for (const k of ['name', 'position', 'rank'] as const) add(`identity/approver/${k}`, `approver.${k}`, sim(ga[k], r.identity.approver[k]) >= THRESHOLD.approver);
  add('identity/approver/grade', 'approver.grade', String(ga.grade ?? '').replace(/\s/g, '').toLowerCase() === String(r.identity.approver.grade ?? '').replace(/\s/g, '').toLowerCase());
  add('identity/approver/nip', 'approver.nip', String(ga.nip ?? '').replace(/\D/g, '') === String(r.identity.approver.nip ?? '').replace(/\D/g, ''));
  for (const k of ['qualifications', 'relatedSops', 'equipment', 'warnings', 'recordKeeping'] as const) {
    const hit = matchedItems(g[k] ?? [], r[k], THRESHOLD.list);
    r[k].forEach((_, i) => add(`${k}/${i}`, 'lists', hit.has(i)));
  }
  // score.py leaves out legal bases of type other: only the typed ones are judged
  const goldKeys = (g.legalBases ?? []).filter((x: Gold) => x.type && x.type !== 'other').map(legalKey);
  const used = new Set<number>();
  r.legalBases.forEach((l, i) => {
    if (l.type === 'other') return;
    const at = goldKeys.findIndex((k: string, j: number) => !used.has(j) && k === legalKey(l));
    if (at >= 0) used.add(at);
    add(`legalBases/${i}`, 'legalBases', at >= 0);
  });
  const actorHit = matchedItems(g.actors ?? [], r.actors.map((a) => a.label), THRESHOLD.actor);
  r.actors.forEach((_, i) => add(`actors/${i}`, 'actors', actorHit.has(i)));
  const gsteps: Gold[] = g.steps ?? [];
  const byOrder = gsteps.some((s) => s.number === null || s.number === undefined);
  r.steps.forEach((s, i) => {
    const gs = byOrder ? gsteps[i] : gsteps.find((x) => x.number === s.number);
    const p = `steps/${i}`;
    if (!gs) {
      for (const part of ['number', 'activity', 'actors', 'requirements', 'output', 'duration', 'notes']) add(`${p}/${part}`, `steps.${part}`, false);
      return;
    }
    add(`${p}/number`, 'steps.number', byOrder || gs.number === s.number);
    add(`${p}/activity`, 'steps.activity', sim(gs.activity, s.activity) >= THRESHOLD.activity);
    add(`${p}/requirements`, 'steps.requirements', sim(gs.requirements, s.requirements) >= THRESHOLD.cell);
    add(`${p}/output`, 'steps.output', sim(gs.output, s.output) >= THRESHOLD.cell);
    add(`${p}/duration`, 'steps.duration', durationKey(gs.duration) === durationKey(s.duration) || (durationKey(gs.duration) === null && norm(gs.duration?.text) === norm(s.duration?.text)));
    const ga2: unknown[] = gs.actors ?? [];
    const hit = matchedItems(ga2, s.actors, THRESHOLD.actor);
    add(`${p}/actors`, 'steps.actors', hit.size === s.actors.length && hit.size === ga2.length);
  });
  return out;
}

function table(rows: Judged[]): string {
  const lines = ['| confidence | fields | right | share right |', '|---|---|---|---|'];
  for (let b = 0; b + 1 < BANDS.length; b++) {
    const lo = BANDS[b]!;
    const hi = BANDS[b + 1]!;
    const inBand = rows.filter((r) => r.confidence >= lo && r.confidence < hi);
    const right = inBand.filter((r) => r.right).length;
    const label = hi > 1 ? `${lo.toFixed(2)}–1.00` : `${lo.toFixed(2)}–${hi.toFixed(2)}`;
    lines.push(`| ${label} | ${inBand.length} | ${right} | ${inBand.length ? ((100 * right) / inBand.length).toFixed(1) : '-'}% |`);
  }
  const sure = rows.filter((r) => r.confidence >= 0.9);
  lines.push(`| **≥ 0.90** | ${sure.length} | ${sure.filter((r) => r.right).length} | **${sure.length ? ((100 * sure.filter((r) => r.right).length) / sure.length).toFixed(1) : '-'}%** |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (!existsSync(join(shared, 'gold'))) {
    process.stdout.write(`no ${shared}/gold: nothing to calibrate against\n`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'sop-calibrate-'));
  const loadGold = (dir: string): Gold[] => readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Gold);
  const sets: Array<[string, string[], string]> = [
    ['seeds', [join(root, 'corpus')], join(shared, 'gold')],
    ['dev-docs', [join(shared, 'dev-docs')], join(shared, 'dev-gold')],
    ['wild', [join(shared, 'wild')], join(root, 'fixtures', 'wild-gold')],
  ];
  const judged: Judged[] = [];
  try {
    for (const [name, inputs, goldDir] of sets) {
      if (!inputs.every(existsSync) || !existsSync(goldDir)) continue;
      const golds = loadGold(goldDir);
      const records = await recordsOf(inputs, work, name);
      for (const r of records) {
        const g = goldFor(r, golds);
        if (g) judged.push(...judge(r, g));
      }
      process.stdout.write(`${name}: ${records.length} records\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(`\n${table(judged)}\n`);
  if (process.argv.includes('--by-field')) {
    for (const kind of [...new Set(judged.map((j) => j.kind))].sort()) process.stdout.write(`\n${kind}\n${table(judged.filter((j) => j.kind === kind))}\n`);
  }
  if (process.argv.includes('--wrong')) {
    for (const j of judged.filter((x) => x.confidence >= 0.9 && !x.right)) process.stdout.write(`wrong at ${j.confidence}: ${j.file} ${j.path}\n`);
  }
}

await main();
