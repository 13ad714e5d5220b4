/**
 * Field paths of a record and the values a person may put there. A field path is a JSON Pointer
 * without its leading slash, as SOP-RECORD.md writes them for `confidence`, `provenance` and
 * `corrections`: `identity/title`, `identity/approver/nip`, `equipment`, `legalBases/2`,
 * `steps/3/actors`. Array items are numbered from 0.
 *
 * A change at a path whose parent is an array follows JSON Patch's item semantics: `old` null is
 * an insertion, `new` null a removal (no array of the record holds null items). Anywhere else the
 * value at the path is replaced.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseDate } from '../normalise/date.js';
import { parseDuration } from '../normalise/duration.js';
import { findRegion, parseCitation } from '../normalise/legal.js';
import { DurationSchema, LegalBasisSchema, StepSchema, type SopRecord, type Step } from '../record/schema.js';

/** A change a person asked for that cannot be made: the server answers 400 with `message`. */
export class EditError extends Error {
  override readonly name = 'EditError';
}

/** The segments of a field path (`steps/3/actors` → ['steps', '3', 'actors']); `~1` and `~0` unescaped as in JSON Pointer. */
export function segments(field: string): string[] {
  return field.split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function child(container: unknown, key: string): unknown {
  if (Array.isArray(container)) return /^\d+$/.test(key) ? container[Number(key)] : undefined;
  if (container !== null && typeof container === 'object' && Object.hasOwn(container, key)) return (container as Record<string, unknown>)[key];
  return undefined;
}

/** The value at `field`, or undefined when the record has no such field (a step past the last). */
export function valueAt(record: unknown, field: string): unknown {
  let v: unknown = record;
  for (const s of segments(field)) v = child(v, s);
  return v;
}

/**
 * Applies one change to `record` in place when the record still holds `old` at `field` (for an
 * insertion: when the array has room at that index). Returns false, leaving the record as it
 * was, when it does not.
 */
export function applyChange(record: SopRecord, field: string, old: unknown, value: unknown): boolean {
  const path = segments(field);
  const key = path.pop()!;
  const parent = path.reduce<unknown>((v, s) => child(v, s), record) as Container | undefined;
  if (Array.isArray(parent)) {
    if (!/^\d+$/.test(key)) return false;
    const i = Number(key);
    if (old === null && value !== null) {
      if (i > parent.length) return false;
      parent.splice(i, 0, value);
      return true;
    }
    if (i >= parent.length || !isDeepStrictEqual(parent[i], old)) return false;
    if (value === null) parent.splice(i, 1);
    else parent[i] = value;
    return true;
  }
  if (parent === null || typeof parent !== 'object' || !Object.hasOwn(parent, key)) return false;
  if (!isDeepStrictEqual(parent[key], old)) return false;
  parent[key] = value;
  return true;
}

/** Whether one field path lies inside the other (or is it): a change to one can change the other. */
export function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/** An array-item path (`steps/3`, `legalBases/0`): the item's array path, else null. */
export function itemArray(field: string): string | null {
  const m = /^(steps|legalBases)\/\d+$/.exec(field);
  return m ? m[1]! : null;
}

const IDENTITY_TEXT = new Set(['title', 'number', 'organization', 'unit']);
const IDENTITY_DATES = new Set(['createdDate', 'revisedDate', 'effectiveDate', 'approvedDate']);
const APPROVER = new Set(['name', 'position', 'rank', 'grade', 'nip']);
const LISTS = new Set(['qualifications', 'relatedSops', 'equipment', 'warnings', 'recordKeeping']);
const STEP_TEXT = new Set(['requirements', 'output', 'notes']);

/** Text as a person typed it: trimmed, runs of spaces kept; empty → null. */
function text(value: unknown, field: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw new EditError(`${field} takes text or null, not ${JSON.stringify(value)}`);
  const t = value.trim();
  return t === '' ? null : t;
}

function lines(value: unknown, field: string): string[] {
  const items = typeof value === 'string' ? value.split('\n') : value;
  if (!Array.isArray(items) || items.some((x) => typeof x !== 'string')) throw new EditError(`${field} takes a list of texts (one a line)`);
  return (items as string[]).map((x) => x.trim()).filter(Boolean);
}

function stepNumber(value: unknown, field: string): number | null {
  if (value === null || value === '') return null;
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new EditError(`${field} takes a whole step number or nothing, not ${JSON.stringify(value)}`);
  return n;
}

/** The empty step a person inserts, to be filled cell by cell. */
export function blankStep(activity = ''): Step {
  return { number: null, activity, actors: [], actorsFrom: null, kind: null, next: null, requirements: null, duration: null, output: null, notes: null };
}

/**
 * The value to store at `field` for what a person entered, checked against the record schema and
 * normalised as the pipeline normalises it: dates to ISO (`22 Desember 2023` → `2023-12-22`,
 * parseDate), a Waktu cell to a duration (parseDuration), a legal basis to its citation
 * (parseCitation, with the SOP's region for regional regulations), a list from its lines, a step's
 * actors checked against the SOP's actor labels. Typed values (a duration or legal-basis object)
 * are accepted as they are when the schema accepts them. Errors: EditError naming the field and
 * what it takes, also for a field that cannot be corrected (`id`, `source/…`, `diagnostics`).
 */
export function coerceValue(record: SopRecord, field: string, value: unknown): unknown {
  const p = segments(field);
  const [head, a, b] = p;
  if (head === 'identity' && p.length === 2 && IDENTITY_TEXT.has(a!)) return text(value, field);
  if (head === 'identity' && p.length === 2 && IDENTITY_DATES.has(a!)) {
    const t = text(value, field);
    if (t === null) return null;
    const iso = parseDate(t);
    if (!iso) throw new EditError(`${field}: "${t}" is not a date (write 22 Desember 2023, 22-12-2023 or 2023-12-22)`);
    return iso;
  }
  if (head === 'identity' && a === 'approver' && p.length === 3 && APPROVER.has(b!)) return text(value, field);
  if (p.length === 1 && LISTS.has(head!)) return lines(value, field);
  if (head === 'legalBases' && p.length === 2 && /^\d+$/.test(a!)) {
    if (typeof value === 'string') {
      const t = text(value, field);
      if (t === null) throw new EditError(`${field}: a legal basis cannot be empty (remove the item instead)`);
      const region = findRegion(`${record.identity.organization ?? ''} ${record.identity.unit ?? ''}`);
      return LegalBasisSchema.parse(parseCitation(t, { region }));
    }
    const parsed = LegalBasisSchema.safeParse(value);
    if (!parsed.success) throw new EditError(`${field} takes the regulation as written`);
    return parsed.data;
  }
  if (head === 'steps' && p.length === 2 && /^\d+$/.test(a!)) {
    const parsed = StepSchema.safeParse(value);
    if (!parsed.success) throw new EditError(`${field} takes a step`);
    return parsed.data;
  }
  if (head === 'steps' && p.length === 3 && /^\d+$/.test(a!)) {
    if (b === 'activity') {
      if (typeof value !== 'string') throw new EditError(`${field} takes text`);
      return value.trim();
    }
    if (STEP_TEXT.has(b!)) return text(value, field);
    if (b === 'number') return stepNumber(value, field);
    if (b === 'kind') {
      if (value === null || value === '') return null;
      if (value === 'terminator' || value === 'process' || value === 'decision') return value;
      throw new EditError(`${field} takes terminator, process, decision or nothing`);
    }
    if (b === 'duration') {
      if (typeof value === 'string' || value === null) return parseDuration(text(value, field));
      const parsed = DurationSchema.safeParse(value);
      if (!parsed.success) throw new EditError(`${field} takes the Waktu cell as written (2 jam, 1-2 hari)`);
      return parsed.data;
    }
    if (b === 'actors') {
      const labels = lines(value, field);
      const known = new Set(record.actors.map((x) => x.label));
      const unknown = labels.filter((l) => !known.has(l));
      if (unknown.length) throw new EditError(`${field}: ${unknown.map((u) => `"${u}"`).join(', ')} is not an actor of this SOP (${[...known].join('; ')})`);
      return [...new Set(labels)];
    }
    if (b === 'next') {
      if (value === null) return null;
      const v = value as { yes?: unknown; no?: unknown };
      if (typeof v !== 'object') throw new EditError(`${field} takes { yes, no } step numbers or null`);
      const next = { yes: stepNumber(v.yes ?? null, `${field}/yes`), no: stepNumber(v.no ?? null, `${field}/no`) };
      return next.yes === null && next.no === null ? null : next;
    }
  }
  throw new EditError(`${field} is not a field that can be corrected`);
}

/**
 * Two consecutive steps as one: texts joined (activity by a space, the Mutu Baku cells and notes
 * by a line), actors united, the first step's number, symbol and branches. Durations: the one
 * written when only one is; both written, a duration of their working minutes added, its text
 * both texts (`1 hari + 2 jam`).
 */
export function mergeSteps(a: Step, b: Step): Step {
  const join = (x: string | null, y: string | null, sep: string): string | null => [x, y].filter(Boolean).join(sep) || null;
  let duration = a.duration ?? b.duration;
  if (a.duration && b.duration) {
    const m = a.duration.minutes !== null && b.duration.minutes !== null ? a.duration.minutes + b.duration.minutes : null;
    duration = { text: `${a.duration.text} + ${b.duration.text}`, value: null, valueMax: null, unit: null, minutes: m, approximate: a.duration.approximate || b.duration.approximate };
  }
  return {
    ...a,
    activity: [a.activity, b.activity].filter(Boolean).join(' '),
    actors: [...new Set([...a.actors, ...b.actors])],
    requirements: join(a.requirements, b.requirements, '\n'),
    duration,
    output: join(a.output, b.output, '\n'),
    notes: join(a.notes, b.notes, '\n'),
  };
}
