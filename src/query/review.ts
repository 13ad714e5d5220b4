/**
 * What a person should check first (`sop review`): the fields whose confidence is lowest
 * (SOP-RECORD.md `confidence`, calibrated: fields under 0.9 were right less than 95% of the time on
 * the gold records), with their values and the file they were read from, or the records whose
 * confidence as a whole is lowest.
 */
import type { Db } from '../store/db.js';

export interface ReviewField {
  sopId: string;
  file: string;
  title: string | null;
  /** Field path (JSON Pointer without the leading slash: `steps/3/actors`). */
  path: string;
  /** The field's value in the record (as stored, before any correction). */
  value: unknown;
  confidence: number;
}

export interface ReviewRecord {
  sopId: string;
  file: string;
  title: string | null;
  confidence: number;
  /** Fields under the threshold in this record. */
  unsure: number;
}

export interface ReviewOptions {
  /** Fields at or above this confidence are not listed (default 0.9: the calibrated level). */
  below?: number;
  /** Most rows listed (default 50; 0: all). */
  limit?: number;
  /** Only these records (ids). */
  sopIds?: string[];
}

/** The value at a field path of a record (`identity/approver/name`, `steps/3/duration`), or undefined. */
export function valueAt(record: unknown, path: string): unknown {
  let v: unknown = record;
  for (const key of path.split('/')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function sopFilter(ids: string[] | undefined): { sql: string; params: string[] } {
  if (!ids?.length) return { sql: '', params: [] };
  return { sql: ` AND s.id IN (${ids.map(() => '?').join(', ')})`, params: ids };
}

/**
 * The fields under `below`, lowest confidence first (then by file and path), at most `limit`; a
 * field a person corrected (`sop serve`) is checked and not listed. Records of an older schema
 * version carry no confidence and are not listed (`sop import` reads their files again).
 */
export function reviewFields(db: Db, options: ReviewOptions = {}): ReviewField[] {
  const below = options.below ?? 0.9;
  const limit = options.limit ?? 50;
  const f = sopFilter(options.sopIds);
  const rows = db
    .prepare(
      `SELECT f.sop_id AS sopId, f.path, f.confidence, d.path AS file, s.title
       FROM field_confidence f JOIN sops s ON s.id = f.sop_id JOIN documents d ON d.id = s.document_id
       WHERE f.confidence < ?${f.sql}
         AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.sop_id = f.sop_id AND c.field = f.path AND c.undone_at IS NULL)
       ORDER BY f.confidence, d.path, f.sop_id, f.path${limit ? ' LIMIT ?' : ''}`,
    )
    .all(below, ...f.params, ...(limit ? [limit] : [])) as Array<{ sopId: string; path: string; confidence: number; file: string; title: string | null }>;
  const records = new Map<string, unknown>();
  const recordOf = (id: string): unknown => {
    if (!records.has(id)) {
      const row = db.prepare('SELECT record_json FROM sops WHERE id = ?').get(id) as { record_json: string } | undefined;
      records.set(id, row ? JSON.parse(row.record_json) : null);
    }
    return records.get(id);
  };
  return rows.map((r) => ({ ...r, value: valueAt(recordOf(r.sopId), r.path) ?? null }));
}

/** The records, lowest record confidence first, with how many of their fields are under `below`. */
export function reviewRecords(db: Db, options: ReviewOptions = {}): ReviewRecord[] {
  const below = options.below ?? 0.9;
  const limit = options.limit ?? 50;
  const f = sopFilter(options.sopIds);
  return db
    .prepare(
      `SELECT s.id AS sopId, d.path AS file, s.title, json_extract(s.record_json, '$.confidence.record') AS confidence,
              (SELECT COUNT(*) FROM field_confidence f WHERE f.sop_id = s.id AND f.confidence < ?) AS unsure
       FROM sops s JOIN documents d ON d.id = s.document_id
       WHERE json_extract(s.record_json, '$.confidence.record') IS NOT NULL${f.sql}
       ORDER BY confidence, d.path${limit ? ' LIMIT ?' : ''}`,
    )
    .all(below, ...f.params, ...(limit ? [limit] : [])) as ReviewRecord[];
}
