/**
 * The positioned strategy: a procedure table of positioned lines (space-aligned text as pdftotext
 * -layout prints it, a PDF page without table rules, OCR lines outside a ruled grid). Columns come
 * from the header cells' positions, each line's cells are assigned to columns, and lines are grouped
 * into table rows between the step numbers (cells may be top-aligned or vertically centred:
 * dev-docs 01–03).
 */
import type { LayoutCell } from '../../read/layout.js';
import { headerUnit, isUnitWord, leadingDuration, looksLikeDuration } from '../../normalise/duration.js';
import { isSymbolOnly } from '../../normalise/actors.js';
import { NON_FINAL_WORDS } from '../../normalise/text.js';
import { isBlank, least, most, originOf, stepNumberOf, textOf, type StreamRow } from '../stream.js';
import type { Origin, RawStep } from '../types.js';
import { stepFromGrid, type GridRow } from './cells.js';
import { DECISION_ANSWER } from '../../vocabulary/index.js';
import { byRole, colIndex, columnOf, learnExtents, overlap, positionedColumns, type Column, type Table } from './columns.js';
import { headerBlock, isHeaderRow, type Role } from './header.js';
import { endsTable, headerOf, type HeaderBlock, type TableReading } from './table.js';
import type { TableStrategy } from './strategy.js';

/** A text page's own columns (see pageColumns). */
interface PageColumn {
  /** A cell's column index on the page, or undefined to place it by the header. */
  column: (c: LayoutCell) => number | undefined;
  /** Where the page's bare step numbers start: a cell starting there with a number and words is a step's number and activity. */
  numberX: number | undefined;
}

/**
 * Finds a text page's own columns when they do not line up with the header's. pdftotext -layout
 * prints each page at its own character positions and squeezes empty space, so a procedure table
 * continued on a page without its header (Word repeats none unless told) has its columns
 * elsewhere: in pdftotext's text of a Word export (fixtures/renditions/000, steps 9–13)
 * Kelengkapan starts at character 57 instead of 105, and the activity column is narrower (001:
 * Kelengkapan at 33, inside the first page's activity). When the page's durations (bare numbers
 * too when the Waktu header gives the unit) do not lie under the Waktu header, the page's cells
 * are placed by the order Permenpan RB 35/2012 fixes: the cells starting left of the first gap of
 * 8 characters between cell starts are the step number and activity; text between them and the
 * durations is Kelengkapan; the durations are Waktu; text after them Output (a Keterangan on such
 * a page is not told from a centred Output, and goes with it); a mark (flowchart symbol, tick,
 * Ya/Tidak) goes to the actor column at the same fraction of the actor columns' width as it lies
 * between the activity and Kelengkapan on its page. Returns undefined when the page lines up or
 * has no duration, or the table has no Waktu or activity column.
 */
function pageColumns(t: Table, rows: StreamRow[]): PageColumn | undefined {
  const waktu = byRole(t, 'duration');
  const activity = byRole(t, 'activity');
  if (!waktu || !activity) return undefined;
  const cells = rows.flatMap((r) => r.cells);
  const texts = cells.filter((c) => !isMark(c.text));
  if (!texts.length) return undefined;
  // the step number and activity: cell starts up to the first wide gap
  const starts = [...new Set(texts.map((c) => c.x))].sort((a, b) => a - b);
  let leftEnd = starts[starts.length - 1]!;
  for (let i = 1; i < starts.length; i++) {
    if (starts[i]! - starts[i - 1]! >= 8) {
      leftEnd = starts[i - 1]!;
      break;
    }
  }
  const bare = headerUnit(t.durationHeader) !== null;
  const durations = texts.filter((c) => c.x > leftEnd && (looksLikeDuration(c.text, bare) || isUnitWord(c.text)));
  if (!durations.length) return undefined;
  const w0 = least(durations.map((c) => c.x));
  const w1 = most(durations.map((c) => c.x + c.width));
  const wStartMax = most(durations.map((c) => c.x));
  if (overlap(w0, w1, Math.min(waktu.x0, waktu.dx0 ?? waktu.x0), Math.max(waktu.x1, waktu.dx1 ?? waktu.x1)) > 0) return undefined;
  const index = (c: Column | undefined): number | undefined => (c ? t.columns.indexOf(c) : undefined);
  const mutu = t.columns.filter((c) => c.role === 'requirements' || c.role === 'duration' || c.role === 'output' || c.role === 'notes').sort((a, b) => a.x0 - b.x0);
  const k = mutu.indexOf(waktu);
  const before = mutu[k - 1];
  const after = mutu[k + 1];
  const activityEnd = most(texts.filter((c) => c.x <= leftEnd).map((c) => c.x + c.width));
  const mutuStart = least([w0, ...texts.filter((c) => c.x > leftEnd && c.x < w0 - 1).map((c) => c.x)]);
  const actors = t.columns.filter((c) => c.role === 'actor').sort((a, b) => a.x0 - b.x0);
  // where the page's step numbers start: bare numbers, else numbers glued to their activity (`1 Membuat …`)
  const firsts = rows.map((r) => r.cells[0]).filter((c): c is LayoutCell => c !== undefined && c.x <= leftEnd);
  const numbers = firsts.filter((c) => stepNumberOf(c.text) !== null);
  const leftmost = least(firsts.map((f) => f.x));
  const glued = firsts.filter((c) => /^\d{1,3}\s+\p{L}/u.test(c.text) && c.x === leftmost);
  const numberX = numbers.length ? least(numbers.map((c) => c.x)) : glued.length ? least(glued.map((c) => c.x)) : undefined;
  const column = (c: LayoutCell): number | undefined => {
    if (isMark(c.text)) {
      if (!actors.length || mutuStart <= activityEnd) return undefined;
      const f = Math.min(1, Math.max(0, (c.x + c.width / 2 - activityEnd) / (mutuStart - activityEnd)));
      const at = actors[0]!.x0 + f * (actors[actors.length - 1]!.x1 - actors[0]!.x0);
      const nearest = actors.reduce((a, b) => (Math.abs((b.x0 + b.x1) / 2 - at) < Math.abs((a.x0 + a.x1) / 2 - at) ? b : a));
      return index(nearest);
    }
    // a bare step number keeps the header's No column (assignLine reads it)
    if (c.x <= leftEnd) return stepNumberOf(c.text) !== null ? undefined : index(activity);
    if (c.x < w0 - 1) return index(before);
    if (c.x <= wStartMax + 1) return index(waktu);
    return index(after);
  };
  return { column, numberX };
}

/** A cell that marks an actor column rather than holding text: a flowchart symbol's glyph, a tick, a decision's Ya/Tidak. */
function isMark(text: string): boolean {
  return isSymbolOnly(text) || DECISION_ANSWER.test(text.trim()) || /^\s*[√✓✔]\s*$/u.test(text);
}

interface Line {
  row: StreamRow;
  /** column index → texts on this line */
  cols: Map<number, string[]>;
  /** column index → where those texts lie */
  boxes: Map<number, Origin[]>;
  number: number | null;
}

function assignLine(t: Table, row: StreamRow, pageColumn?: PageColumn): Line {
  const cols = new Map<number, string[]>();
  const activity = byRole(t, 'activity');
  const noCol = byRole(t, 'no');
  const waktuAt = colIndex(t, 'duration');
  let number: number | null = null;
  // the cells of one column on one line are one line of its text (a justified line whose words
  // pdf.js gave apart: `Daftar` … `Hadir`, wild 021), never two items of a list
  const add = (col: number, text: string): void => {
    const list = cols.get(col);
    if (list) list[list.length - 1] += ` ${text}`;
    else cols.set(col, [text]);
  };
  const boxes = new Map<number, Origin[]>();
  const place = (col: number, c: LayoutCell): void => {
    const o = originOf(row, c);
    if (o && col >= 0) boxes.set(col, [...(boxes.get(col) ?? []), o]);
  };
  row.cells.forEach((c, i) => {
    let ci = pageColumn?.column(c) ?? columnOf(t, c.x, c.x + c.width);
    // a symbol counts in an actor column only (elsewhere it is a box a scan's text made)
    if (c.shape && t.columns[ci]?.role !== 'actor') return;
    const n = stepNumberOf(c.text);
    // a bare number left of the activity column is the step number even without a No header (dev-doc 03)
    if (n !== null && i === 0 && activity && c.x + c.width <= activity.x0 + 2) {
      number = n;
      ci = noCol ? t.columns.indexOf(noCol) : -1;
      if (ci >= 0) add(ci, c.text);
      place(ci, c);
      return;
    }
    // `1 Membuat surat tugas`: number and activity in one cell; on a page with its own columns, a
    // cell where the page's numbers start (`10 kinerja kepada …`: the number and a wrapped activity line)
    const atNumbers = pageColumn?.numberX !== undefined && c.x <= pageColumn.numberX;
    const lead = /^(\d{1,3})\s+(\p{Lu}.*)$/u.exec(c.text) ?? (atNumbers ? /^(\d{1,3})\s+(\p{L}.*)$/u.exec(c.text) : null);
    if (lead && i === 0 && activity && noCol && (pageColumn ? atNumbers : c.x < activity.x0 && ci === t.columns.indexOf(noCol))) {
      number = Number(lead[1]);
      const ai = t.columns.indexOf(activity);
      cols.set(t.columns.indexOf(noCol), [lead[1]!]);
      cols.set(ai, [...(cols.get(ai) ?? []), lead[2]!]);
      place(t.columns.indexOf(noCol), c);
      place(ai, c);
      return;
    }
    if (noCol && ci === t.columns.indexOf(noCol) && n !== null) number = n;
    const run = ci === waktuAt ? durationRunOn(t, c) : null;
    if (run) {
      add(ci, run.duration);
      add(colIndex(t, 'output'), run.output);
      place(ci, c);
      place(colIndex(t, 'output'), c);
      return;
    }
    add(ci, c.text);
    place(ci, c);
  });
  return { row, cols, boxes, number };
}

/**
 * A Waktu cell run together with the Output beside it by a single space (`15 menit disposisi`,
 * seed 002 as a Word export prints it): the duration and the words after it, when those words
 * start where the Output column's data starts (within 3 characters' width). Null otherwise: a
 * duration with its own qualifier (`1 hari kerja`, `15 menit per berkas`) ends before Output.
 */
function durationRunOn(t: Table, c: LayoutCell): { duration: string; output: string } | null {
  const output = byRole(t, 'output');
  if (!output || output.dx0 === undefined || !c.text.length) return null;
  const split = leadingDuration(c.text);
  if (!split) return null;
  const perChar = c.width / c.text.length;
  const restX = c.x + (c.text.length - split[1].length) * perChar;
  return Math.abs(restX - output.dx0) <= 3 * perChar ? { duration: split[0], output: split[1] } : null;
}

/** First text of a column on a line. */
function lineCol(l: Line, i: number): string | null {
  if (i < 0) return null;
  const parts = l.cols.get(i);
  return parts && parts.length ? parts.join(' ') : null;
}

/**
 * What blank lines before a line weigh for a row starting there: the lines of one row follow each
 * other, and a gap of two lines or more (cells centred vertically, as Word exports them) outweighs
 * the cells that start on the row's middle line.
 */
function gapWeight(blanks: number): number {
  return blanks >= 2 ? 8 : 1.5 * blanks;
}

function blanksBefore(lines: Array<Line | null>, p: number): number {
  let n = 0;
  for (let i = p - 1; i >= 0 && lines[i] === null; i--) n++;
  return n;
}

/**
 * How strongly a table row starts at line `p` (between two step numbers): a new sentence in the
 * activity column, a Kelengkapan or Waktu cell starting after lines without one, a blank line
 * before it; against it, text continuing in lower case.
 */
function boundaryScore(t: Table, lines: Array<Line | null>, p: number, rowHasDuration: boolean): number {
  const cur = lines[p];
  if (!cur) return -Infinity;
  let prevIdx = p - 1;
  let blanks = 0;
  while (prevIdx >= 0 && lines[prevIdx] === null) {
    blanks++;
    prevIdx--;
  }
  const prev = prevIdx >= 0 ? lines[prevIdx] : null;
  let score = gapWeight(blanks);
  const ai = colIndex(t, 'activity');
  const act = lineCol(cur, ai);
  if (act) {
    if (/^\p{Lu}/u.test(act)) {
      const before = prev ? lineCol(prev, ai) : null;
      const lastWord = before?.split(/\s+/).pop()?.toLowerCase() ?? '';
      score += before && (NON_FINAL_WORDS.has(lastWord) || /[,(]$/.test(before)) ? 0 : 2;
    } else score -= 3;
  }
  for (const role of ['requirements', 'duration', 'output', 'notes'] as Role[]) {
    const i = colIndex(t, role);
    const text = lineCol(cur, i);
    if (!text) continue;
    const before = prev ? lineCol(prev, i) : null;
    if (/^[\p{Ll}]/u.test(text) && before) score -= 3;
    else if (!before) score += role === 'duration' ? 1 : 1;
    if (role === 'duration' && looksLikeDuration(text)) score += rowHasDuration ? 3 : 1;
  }
  if (cur.number !== null) score += 1;
  return score;
}

function groupLines(t: Table, lines: Array<Line | null>): GridRow[] {
  const di = colIndex(t, 'duration');
  const anchors: number[] = [];
  lines.forEach((l, i) => {
    if (l && l.number !== null) anchors.push(i);
  });
  // a table without step numbers (no No column: Banyuwangi's SOPs): each row has one Waktu, and the
  // lines holding a duration there anchor the rows instead
  if (anchors.length === 0 && di >= 0) {
    lines.forEach((l, i) => {
      if (l && looksLikeDuration(lineCol(l, di))) anchors.push(i);
    });
  }
  if (anchors.length === 0) return [];
  // durationsBefore[i]: lines before i whose Waktu cell reads as a duration (a row's test in O(1))
  const durationsBefore = [0];
  lines.forEach((l, i) => durationsBefore.push(durationsBefore[i]! + (l && looksLikeDuration(lineCol(l, di)) ? 1 : 0)));
  const hasDuration = (from: number, to: number): boolean => to > from && durationsBefore[to]! - durationsBefore[from]! > 0;
  // row starts: the first row begins after the header (lines above a centred number belong to it)
  const starts: number[] = [lines.findIndex((l) => l !== null)];
  for (let k = 0; k + 1 < anchors.length; k++) {
    const a = anchors[k]!;
    const b = anchors[k + 1]!;
    let bestP = b;
    let bestS = -Infinity;
    const scores: Array<[number, number]> = [];
    for (let p = a + 1; p <= b; p++) {
      const s = boundaryScore(t, lines, p, hasDuration(Math.max(a - 3, starts[starts.length - 1]!), p));
      scores.push([p, s]);
      if (s >= bestS) {
        bestS = s;
        bestP = p;
      }
    }
    // an unnumbered row between two numbered ones: a second strong start (its own Waktu, dev-doc 03)
    // before the start of the numbered row (a number centred below that start is inside its row);
    // a gap alone (a paragraph break inside a cell) makes none
    const extra = scores.filter(([p, s]) => s - gapWeight(blanksBefore(lines, p)) >= 4 && p < bestP - 1);
    // every start found here lies after the anchor `a`, past all earlier starts: the list stays sorted
    for (const [p] of extra) starts.push(p);
    starts.push(bestP);
  }
  const rows: GridRow[] = [];
  const uniq = [...new Set(starts)].sort((x, y) => x - y);
  for (let k = 0; k < uniq.length; k++) {
    const from = uniq[k]!;
    const to = k + 1 < uniq.length ? uniq[k + 1]! : lines.length;
    const cells = new Map<number, string[]>();
    const boxes = new Map<number, Origin[]>();
    let page = 0;
    let number: number | null = null;
    const noCol = colIndex(t, 'no');
    for (let i = from; i < to; i++) {
      const l = lines[i];
      if (!l) continue;
      page = page || l.row.page;
      if (number === null && l.number !== null) number = l.number;
      for (const [c, bs] of l.boxes) {
        const list = boxes.get(c);
        if (list) list.push(...bs);
        else boxes.set(c, [...bs]);
      }
      for (const [c, parts] of l.cols) {
        if (c === noCol) continue;
        const list = cells.get(c);
        if (list) list.push(...parts);
        else cells.set(c, [...parts]);
      }
    }
    if (cells.size) rows.push({ cells, boxes, page, number });
  }
  return rows;
}


/** The roles a table's columns name besides its actors. */
function columnRoles(t: Table): Set<string> {
  return new Set(t.columns.filter((c) => c.role !== 'actor').map((c) => c.role));
}

/**
 * True when the header row at `i` opens another table: its columns name other roles than `t`'s (a
 * procedure in parts, each table with columns of its own: `Mutu Baku/Output` under part A,
 * `Dokumen Pendukung` under B, `Pihak Terlibat` under C, `Tanggung Jawab` under D, wild 021). A
 * header naming the same roles is `t`'s own, repeated on a new page, and the table goes on.
 */
function opensOtherTable(t: Table, rows: StreamRow[], i: number): boolean {
  if (!isHeaderRow(rows[i]!)) return false;
  const b = headerBlock(rows, i);
  const mine = columnRoles(t);
  const theirs = columnRoles(positionedColumns(rows.slice(b.start, b.end)));
  return mine.size !== theirs.size || [...mine].some((r) => !theirs.has(r));
}

/**
 * A lettered section heading in capitals (`C. MANAJEMEN LOGISTIK (INVENTARISASI ALAT DAN BAHAN)`,
 * `II. PROSEDUR`) starting left of the activity column: the procedure's next part, no step's text
 * (a part's table of an ISO-style SOP, wild 021). Digits are left out: a step may be numbered `1.`
 * and written in capitals.
 */
function isSectionHeading(t: Table, row: StreamRow): boolean {
  const first = row.cells[0];
  const activity = byRole(t, 'activity') ?? byRole(t, 'description');
  if (!first || !activity || first.x >= activity.x0) return false;
  const text = textOf(row).trim();
  return SECTION_HEADING.test(text) && text === text.toUpperCase();
}

/** A lettered or roman-numbered heading: the marker, then two words or more. */
const SECTION_HEADING = /^(?:[A-H]|[IVX]{1,4})[.)]\s+\p{Lu}[\p{Lu}\p{P}]*(?:\s+\S+)+$/u;

/** Reads the positioned lines of a table after its header block `[start, end)`, up to `until`. */
function readPositioned(rows: StreamRow[], block: HeaderBlock, until: number): TableReading {
  const table = positionedColumns(rows.slice(block.start, block.end));
  const at = block.at;
  const steps: RawStep[] = [];
  let i = block.end;
  let end = block.end;
  let stop = block.end;
  // asked of each row twice (the body's extent, then the loop that reads it): answered once
  const ended: boolean[] = [];
  const ends = (k: number): boolean => (ended[k] ??= endsTable(rows[k]!) || isSectionHeading(table, rows[k]!) || opensOtherTable(table, rows, k));
  while (stop < until && !ends(stop)) stop++;
  const body = rows.slice(block.end, stop).filter((r) => !isHeaderRow(r));
  // a text page is printed at its own character positions: only the header's page tells its
  // columns' data (the first page of the body when the header ends its page)
  const learnPage = body.some((r) => r.page === rows[at]!.page) ? rows[at]!.page : body[0]?.page;
  learnExtents(table, body.filter((r) => r.unit !== 'char' || r.page === learnPage));
  const pageRows = new Map<number, StreamRow[]>();
  for (const r of body) {
    const list = pageRows.get(r.page);
    if (list) list.push(r);
    else pageRows.set(r.page, [r]);
  }
  const byPage = new Map<number, PageColumn | undefined>();
  const pageColumn = (r: StreamRow): PageColumn | undefined => {
    if (r.unit !== 'char' || r.page === learnPage) return undefined;
    if (!byPage.has(r.page)) byPage.set(r.page, pageColumns(table, pageRows.get(r.page) ?? []));
    return byPage.get(r.page);
  };
  const lines: Array<Line | null> = [];
  let blankRun = 0;
  for (; i < until; i++) {
    const r = rows[i]!;
    if (isBlank(r)) {
      blankRun++;
      if (blankRun > 5 && lines.some((l) => l && l.number !== null)) break;
      lines.push(null);
      continue;
    }
    blankRun = 0;
    if (ends(i)) break;
    if (isHeaderRow(r)) {
      const b = headerBlock(rows, i);
      i = b.end - 1;
      continue;
    }
    // the blank lines of a page break (margins, a running header taken out) weigh as one blank
    // line: a row often starts the page, but a cell going on over the page starts it too (in
    // lower case: wild 021, step C1), and the margins' lines would outweigh that
    const last = lines.findLast((l): l is Line => l !== null);
    if (last && last.row.page !== r.page && lines[lines.length - 1] === null) {
      while (lines.length && lines[lines.length - 1] === null) lines.pop();
      lines.push(null);
    }
    lines.push(assignLine(table, r, pageColumn(r)));
    end = i + 1;
  }
  while (lines.length && lines[lines.length - 1] === null) lines.pop();
  for (const g of groupLines(table, lines)) {
    const step = stepFromGrid(table, g, false);
    if (step) steps.push(step);
  }
  return { ...headerOf(table), steps, end: Math.max(end, block.end) };
}

export const positionedStrategy: TableStrategy = {
  name: 'positioned',
  applies: (header) => !header.every((r) => r.gridded || isBlank(r)),
  read: readPositioned,
};
