/**
 * Corrections: values a person changed in a record after import (SOP-RECORD.md, `corrections`),
 * stored as rows of the `corrections` table (migration 009) and applied on read. The record in
 * `sops.record_json` stays as it was read from the file; every reader (the web page, `sop show`,
 * `sop list`, `sop compare`, `sop check` and every export, through src/store/read.ts) gets it with
 * the corrections applied, in the order they were made.
 *
 * A correction is applied only while the record still holds the value it replaced (`old`), so a
 * re-import of the same bytes keeps every correction, and a changed file keeps those whose field
 * reads as before; the others are `stale`: kept, shown on the page and in the record's
 * diagnostics (`correction-stale`), never applied to a value the person did not see. Edits check
 * the value the person saw the same way, so that two people editing one field at once never lose
 * an edit silently: the second gets a conflict showing the first one's value.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Db } from '../store/db.js';
import { SopRecordSchema, type Correction, type SopRecord } from '../record/schema.js';
import { applyChange, blankStep, coerceValue, EditError, itemArray, mergeSteps, overlaps, valueAt } from './fields.js';

/** One row of the `corrections` table, values parsed. */
export interface StoredCorrection {
  id: number;
  /** Rows of one edit share it (a merge makes two rows); undo undoes an edit. */
  editId: number;
  /** The record the correction was made on. */
  sopId: string;
  file: string;
  sopIndex: number;
  sha256: string;
  field: string;
  old: unknown;
  new: unknown;
  at: string;
  by: string | null;
  undoneAt: string | null;
  undoneBy: string | null;
}

/**
 * What became of a correction on the record as it is now: `applied`; `agrees` (the file now reads
 * the corrected value by itself); `stale` (the field holds another value than the one corrected:
 * the file changed, or an earlier correction was undone); `undone`.
 */
export type CorrectionState = 'applied' | 'agrees' | 'stale' | 'undone';

export interface CorrectionOutcome extends StoredCorrection {
  state: CorrectionState;
  /** For a stale correction: what the field holds now (undefined when the field is gone). */
  now?: unknown;
}

export interface CorrectedRecord {
  /** The record with the applied corrections, as exported (SOP-RECORD.md `corrections`, stale ones in `diagnostics`). */
  record: SopRecord;
  /** The record as read from the file. */
  original: SopRecord;
  /** Every correction of the record, in the order made. */
  corrections: CorrectionOutcome[];
}

/** A change asked by a person that collides with a change made since they loaded the page (HTTP 409). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(
    message: string,
    /** The field, what it holds now, and the last correction that touched it (if a correction did). */
    readonly detail: { field: string; current: unknown; yours: unknown; by?: string | null; at?: string },
  ) {
    super(message);
  }
}

/** A record or an edit that does not exist (HTTP 404). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

interface Row {
  id: number; edit_id: number; sop_id: string; file: string; sop_index: number; sha256: string; field: string;
  old_json: string; new_json: string; at: string; by: string | null; undone_at: string | null; undone_by: string | null;
}

const fromRow = (r: Row): StoredCorrection => ({
  id: r.id, editId: r.edit_id, sopId: r.sop_id, file: r.file, sopIndex: r.sop_index, sha256: r.sha256, field: r.field,
  old: JSON.parse(r.old_json), new: JSON.parse(r.new_json), at: r.at, by: r.by, undoneAt: r.undone_at, undoneBy: r.undone_by,
});

/** The SOP's index in its file, from its record id (`<sha256 prefix>-<index>`). */
export const sopIndex = (record: SopRecord): number => Number(record.id.split('-').pop());

/** True when the database has the corrections table (a read-only database of an older version may not). */
function hasTable(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'corrections'").get() !== undefined;
}

/** The corrections of a record (its own, and those of the record at its place in the same file), oldest first. */
export function correctionsOf(db: Db, record: SopRecord): StoredCorrection[] {
  if (!hasTable(db)) return [];
  const rows = db
    .prepare('SELECT * FROM corrections WHERE sop_id = ? OR (file = ? AND sop_index = ?) ORDER BY id')
    .all(record.id, record.source.path, sopIndex(record)) as Row[];
  return rows.map(fromRow);
}

/**
 * Applies corrections (oldest first) to a copy of `record`. Pure. Each is applied when the field
 * holds its `old` value (an insertion: when the list has room at its index); the result says what
 * became of each. The corrected record carries the applied ones in `corrections` (and
 * schemaVersion 2), the stale ones as `correction-stale` warnings in `diagnostics`. A set of
 * corrections that would make the record fail the schema (rows edited by hand) is not applied:
 * every one is reported stale.
 */
export function applyCorrections(record: SopRecord, corrections: readonly StoredCorrection[]): CorrectedRecord {
  if (corrections.length === 0) return { record, original: record, corrections: [] };
  const work = structuredClone(record);
  const outcomes: CorrectionOutcome[] = corrections.map((c) => {
    if (c.undoneAt) return { ...c, state: 'undone' };
    if (applyChange(work, c.field, c.old, c.new)) return { ...c, state: 'applied' };
    const now = valueAt(work, c.field);
    return isDeepStrictEqual(now, c.new) ? { ...c, state: 'agrees' } : { ...c, state: 'stale', now };
  });
  const applied = outcomes.filter((c) => c.state === 'applied');
  const stale = outcomes.filter((c) => c.state === 'stale');
  const checked = SopRecordSchema.safeParse(work);
  if (!checked.success) {
    const all = outcomes.map((c): CorrectionOutcome => (c.state === 'applied' ? { ...c, state: 'stale', now: valueAt(record, c.field) } : c));
    return { record: withNotes(record, [], all.filter((c) => c.state === 'stale')), original: record, corrections: all };
  }
  return { record: withNotes(checked.data, applied, stale), original: record, corrections: outcomes };
}

const show = (v: unknown): string => {
  const s = v === undefined ? '(no such field)' : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
};

function withNotes(record: SopRecord, applied: CorrectionOutcome[], stale: CorrectionOutcome[]): SopRecord {
  if (applied.length === 0 && stale.length === 0) return record;
  const out: SopRecord = { ...record };
  if (applied.length) {
    const made: Correction[] = applied.map((c) => ({ path: c.field, old: c.old, new: c.new, at: c.at, by: c.by }));
    out.schemaVersion = 2;
    out.corrections = [...(record.corrections ?? []), ...made];
  }
  if (stale.length) {
    out.diagnostics = [
      ...record.diagnostics,
      ...stale.map((c) => ({
        level: 'warning' as const,
        code: 'correction-stale',
        message: `the correction of ${c.field} made ${c.at}${c.by ? ` by ${c.by}` : ''} (${show(c.old)} → ${show(c.new)}) is not applied: the field now reads ${show(c.now)}`,
      })),
    ];
  }
  return out;
}

/** The record with its corrections applied (see applyCorrections). */
export function correctRecord(db: Db, record: SopRecord): CorrectedRecord {
  return applyCorrections(record, correctionsOf(db, record));
}

/** The ids and places (index, file) of the records that have corrections, or null when none has. */
function correctedKeys(db: Db): { ids: Set<string>; places: Set<string> } | null {
  if (!hasTable(db)) return null;
  const rows = db.prepare('SELECT DISTINCT sop_id, file, sop_index FROM corrections').all() as Array<{ sop_id: string; file: string; sop_index: number }>;
  if (rows.length === 0) return null;
  return { ids: new Set(rows.map((r) => r.sop_id)), places: new Set(rows.map((r) => `${r.sop_index}\u0000${r.file}`)) };
}

/**
 * A function correcting records, for readers of many records (src/store/read.ts): it looks up the
 * corrections of only the records that have some (their ids and places are loaded once), so a
 * database without corrections costs one query, not one per record.
 */
export function correctionsReader(db: Db): (record: SopRecord) => SopRecord {
  const keys = correctedKeys(db);
  if (!keys) return (r) => r;
  return (r) => (keys.ids.has(r.id) || keys.places.has(`${sopIndex(r)}\u0000${r.source.path}`) ? correctRecord(db, r).record : r);
}

/** The summary fields `sop list` prints (src/store/read.ts SopSummary), corrected. */
export interface SummaryFields {
  id: string;
  /** The file (documents.path). */
  path: string;
  title: string | null;
  number: string | null;
  organization: string | null;
  unit: string | null;
  steps: number;
  legalBases: number;
}

/** Summaries with their SOP's corrections applied; only the SOPs that have corrections are read again. */
export function correctSummaries<T extends SummaryFields>(db: Db, rows: T[]): T[] {
  const keys = correctedKeys(db);
  if (!keys) return rows;
  const load = db.prepare('SELECT record_json FROM sops WHERE id = ?').pluck();
  return rows.map((row) => {
    if (!keys.ids.has(row.id) && !keys.places.has(`${row.id.split('-').pop()}\u0000${row.path}`)) return row;
    const r = correctRecord(db, SopRecordSchema.parse(JSON.parse(load.get(row.id) as string))).record;
    const i = r.identity;
    return { ...row, title: i.title, number: i.number, organization: i.organization, unit: i.unit, steps: r.steps.length, legalBases: r.legalBases.length };
  });
}

/**
 * One change of an edit, with the value the person saw (`old`), so that a change made by someone
 * else in between is a conflict, not overwritten:
 * - `set`: the value at `field` (see coerceValue for what each field takes);
 * - `insert`: a new item at `field` (`steps/N`: an empty step, or `value` as its activity;
 *   `legalBases/N`: `value` as the regulation is written);
 * - `remove`: the item at `field` (`steps/N`, `legalBases/N`);
 * - `merge`: the step at `field` (`steps/N`) and the next one as one step (mergeSteps); `old` is
 *   both steps.
 */
export type Change =
  | { op: 'set'; field: string; old: unknown; value: unknown }
  | { op: 'insert'; field: string; value?: unknown }
  | { op: 'remove'; field: string; old: unknown }
  | { op: 'merge'; field: string; old: unknown };

interface LoadedSop {
  record: SopRecord;
  corrected: CorrectedRecord;
}

function loadSop(db: Db, id: string): LoadedSop {
  const json = db.prepare('SELECT record_json FROM sops WHERE id = ?').pluck().get(id) as string | undefined;
  if (json === undefined) throw new NotFoundError(`no SOP with id ${id}`);
  const record = SopRecordSchema.parse(JSON.parse(json));
  return { record, corrected: correctRecord(db, record) };
}

function conflict(corrections: CorrectionOutcome[], field: string, current: unknown, yours: unknown): ConflictError {
  const last = [...corrections].reverse().find((c) => c.state === 'applied' && overlaps(c.field, field));
  const who = last ? ` by ${last.by ?? 'someone'} at ${last.at}` : '';
  return new ConflictError(`${field} was changed${who} since you loaded the page`, { field, current, yours, ...(last ? { by: last.by, at: last.at } : {}) });
}

/** A person's name as stored: trimmed, at most 80 characters; empty → null. */
function personName(by: unknown): string | null {
  if (by === null || by === undefined) return null;
  if (typeof by !== 'string') throw new EditError('by takes a name');
  return by.trim().slice(0, 80) || null;
}

/**
 * Stores an edit (one or more changes, applied in order, stored as one edit) to the SOP `sopId`,
 * in one immediate transaction. Returns the stored rows. Errors: NotFoundError for an unknown
 * SOP; EditError for a malformed change (unknown field, a value the field does not take, an
 * index out of range) or one that would make the record fail the schema (its message); a
 * ConflictError when a field no longer holds the `old` value the person saw.
 */
export function saveEdit(db: Db, sopId: string, changes: readonly Change[], by: unknown, now = new Date()): StoredCorrection[] {
  const name = personName(by);
  if (!Array.isArray(changes) || changes.length === 0) throw new EditError('an edit needs at least one change');
  return db.transaction((): StoredCorrection[] => {
    const { record, corrected } = loadSop(db, sopId);
    const work = structuredClone(corrected.record);
    const made: Array<{ field: string; old: unknown; new: unknown }> = [];
    const put = (field: string, old: unknown, value: unknown): void => {
      if (!applyChange(work, field, old, value)) throw new EditError(`${field} cannot be changed here`);
      made.push({ field, old, new: value });
    };
    for (const change of changes) {
      const field = typeof change?.field === 'string' ? change.field : '';
      const current = valueAt(work, field);
      if (change.op === 'set') {
        if (current === undefined) throw new EditError(`${field || '(no field)'} is not a field of this SOP`);
        const value = coerceValue(work, field, change.value);
        if (!isDeepStrictEqual(current, change.old)) throw conflict(corrected.corrections, field, current, value);
        if (!isDeepStrictEqual(current, value)) put(field, current, value);
      } else if (change.op === 'insert') {
        const array = itemArray(field);
        const list = array && (valueAt(work, array) as unknown[]);
        if (!list || Number(field.split('/')[1]) > list.length) throw new EditError(`${field}: an item can be inserted in steps or legalBases, at an index up to their length`);
        const value = array === 'steps' ? blankStep(typeof change.value === 'string' ? change.value.trim() : '') : coerceValue(work, field, change.value);
        put(field, null, value);
      } else if (change.op === 'remove') {
        if (!itemArray(field) || current === undefined) throw new EditError(`${field}: only an existing item of steps or legalBases can be removed`);
        if (!isDeepStrictEqual(current, change.old)) throw conflict(corrected.corrections, field, current, null);
        put(field, current, null);
      } else if (change.op === 'merge') {
        const i = itemArray(field) === 'steps' ? Number(field.split('/')[1]) : -1;
        const [a, b] = [work.steps[i], work.steps[i + 1]];
        if (!a || !b) throw new EditError(`${field}: steps are merged with the next one; give a step that has one after it`);
        if (!isDeepStrictEqual([a, b], change.old)) throw conflict(corrected.corrections, field, [a, b], null);
        put(`steps/${i}`, a, mergeSteps(a, b));
        put(`steps/${i + 1}`, b, null);
      } else {
        throw new EditError(`unknown change ${JSON.stringify((change as { op?: unknown })?.op)}: set, insert, remove or merge`);
      }
    }
    const checked = SopRecordSchema.safeParse(work);
    if (!checked.success) throw new EditError(`the corrected record would not be valid: ${checked.error.issues.map((i) => `${i.path.join('/')}: ${i.message}`).join('; ')}`);
    if (made.length === 0) return [];
    const editId = (db.prepare('SELECT COALESCE(MAX(edit_id), 0) + 1 FROM corrections').pluck().get() as number);
    const insert = db.prepare(
      'INSERT INTO corrections (edit_id, sop_id, file, sop_index, sha256, field, old_json, new_json, at, by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
    );
    const at = now.toISOString();
    return made.map((m) => fromRow(insert.get(editId, record.id, record.source.path, sopIndex(record), record.source.sha256, m.field, JSON.stringify(m.old), JSON.stringify(m.new), at, name) as Row));
  }).immediate();
}

/**
 * Undoes an edit of the SOP `sopId`: its rows are kept, marked undone, and no longer applied.
 * Errors: NotFoundError when the SOP has no such edit (or it is undone already); ConflictError
 * when a later correction still applied touches the same fields (or a step or legal basis after an
 * item this edit inserted or removed): that one must be undone first, or it would turn stale.
 */
export function undoEdit(db: Db, sopId: string, editId: number, by: unknown, now = new Date()): StoredCorrection[] {
  const name = personName(by);
  return db.transaction((): StoredCorrection[] => {
    const { corrected } = loadSop(db, sopId);
    const edit = corrected.corrections.filter((c) => c.editId === editId && c.state !== 'undone');
    if (edit.length === 0) throw new NotFoundError(`SOP ${sopId} has no edit ${editId} to undo`);
    const lastId = Math.max(...edit.map((c) => c.id));
    const touches = (later: CorrectionOutcome): boolean =>
      edit.some((c) => overlaps(c.field, later.field) || (itemArray(c.field) !== null && later.field.startsWith(`${itemArray(c.field)}/`)));
    const blocking = corrected.corrections.find((c) => c.id > lastId && c.state === 'applied' && c.editId !== editId && touches(c));
    if (blocking) {
      throw new ConflictError(`undo the later correction of ${blocking.field} (${blocking.at}${blocking.by ? `, ${blocking.by}` : ''}) first`, {
        field: blocking.field, current: blocking.new, yours: null, by: blocking.by, at: blocking.at,
      });
    }
    const mark = db.prepare('UPDATE corrections SET undone_at = ?, undone_by = ? WHERE id = ? RETURNING *');
    return edit.map((c) => fromRow(mark.get(now.toISOString(), name, c.id) as Row));
  }).immediate();
}
