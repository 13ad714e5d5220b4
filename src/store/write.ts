/**
 * Writing imports: one file's document row and all its SOP records in one transaction, so a crash
 * or a kill never leaves half a record, and a changed file replaces its old records.
 */
import type { Db } from './db.js';
import type Database from 'better-sqlite3';
import { SopRecordSchema, type SopRecord } from '../record/schema.js';
import { amendedRegulations } from '../normalise/legal.js';
import { stemText } from '../query/stem.js';

export type DocumentStatus = 'imported' | 'partial' | 'failed' | 'duplicate' | 'skipped';

export interface DocumentRow {
  id: number;
  path: string;
  sha256: string | null;
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
  /** Diagnostics of the file that belong to no record (a failure's reason). */
  diagnostics?: Array<{ level: 'warning' | 'error'; code: string; message: string }>;
}

/** The stored state of a path, or undefined when it was never imported. */
export function documentByPath(db: Db, path: string): DocumentRow | undefined {
  return db.prepare('SELECT id, path, sha256, status, error_code, error, sop_count FROM documents WHERE path = ?').get(path) as DocumentRow | undefined;
}

/** A document holding the same bytes at another path and imported (the first of them), if any. */
export function documentBySha(db: Db, sha256: string, exceptPath: string): DocumentRow | undefined {
  return db
    .prepare("SELECT id, path, sha256, status, error_code, error, sop_count FROM documents WHERE sha256 = ? AND path <> ? AND status IN ('imported', 'partial') ORDER BY id LIMIT 1")
    .get(sha256, exceptPath) as DocumentRow | undefined;
}

function searchBody(r: SopRecord): string {
  return [
    ...r.steps.flatMap((s) => [s.activity, s.output ?? '', s.requirements ?? '']),
    ...r.legalBases.map((l) => l.subject ?? ''),
  ]
    .filter(Boolean)
    .join('\n');
}

/** The statements of an import, prepared once per database connection. */
const STATEMENTS = {
  deleteSearch: 'DELETE FROM sop_search WHERE sop_id IN (SELECT id FROM sops WHERE document_id = ?)',
  deleteDocument: 'DELETE FROM documents WHERE id = ?',
  insertDocument: 'INSERT INTO documents (path, sha256, size, format, status, error_code, error, duplicate_of, sop_count, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  insertDiagnostic: 'INSERT INTO diagnostics (document_id, sop_id, level, code, message) VALUES (?, ?, ?, ?, ?)',
  deleteOrphanLaws: 'DELETE FROM legal_bases WHERE key NOT IN (SELECT key FROM sop_legal_bases)',
  insertSop: 'INSERT INTO sops (id, document_id, idx, title, number, organization, unit, step_count, total_minutes, record_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  insertField: 'INSERT INTO identity_fields (sop_id, field, value) VALUES (?, ?, ?)',
  insertActor: 'INSERT INTO actors (sop_id, position, label, canonical) VALUES (?, ?, ?, ?)',
  insertStep: 'INSERT INTO steps (sop_id, position, number, activity, requirements, duration_text, duration_value, duration_value_max, duration_unit, duration_minutes, output, notes, actors_from, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  insertStepActor: 'INSERT OR IGNORE INTO step_actors (sop_id, step_position, actor_position) VALUES (?, ?, ?)',
  insertLaw: 'INSERT INTO legal_bases (key, type, issuer, number, year, subject) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET subject = COALESCE(legal_bases.subject, excluded.subject), issuer = COALESCE(legal_bases.issuer, excluded.issuer)',
  insertCite: 'INSERT OR IGNORE INTO sop_legal_bases (sop_id, position, key, relation, text) VALUES (?, ?, ?, ?, ?)',
  insertItem: 'INSERT INTO list_items (sop_id, field, position, text) VALUES (?, ?, ?, ?)',
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
 * Stores the outcome of one file. Replaces whatever the path held before. Every record is validated
 * with the record schema first. Returns the document id.
 */
export function saveDocument(db: Db, outcome: DocumentOutcome): number {
  for (const r of outcome.records) SopRecordSchema.parse(r);
  const st = statementsOf(db);
  const run = db.transaction((o: DocumentOutcome): number => {
    const old = documentByPath(db, o.path);
    if (old) {
      st.deleteSearch.run(old.id);
      st.deleteDocument.run(old.id);
    }
    const info = st.insertDocument.run(o.path, o.sha256, o.size, o.format, o.status, o.errorCode, o.error, o.duplicateOf ?? null, o.records.length, new Date().toISOString());
    const docId = Number(info.lastInsertRowid);
    for (const d of o.diagnostics ?? []) st.insertDiagnostic.run(docId, null, d.level, d.code, d.message);
    for (const r of o.records) insertRecord(st, docId, r);
    // regulations no SOP cites any more
    if (old) st.deleteOrphanLaws.run();
    return docId;
  });
  return run.immediate(outcome);
}

function insertRecord(st: Statements, docId: number, r: SopRecord): void {
  const idx = Number(r.id.split('-').pop());
  const total = r.steps.reduce((sum, s) => sum + (s.duration?.minutes ?? 0), 0);
  st.insertSop.run(
    r.id, docId, idx, r.identity.title, r.identity.number, r.identity.organization, r.identity.unit, r.steps.length,
    r.steps.some((s) => s.duration?.minutes != null) ? total : null, JSON.stringify(r),
  );
  const insField = st.insertField;
  const { approver, ...identity } = r.identity;
  for (const [field, value] of Object.entries(identity)) if (value !== null) insField.run(r.id, field, value);
  for (const [field, value] of Object.entries(approver)) if (value !== null) insField.run(r.id, `approver.${field}`, value);

  const insActor = st.insertActor;
  r.actors.forEach((a, i) => insActor.run(r.id, i, a.label, a.canonical));

  const insStep = st.insertStep;
  const insStepActor = st.insertStepActor;
  r.steps.forEach((s, i) => {
    const d = s.duration;
    insStep.run(r.id, i, s.number, s.activity, s.requirements, d?.text ?? null, d?.value ?? null, d?.valueMax ?? null, d?.unit ?? null, d?.minutes ?? null, s.output, s.notes, s.actorsFrom, s.kind);
    for (const label of s.actors) {
      const a = r.actors.findIndex((x) => x.label === label);
      if (a >= 0) insStepActor.run(r.id, i, a);
    }
  });

  const insLaw = st.insertLaw;
  const insCite = st.insertCite;
  r.legalBases.forEach((l, i) => {
    // 'amended': the regulation the item itself amends (`tentang Perubahan atas …`, migration 002),
    // so that `sop cites` finds this SOP by the amended regulation too
    const related = [...l.amendments.map((a) => [a, 'amendment'] as const), ...amendedRegulations(l).map((a) => [a, 'amended'] as const)];
    for (const [c, relation] of [[l, 'cited'] as const, ...related]) {
      // an item naming no number and no year (`(SPIP)`, seed 003) is kept in the record, not indexed as a regulation
      if (c.number === null && c.year === null) continue;
      insLaw.run(c.key, c.type, c.issuer, c.number, c.year, c.subject);
      insCite.run(r.id, i, c.key, relation, c.text);
    }
  });

  const insItem = st.insertItem;
  for (const field of ['qualifications', 'relatedSops', 'equipment', 'warnings', 'recordKeeping'] as const) {
    r[field].forEach((t, i) => insItem.run(r.id, field, i, t));
  }
  for (const d of r.diagnostics) st.insertDiagnostic.run(docId, r.id, d.level, d.code, d.message);
  // `stems`: the same text as Indonesian stems, for affix-insensitive search (migration 002)
  const title = r.identity.title ?? '';
  const body = searchBody(r);
  st.insertSearch.run(r.id, title, body, stemText(`${title}\n${body}`));
}
