/**
 * The auditors' and researchers' commands of `sop`: legal-bases, cites, compare, similar, check,
 * search, stats, export-tables and schema. Every command takes --db (default out/sop.db), opens
 * the database read-only, prints tables by default and JSON with --json. Errors are thrown and
 * reported by program.ts's `main` (exit 1); usage errors exit 2.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Db } from '../store/db.js';
import { findSops, iterateRecords } from '../store/read.js';
import { recordJsonSchema, type SopRecord } from '../record/schema.js';
import { citesOf, legalBasisCounts } from '../query/cites.js';
import { compareSops } from '../query/compare.js';
import { findSimilar } from '../query/similar.js';
import { checkRecords, type Finding } from '../query/check.js';
import { searchSops } from '../query/search.js';
import { corpusStats, type Distribution } from '../query/stats.js';
import { clip, table } from './format.js';
import { base, dbOption, print, UserError, withStore } from './common.js';
import { existsSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { reviewFields, reviewRecords } from '../query/review.js';


function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number (0: no limit)');
  return n;
}

function threshold(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError('must be a number in (0, 1]');
  return n;
}

function year(value: string): number {
  if (!/^(?:19|20)\d{2}$/.test(value)) throw new InvalidArgumentError('must be a year such as 2012');
  return Number(value);
}


/** An SOP's file name, and how many more files hold it (renditions): `a.txt +1 rendition`. */
function withRenditions(s: { path: string; renditions: readonly unknown[] }): string {
  const n = s.renditions.length;
  return n ? `${base(s.path)} +${n} rendition${n > 1 ? 's' : ''}` : base(s.path);
}

/** One SOP by reference (id or its start, Nomor SOP, file); a reference matching none or several is an error. */
function oneSop(db: Db, ref: string): SopRecord {
  const found = findSops(db, ref);
  if (found.length === 0) throw new Error(`no SOP matches "${ref}"`);
  if (found.length > 1) throw new Error(`"${ref}" matches ${found.length} SOPs (${found.slice(0, 3).map((r) => r.id).join(', ')}…): give a record id`);
  return found[0]!;
}

/** Working minutes as the reader counts them: `2 d 3 h 15 min` (8-hour days, the store's convention). */
function minutes(m: number | null): string {
  if (m === null) return '';
  const sign = m < 0 ? '-' : '';
  let rest = Math.abs(m);
  const d = Math.floor(rest / 480);
  rest -= d * 480;
  const h = Math.floor(rest / 60);
  const min = Math.round(rest - h * 60);
  return sign + ([d ? `${d} d` : '', h ? `${h} h` : '', min || (!d && !h) ? `${min} min` : ''].filter(Boolean).join(' '));
}

/** Numbers as ranges: 1 2 3 5 → `1–3, 5`. */
function ranges(ns: Array<number | null>): string {
  const known = ns.filter((n): n is number => n !== null);
  const out: string[] = [];
  for (let i = 0; i < known.length; ) {
    let j = i;
    while (j + 1 < known.length && known[j + 1] === known[j]! + 1) j++;
    out.push(j > i ? `${known[i]}–${known[j]}` : `${known[i]}`);
    i = j + 1;
  }
  const unnumbered = ns.length - known.length;
  return [...out, unnumbered ? `${unnumbered} unnumbered` : ''].filter(Boolean).join(', ');
}

function registerCites(program: Command): void {
  program
    .command('cites')
    .description('the SOPs resting on a regulation, however it is written (PP 60/2008, Peraturan Pemerintah Nomor 60 Tahun 2008, PermenPAN-RB 35/2012)')
    .argument('<citation...>', 'the regulation as written (quotes optional)')
    .addOption(dbOption())
    .option('--limit <n>', 'SOPs listed per regulation (0: all)', count, 100)
    .option('--json', 'print JSON')
    .action((words: string[], opts: { db: string; limit: number; json?: boolean }) =>
      withStore(opts.db, (db) => {
        const result = citesOf(db, words.join(' '), opts.limit);
        print(opts.json, result, () =>
          result.regulations
            .map((r) => {
              const head = `${r.key}${r.asked === 'asked' ? '' : ` (${r.asked === 'amendment' ? 'amending the asked regulation' : 'amended by the asked regulation'})`}: ${r.total} SOP(s)${r.subject ? ` · ${clip(r.subject, 70)}` : ''}`;
              if (r.total === 0) return `${head}: no SOP in the database cites ${r.type} number ${r.number} of ${r.year}${r.issuer ? ` (${r.issuer})` : ''}`;
              const rows = r.sops.map((s) => [s.id.slice(0, 18), withRenditions(s), clip(s.title, 40), clip(s.unit, 24), s.relation]);
              const more = r.total > r.sops.length ? `\n… and ${r.total - r.sops.length} more (--limit 0 lists all)` : '';
              return `${head}\n${table(['id', 'file', 'title', 'unit', 'relation'], rows)}${more}`;
            })
            .join('\n\n'),
        );
      }),
    );
}

/** `sop legal-bases`: each regulation with the SOPs citing it, filtered, with counts. */
function registerLegalBases(program: Command): void {
  program
    .command('legal-bases')
    .description('each regulation (canonical key, type, number, year, subject) with the SOPs that cite it; an SOP in several files (renditions) counts once')
    .addOption(dbOption())
    .option('--shared', 'only regulations cited by two or more SOPs')
    .option('--json', 'print JSON')
    .option('--type <type>', 'only regulations of this type (uu, pp, permen, perda, perbup …)')
    .option('--year <year>', 'only regulations of this year', year)
    .option('--with-amended', 'also count SOPs citing a regulation that amends this one (tentang Perubahan atas …)')
    .action((opts: { db: string; shared?: boolean; json?: boolean; type?: string; year?: number; withAmended?: boolean }) =>
      withStore(opts.db, (db) => {
        const filter = { minSops: opts.shared ? 2 : 1, withAmended: !!opts.withAmended, ...(opts.type ? { type: opts.type.toLowerCase() } : {}), ...(opts.year ? { year: opts.year } : {}) };
        const index = legalBasisCounts(db, filter);
        print(opts.json, index, () =>
          table(
            ['key', 'type', 'number', 'year', 'subject', 'n', 'SOPs'],
            index.map((l) => [
              l.key, l.type, l.number, l.year, clip(l.subject, 40), l.count,
              [...l.sops.slice(0, 5).map((s) => `${clip(s.title, 30)} (${withRenditions(s)})`), l.sops.length > 5 ? `… ${l.sops.length - 5} more` : ''].filter(Boolean).join('\n'),
            ]),
            [30, 9, 8, 6, 42, 5, 50],
          ) + `\n${index.length} regulations, ${index.reduce((n, l) => n + l.count, 0)} citations`,
        );
      }),
    );
}

function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare two SOPs: identity, legal bases, actors by canonical role, steps aligned by activity, durations')
    .argument('<a>', 'first SOP: id (or its start), Nomor SOP or file')
    .argument('<b>', 'second SOP')
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action((a: string, b: string, opts: { db: string; json?: boolean }) =>
      withStore(opts.db, (db) => {
        const c = compareSops(oneSop(db, a), oneSop(db, b));
        print(opts.json, c, () => {
          const out: string[] = [`A: ${c.a.title ?? '(no title)'} (${base(c.a.path)})\nB: ${c.b.title ?? '(no title)'} (${base(c.b.path)})`];
          const diff = c.identity.filter((d) => !d.same);
          out.push(diff.length ? `Identity: ${diff.length} difference(s)\n${table(['field', 'A', 'B'], diff.map((d) => [d.field.replace(/^identity\./, ''), clip(d.a, 40), clip(d.b, 40)]))}` : 'Identity: the same');
          const l = c.legalBases;
          out.push(
            `Legal bases: ${l.common.length} in common, ${l.onlyA.length} only in A, ${l.onlyB.length} only in B` +
              (l.common.length + l.onlyA.length + l.onlyB.length
                ? `\n${table(['key', 'in'], [...l.common.map((x) => [x.key, 'both']), ...l.onlyA.map((x) => [x.key, 'A']), ...l.onlyB.map((x) => [x.key, 'B'])])}`
                : ''),
          );
          const r = c.actors;
          out.push(
            `Actors: ${r.common.length} roles in common, ${r.onlyA.length} only in A, ${r.onlyB.length} only in B\n` +
              table(['role', 'A', 'B'], [
                ...r.common.map((x) => [clip(x.role, 50), x.a.join('; '), x.b.join('; ')]),
                ...r.onlyA.map((x) => [clip(x.role, 50), x.labels.join('; '), '']),
                ...r.onlyB.map((x) => [clip(x.role, 50), '', x.labels.join('; ')]),
              ]),
          );
          const s = c.summary;
          out.push(
            `Steps: ${s.same} same, ${s.similar} similar, ${s.changed} changed, ${s['only-a']} only in A, ${s['only-b']} only in B\n` +
              table(
                ['A', 'activity in A', 'B', 'activity in B', 'sim', 'status', 'time A', 'time B', 'Δ'],
                c.steps.map((x) => [x.a?.number ?? (x.a ? '?' : ''), clip(x.a?.activity, 34), x.b?.number ?? (x.b ? '?' : ''), clip(x.b?.activity, 34), x.similarity, x.status, minutes(x.a?.minutes ?? null), minutes(x.b?.minutes ?? null), x.minutesDelta === null ? '' : minutes(x.minutesDelta)]),
              ),
          );
          const d = c.durations;
          out.push(`Total time: A ${minutes(d.totalA)}${d.unknownA ? ` (+${d.unknownA} step(s) without a duration)` : ''}, B ${minutes(d.totalB)}${d.unknownB ? ` (+${d.unknownB} step(s) without a duration)` : ''}, B − A ${minutes(d.delta)} (working time: 8-hour days)`);
          return out.join('\n\n');
        });
      }),
    );
}

function registerSimilar(program: Command): void {
  program
    .command('similar')
    .description('clusters of near-duplicate SOPs (copies of one procedure across units), by MinHash/LSH over the step activities')
    .addOption(dbOption())
    .option('--threshold <t>', 'minimum Jaccard similarity of the step texts (word-stem bigrams), 0 < t ≤ 1', threshold, 0.5)
    .option('--json', 'print JSON')
    .action((opts: { db: string; threshold: number; json?: boolean }) =>
      withStore(opts.db, (db) => {
        const r = findSimilar(db, { threshold: opts.threshold });
        print(opts.json, r, () => {
          const blocks = r.clusters.map((c, i) =>
            `cluster ${i + 1}: ${c.members.length} SOPs, ${c.units} unit(s), similarity to the first min ${c.minSimilarity} mean ${c.meanSimilarity}\n` +
            table(['id', 'file', 'title', 'organisation', 'unit', 'sim'], c.members.map((m) => [m.id.slice(0, 18), base(m.path), clip(m.title, 36), clip(m.organization, 30), clip(m.unit, 22), m.similarity])),
          );
          const clustered = r.clusters.reduce((n, c) => n + c.members.length, 0);
          return [
            ...blocks,
            `${r.clusters.length} cluster(s) holding ${clustered} of ${r.sops} SOPs at threshold ${r.threshold} (LSH ${r.bands} bands × ${r.rows} rows; ${r.verified} candidate pairs verified)` +
              (r.skipped ? `; ${r.skipped} SOP(s) with too few steps to compare` : ''),
          ].join('\n\n');
        });
      }),
    );
}

/** Findings of one SOP and rule grouped on one line: `steps 1–8` for per-step findings. */
function groupedFindings(findings: Finding[]): Array<[string, string, string, string, string]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const stepField = /^steps\[\d+\]\.(\w+)$/.exec(f.field)?.[1];
    const k = `${f.sopId}\u0000${f.rule}\u0000${f.level}\u0000${stepField ? `steps.${stepField}\u0000${f.level === 'note' ? f.field : ''}` : `${f.field}\u0000${f.message}`}`;
    const g = groups.get(k);
    if (g) g.push(f);
    else groups.set(k, [f]);
  }
  return [...groups.values()].map((g) => {
    const f = g[0]!;
    const where = /^steps\[/.test(f.field) && g.length > 1 ? `steps ${ranges(g.map((x) => x.step))}` : f.step !== null ? `step ${f.step}` : f.field.replace(/^identity\./, '');
    return [base(f.path), f.level, f.rule, where, g.length > 1 ? `${g.length}× ${f.message}` : f.message];
  });
}

function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check SOPs against Permenpan RB 35/2012 (identity fields, steps, flowchart symbols, NIP, pangkat/golongan, dates, legal bases)')
    .argument('[refs...]', 'SOPs to check (id, Nomor SOP or file); all when none')
    .addOption(dbOption())
    .option('--strict', 'exit 1 when any error or warning is found')
    .option('--summary', 'print the summary tables only, not each finding')
    .option('--json', 'print JSON')
    .action((refs: string[], opts: { db: string; strict?: boolean; summary?: boolean; json?: boolean }) =>
      withStore(opts.db, (db) => {
        const records = refs.length ? refs.map((r) => oneSop(db, r)) : iterateRecords(db);
        const report = checkRecords(records);
        print(opts.json, report, () => {
          const out: string[] = [];
          if (!opts.summary && report.findings.length) out.push(table(['file', 'level', 'rule', 'where', 'finding'], groupedFindings(report.findings), [28, 9, 23, 20, 60]));
          out.push(table(['rule', 'level', 'SOPs failing', 'findings', 'not checkable', 'source'], report.rules.map((r) => [r.rule, r.level, r.sopsFailing, r.findings, r.sopsNotCheckable || '', clip(r.source, 56)])));
          out.push(table(['file', 'title', 'errors', 'warnings', 'notes'], report.bySop.map((s) => [base(s.path), clip(s.title, 40), s.errors, s.warnings, s.notes])));
          const flagged = report.findings.filter((f) => f.level !== 'note').length;
          out.push(`${report.sops} SOP(s) checked: ${report.findings.filter((f) => f.level === 'error').length} error(s), ${report.findings.filter((f) => f.level === 'warning').length} warning(s), ${report.findings.length - flagged} not checkable`);
          return out.join('\n\n');
        });
        if (opts.strict && report.findings.some((f) => f.level !== 'note')) process.exitCode = 1;
      }),
    );
}

function registerSearch(program: Command): void {
  program
    .command('search')
    .description('full-text search of titles, steps, outputs and legal-basis subjects, ranked (bm25); Indonesian affixes ignored (pemantauan finds memantau)')
    .argument('<words...>', 'words to find (all required)')
    .addOption(dbOption())
    .option('--exact', 'match the words as written, without stemming')
    .option('--limit <n>', 'hits listed (0: all)', count, 20)
    .option('--json', 'print JSON')
    .action((words: string[], opts: { db: string; exact?: boolean; limit: number; json?: boolean }) =>
      withStore(opts.db, (db) => {
        const r = searchSops(db, words.join(' '), { exact: !!opts.exact, limit: opts.limit });
        print(opts.json, r, () =>
          (r.hits.length ? `${table(['score', 'file', 'title', 'unit', 'matching line'], r.hits.map((h) => [h.score, base(h.path), clip(h.title, 36), clip(h.unit, 22), clip(h.context, 60)]))}\n` : '') +
          `${r.total} SOP(s) match${r.total > r.hits.length ? ` (${r.hits.length} shown)` : ''}`,
        );
      }),
    );
}

function distRow(label: string, d: Distribution, fmt: (n: number | null) => string | number | null): Array<string | number | null> {
  return [label, d.n, fmt(d.min), fmt(d.p25), fmt(d.median), fmt(d.p75), fmt(d.max), fmt(d.mean)];
}

function registerStats(program: Command): void {
  program
    .command('stats')
    .description('corpus statistics: SOPs per organisation/unit, steps and total durations, most cited regulations, actors by canonical role; an SOP in several files (renditions) counts once')
    .addOption(dbOption())
    .option('--top <n>', 'rows of each list (0: all)', count, 10)
    .option('--organisation <name>', 'only the SOPs of this organisation, however written (Pemerintah Kabupaten X = Kabupaten X)')
    .option('--json', 'print JSON')
    .action((opts: { db: string; top: number; organisation?: string; json?: boolean }) =>
      withStore(opts.db, (db) => {
        const s = corpusStats(db, opts.top, opts.organisation ? { organization: opts.organisation } : {});
        print(opts.json, s, () =>
          [
            `${s.sops} SOPs in ${s.units} organisation/unit(s)\n${table(['organisation', 'unit', 'SOPs'], s.byUnit.map((u) => [clip(u.organization, 40), clip(u.unit, 30), u.sops]))}`,
            table(['per SOP', 'n', 'min', 'p25', 'median', 'p75', 'max', 'mean'], [
              distRow('steps', s.steps, (n) => n),
              distRow('total time', s.totalMinutes, (n) => (n === null ? null : minutes(n))),
            ]),
            `Most cited regulations\n${table(['key', 'subject', 'SOPs'], s.topRegulations.map((r) => [r.key, clip(r.subject, 50), r.sops]))}`,
            `Actors by canonical role\n${table(['role', 'SOPs', 'steps', 'spellings'], s.roles.map((r) => [clip(r.role, 55), r.sops, r.steps, r.labels]))}`,
          ].join('\n\n'),
        );
      }),
    );
}

/**
 * The format of `export-tables`: as given, else XLSX for an --out ending in .xlsx, else CSV.
 * Errors (UserError): an --out that is a file for CSV (a folder of files) or a folder for XLSX,
 * and --bom with XLSX.
 */
function tablesFormat(opts: { format?: 'csv' | 'xlsx'; out: string; bom?: boolean }): 'csv' | 'xlsx' {
  const format = opts.format ?? (extname(opts.out).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv');
  const kind = existsSync(opts.out) ? (statSync(opts.out).isDirectory() ? 'folder' : 'file') : null;
  if (format === 'csv' && kind === 'file') throw new UserError(`${opts.out} is a file: the CSV export writes a folder of files (sops.csv, steps.csv …); give a folder, or --format xlsx for one workbook`);
  if (format === 'xlsx' && kind === 'folder') throw new UserError(`${opts.out} is a folder: the XLSX export writes one workbook file; give a file name such as ${join(opts.out, 'sop.xlsx')}`);
  if (format === 'xlsx' && opts.bom) throw new UserError('--bom applies to CSV files only');
  return format;
}

function registerExportTables(program: Command): void {
  program
    .command('export-tables')
    .description('export the records as tables (sops, steps, legal_bases, actors): CSV files in a folder, or one XLSX workbook (dates as dates, booleans as booleans)')
    .addOption(dbOption())
    .addOption(new Option('--format <format>', 'csv: one file per table in --out DIR; xlsx: one workbook --out FILE (default: xlsx for a .xlsx file, else csv)').choices(['csv', 'xlsx']))
    .requiredOption('--out <path>', 'folder (csv) or .xlsx file')
    .option('--bom', 'start each CSV file with a UTF-8 byte-order mark (Excel on Windows needs it for non-ASCII letters)')
    .option('--json', 'print the rows written per table as JSON')
    .action((opts: { db: string; format?: 'csv' | 'xlsx'; out: string; bom?: boolean; json?: boolean }) => {
      const format = tablesFormat(opts);
      return withStore(opts.db, async (db) => {
        // loaded here: exceljs alone takes ~0.5 s to load, which no other command should pay
        const rows = format === 'csv' ? await (await import('../export/csv.js')).exportCsv(db, opts.out, { bom: !!opts.bom }) : await (await import('../export/xlsx.js')).exportXlsx(db, opts.out);
        print(opts.json, rows, () => `${Object.entries(rows).map(([t, n]) => `${t}: ${n} rows`).join(', ')} → ${opts.out}`);
      });
    });
}

function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of the record (SOP-RECORD.md), as generated from the zod schema')
    .action(() => {
      process.stdout.write(`${JSON.stringify(recordJsonSchema(), null, 2)}\n`);
    });
}

/** Adds the audit commands to the `sop` program. */
function registerReview(program: Command): void {
  program
    .command('review')
    .description('what to check first: the fields whose confidence is lowest (under 0.9: right less than 95% of the time on the gold records), with their values; --records for whole records')
    .argument('[refs...]', 'SOPs to review (id, Nomor SOP or file); all when none')
    .addOption(dbOption())
    .option('--below <confidence>', 'list what is under this confidence', threshold, 0.9)
    .option('--limit <n>', 'rows listed (0: all)', count, 50)
    .option('--records', 'list records by their confidence as a whole instead of fields')
    .option('--json', 'print JSON')
    .action((refs: string[], opts: { db: string; below: number; limit: number; records?: boolean; json?: boolean }) =>
      withStore(opts.db, (db) => {
        const options = { below: opts.below, limit: opts.limit, ...(refs.length ? { sopIds: refs.map((r) => oneSop(db, r).id) } : {}) };
        if (opts.records) {
          const rows = reviewRecords(db, options);
          print(opts.json, rows, () => (rows.length ? table(['confidence', 'file', 'title', `fields < ${opts.below}`], rows.map((r) => [r.confidence, base(r.file), clip(r.title, 48), r.unsure])) : 'no record carries a confidence (import again to read older records anew)'));
          return;
        }
        const rows = reviewFields(db, options);
        print(opts.json, rows, () =>
          rows.length
            ? `${table(['confidence', 'file', 'field', 'value'], rows.map((r) => [r.confidence, base(r.file), r.path, clip(typeof r.value === 'string' ? r.value : JSON.stringify(r.value), 70)]))}\n${rows.length} field(s) under ${opts.below}${opts.limit && rows.length === opts.limit ? ` (the first ${opts.limit}; --limit 0 for all)` : ''}`
            : `no field under ${opts.below}`,
        );
      }),
    );
}

export function registerAuditCommands(program: Command): void {
  registerReview(program);
  registerLegalBases(program);
  registerCites(program);
  registerCompare(program);
  registerSimilar(program);
  registerCheck(program);
  registerSearch(program);
  registerStats(program);
  registerExportTables(program);
  registerSchema(program);
}
