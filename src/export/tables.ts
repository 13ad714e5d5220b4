/**
 * The records as four flat tables (sops, steps, legal_bases, actors), one row per SOP, step,
 * Dasar Hukum regulation and actor, joined by `sop_id`: the shape of the CSV and XLSX exports
 * (csv.ts, xlsx.ts). Values come from the records (SOP-RECORD.md); list fields are joined with
 * newlines; a null is an empty cell; a boolean is a boolean (CSV writes `true`/`false`, XLSX a
 * logical cell); dates are ISO text (`2024-08-13`, or `2021` / `2021-08` when only that is
 * written), which XLSX turns into date cells when whole.
 */
import type { SopRecord } from '../record/schema.js';
import { amendedRegulations } from '../normalise/legal.js';
import { roleKey } from '../normalise/role.js';

export type Cell = string | number | boolean | null;

export interface TableSpec {
  name: 'sops' | 'steps' | 'legal_bases' | 'actors';
  columns: readonly string[];
  /** Columns holding ISO dates. */
  dates?: readonly string[];
  /** The rows one record contributes, cells in `columns` order. */
  rows(r: SopRecord): Cell[][];
}

const lines = (list: readonly string[]): string | null => (list.length ? list.join('\n') : null);

export const SOPS: TableSpec = {
  name: 'sops',
  columns: [
    'id', 'path', 'sha256', 'format', 'text_layer', 'title', 'number', 'organization', 'unit',
    'created_date', 'revised_date', 'effective_date', 'approved_date',
    'approver_name', 'approver_position', 'approver_rank', 'approver_grade', 'approver_nip',
    'legal_bases', 'actors', 'steps', 'total_minutes', 'qualifications', 'related_sops', 'equipment', 'warnings', 'record_keeping',
    'diagnostic_errors', 'diagnostic_warnings',
  ],
  dates: ['created_date', 'revised_date', 'effective_date', 'approved_date'],
  rows: (r) => {
    const i = r.identity;
    const known = r.steps.filter((s) => s.duration?.minutes != null);
    return [[
      r.id, r.source.path, r.source.sha256, r.source.format, r.source.textLayer, i.title, i.number, i.organization, i.unit,
      i.createdDate, i.revisedDate, i.effectiveDate, i.approvedDate,
      i.approver.name, i.approver.position, i.approver.rank, i.approver.grade, i.approver.nip,
      r.legalBases.length, r.actors.length, r.steps.length, known.length ? known.reduce((t, s) => t + s.duration!.minutes!, 0) : null,
      lines(r.qualifications), lines(r.relatedSops), lines(r.equipment), lines(r.warnings), lines(r.recordKeeping),
      r.diagnostics.filter((d) => d.level === 'error').length, r.diagnostics.filter((d) => d.level === 'warning').length,
    ]];
  },
};

export const STEPS: TableSpec = {
  name: 'steps',
  columns: [
    'sop_id', 'position', 'number', 'activity', 'actors', 'actors_from', 'kind', 'next_yes', 'next_no', 'requirements',
    'duration_text', 'duration_value', 'duration_value_max', 'duration_unit', 'duration_minutes', 'duration_approximate', 'output', 'notes',
  ],
  rows: (r) =>
    r.steps.map((s, position) => [
      r.id, position, s.number, s.activity, lines(s.actors), s.actorsFrom, s.kind, s.next?.yes ?? null, s.next?.no ?? null, s.requirements,
      s.duration?.text ?? null, s.duration?.value ?? null, s.duration?.valueMax ?? null, s.duration?.unit ?? null, s.duration?.minutes ?? null,
      s.duration ? s.duration.approximate : null, s.output, s.notes,
    ]),
};

export const LEGAL_BASES: TableSpec = {
  name: 'legal_bases',
  columns: ['sop_id', 'position', 'relation', 'key', 'type', 'issuer', 'number', 'year', 'subject', 'text'],
  rows: (r) =>
    r.legalBases.flatMap((l, position) =>
      [
        ['cited', l] as const,
        ...l.amendments.map((a) => ['amendment', a] as const),
        ...amendedRegulations(l).map((a) => ['amended', a] as const),
      ].map(([relation, c]) => [r.id, position, relation, c.key, c.type, c.issuer, c.number, c.year, c.subject, c.text]),
    ),
};

export const ACTORS: TableSpec = {
  name: 'actors',
  columns: ['sop_id', 'position', 'label', 'canonical', 'role_key'],
  rows: (r) => r.actors.map((a, position) => [r.id, position, a.label, a.canonical, roleKey(a.canonical)]),
};

/** The four tables, in export order. `relation` in legal_bases: cited | amendment (sebagaimana telah diubah dengan) | amended (tentang Perubahan atas). */
export const TABLES: readonly TableSpec[] = [SOPS, STEPS, LEGAL_BASES, ACTORS];
