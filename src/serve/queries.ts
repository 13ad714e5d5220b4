/**
 * The queries of the web pages that read many rows: the SOP list (full-text search, filters,
 * paging; < 200 ms at 100k SOPs, `npm run bench:serve`), the files that failed or are partial
 * with their reasons, and the legal-basis index by page. Everything else reads one record.
 */
import type { Db } from '../store/db.js';
import { matchExpression } from '../query/search.js';
import { correctSummaries } from './corrections.js';

/** A record's confidence (schemaVersion 2), as the expression index of migration 009 is made. */
const CONFIDENCE = "json_extract(s.record_json, '$.confidence.record')";

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
  /** `path` (default: file order), `confidence` (lowest record confidence first; without `q`). */
  sort?: 'path' | 'confidence';
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
  /** SOPs matching, on all pages (COUNT_CAP when `capped`). */
  total: number;
  /** More than COUNT_CAP SOPs match (a search with filters; the pages go as far as COUNT_CAP). */
  capped: boolean;
  page: number;
  pages: number;
}

/**
 * Most SOPs counted for a search with filters, where counting means testing every match (or every
 * SOP passing the filters): past it the list says "more than" and pages up to it.
 */
export const COUNT_CAP = 5000;

/**
 * Appends to `sop_search_ids` (migration 009) the full-text rows added since the last call: FTS5
 * gives new rows rowids above every existing one, so only those are read.
 */
export function syncSearchIds(db: Db): void {
  db.prepare('INSERT INTO sop_search_ids (fts_rowid, sop_id) SELECT rowid, sop_id FROM sop_search WHERE rowid > (SELECT COALESCE(MAX(fts_rowid), 0) FROM sop_search_ids)').run();
}

/**
 * A page of the SOP list. Only the 50 rows of the page are read in full (their records' JSON);
 * choosing them reads index entries only:
 * - no search: file order (the path index walked), or lowest record confidence first (the
 *   expression index of migration 009; records without a confidence are then left out); filters
 *   (organisation, unit, status; AND) through their indexes;
 * - a search (FTS5, Indonesian stems, src/query/search.ts): matches in import order (FTS rowid).
 *   Alone, the page is read from the full-text index at its offset and the total counted there;
 *   with filters, the SOPs passing the filters lead when they are fewer than the matches and at
 *   most COUNT_CAP (a common word in a rare unit), else the matches lead, in order, until the page
 *   is found and COUNT_CAP counted (a common word in a common unit stops early; a common word
 *   with a filter passing many SOPs but few of its matches reads them all: the slow case).
 * Titles, numbers and units shown are corrected (corrections.ts); search and filters match the
 * values as read. Errors: none for any input (a question of punctuation only is no search).
 */
export function listPage(db: Db, query: ListQuery): ListPage {
  const filters: string[] = [];
  const params: Record<string, unknown> = {};
  if (query.organization) {
    filters.push('s.organization = @organization');
    params.organization = query.organization;
  }
  if (query.unit) {
    filters.push('s.unit = @unit');
    params.unit = query.unit;
  }
  if (query.status) {
    filters.push('d.status = @status');
    params.status = query.status;
  }
  const match = query.q ? matchExpression(query.q) : null;
  const filtered = `sops s JOIN documents d ON d.id = s.document_id${filters.length ? ` WHERE ${filters.join(' AND ')}` : ''}`;
  let total: number;
  let capped = false;
  let pick: (offset: number) => number[];
  if (match) {
    syncSearchIds(db);
    params.match = match;
    const matches = db.prepare('SELECT COUNT(*) FROM sop_search WHERE sop_search MATCH ?').pluck().get(match) as number;
    if (filters.length === 0) {
      total = matches;
      const page = db.prepare(
        `SELECT s.rowid FROM (SELECT rowid FROM sop_search WHERE sop_search MATCH @match ORDER BY rowid LIMIT ${PAGE_SIZE} OFFSET @offset) f
         JOIN sop_search_ids m ON m.fts_rowid = f.rowid JOIN sops s ON s.id = m.sop_id ORDER BY f.rowid`,
      ).pluck();
      pick = (offset) => page.all({ match, offset }) as number[];
    } else {
      const passing = db.prepare(`SELECT COUNT(*) FROM ${filtered}`).pluck().get(params) as number;
      if (passing < matches && passing <= COUNT_CAP) {
        // few SOPs pass the filters: they lead, each tested against the matches as a set
        // (`+m.fts_rowid`: not the matches looped over for each SOP), all read at once
        const all = db
          .prepare(
            `SELECT s.rowid FROM sops s JOIN documents d ON d.id = s.document_id JOIN sop_search_ids m ON m.sop_id = s.id
             WHERE ${filters.join(' AND ')} AND +m.fts_rowid IN (SELECT rowid FROM sop_search WHERE sop_search MATCH @match) ORDER BY m.fts_rowid`,
          )
          .pluck()
          .all(params) as number[];
        total = all.length;
        pick = (offset) => all.slice(offset, offset + PAGE_SIZE);
      } else {
        // the matches lead, in the full-text index's own order (`f.rowid`: no sort), until the page is found and COUNT_CAP counted
        const both = `sop_search f JOIN sop_search_ids m ON m.fts_rowid = f.rowid JOIN sops s ON s.id = m.sop_id JOIN documents d ON d.id = s.document_id
                      WHERE sop_search MATCH @match AND ${filters.join(' AND ')}`;
        total = db.prepare(`SELECT COUNT(*) FROM (SELECT 1 FROM ${both} LIMIT ${COUNT_CAP + 1})`).pluck().get(params) as number;
        capped = total > COUNT_CAP;
        total = Math.min(total, COUNT_CAP);
        const page = db.prepare(`SELECT s.rowid FROM ${both} ORDER BY f.rowid LIMIT ${PAGE_SIZE} OFFSET @offset`).pluck();
        pick = (offset) => page.all({ ...params, offset }) as number[];
      }
    }
  } else if (query.sort === 'confidence') {
    const rated = `${filtered} ${filters.length ? 'AND' : 'WHERE'} ${CONFIDENCE} IS NOT NULL`;
    total = db.prepare(`SELECT COUNT(*) FROM ${rated}`).pluck().get(params) as number;
    const page = db.prepare(`SELECT s.rowid FROM ${rated} ORDER BY ${CONFIDENCE}, d.path, s.idx LIMIT ${PAGE_SIZE} OFFSET @offset`).pluck();
    pick = (offset) => page.all({ ...params, offset }) as number[];
  } else {
    total = db.prepare(filters.length ? `SELECT COUNT(*) FROM ${filtered}` : 'SELECT COUNT(*) FROM sops').pluck().get(params) as number;
    // without filters, the documents' path index is walked in order (CROSS JOIN keeps documents outer): no sort
    const from = filters.length ? filtered : 'documents d CROSS JOIN sops s ON s.document_id = d.id';
    const page = db.prepare(`SELECT s.rowid FROM ${from} ORDER BY d.path, s.idx LIMIT ${PAGE_SIZE} OFFSET @offset`).pluck();
    pick = (offset) => page.all({ ...params, offset }) as number[];
  }
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(query.page ?? 1)), pages);
  const chosen = pick((page - 1) * PAGE_SIZE);
  const detail = db.prepare(
    `SELECT s.id, d.path, s.title, s.number, s.organization, s.unit, s.step_count AS steps,
            json_array_length(s.record_json, '$.legalBases') AS legalBases, d.status, d.error AS reason, ${CONFIDENCE} AS confidence
     FROM sops s JOIN documents d ON d.id = s.document_id WHERE s.rowid = ?`,
  );
  const rows = chosen.map((rowid) => detail.get(rowid) as Omit<ListRow, 'corrections'>);
  return { rows: withCorrectionCounts(db, correctSummaries(db, rows)), total, capped, page, pages };
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
