/**
 * Segmentation: the layout model → the parts of each SOP as written (identity values, list
 * sections, procedure table, worksheet, free lines). Written once for every reader.
 *
 * A file may hold several SOPs: a new one starts where an identity table begins (`Nomor SOP` or
 * `Nama SOP`) after the current SOP already has both its identity and its procedure table. An SOP
 * may put its identity table after the procedure table (seed 003) or have none (seed 002).
 */
import type { LayoutDocument } from '../read/layout.js';
import { readIdentity, emptySop } from './identity.js';
import { labelOf, findLabels } from './labels.js';
import { isHeaderRow, readProcedures } from './procedure/index.js';
import { toStream, type StreamRow } from './stream.js';
import { withoutRunningLines } from './running.js';
import { fillFromFreeLines } from './fallbacks.js';
import type { FreeLine, RawSop } from './types.js';
import { isWorksheetHeading, readWorksheet } from './worksheet.js';

export type { RawSop, RawStep, RawProcedure, SectionPiece, FreeLine } from './types.js';

/** A row that starts an identity table: `Nomor SOP` / `Nama SOP` with a value (not a table header's `No.`). */
function opensIdentity(row: StreamRow): boolean {
  if (isHeaderRow(row)) return false;
  return row.cells.some((c, i) => {
    const whole = labelOf(c.text);
    if (whole === 'number' || whole === 'title') return i + 1 < row.cells.length;
    const f = findLabels(c.text)[0]?.field ?? null;
    return f === 'number' || f === 'title';
  });
}

/** Splits the stream into one slice per SOP: a new identity table after an identity table and then a procedure table. */
function splitSops(rows: StreamRow[]): Array<[number, number]> {
  const bounds: Array<[number, number]> = [];
  let start = 0;
  let sawIdentity = false;
  let sawTable = false;
  let inWorksheet = false;
  for (const row of rows) {
    if (isWorksheetHeading(row)) inWorksheet = true;
    if (inWorksheet) {
      // a worksheet closes its SOP; a new identity table after it starts the next one
      if (opensIdentity(row) && sawIdentity && sawTable && !/^\s*\d/.test(row.cells[0]?.text ?? '')) {
        bounds.push([start, row.index]);
        start = row.index;
        sawIdentity = false;
        sawTable = false;
        inWorksheet = false;
      }
      continue;
    }
    if (isHeaderRow(row)) sawTable = sawIdentity;
    if (opensIdentity(row)) {
      if (sawIdentity && sawTable) {
        bounds.push([start, row.index]);
        start = row.index;
        sawTable = false;
      }
      sawIdentity = true;
    }
  }
  bounds.push([start, rows.length]);
  return bounds;
}

/**
 * Segments a document into the SOPs it holds. Always returns at least one (possibly empty) SOP;
 * whether it is an SOP at all is decided by the record builder.
 */
export function segmentDocument(doc: LayoutDocument): RawSop[] {
  const rows = withoutRunningLines(toStream(doc));
  const sops: RawSop[] = [];
  for (const [from, to] of splitSops(rows)) {
    const sop = emptySop(sops.length);
    sop.pages = new Set(rows.slice(from, to).map((r) => r.page)).size || doc.pages.length;
    const tableRows = new Set<number>();
    let before: FreeLine | null = null;
    const choice = readProcedures(rows, from, to);
    if (choice) {
      for (const [a, b] of choice.spans) for (let i = a; i < b; i++) tableRows.add(i);
      sop.procedure = choice.procedure;
      sop.procedureStart = choice.start;
      sop.procedureScore = { strategy: choice.strategy, score: choice.plausibility.score, parts: choice.plausibility.parts, runnersUp: choice.runnersUp };
      sop.diagnostics.push(...choice.diagnostics);
      if (choice.before) before = { text: choice.before, index: choice.start, emphasis: false };
    }
    const ws = rows.slice(from, to).findIndex((r) => isWorksheetHeading(r));
    const worksheetFrom = ws >= 0 ? from + ws : to;
    if (ws >= 0) sop.worksheet = readWorksheet(rows.slice(worksheetFrom, to));
    const id = readIdentity(rows.slice(from, worksheetFrom), (i) => tableRows.has(i));
    sop.identity = id.identity;
    sop.sections = id.sections;
    sop.freeLines = id.freeLines;
    sop.origins = id.origins;
    // the text before a flattened table's header on its row (a title run on) is a line of its own
    if (before) sop.freeLines.push(before);
    fillFromFreeLines(sop);
    sops.push(sop);
  }
  return sops;
}

/** How good a segmentation is: its SOPs' procedure plausibility, and a little for each identity field found. */
function segmentationScore(sops: RawSop[]): number {
  return sops.reduce((sum, s) => sum + (s.procedureScore?.score ?? 0) + 0.01 * Object.keys(s.identity).length, 0);
}

/**
 * Segments a document, and, when some of its pages come as positioned lines too (a scan whose table
 * grid may be unsure, a born-digital page's free text cut at every word gap: read/tables.ts), the
 * document read with those lines instead, the scanned pages and the born-digital ones apart (a
 * PDF of both kinds: wild 013); returns the most plausible segmentation (the first reading on a
 * tie), with a diagnostic on each SOP naming the other readings' scores.
 */
export function segmentBest(doc: LayoutDocument): RawSop[] {
  const primary = segmentDocument(doc);
  const units = [...new Set(doc.pages.filter((p) => p.positioned).map((p) => p.unit))];
  if (!units.length) return primary;
  const readings = [{ label: 'table grid', sops: primary, score: segmentationScore(primary) }];
  for (const unit of units) {
    const sops = segmentDocument({ ...doc, pages: doc.pages.map((p) => (p.positioned && p.unit === unit ? { ...p, rows: p.positioned } : p)) });
    readings.push({ label: unit === 'px' ? 'positioned lines (scanned pages)' : 'positioned lines (free text cut at word gaps)', sops, score: segmentationScore(sops) });
  }
  const best = readings.reduce((a, b) => (b.score > a.score ? b : a));
  const others = readings.filter((r) => r !== best).map((r) => `${r.score.toFixed(2)} for the ${r.label}`).join(', ');
  const note = `the pages with tables were read by their ${best.label} (plausibility ${best.score.toFixed(2)} against ${others})`;
  for (const s of best.sops) s.diagnostics.push({ level: 'warning', code: 'layout-reading', message: note });
  return best.sops;
}
