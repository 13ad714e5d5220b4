/**
 * A record as the rows the store writes (tables of migrations 001–005), made without a database:
 * `sop import` makes them in its worker threads, so that the thread holding the database only
 * runs the inserts (README, Performance). Values are in the column order of the INSERT statements
 * of write.ts.
 */
import { amendedRegulations } from '../normalise/legal.js';
import { stemText } from '../query/stem.js';
import { checkedRecord, type SopRecord } from '../record/schema.js';
import { renditionKeys, type RenditionKeys } from './renditions.js';
import type { SopLine } from './read.js';

type Value = string | number | null;

export interface RecordRows {
  /** The record id (`sops.id`). */
  id: string;
  /** sops: idx, title, number, organization, unit, step_count, total_minutes, record_json. */
  sop: Value[];
  /** sop_groups and sop_bands: the keys the group of the record's renditions is found by when stored (renditions.ts). */
  renditions: RenditionKeys;
  /** identity_fields: field, value (approver parts as `approver.name` …). */
  fields: Value[][];
  /** actors: position, label, canonical. */
  actors: Value[][];
  /** steps: position, number, activity, requirements, duration (text, value, value_max, unit, minutes), output, notes, actors_from, kind. */
  steps: Value[][];
  /** step_actors: step_position, actor_position (a pair may repeat: inserted OR IGNORE). */
  stepActors: Value[][];
  /** legal_bases: key, type, issuer, number, year, subject. */
  laws: Value[][];
  /** sop_legal_bases: position, key, relation, text (inserted OR IGNORE). */
  cites: Value[][];
  /** list_items: field, position, text. */
  items: Value[][];
  /** field_confidence: path, confidence (schemaVersion 2 records). */
  confidences: Value[][];
  /** diagnostics of the record: level, code, message. */
  diagnostics: Value[][];
  /** sop_search: title, body, stems. */
  search: Value[];
  /** What `sop import` prints of the record. */
  line: SopLine;
}

/** The text `sop search` finds a record by, besides its title: step texts and regulation subjects. */
function searchBody(r: SopRecord): string {
  return [
    ...r.steps.flatMap((s) => [s.activity, s.output ?? '', s.requirements ?? '']),
    ...r.legalBases.map((l) => l.subject ?? ''),
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * The rows of one record. Validates the record with the record schema first (SOP-RECORD.md);
 * throws the schema's error for an invalid one.
 */
export function recordRows(record: SopRecord): RecordRows {
  const r = checkedRecord(record);
  const idx = Number(r.id.split('-').pop());
  const timed = r.steps.some((s) => s.duration?.minutes != null);
  const total = r.steps.reduce((sum, s) => sum + (s.duration?.minutes ?? 0), 0);
  const { approver, ...identity } = r.identity;
  const fields: Value[][] = [];
  for (const [field, value] of Object.entries(identity)) if (value !== null) fields.push([field, value]);
  for (const [field, value] of Object.entries(approver)) if (value !== null) fields.push([`approver.${field}`, value]);

  const stepActors: Value[][] = [];
  const steps = r.steps.map((s, i) => {
    const d = s.duration;
    for (const label of s.actors) {
      const a = r.actors.findIndex((x) => x.label === label);
      if (a >= 0) stepActors.push([i, a]);
    }
    return [i, s.number, s.activity, s.requirements, d?.text ?? null, d?.value ?? null, d?.valueMax ?? null, d?.unit ?? null, d?.minutes ?? null, s.output, s.notes, s.actorsFrom, s.kind];
  });

  const laws: Value[][] = [];
  const cites: Value[][] = [];
  r.legalBases.forEach((l, i) => {
    // 'amended': the regulation the item itself amends (`tentang Perubahan atas …`, migration 002),
    // so that `sop cites` finds this SOP by the amended regulation too
    const related = [...l.amendments.map((a) => [a, 'amendment'] as const), ...amendedRegulations(l).map((a) => [a, 'amended'] as const)];
    for (const [c, relation] of [[l, 'cited'] as const, ...related]) {
      // an item naming no number and no year (`(SPIP)`, seed 003), or of no known type without both
      // (`Peraturan Femerintan Nomor 3U lanun 2019`, OCR), is kept in the record, not indexed as a regulation
      if ((c.number === null && c.year === null) || (c.type === 'other' && (c.number === null || c.year === null))) continue;
      laws.push([c.key, c.type, c.issuer, c.number, c.year, c.subject]);
      cites.push([i, c.key, relation, c.text]);
    }
  });

  const items: Value[][] = [];
  for (const field of ['qualifications', 'relatedSops', 'equipment', 'warnings', 'recordKeeping'] as const) {
    r[field].forEach((t, i) => items.push([field, i, t]));
  }
  const title = r.identity.title ?? '';
  const body = searchBody(r);
  return {
    id: r.id,
    sop: [idx, r.identity.title, r.identity.number, r.identity.organization, r.identity.unit, r.steps.length, timed ? total : null, JSON.stringify(r)],
    renditions: renditionKeys(r),
    fields,
    actors: r.actors.map((a, i) => [i, a.label, a.canonical]),
    steps,
    stepActors,
    laws,
    cites,
    items,
    confidences: Object.entries(r.confidence?.fields ?? {}).map(([path, c]) => [path, c]),
    diagnostics: r.diagnostics.map((d) => [d.level, d.code, d.message]),
    // `stems`: the same text as Indonesian stems, for affix-insensitive search (migration 002)
    search: [title, body, stemText(`${title}\n${body}`)],
    line: sopLine(r),
  };
}

/** What `sop import` prints of a record: title, steps, legal bases, diagnostics by level. */
export function sopLine(r: SopRecord): SopLine {
  return {
    title: r.identity.title, steps: r.steps.length, legalBases: r.legalBases.length,
    warnings: r.diagnostics.filter((d) => d.level === 'warning').length, errors: r.diagnostics.filter((d) => d.level === 'error').length,
  };
}
