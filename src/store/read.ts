/**
 * Reading the store: SOP lists, one SOP by id / number / file, records for export, and the
 * legal-basis index (which SOPs rest on which regulation).
 */
import type { Db } from './db.js';
import { SopRecordSchema, type SopRecord } from '../record/schema.js';
import { correctionsReader, correctSummaries } from '../serve/corrections.js';

export interface SopSummary {
  id: string;
  path: string;
  title: string | null;
  number: string | null;
  organization: string | null;
  unit: string | null;
  steps: number;
  legalBases: number;
  warnings: number;
  errors: number;
}

/** Every stored SOP, ordered by file path and index, with corrections applied (corrected). */
export function listSops(db: Db): SopSummary[] {
  const rows = db
    .prepare(
      `SELECT s.id, d.path, s.title, s.number, s.organization, s.unit, s.step_count AS steps,
              json_array_length(s.record_json, '$.legalBases') AS legalBases,
              (SELECT COUNT(*) FROM diagnostics g WHERE g.sop_id = s.id AND g.level = 'warning') AS warnings,
              (SELECT COUNT(*) FROM diagnostics g WHERE g.sop_id = s.id AND g.level = 'error') AS errors
       FROM sops s JOIN documents d ON d.id = s.document_id
       ORDER BY d.path, s.idx`,
    )
    .all() as SopSummary[];
  return correctSummaries(db, rows);
}

/**
 * Finds SOPs by a reference as a user types it: a record id (or its prefix), the SOP number as
 * written, or a file path (or its base name). Returns the records, validated, corrected.
 */
export function findSops(db: Db, ref: string): SopRecord[] {
  const rows = db
    .prepare(
      `SELECT s.record_json FROM sops s JOIN documents d ON d.id = s.document_id
       WHERE s.id = @ref OR s.id LIKE @ref || '%' OR s.number = @ref OR d.path = @ref
          OR d.path LIKE '%/' || @ref OR d.path LIKE '%\\' || @ref
       ORDER BY d.path, s.idx`,
    )
    .all({ ref }) as Array<{ record_json: string }>;
  const correct = correctionsReader(db);
  return rows.map((r) => correct(SopRecordSchema.parse(JSON.parse(r.record_json))));
}

/**
 * Iterates over every record in file order, validating each, with the corrections people made
 * (`sop serve`, src/serve/corrections.ts) applied (streams: no whole-corpus array).
 */
export function* iterateRecords(db: Db): Generator<SopRecord> {
  const correct = correctionsReader(db);
  const stmt = db.prepare('SELECT s.record_json FROM sops s JOIN documents d ON d.id = s.document_id ORDER BY d.path, s.idx');
  for (const row of stmt.iterate() as Iterable<{ record_json: string }>) {
    yield correct(SopRecordSchema.parse(JSON.parse(row.record_json)));
  }
}

export interface LegalBasisUse {
  key: string;
  type: string;
  issuer: string | null;
  number: string | null;
  year: number | null;
  subject: string | null;
  sops: Array<{ id: string; title: string | null; path: string; relation: string }>;
}

/**
 * The legal-basis index: each canonical regulation with the SOPs citing it (directly or as an
 * amendment of a cited one), most cited first. `minSops` 2 gives the regulations SOPs share.
 * Regulations only named as amended by a cited one (relation 'amended', migration 002) are left
 * out: `sop cites` finds them.
 */
export function legalBasisIndex(db: Db, minSops = 1): LegalBasisUse[] {
  const laws = db
    .prepare(
      `SELECT b.key, b.type, b.issuer, b.number, b.year, b.subject, COUNT(DISTINCT l.sop_id) AS n
       FROM legal_bases b JOIN sop_legal_bases l ON l.key = b.key
       WHERE l.relation IN ('cited', 'amendment')
       GROUP BY b.key HAVING n >= ? ORDER BY n DESC, b.year, b.type, b.key`,
    )
    .all(minSops) as Array<Omit<LegalBasisUse, 'sops'> & { n: number }>;
  const uses = db.prepare(
    `SELECT DISTINCT s.id, s.title, d.path, l.relation FROM sop_legal_bases l
     JOIN sops s ON s.id = l.sop_id JOIN documents d ON d.id = s.document_id
     WHERE l.key = ? AND l.relation IN ('cited', 'amendment') ORDER BY d.path, s.idx`,
  );
  return laws.map(({ n: _n, ...law }) => ({ ...law, sops: uses.all(law.key) as LegalBasisUse['sops'] }));
}

/** What `sop import` prints of one SOP. */
export interface SopLine {
  title: string | null;
  steps: number;
  legalBases: number;
  warnings: number;
  errors: number;
}

/** The stored SOPs of one document, as import lines. */
export function sopLines(db: Db, documentId: number): SopLine[] {
  return db
    .prepare(
      `SELECT s.title, s.step_count AS steps,
              json_array_length(s.record_json, '$.legalBases') AS legalBases,
              (SELECT COUNT(*) FROM diagnostics g WHERE g.sop_id = s.id AND g.level = 'warning') AS warnings,
              (SELECT COUNT(*) FROM diagnostics g WHERE g.sop_id = s.id AND g.level = 'error') AS errors
       FROM sops s WHERE s.document_id = ? ORDER BY s.idx`,
    )
    .all(documentId) as SopLine[];
}

/** Counts of documents by status. */
export function documentCounts(db: Db): Record<string, number> {
  const rows = db.prepare('SELECT status, COUNT(*) AS n FROM documents GROUP BY status').all() as Array<{ status: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
