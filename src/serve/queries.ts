/**
 * The queries of the web pages that read many rows: the SOP list (full-text search, filters,
 * paging; < 200 ms at 100k SOPs, `npm run bench:serve`), the files that failed or are partial
 * with their reasons, and the legal-basis index by page. Everything else reads one record.
 */
import type { Db } from '../store/db.js';
import { matchExpression } from '../query/search.js';
import { correctSummaries } from './corrections.js';

/** Rows per page of every list. */
export const PAGE_SIZE = 50;

/** Statuses a document can have (migration 001); `imported` and `partial` ones hold SOPs. */
export const STATUSES = ['imported', 'partial', 'failed', 'duplicate', 'skipped'] as const;
export type Status = (typeof STATUSES)[number];

export interface ListQuery {
  /** Words searched in titles, steps and legal-basis subjects (FTS5, Indonesian stems; src/query/search.ts). */
  q?: string;
  organization?: string;
  unit?: string;
  /** `imported` or `partial`: SOPs of such files. */
  status?: 'imported' | 'partial';
  /** `path` (default: file order), `confidence` (lowest record confidence first), `relevance` (with `q`). */
  sort?: 'path' | 'confidence' | 'relevance';
  /** Page number from 1. */
  page?: number;
}

export interface ListRow {
  id: string;
  path: string;
  title: string | null;
  number: string | null;
  organization: string | null;
  unit: string | null;
  steps: number;
  legalBases: number;
  status: Status;
  /** The document's reason for `partial`. */
  reason: string | null;
  /** `confidence.record` of a schemaVersion 2 record, else null. */
  confidence: number | null;
  /** Corrections made to the SOP (not undone). */
  corrections: number;
}

export interface ListPage {
  rows: ListRow[];
  /** SOPs matching, on all pages. */
  total: number;
  page: number;
  pages: number;
}

/**
 * A page of the SOP list. Filters combine (AND); `q` goes through the FTS index (no scan), the
 * organisation, unit and status filters through their indexes (migration 009). Titles, numbers and
 * units shown are corrected (corrections.ts); search and filters match the values as read.
 * Errors: none for any input (a question of punctuation only is no filter).
 */
export function listPage(db: Db, query: ListQuery): ListPage {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const match = query.q ? matchExpression(query.q) : null;
  let from = 'sops s JOIN documents d ON d.id = s.document_id';
  if (match) {
    from = `(SELECT sop_id, rank FROM sop_search WHERE sop_search MATCH @match) f JOIN sops s ON s.id = f.sop_id JOIN documents d ON d.id = s.document_id`;
    params.match = match;
  }
  if (query.organization) {
    where.push('s.organization = @organization');
    params.organization = query.organization;
  }
  if (query.unit) {
    where.push('s.unit = @unit');
    params.unit = query.unit;
  }
  if (query.status) {
    where.push('d.status = @status');
    params.status = query.status;
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.prepare(`SELECT COUNT(*) FROM ${from} ${whereSql}`).pluck().get(params) as number;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(query.page ?? 1)), pages);
  const conf = "json_extract(s.record_json, '$.confidence.record')";
  const order =
    query.sort === 'confidence' ? `${conf} IS NULL, ${conf}, d.path, s.idx`
    : query.sort === 'relevance' && match ? 'f.rank, d.path, s.idx'
    : 'd.path, s.idx';
  const rows = db
    .prepare(
      `SELECT s.id, d.path, s.title, s.number, s.organization, s.unit, s.step_count AS steps,
              json_array_length(s.record_json, '$.legalBases') AS legalBases, d.status, d.error AS reason,
              ${conf} AS confidence
       FROM ${from} ${whereSql} ORDER BY ${order} LIMIT ${PAGE_SIZE} OFFSET @offset`,
    )
    .all({ ...params, offset: (page - 1) * PAGE_SIZE }) as Array<Omit<ListRow, 'corrections'>>;
  return { rows: withCorrectionCounts(db, correctSummaries(db, rows)), total, page, pages };
}

function withCorrectionCounts(db: Db, rows: Array<Omit<ListRow, 'corrections'>>): ListRow[] {
  const count = db.prepare('SELECT COUNT(*) FROM corrections WHERE undone_at IS NULL AND (sop_id = ? OR (file = ? AND sop_index = ?))').pluck();
  return rows.map((r) => ({ ...r, corrections: count.get(r.id, r.path, Number(r.id.split('-').pop())) as number }));
}

/** Values to filter the list by, most frequent first (at most `limit` each). */
export function filterValues(db: Db, limit = 300): { organizations: string[]; units: string[]; hasConfidence: boolean } {
  const top = (column: 'organization' | 'unit'): string[] =>
    db.prepare(`SELECT ${column} FROM sops WHERE ${column} IS NOT NULL GROUP BY ${column} ORDER BY COUNT(*) DESC, ${column} LIMIT ?`).pluck().all(limit) as string[];
  const hasConfidence = db.prepare("SELECT 1 FROM sops WHERE json_extract(record_json, '$.confidence.record') IS NOT NULL LIMIT 1").get() !== undefined;
  return { organizations: top('organization'), units: top('unit'), hasConfidence };
}

export interface FileRow {
  id: number;
  path: string;
  format: string | null;
  status: Status;
  errorCode: string | null;
  error: string | null;
  sops: number;
  importedAt: string;
}

/** Documents by status (all when `status` is undefined), in path order, a page at a time, with their reasons. */
export function listFiles(db: Db, status: Status | undefined, pageNumber = 1): { rows: FileRow[]; total: number; page: number; pages: number; counts: Record<string, number> } {
  const counts = Object.fromEntries((db.prepare('SELECT status, COUNT(*) AS n FROM documents GROUP BY status').all() as Array<{ status: string; n: number }>).map((r) => [r.status, r.n]));
  const total = status ? (counts[status] ?? 0) : Object.values(counts).reduce((a, b) => a + b, 0);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(pageNumber)), pages);
  const rows = db
    .prepare(
      `SELECT id, path, format, status, error_code AS errorCode, error, sop_count AS sops, imported_at AS importedAt FROM documents
       WHERE @status IS NULL OR status = @status ORDER BY path LIMIT ${PAGE_SIZE} OFFSET @offset`,
    )
    .all({ status: status ?? null, offset: (page - 1) * PAGE_SIZE }) as FileRow[];
  return { rows, total, page, pages, counts };
}

/** One document with its file-level diagnostics and SOP ids, or undefined. */
export function fileById(db: Db, id: number): (FileRow & { sha256: string | null; diagnostics: Array<{ level: string; code: string; message: string }>; sopIds: string[] }) | undefined {
  const row = db
    .prepare('SELECT id, path, sha256, format, status, error_code AS errorCode, error, sop_count AS sops, imported_at AS importedAt FROM documents WHERE id = ?')
    .get(id) as (FileRow & { sha256: string | null }) | undefined;
  if (!row) return undefined;
  const diagnostics = db.prepare('SELECT level, code, message FROM diagnostics WHERE document_id = ? AND sop_id IS NULL ORDER BY id').all(id) as Array<{ level: string; code: string; message: string }>;
  const sopIds = db.prepare('SELECT id FROM sops WHERE document_id = ? ORDER BY idx').pluck().all(id) as string[];
  return { ...row, diagnostics, sopIds };
}

export interface RegulationRow {
  key: string;
  type: string;
  issuer: string | null;
  number: string | null;
  year: number | null;
  subject: string | null;
  /** Distinct SOPs citing it (directly or as an amendment of a cited one). */
  sops: number;
}

/**
 * A page of the legal-basis index: each regulation with the number of SOPs citing it (as
 * `sop legal-bases` counts them), most cited first; `q` keeps regulations whose key or subject
 * contains it.
 */
export function listRegulations(db: Db, q: string | undefined, pageNumber = 1): { rows: RegulationRow[]; total: number; page: number; pages: number } {
  const filter = q ? `WHERE b.key LIKE @like ESCAPE '\\' OR b.subject LIKE @like ESCAPE '\\'` : '';
  const like = `%${(q ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const total = db.prepare(`SELECT COUNT(*) FROM legal_bases b ${filter}`).pluck().get({ like }) as number;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(pageNumber)), pages);
  const rows = db
    .prepare(
      `SELECT b.key, b.type, b.issuer, b.number, b.year, b.subject,
              (SELECT COUNT(DISTINCT l.sop_id) FROM sop_legal_bases l WHERE l.key = b.key AND l.relation IN ('cited', 'amendment')) AS sops
       FROM legal_bases b ${filter} ORDER BY sops DESC, b.year, b.type, b.key LIMIT ${PAGE_SIZE} OFFSET @offset`,
    )
    .all({ like, offset: (page - 1) * PAGE_SIZE }) as RegulationRow[];
  return { rows, total, page, pages };
}

/** A regulation by key with the SOPs relating to it (cited, amendment, amended), a page at a time; undefined for an unknown key. */
export function regulationByKey(db: Db, key: string, pageNumber = 1): { law: RegulationRow; sops: Array<{ id: string; title: string | null; path: string; unit: string | null; relation: string; text: string }>; page: number; pages: number } | undefined {
  const law = db
    .prepare(`SELECT key, type, issuer, number, year, subject, (SELECT COUNT(DISTINCT sop_id) FROM sop_legal_bases WHERE key = @key) AS sops FROM legal_bases WHERE key = @key`)
    .get({ key }) as RegulationRow | undefined;
  if (!law) return undefined;
  const pages = Math.max(1, Math.ceil(law.sops / PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(pageNumber)), pages);
  const sops = db
    .prepare(
      `SELECT s.id, s.title, d.path, s.unit, MIN(l.relation) AS relation, MIN(l.text) AS text FROM sop_legal_bases l
       JOIN sops s ON s.id = l.sop_id JOIN documents d ON d.id = s.document_id
       WHERE l.key = ? GROUP BY s.id ORDER BY d.path, s.idx LIMIT ${PAGE_SIZE} OFFSET ?`,
    )
    .all(key, (page - 1) * PAGE_SIZE) as Array<{ id: string; title: string | null; path: string; unit: string | null; relation: string; text: string }>;
  return { law, sops, page, pages };
}
