/**
 * The grid strategy: a procedure table whose cells carry their grid column (tables rebuilt from the
 * ruling lines of a PDF or a scan, DOCX and HTML tables, tab-separated text, spreadsheets). Rows may
 * be shifted by a cell against the header (seed 002) or the header may hold a spurious empty column
 * (seed 000): the Waktu cell is found by its content and Output is read next to it. A header repeated
 * on a later page is skipped; a decision symbol's branches (PDF connectors) become step numbers.
 */
import type { ShapeKind } from '../../read/geometry.js';
import { isBlank, originOf, type StreamRow } from '../stream.js';
import type { Origin, RawStep, StepPart } from '../types.js';
import { stepFromGrid } from './cells.js';
import { byRole, gridColumns } from './columns.js';
import { firstStepNumber, headerBlock, isColumnNumbering, isHeaderRow } from './header.js';
import { endsTable, headerOf, repairNumbering, resolveBranches, type Anchor, type HeaderBlock, type TableReading } from './table.js';
import type { TableStrategy } from './strategy.js';

/** Reads the rows of a gridded table after its header block `[start, end)`, up to `until`. */
function readGrid(rows: StreamRow[], block: HeaderBlock, until: number): TableReading {
  let table = gridColumns(rows.slice(block.start, block.end));
  // repeated headers name the same actors: the first header's labels are the table's
  const { actors, roles } = headerOf(table);
  const steps: RawStep[] = [];
  let i = block.end;
  let end = block.end;
  const ocrSteps = new Set<RawStep>();
  // where each step's rows sit, and the branches its decision symbol draws (gridded tables from PDFs)
  const anchors: Anchor[] = [];
  const branches = new Map<RawStep, Array<{ answer: 'yes' | 'no'; page: number; y: number }>>();
  let blankRun = 0;
  for (; i < until; i++) {
    const r = rows[i]!;
    if (isBlank(r)) {
      blankRun++;
      if (blankRun > 6) break;
      continue;
    }
    if (isHeaderRow(r)) {
      anchors.push({ step: null, page: r.page, y: r.y });
      const b = headerBlock(rows, i);
      table = { ...gridColumns(rows.slice(b.start, b.end)) };
      // keep the first header's actor labels: repeated headers name the same actors
      i = b.end - 1;
      continue;
    }
    if (endsTable(r)) {
      anchors.push({ step: null, page: r.page, y: r.y });
      break;
    }
    // the columns' numbering repeated at the top of a page the table goes on to, without its header
    if (isColumnNumbering(r)) continue;
    const first = r.cells[0]!;
    const number = firstStepNumber(r);
    const activityCol = byRole(table, 'activity')?.col ?? 1;
    if (number === null && r.cells.length === 1 && (first.col ?? 0) < activityCol) {
      anchors.push({ step: null, page: r.page, y: r.y });
      break;
    }
    // the activity's text runs up to the Deskripsi column where there is one (Politeknik Negeri Lampung)
    const textCol = Math.max(activityCol, byRole(table, 'description')?.col ?? -1);
    if (number === null && r.cells.every((c) => (c.col ?? 0) <= textCol) && steps.length > 0 && !/^\d/.test(first.text)) {
      // a line that continues the previous step's activity (a row the page break cut)
      const prev = steps[steps.length - 1]!;
      prev.activity = `${prev.activity} ${r.cells.map((c) => c.text).join(' ')}`.replace(/\s+/g, ' ').trim();
      anchors.push({ step: prev, page: r.page, y: r.y });
      end = i + 1;
      continue;
    }
    const cells = new Map<number, string[]>();
    const shapes = new Map<number, ShapeKind[]>();
    const boxes = new Map<number, Origin[]>();
    for (const c of r.cells) {
      if (c.shape) shapes.set(c.col!, [...(shapes.get(c.col!) ?? []), c.shape]);
      else cells.set(c.col!, [...(cells.get(c.col!) ?? []), c.text]);
      const o = originOf(r, c);
      if (o) boxes.set(c.col!, [...(boxes.get(c.col!) ?? []), o]);
    }
    const step = stepFromGrid(table, { cells, shapes, boxes, page: r.page }, true);
    const last = steps[steps.length - 1];
    // the number's own column, where it has one (an activity cell may start with its number: wild 018)
    const noCol = byRole(table, 'no')?.col;
    const numberCell = noCol !== undefined && noCol !== activityCol && cells.has(noCol);
    if (step && last && !numberCell && continuesOverPage(last, step)) {
      joinContinuation(last, step);
      anchors.push({ step: last, page: r.page, y: r.y });
      blankRun = 0;
      end = i + 1;
      continue;
    }
    // an OCRed row whose number was not read continues the numbering (the step numbers are sequential)
    if (step && step.number === null && step.activity && r.cells.some((c) => c.conf !== undefined)) {
      const prev = [...steps].reverse().find((x) => x.number !== null);
      step.number = prev ? prev.number! + 1 : 1;
      step.numberInferred = true;
    }
    if (step) {
      if (r.cells.some((c) => c.conf !== undefined)) ocrSteps.add(step);
      steps.push(step);
      anchors.push({ step, page: r.page, y: r.y });
      const drawn = r.cells.flatMap((c) => (c.shape === 'decision' && c.branches ? c.branches : []));
      if (drawn.length) branches.set(step, drawn.map((b) => ({ ...b, page: r.page })));
    } else anchors.push({ step: null, page: r.page, y: r.y });
    blankRun = 0;
    end = i + 1;
  }
  repairNumbering(steps.filter((s) => ocrSteps.has(s)));
  resolveBranches(branches, anchors);
  return { actors, roles, durationHeader: table.durationHeader, steps, end: Math.max(end, block.end) };
}

/**
 * True when `next`, an unnumbered row, is the rest of `prev` cut by the page break: the first row of
 * a later page (under the header repeated there or none), its activity going on in lower case (Word
 * splits a row over pages and draws the header again: Diskominfo Kaltim, wild 018). The caller
 * checks that the row's No cell is empty (a number OCR garbled, `cp` for `3.`, starts a step: wild 006).
 */
function continuesOverPage(prev: RawStep, next: RawStep): boolean {
  return next.number === null && next.page > prev.page && /^\p{Ll}/u.test(next.activity);
}

/** Appends the cells of a row's rest on the next page to the step (text joined with a space, marks and symbols kept where the first part has none). */
function joinContinuation(step: RawStep, rest: RawStep): void {
  const join = (a: string | null, b: string | null): string | null => (a && b ? `${a} ${b}` : (a ?? b));
  step.activity = join(step.activity, rest.activity) ?? '';
  step.requirements = join(step.requirements, rest.requirements);
  step.duration = join(step.duration, rest.duration);
  step.output = join(step.output, rest.output);
  step.notes = join(step.notes, rest.notes);
  step.marks = step.marks.map((m, k) => m ?? rest.marks[k] ?? null);
  step.shapes = step.shapes.map((m, k) => m ?? rest.shapes[k] ?? null);
  if (rest.named) step.named = [...new Set([...(step.named ?? []), ...rest.named])];
  if (rest.origins) {
    const origins = { ...step.origins };
    for (const [part, list] of Object.entries(rest.origins) as Array<[StepPart, Origin[]]>) origins[part] = [...(origins[part] ?? []), ...list];
    step.origins = origins;
  }
  if (rest.ocrConfidence !== undefined) step.ocrConfidence = Math.min(step.ocrConfidence ?? 100, rest.ocrConfidence);
}

export const gridStrategy: TableStrategy = {
  name: 'grid',
  applies: (header) => header.every((r) => r.gridded || isBlank(r)),
  read: readGrid,
};
