/**
 * Reading the store: SOP lists, one SOP by id / number / file, records for export, and the
 * legal-basis index (which SOPs rest on which regulation).
 */
import { realpathSync } from 'node:fs';
import type { Db } from './db.js';
import { SopRecordSchema, type SopRecord } from '../record/schema.js';
import { organisationKey } from '../normalise/organisation.js';
import { correctionsReader, correctSummaries } from '../serve/corrections.js';

export interface SopSummary {
  id: string;
  path: string;
  title: string | null;
  number: string | null;
  organization: string | null;
  /** The organisation's canonical key (src/normalise/organisation.ts `organisationKey`). */
  organizationKey: string | null;
  unit: string | null;
  /** The SOP's group: the same for its renditions in other files (src/store/renditions.ts). */
  group: string;
  steps: number;
  legalBases: number;
  warnings: number;
  errors: number;
}

/**
 * Every stored SOP (a record per file: renditions of one SOP share `group`), ordered by file path
 * and index; with `organization`, only that organisation's, however written (by canonical key).
 */
export function listSops(db: Db, filter: { organization?: string } = {}): SopSummary[] {
  const rows = db
    .prepare(
      `SELECT s.id, d.path, s.title, s.number, s.organization, g.organization_key AS organizationKey, s.unit, g.group_id AS "group", s.step_count AS steps,
              json_array_length(s.record_json, '$.legalBases') AS legalBases,
              (SELECT COUNT(*) FROM diagnostics g WHERE g.sop_id = s.id AND g.level = 'warning') AS warnings,
              (SELECT COUNT(*) FROM diagnostics g WHERE g.sop_id = s.id AND g.level = 'error') AS errors
       FROM sops s JOIN documents d ON d.id = s.document_id JOIN sop_groups g ON g.sop_id = s.id
       WHERE @org IS NULL OR g.organization_key = @org
       ORDER BY d.path, s.idx`,
    )
    .all({ org: filter.organization ? organisationKey(filter.organization) : null }) as SopSummary[];
  // titles and numbers as a person corrected them (`sop serve`)
  return correctSummaries(db, rows);
}

/** The longest reference `findSops` takes: a path is at most 4096 bytes on Linux (PATH_MAX). */
export const MAX_REFERENCE_LENGTH = 4096;

/** The real path of `ref` when it names an existing file, else `ref` itself (paths are stored real: discover.ts). */
function storedPathOf(ref: string): string {
  try {
    return realpathSync(ref);
  } catch {
    return ref;
  }
}

/**
 * Finds SOPs by a reference as a user types it: a record id (or its start), the SOP number as
 * written, or a file: its path as stored (real path), any path reaching it, or the end of its path
 * (`a.txt`, `docs/a.txt`). A duplicate file finds the SOPs of the file it repeats. Returns the
 * records, validated. Errors: a reference longer than MAX_REFERENCE_LENGTH characters (no id,
 * number or path is that long) throws.
 */
export function findSops(db: Db, ref: string): SopRecord[] {
  const rows = db
    .prepare(
      `WITH named AS (${NAMED_DOCUMENTS})
       SELECT s.record_json FROM sops s JOIN documents d ON d.id = s.document_id
       WHERE s.id = @ref OR substr(s.id, 1, length(@ref)) = @ref OR s.number = @ref
          OR d.id IN (SELECT id FROM named) OR d.id IN (SELECT duplicate_of FROM named) OR d.id IN (SELECT part_of FROM named)
       ORDER BY d.path, s.idx`,
    )
    .all(referenceParameters(ref)) as Array<{ record_json: string }>;
  const correct = correctionsReader(db);
  return rows.map((r) => correct(SopRecordSchema.parse(JSON.parse(r.record_json))));
}

/** The documents a reference names by path (see findSops), with @ref and @path bound. */
const NAMED_DOCUMENTS = `SELECT id, duplicate_of, part_of FROM documents WHERE path = @path OR substr(path, -length(@ref) - 1) IN ('/' || @ref, '\\' || @ref)`;

/** The parameters of a reference; throws for one longer than MAX_REFERENCE_LENGTH. */
function referenceParameters(ref: string): { ref: string; path: string } {
  if (ref.length > MAX_REFERENCE_LENGTH) throw new Error(`the reference has ${ref.length} characters, more than an id, Nomor SOP or file path can have (${MAX_REFERENCE_LENGTH}): give one of those`);
  return { ref, path: storedPathOf(ref) };
}

/** A stored document as `sop status` and `sop show` tell it. */
export interface DocumentState {
  path: string;
  status: 'imported' | 'partial' | 'failed' | 'duplicate' | 'skipped';
  /** Short and stable (src/errors.ts): `not-sop`, `timeout`, `no-procedure`, `unsupported` …; null when imported. */
  errorCode: string | null;
  /** The reason in words (failed, partial, skipped), or `same bytes as …` for a duplicate. */
  error: string | null;
  /** ISO time of the import that stored this state. */
  importedAt: string;
}

const DOCUMENT_STATE = 'd.path, d.status, d.error_code AS errorCode, d.error, d.imported_at AS importedAt';

/** The documents a reference names by path (findSops's file references), in path order. */
export function findDocuments(db: Db, ref: string): DocumentState[] {
  return db
    .prepare(`WITH named AS (${NAMED_DOCUMENTS}) SELECT ${DOCUMENT_STATE} FROM documents d WHERE d.id IN (SELECT id FROM named) ORDER BY d.path`)
    .all(referenceParameters(ref)) as DocumentState[];
}

/** The documents of the given statuses, in path order, one at a time. */
export function* documentsWithStatus(db: Db, statuses: ReadonlyArray<DocumentState['status']>): Generator<DocumentState> {
  const placeholders = statuses.map(() => '?').join(', ');
  yield* db.prepare(`SELECT ${DOCUMENT_STATE} FROM documents d WHERE d.status IN (${placeholders}) ORDER BY d.path`).iterate(...statuses) as Iterable<DocumentState>;
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

/** One SOP's record and file. */
export interface SopSource {
  id: string;
  path: string;
}

/**
 * Rows of SOPs (in the order wanted) as one entry per SOP group (renditions.ts, migration 005):
 * the first row of each group, its other rows as `renditions` (their records and files).
 */
export function collapseRenditions<T extends SopSource & { groupId: string }>(rows: readonly T[]): Array<Omit<T, 'groupId'> & { renditions: SopSource[] }> {
  const byGroup = new Map<string, Omit<T, 'groupId'> & { renditions: SopSource[] }>();
  for (const { groupId, ...row } of rows) {
    const first = byGroup.get(groupId);
    if (!first) byGroup.set(groupId, { ...row, renditions: [] });
    else if (first.id !== row.id && !first.renditions.some((r) => r.id === row.id)) first.renditions.push({ id: row.id, path: row.path });
  }
  return [...byGroup.values()];
}

export interface LegalBasisUse {
  key: string;
  type: string;
  issuer: string | null;
  number: string | null;
  year: number | null;
  subject: string | null;
  /** The SOPs citing it, one per SOP however many files (renditions) hold it. */
  sops: Array<{ id: string; title: string | null; path: string; relation: string; renditions: SopSource[] }>;
}

/**
 * The legal-basis index: each canonical regulation with the SOPs citing it (directly or as an
 * amendment of a cited one), most cited first; an SOP in several renditions counts once.
 * `minSops` 2 gives the regulations SOPs share. Regulations only named as amended by a cited one
 * (relation 'amended', migration 002) are left out: `sop cites` finds them.
 */
export function legalBasisIndex(db: Db, minSops = 1): LegalBasisUse[] {
  const laws = db
    .prepare(
      `SELECT b.key, b.type, b.issuer, b.number, b.year, b.subject, COUNT(DISTINCT l.group_id) AS n
       FROM legal_bases b JOIN sop_legal_bases l ON l.key = b.key
       WHERE l.relation IN ('cited', 'amendment')
       GROUP BY b.key HAVING n >= ? ORDER BY n DESC, b.year, b.type, b.key`,
    )
    .all(minSops) as Array<Omit<LegalBasisUse, 'sops'> & { n: number }>;
  const uses = db.prepare(
    `SELECT DISTINCT s.id, l.group_id AS groupId, s.title, d.path, l.relation FROM sop_legal_bases l
     JOIN sops s ON s.id = l.sop_id JOIN documents d ON d.id = s.document_id
     WHERE l.key = ? AND l.relation IN ('cited', 'amendment') ORDER BY d.path, s.idx`,
  );
  return laws.map(({ n: _n, ...law }) => ({ ...law, sops: collapseRenditions(uses.all(law.key) as Array<LegalBasisUse['sops'][number] & { groupId: string }>) }));
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
