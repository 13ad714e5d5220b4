/**
 * Writing imports: one file's document row and all its SOP records in one transaction, so a crash
 * or a kill never leaves half a record, and a changed file replaces its old records.
 */
import type { Db } from './db.js';
import type Database from 'better-sqlite3';
import type { SopRecord } from '../record/schema.js';
import { SCHEMA_VERSION } from '../record/schema.js';
import { recordRows, type RecordRows } from './rows.js';
import { renditionGroup } from './renditions.js';

export type DocumentStatus = 'imported' | 'partial' | 'failed' | 'duplicate' | 'skipped';

export interface DocumentRow {
  id: number;
  path: string;
  sha256: string | null;
  format: string | null;
  status: DocumentStatus;
  error_code: string | null;
  error: string | null;
  sop_count: number;
}

export interface DocumentOutcome {
  path: string;
  sha256: string | null;
  size: number | null;
  format: string | null;
  status: DocumentStatus;
  errorCode: string | null;
  error: string | null;
  /** Document whose bytes this one repeats (status `duplicate`). */
  duplicateOf?: number | null;
  records: SopRecord[];
  /**
   * The records as rows (rows.ts), when they were made already (in a worker thread); `records`
   * is then not read and may be empty.
   */
  rows?: RecordRows[];
  /** Diagnostics of the file that belong to no record (a failure's reason). */
  diagnostics?: Array<{ level: 'warning' | 'error'; code: string; message: string }>;
  /** The path of the file whose document holds the SOP this file is a page of (parts.ts); stored before it. */
  partOf?: string;
  /** Written even when the path holds these bytes already (the files of a page series, read together anew). */
  replace?: boolean;
}

/** The stored state of a path, or undefined when it was never imported. */
export function documentByPath(db: Db, path: string): DocumentRow | undefined {
  return statementsOf(db).documentByPath.get(path) as DocumentRow | undefined;
}

/**
 * Whether a document's records were made by an older version of the record (schemaVersion below
 * `current`: without confidence and provenance), so that an import reads its file again.
 */
export function recordsOutdated(db: Db, documentId: number, current: number): boolean {
  const row = statementsOf(db).oldestSchema.get(documentId) as { version: number | null } | undefined;
  return row?.version !== null && row?.version !== undefined && row.version < current;
}

/**
 * Whether the files of a page series are stored as one SOP already, with these bytes: the first
 * holds records of the current schema version and every other one points to it (`part_of`).
 */
export function partsUnchanged(db: Db, parts: ReadonlyArray<{ path: string; sha256: string }>): boolean {
  const first = documentByPath(db, parts[0]!.path);
  if (!first || first.sha256 !== parts[0]!.sha256 || (first.status !== 'imported' && first.status !== 'partial') || recordsOutdated(db, first.id, SCHEMA_VERSION)) return false;
  return parts.slice(1).every((p) => {
    const row = statementsOf(db).partsOf.get(p.path) as { sha256: string | null; part_of: number | null } | undefined;
    return row?.sha256 === p.sha256 && row.part_of === first.id;
  });
}

/** A document holding the same bytes at another path and imported (the first of them), if any. */
export function documentBySha(db: Db, sha256: string, exceptPath: string): DocumentRow | undefined {
  return statementsOf(db).documentBySha.get(sha256, exceptPath) as DocumentRow | undefined;
}

/** The statements of an import, prepared once per database connection (statementsOf). */
const STATEMENTS = {
  documentByPath: 'SELECT id, path, sha256, format, status, error_code, error, sop_count FROM documents WHERE path = ?',
  documentBySha: "SELECT id, path, sha256, format, status, error_code, error, sop_count FROM documents WHERE sha256 = ? AND path <> ? AND status IN ('imported', 'partial') ORDER BY id LIMIT 1",
  duplicatesOf: 'SELECT id, path FROM documents WHERE duplicate_of = ? ORDER BY id',
  moveSops: "UPDATE sops SET document_id = ?, record_json = json_set(record_json, '$.source.path', ?) WHERE document_id = ?",
  moveDiagnostics: 'UPDATE diagnostics SET document_id = ? WHERE document_id = ?',
  promote: 'UPDATE documents SET status = ?, format = ?, error_code = ?, error = ?, duplicate_of = NULL, sop_count = ? WHERE id = ?',
  repoint: 'UPDATE documents SET duplicate_of = ? WHERE duplicate_of = ?',
  setDuplicateOf: 'UPDATE documents SET duplicate_of = ? WHERE id = ?',
  rename: 'UPDATE documents SET path = ? WHERE id = ?',
  deleteSearch: 'DELETE FROM sop_search WHERE sop_id IN (SELECT id FROM sops WHERE document_id = ?)',
  deleteDocument: 'DELETE FROM documents WHERE id = ?',
  insertDocument: 'INSERT INTO documents (path, sha256, size, format, status, error_code, error, duplicate_of, sop_count, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  insertDiagnostic: 'INSERT INTO diagnostics (document_id, sop_id, level, code, message) VALUES (?, ?, ?, ?, ?)',
  deleteOrphanLaws: 'DELETE FROM legal_bases WHERE key NOT IN (SELECT key FROM sop_legal_bases)',
  insertSop: 'INSERT INTO sops (id, document_id, idx, title, number, organization, unit, step_count, total_minutes, record_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  insertGroup: 'INSERT INTO sop_groups (sop_id, group_id, organization_key, identity_key, number, unit) VALUES (?, ?, ?, ?, ?, ?)',
  insertBand: 'INSERT OR IGNORE INTO sop_bands (sop_id, band) VALUES (?, ?)',
  insertField: 'INSERT INTO identity_fields (sop_id, field, value) VALUES (?, ?, ?)',
  insertActor: 'INSERT INTO actors (sop_id, position, label, canonical) VALUES (?, ?, ?, ?)',
  insertStep: 'INSERT INTO steps (sop_id, position, number, activity, requirements, duration_text, duration_value, duration_value_max, duration_unit, duration_minutes, output, notes, actors_from, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  insertStepActor: 'INSERT OR IGNORE INTO step_actors (sop_id, step_position, actor_position) VALUES (?, ?, ?)',
  insertLaw: 'INSERT INTO legal_bases (key, type, issuer, number, year, subject) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET subject = COALESCE(legal_bases.subject, excluded.subject), issuer = COALESCE(legal_bases.issuer, excluded.issuer)',
  insertCite: 'INSERT OR IGNORE INTO sop_legal_bases (sop_id, position, key, relation, text, group_id) VALUES (?, ?, ?, ?, ?, ?)',
  insertItem: 'INSERT INTO list_items (sop_id, field, position, text) VALUES (?, ?, ?, ?)',
  insertConfidence: 'INSERT INTO field_confidence (sop_id, path, confidence) VALUES (?, ?, ?)',
  setPartOf: 'UPDATE documents SET part_of = (SELECT id FROM documents WHERE path = ?) WHERE id = ?',
  partsOf: 'SELECT path, sha256, part_of FROM documents WHERE path = ?',
  oldestSchema: "SELECT MIN(json_extract(record_json, '$.schemaVersion')) AS version FROM sops WHERE document_id = ?",
  insertSearch: 'INSERT INTO sop_search (sop_id, title, body, stems) VALUES (?, ?, ?, ?)',
} as const;

type Statements = Record<keyof typeof STATEMENTS, Database.Statement>;

const prepared = new WeakMap<Db, Statements>();

function statementsOf(db: Db): Statements {
  let st = prepared.get(db);
  if (!st) {
    st = Object.fromEntries(Object.entries(STATEMENTS).map(([k, sql]) => [k, db.prepare(sql)])) as Statements;
    prepared.set(db, st);
  }
  return st;
}

/**
 * Stores the outcome of one file (saveDocuments with one outcome). Returns the document id.
 * Errors: a record that fails the record schema throws (zod error) and nothing is written.
 */
export function saveDocument(db: Db, outcome: DocumentOutcome): number {
  return saveDocuments(db, [outcome])[0]!.id;
}

export interface SavedDocument {
  id: number;
  /** The outcome as stored: an import whose bytes another path already holds becomes `duplicate`. */
  outcome: DocumentOutcome;
  /** True when the path already held these bytes, imported, and nothing was written. */
  unchanged: boolean;
}

/**
 * Stores the outcomes of several files in one transaction (one commit for the group: the commit,
 * not the rows, is the cost of a small file; README, Performance). Each outcome replaces whatever
 * its path held before. Decided inside the transaction, so that concurrent importers of
 * overlapping folders agree: an outcome whose path already holds the same bytes imported, in records
 * of the current schema version, is left as it is (`unchanged`), and one whose bytes another path holds imported becomes a `duplicate` of
 * it. Every record is validated with the record schema first; a failure throws and nothing of the
 * group is written. Database errors (SQLITE_BUSY past the busy timeout, SQLITE_FULL,
 * SQLITE_READONLY) throw with nothing of the group written.
 */
export function saveDocuments(db: Db, outcomes: DocumentOutcome[]): SavedDocument[] {
  const prepared = outcomes.map((o) => (o.rows ? o : { ...o, rows: o.records.map(recordRows) }));
  const st = statementsOf(db);
  const run = db.transaction((group: DocumentOutcome[]): SavedDocument[] => {
    let replaced = false;
    const saved = group.map((given): SavedDocument => {
      let o = given;
      const old = documentByPath(db, o.path);
      const stored = o.status === 'imported' || o.status === 'partial';
      if (old && stored && !o.replace && old.sha256 === o.sha256 && old.status === o.status && !recordsOutdated(db, old.id, SCHEMA_VERSION)) return { id: old.id, outcome: o, unchanged: true };
      if (stored && o.sha256 && !o.partOf) {
        const twin = documentBySha(db, o.sha256, o.path);
        if (twin) o = { ...o, status: 'duplicate', errorCode: null, error: `same bytes as ${twin.path}`, duplicateOf: twin.id, records: [], rows: [], diagnostics: [] };
      }
      // the duplicates of a holder whose path now holds the same bytes again point to its new row
      let keepDuplicates: Array<{ id: number }> = [];
      if (old) {
        if ((old.status === 'imported' || old.status === 'partial') && o.status !== 'duplicate' && o.sha256 === old.sha256) keepDuplicates = st.duplicatesOf.all(old.id) as Array<{ id: number }>;
        deleteDocument(st, old, keepDuplicates.length === 0);
        replaced = true;
      }
      const rows = o.rows ?? [];
      const info = st.insertDocument.run(o.path, o.sha256, o.size, o.format, o.status, o.errorCode, o.error, o.duplicateOf ?? null, rows.length, new Date().toISOString());
      const docId = Number(info.lastInsertRowid);
      for (const d of keepDuplicates) st.setDuplicateOf.run(docId, d.id);
      if (o.partOf) st.setPartOf.run(o.partOf, docId);
      for (const d of o.diagnostics ?? []) st.insertDiagnostic.run(docId, null, d.level, d.code, d.message);
      for (const r of rows) insertRows(db, st, docId, r);
      return { id: docId, outcome: o, unchanged: false };
    });
    // regulations no SOP cites any more
    if (replaced) st.deleteOrphanLaws.run();
    return saved;
  });
  return run.immediate(prepared);
}

/**
 * Deletes a document with its SOPs and their rows, first handing its SOPs to its first duplicate
 * when `promote` (promoteDuplicate). Regulations left uncited are not deleted here.
 */
function deleteDocument(st: Statements, doc: DocumentRow, promote: boolean): void {
  if (promote && (doc.status === 'imported' || doc.status === 'partial')) promoteDuplicate(st, doc);
  st.deleteSearch.run(doc.id);
  st.deleteDocument.run(doc.id);
}

/**
 * Removes the document stored at `path`, if any, in one transaction: its SOPs pass to its first
 * duplicate (as when its file changes), else they are deleted with their rows and the regulations
 * no SOP cites any more. Returns true when a document was removed.
 */
export function removeDocument(db: Db, path: string): boolean {
  const st = statementsOf(db);
  return db.transaction((): boolean => {
    const doc = documentByPath(db, path);
    if (!doc) return false;
    deleteDocument(st, doc, true);
    st.deleteOrphanLaws.run();
    return true;
  }).immediate();
}

/**
 * Gives the document stored at `from` the path `to` (its records' `source.path` too). Errors:
 * SQLite's UNIQUE constraint error when `to` is stored already.
 */
export function renameDocument(db: Db, from: string, to: string): void {
  db.transaction(() => {
    const doc = documentByPath(db, from);
    if (!doc) return;
    statementsOf(db).rename.run(to, doc.id);
    statementsOf(db).moveSops.run(doc.id, to, doc.id);
  }).immediate();
}

/**
 * Hands the SOPs of a holder whose path no longer holds its bytes (changed, or now failing) to
 * the first of its duplicates, which becomes their holder (its path written into the records'
 * `source.path`); the other duplicates then repeat that one. Nothing is done for a holder without
 * duplicates. Issue 12: a duplicate lost its SOP when the file it repeated changed.
 */
function promoteDuplicate(st: Statements, holder: DocumentRow): void {
  const heir = st.duplicatesOf.get(holder.id) as { id: number; path: string } | undefined;
  if (!heir) return;
  st.moveSops.run(heir.id, heir.path, holder.id);
  st.moveDiagnostics.run(heir.id, holder.id);
  st.promote.run(holder.status, holder.format, holder.error_code, holder.error, holder.sop_count, heir.id);
  st.repoint.run(heir.id, holder.id);
}

/** Inserts one record's rows, in the group of its renditions stored before (renditions.ts). */
function insertRows(db: Db, st: Statements, docId: number, r: RecordRows): void {
  const id = r.id;
  const [, , number, , unit] = r.sop as [unknown, unknown, string | null, unknown, string | null];
  const { organizationKey, identityKey, bands } = r.renditions;
  const group = renditionGroup(db, { id, number, unit, organizationKey, identityKey, bands, activities: r.steps.map((s) => s[2] as string) });
  st.insertSop.run(id, docId, ...r.sop);
  st.insertGroup.run(id, group, organizationKey, identityKey, number, unit);
  for (const b of bands) st.insertBand.run(id, b);
  for (const f of r.fields) st.insertField.run(id, ...f);
  for (const a of r.actors) st.insertActor.run(id, ...a);
  for (const s of r.steps) st.insertStep.run(id, ...s);
  for (const sa of r.stepActors) st.insertStepActor.run(id, ...sa);
  for (const l of r.laws) st.insertLaw.run(...l);
  for (const c of r.cites) st.insertCite.run(id, ...c, group);
  for (const it of r.items) st.insertItem.run(id, ...it);
  for (const c of r.confidences) st.insertConfidence.run(id, ...c);
  for (const d of r.diagnostics) st.insertDiagnostic.run(docId, id, ...d);
  st.insertSearch.run(id, ...r.search);
}
