/**
 * Conformance of SOP records with the SOP AP format of Permenpan RB 35/2012 (Lampiran: the identity
 * table "identitas SOP" and the flowchart "diagram alir" with its Mutu Baku columns). Each rule has
 * an id, a level and its source; a finding names the SOP, the field or step, and the rule.
 *
 * Levels: `error` a mandatory element is missing or wrong; `warning` an element is missing or
 * doubtful; `note` the rule could not be checked (the flowchart symbols were not recovered: step
 * `kind` null), said rather than flagged.
 */
import type { SopRecord } from '../record/schema.js';
import { decodeNip } from '../normalise/nip.js';
import { rankGradeMismatch } from '../normalise/rank.js';

export type FindingLevel = 'error' | 'warning' | 'note';

export interface Rule {
  id: string;
  level: Exclude<FindingLevel, 'note'>;
  description: string;
  source: string;
}

/** The rules, in report order. */
export const RULES: readonly Rule[] = [
  { id: 'identity-required', level: 'error', description: 'mandatory identity fields: Judul, Nomor, instansi/unit, Tanggal Pembuatan, Tanggal Efektif, Disahkan oleh (jabatan and nama)', source: 'Permenpan RB 35/2012, Lampiran: identitas SOP' },
  { id: 'identity-lists', level: 'warning', description: 'identity lists present: Dasar Hukum, Kualifikasi Pelaksana, Keterkaitan, Peralatan/Perlengkapan, Peringatan, Pencatatan dan Pendataan', source: 'Permenpan RB 35/2012, Lampiran: identitas SOP' },
  { id: 'step-actor', level: 'warning', description: 'every step has a Pelaksana', source: 'Permenpan RB 35/2012, Lampiran: diagram alir (kolom Pelaksana)' },
  { id: 'step-duration', level: 'warning', description: 'every step has a Waktu that reads as a duration', source: 'Permenpan RB 35/2012, Lampiran: Mutu Baku (Waktu)' },
  { id: 'step-output', level: 'warning', description: 'every step has an Output', source: 'Permenpan RB 35/2012, Lampiran: Mutu Baku (Output)' },
  { id: 'terminator', level: 'warning', description: 'the first and the last step are terminators (mulai / selesai)', source: 'Permenpan RB 35/2012, Lampiran: simbol terminator' },
  { id: 'decision-branches', level: 'error', description: 'a decision names the steps of both branches (ya / tidak)', source: 'Permenpan RB 35/2012, Lampiran: simbol pengambilan keputusan' },
  { id: 'step-numbering', level: 'warning', description: 'steps are numbered 1, 2, 3 … without gaps', source: 'Permenpan RB 35/2012, Lampiran: kolom No' },
  { id: 'rank-grade', level: 'warning', description: 'the approver\'s pangkat fits the golongan', source: 'PP 99/2000, Lampiran I (pangkat and golongan/ruang)' },
  { id: 'nip', level: 'error', description: 'the approver\'s NIP is 18 digits with a valid birth date, appointment month and sex digit', source: 'PP 11/2017; Peraturan Kepala BKN 22/2007 (NIP format)' },
  { id: 'date-order', level: 'error', description: 'dates in order: created ≤ revised, created ≤ approved ≤ effective, created ≤ effective', source: 'Permenpan RB 35/2012, Lampiran: identitas SOP (tanggal)' },
  { id: 'legal-basis-parseable', level: 'warning', description: 'each Dasar Hukum item names a regulation type and its number or year', source: 'Permenpan RB 35/2012, Lampiran: Dasar Hukum; UU 12/2011 (types)' },
];

const RULE_BY_ID = new Map(RULES.map((r) => [r.id, r]));

export interface Finding {
  sopId: string;
  path: string;
  title: string | null;
  rule: string;
  level: FindingLevel;
  /** JSON path in the record: `identity.number`, `steps[3].output` (0-based index), `legalBases[2]`. */
  field: string;
  /** The step's number as written, for step findings; null otherwise. */
  step: number | null;
  message: string;
}

function finding(r: SopRecord, rule: string, field: string, message: string, step: number | null = null, level?: FindingLevel): Finding {
  return { sopId: r.id, path: r.source.path, title: r.identity.title, rule, level: level ?? RULE_BY_ID.get(rule)!.level, field, step, message };
}

/** Compares two ISO dates of possibly different precision (`2021` vs `2021-11-01`) on their common prefix. */
function dateAfter(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) > b.slice(0, n);
}

const LISTS = [
  ['legalBases', 'Dasar Hukum'], ['qualifications', 'Kualifikasi Pelaksana'], ['relatedSops', 'Keterkaitan'],
  ['equipment', 'Peralatan/Perlengkapan'], ['warnings', 'Peringatan'], ['recordKeeping', 'Pencatatan dan Pendataan'],
] as const;

/** Checks one record against every rule. Pure; never throws. Findings in rule order, then field order. */
export function checkRecord(r: SopRecord): Finding[] {
  const out: Finding[] = [];
  const id = r.identity;

  const required: Array<[string, string | null, string]> = [
    ['identity.title', id.title, 'Judul SOP'],
    ['identity.number', id.number, 'Nomor SOP'],
    ['identity.unit', id.unit ?? id.organization, 'the instansi / unit'],
    ['identity.createdDate', id.createdDate, 'Tanggal Pembuatan'],
    ['identity.effectiveDate', id.effectiveDate, 'Tanggal Efektif'],
    ['identity.approver.position', id.approver.position, "the approving official's jabatan (Disahkan oleh)"],
    ['identity.approver.name', id.approver.name, "the approving official's nama (Disahkan oleh)"],
  ];
  for (const [field, value, label] of required) if (!value) out.push(finding(r, 'identity-required', field, `${label} is missing`));
  for (const [field, label] of LISTS) if (r[field].length === 0) out.push(finding(r, 'identity-lists', field, `${label} is empty`));

  r.steps.forEach((s, i) => {
    if (s.actors.length === 0) out.push(finding(r, 'step-actor', `steps[${i}].actors`, 'no Pelaksana is marked for this step', s.number));
  });
  r.steps.forEach((s, i) => {
    if (s.duration?.minutes == null) out.push(finding(r, 'step-duration', `steps[${i}].duration`, s.duration ? `Waktu "${s.duration.text}" is not a duration` : 'no Waktu', s.number));
  });
  r.steps.forEach((s, i) => {
    if (!s.output) out.push(finding(r, 'step-output', `steps[${i}].output`, 'no Output', s.number));
  });

  const ends: Array<[number, string]> = r.steps.length ? [[0, 'first'], [r.steps.length - 1, 'last']] : [];
  for (const [i, which] of r.steps.length === 1 ? ends.slice(0, 1) : ends) {
    const s = r.steps[i]!;
    if (s.kind === null) out.push(finding(r, 'terminator', `steps[${i}].kind`, `not checkable: the flowchart symbol of the ${which} step was not recovered`, s.number, 'note'));
    else if (s.kind !== 'terminator') out.push(finding(r, 'terminator', `steps[${i}].kind`, `the ${which} step is a ${s.kind}, not a terminator`, s.number));
  }

  r.steps.forEach((s, i) => {
    if (s.kind !== 'decision') return;
    const missing = [s.next?.yes == null ? 'ya' : null, s.next?.no == null ? 'tidak' : null].filter(Boolean);
    if (missing.length) out.push(finding(r, 'decision-branches', `steps[${i}].next`, `decision without the ${missing.join(' and ')} branch`, s.number));
  });

  r.steps.forEach((s, i) => {
    if (s.number === null) out.push(finding(r, 'step-numbering', `steps[${i}].number`, 'step without a number', null));
    else if (s.number !== i + 1) out.push(finding(r, 'step-numbering', `steps[${i}].number`, `step ${i + 1} of the table is numbered ${s.number}`, s.number));
  });

  if (rankGradeMismatch(id.approver.rank, id.approver.grade)) {
    out.push(finding(r, 'rank-grade', 'identity.approver.rank', `pangkat ${id.approver.rank} does not fit golongan ${id.approver.grade}`));
  }
  if (id.approver.nip) {
    const nip = decodeNip(id.approver.nip);
    if (!nip.valid) out.push(finding(r, 'nip', 'identity.approver.nip', `NIP ${id.approver.nip}: ${nip.problem}`));
  }

  const order: Array<[keyof typeof id, keyof typeof id]> = [['createdDate', 'revisedDate'], ['createdDate', 'approvedDate'], ['approvedDate', 'effectiveDate'], ['createdDate', 'effectiveDate']];
  for (const [early, late] of order) {
    const a = id[early] as string | null;
    const b = id[late] as string | null;
    if (a && b && dateAfter(a, b)) out.push(finding(r, 'date-order', `identity.${late}`, `${late} ${b} is before ${early} ${a}`));
  }

  r.legalBases.forEach((l, i) => {
    if (l.number === null && l.year === null) out.push(finding(r, 'legal-basis-parseable', `legalBases[${i}]`, `"${l.text.slice(0, 60)}" names no regulation number or year`));
    else if (l.type === 'other') out.push(finding(r, 'legal-basis-parseable', `legalBases[${i}]`, `"${l.text.slice(0, 60)}" names no regulation type`));
  });
  return out;
}

export interface RuleSummary {
  rule: string;
  level: Rule['level'];
  description: string;
  source: string;
  /** SOPs with at least one error or warning of this rule. */
  sopsFailing: number;
  /** Errors and warnings of this rule. */
  findings: number;
  /** SOPs where the rule could not be checked (notes). */
  sopsNotCheckable: number;
}

export interface SopSummary {
  sopId: string;
  path: string;
  title: string | null;
  errors: number;
  warnings: number;
  notes: number;
}

export interface CheckReport {
  sops: number;
  findings: Finding[];
  rules: RuleSummary[];
  bySop: SopSummary[];
}

/**
 * Checks records (any iterable: streams from the store) and summarises the findings per rule and
 * per SOP.
 */
export function checkRecords(records: Iterable<SopRecord>): CheckReport {
  const findings: Finding[] = [];
  const bySop: SopSummary[] = [];
  for (const r of records) {
    const f = checkRecord(r);
    findings.push(...f);
    bySop.push({
      sopId: r.id, path: r.source.path, title: r.identity.title,
      errors: f.filter((x) => x.level === 'error').length,
      warnings: f.filter((x) => x.level === 'warning').length,
      notes: f.filter((x) => x.level === 'note').length,
    });
  }
  const rules = RULES.map((rule) => {
    const mine = findings.filter((f) => f.rule === rule.id);
    const flagged = mine.filter((f) => f.level !== 'note');
    return {
      rule: rule.id, level: rule.level, description: rule.description, source: rule.source,
      sopsFailing: new Set(flagged.map((f) => f.sopId)).size,
      findings: flagged.length,
      sopsNotCheckable: new Set(mine.filter((f) => f.level === 'note').map((f) => f.sopId)).size,
    };
  });
  return { sops: bySop.length, findings, rules, bySop };
}
