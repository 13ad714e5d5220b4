/**
 * Table rows → steps: a row's texts by column become the step's number, activity, actor marks and
 * Mutu Baku cells. Shared by the strategies that read tables (grid and positioned).
 */
import { headerUnit, looksLikeDuration } from '../../normalise/duration.js';
import { isSymbolOnly } from '../../normalise/actors.js';
import type { ShapeKind } from '../../read/geometry.js';
import { stepNumberOf } from '../stream.js';
import type { Origin, RawStep, StepPart } from '../types.js';
import { byRole, type Table } from './columns.js';
import type { Role } from './header.js';
import { DECISION_ANSWER, DOCUMENT_WORDS } from '../../vocabulary/index.js';

/** A table row reduced to texts by column index (index into `Table.columns` for positioned tables). */
export interface GridRow {
  cells: Map<number, string[]>;
  /** Flowchart symbols drawn in the row, by column (PDF vector shapes, ink in a scan). */
  shapes?: Map<number, ShapeKind[]>;
  page: number;
  /** Where each column's cells of the row lie on the page (sources with positions). */
  boxes?: Map<number, Origin[]>;
  /** The step number when the row was grouped around it (positioned tables); undefined for gridded rows. */
  number?: number | null;
}


/**
 * Joins the lines of one cell. Activity, Waktu and Output lines are one text (space). Kelengkapan
 * lines are items joined with "; " (dev-docs README), numbered or dashed lines keep their markers;
 * a line continues the one before when it starts in lower case, or, in a positioned table whose
 * column is `width` wide, when its first word would not have fitted on the line before (a wrap).
 * A word hyphenated at a line's end joins the next line's lower-case start without a space
 * (`e-` / `monev` → `e-monev`: seed 000 as a Word export prints it).
 */
export function cellText(parts: string[] | undefined, join: 'space' | 'list', width?: number): string | null {
  if (!parts || parts.length === 0) return null;
  const lines = parts.flatMap((p) => p.split('\n')).map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return null;
  // a word hyphenated at the line's end runs on (`aplikasi e-` / `monev`, `perundang-` / `undangan`)
  if (join === 'space' || lines.length === 1) return lines.map((l, i) => (i > 0 && /\p{L}-$/u.test(lines[i - 1]!) && /^\p{Ll}/u.test(l) ? l : ` ${l}`)).join('').trim().replace(/\s+/g, ' ');
  const marked = lines.some((l) => /^(?:\d+[.)]|[-•*])\s/.test(l));
  let out = lines[0]!;
  let prev = lines[0]!;
  for (const l of lines.slice(1)) {
    const wrapped = width !== undefined && prev.length + 1 + (l.split(/\s+/)[0] ?? '').length > width;
    out += marked || wrapped || /^[a-z(]/.test(l) || /[,/&]$/.test(prev) ? ` ${l}` : `; ${l}`;
    prev = l;
  }
  return out.replace(/\s+/g, ' ');
}

/**
 * Width of a positioned column's data (its longest line) in characters, for telling wrapped lines
 * from items: a PDF page's points are turned into characters by the column's own mean character
 * width (a Kelengkapan cell `Konsep Surat` / `Pengantar` of a Word export is one wrapped item).
 */
function dataWidth(t: Table, col: number | undefined): number | undefined {
  if (t.gridded || col === undefined) return undefined;
  const c = t.columns[col];
  if (!c || c.dx0 === undefined || c.dx1 === undefined || !c.dChars || !c.dWidth) return undefined;
  return ((c.dx1 - c.dx0) * c.dChars) / c.dWidth;
}

export function stepFromGrid(t: Table, g: GridRow, shiftFromContent: boolean): RawStep | null {
  const at = (col: number): string[] | undefined => g.cells.get(col);
  const colOf = (role: Role): number | undefined => byRole(t, role)?.col;
  const noCol = colOf('no') ?? 0;
  const activityCol = colOf('activity') ?? noCol + 1;
  let number: number | null = null;
  let activityParts = at(activityCol) ? [...at(activityCol)!] : [];
  const noText = g.number !== undefined ? null : cellText(at(noCol), 'space');
  if (g.number !== undefined) number = g.number;
  else if (noText !== null) {
    number = stepNumberOf(noText);
    if (number === null) {
      const lead = /^(\d{1,3})[.)]?\s+(.+)$/s.exec(noText);
      if (lead) {
        number = Number(lead[1]);
        // the number leads the activity's own cell when the table has no No column (`1. Mengumpulkan …`: Kaltim)
        activityParts = noCol === activityCol ? [lead[2]!] : [lead[2]!, ...activityParts];
      } else if (noCol !== activityCol) {
        activityParts = [noText, ...activityParts];
      }
    }
  }
  // the activity cell may start with the number when the extractor joined them (`1 Membuat …`)
  if (number === null && g.number === undefined && activityParts.length > 0) {
    const lead = /^(\d{1,3})[.)]?\s+(\p{Lu}.*)$/su.exec(activityParts[0]!);
    if (lead) {
      number = Number(lead[1]);
      activityParts[0] = lead[2]!;
    }
  }
  const durCol = colOf('duration');
  const bareAllowed = headerUnit(t.durationHeader) !== null || t.durationHeader !== null;
  let shift = 0;
  let durFound: number | undefined;
  if (durCol !== undefined) {
    const tries = shiftFromContent ? [0, 1, -1, 2, -2] : [0];
    for (const s of tries) {
      const c = durCol + s;
      if (c <= activityCol) continue;
      const text = cellText(at(c), 'space');
      // a Waktu cell is short: a long text mentioning `1 jam` is a note, not a duration
      if (text && text.length <= 40 && looksLikeDuration(text, bareAllowed)) {
        shift = s;
        durFound = c;
        break;
      }
    }
  }
  const reqCol = colOf('requirements');
  const outCol = colOf('output');
  const notesCol = colOf('notes');
  // columns holding other parts than a note, where a Keterangan is looked for after Output
  const roleCols = new Set(t.columns.filter((c) => c.role === 'responsible' || c.role === 'description').map((c) => c.col));
  let requirements: string | null = null;
  // the columns each part was read from, for its origin on the page
  const used: Partial<Record<StepPart, Array<number | undefined>>> = {};
  let duration: string | null = null;
  let output: string | null = null;
  let notes: string | null = null;
  if (t.gridded) {
    if (durFound !== undefined) {
      duration = cellText(at(durFound), 'space');
      output = cellText(at(durFound + 1), 'space');
      used.duration = [durFound];
      used.output = [durFound + 1];
      // Kelengkapan: the nearest filled cell left of Waktu that is not an actor column
      // (never the activity's or its description's: a table whose Waktu follows Deskripsi has no Kelengkapan, wild 020)
      const textCols = new Set([activityCol, colOf('description')].filter((c) => c !== undefined).map((c) => c! + shift));
      const beside = textCols.has(durFound - 1) ? undefined : durFound - 1;
      const reqAt = reqCol !== undefined ? reqCol + shift : beside;
      requirements = reqAt !== undefined ? cellText(at(reqAt), 'list') : null;
      used.requirements = [reqAt];
      if (requirements === null && beside !== undefined && reqAt !== beside) {
        requirements = cellText(at(beside), 'list');
        used.requirements = [beside];
      }
      const notesParts: string[] = [];
      used.notes = [];
      for (const [c, parts] of g.cells) if (c > durFound + 1 && !roleCols.has(c - shift)) {
        notesParts.push(...parts);
        used.notes.push(c);
      }
      notes = cellText(notesParts, 'space');
    } else {
      requirements = reqCol !== undefined ? cellText(at(reqCol), 'list') : null;
      duration = durCol !== undefined ? cellText(at(durCol), 'space') : null;
      const outAt = durCol !== undefined ? durCol + 1 : outCol;
      output = outAt !== undefined ? cellText(at(outAt), 'space') : null;
      used.requirements = [reqCol];
      used.duration = [durCol];
      used.output = [outAt];
      const notesParts: string[] = [];
      used.notes = [];
      if (outAt !== undefined) for (const [c, parts] of g.cells) if (c > outAt && !roleCols.has(c)) {
        notesParts.push(...parts);
        used.notes.push(c);
      }
      notes = cellText(notesParts, 'space');
    }
  } else {
    requirements = reqCol !== undefined ? cellText(at(reqCol), 'list', dataWidth(t, reqCol)) : null;
    duration = durCol !== undefined ? cellText(at(durCol), 'space') : null;
    output = outCol !== undefined ? cellText(at(outCol), 'space') : null;
    notes = notesCol !== undefined ? cellText(at(notesCol), 'space') : null;
    Object.assign(used, { requirements: [reqCol], duration: [durCol], output: [outCol], notes: [notesCol] });
  }
  const marks: Array<string | null> = [];
  const shapes: Array<ShapeKind | null> = [];
  used.actors = [];
  for (const a of t.columns.filter((c) => c.role === 'actor')) {
    const parts = (at(a.col + shift) ?? []).flatMap((p) => p.split('\n')).filter((p) => !DECISION_ANSWER.test(p.trim()));
    marks.push(parts.length ? parts.join(' ') : null);
    shapes.push(g.shapes?.get(a.col + shift)?.[0] ?? null);
    if (parts.length || g.shapes?.get(a.col + shift)?.length) used.actors.push(a.col + shift);
  }
  // a Deskripsi beside a short Aktivitas name says what is done: it is the step's activity
  const descCol = colOf('description');
  const description = descCol !== undefined ? cellText(at(descCol), 'space') : null;
  const activity = description ?? cellText(activityParts, 'space') ?? '';
  // who does the step, named in words (`Pihak Terlibat`: `Kepala Lab, Staf Administrasi`)
  const respCol = colOf('responsible');
  const named = respCol !== undefined ? splitNames(cellText(at(respCol + (t.gridded ? shift : 0)), 'space')) : [];
  if (!activity && number === null && !requirements && !duration && !output) return null;
  used.number = [noCol];
  used.activity = description !== null ? [descCol] : [activityCol];
  if (named.length) used.actors = [...used.actors, respCol];
  const origins = originsOf(g, used);
  return { number, activity, marks, shapes, requirements, duration, output, notes, page: g.page, ...(named.length ? { named } : {}), ...(origins ? { origins } : {}) };
}

/** The boxes of the columns each part of a step was read from, or undefined for a row without positions. */
function originsOf(g: GridRow, used: Partial<Record<StepPart, Array<number | undefined>>>): RawStep['origins'] {
  if (!g.boxes?.size) return undefined;
  const out: NonNullable<RawStep['origins']> = {};
  for (const [part, cols] of Object.entries(used) as Array<[StepPart, Array<number | undefined>]>) {
    const boxes = cols.flatMap((c) => (c === undefined ? [] : g.boxes!.get(c) ?? []));
    if (boxes.length) out[part] = boxes;
  }
  return out;
}

/**
 * The people a `Pihak Terlibat` / `Tanggung Jawab` cell names: split at commas, semicolons and `dan`
 * (`Kepala Lab dan Staf Administrasi`); a slash joins alternatives of one party (`Pemohon/PLP`); a
 * document's name (vocabulary DOCUMENT_WORDS: an output written in the column) names nobody.
 */
export function splitNames(text: string | null): string[] {
  if (!text) return [];
  return text
    .split(/\s*[,;]\s*|\s+dan\s+/i)
    .map((p) => p.replace(/^[-•\s]+|[.\s]+$/g, '').trim())
    .filter((p) => p.length > 1 && !(DOCUMENT_WORDS as readonly string[]).includes(p.split(/\s+/)[0]!.toLowerCase()));
}

