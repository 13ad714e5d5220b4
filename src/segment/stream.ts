/**
 * The row stream the segmenter walks: every page's rows in reading order, with boilerplate that is
 * not part of any SOP removed (electronic-signature footers of BSrE-signed PDFs, page counters).
 */
import type { LayoutCell, LayoutDocument, LayoutUnit } from '../read/layout.js';
import type { Origin } from './types.js';
import { BOILERPLATE } from '../vocabulary/index.js';

export interface StreamRow {
  /** Position in the stream (0-based). */
  index: number;
  /** 1-based page number. */
  page: number;
  /** Row position on its page, in the page unit. */
  y: number;
  unit: LayoutUnit;
  /** Whether the source delimits cells itself (tabs, HTML/DOCX tables): then `cells[].col` is set. */
  gridded: boolean;
  cells: LayoutCell[];
  /** The row's height in the page unit, where the reader knows it. */
  height?: number;
}

/** Lines printed by signing or publishing tools rather than written in the SOP (vocabulary: BOILERPLATE). */
export function isBoilerplate(text: string): boolean {
  return BOILERPLATE.some((re) => re.test(text));
}

/** Flattens a document into one stream of rows, boilerplate lines dropped. */
export function toStream(doc: LayoutDocument): StreamRow[] {
  const rows: StreamRow[] = [];
  for (const page of doc.pages) {
    for (const row of page.rows) {
      const cells = row.cells.filter((c) => !isBoilerplate(c.text));
      if (row.cells.length > 0 && cells.length === 0) continue;
      const gridded = cells.length > 0 && cells.every((c) => c.col !== undefined);
      rows.push({ index: rows.length, page: page.number, y: row.y, unit: page.unit, gridded, cells, ...(row.height !== undefined ? { height: row.height } : {}) });
    }
  }
  return rows;
}

/** The row's cell texts joined by spaces. */
export function textOf(row: StreamRow): string {
  return row.cells.map((c) => c.text).join(' ');
}

/** True for a row with no text. */
export function isBlank(row: StreamRow): boolean {
  return row.cells.length === 0;
}

/** A step number as written in the No column: `1`, `1.`, `12)`. */
export function stepNumberOf(text: string): number | null {
  const m = /^\s*(\d{1,3})\s*[.)]?\s*$/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Smallest of a list of any length (spreading a page's cells into Math.min can overflow the stack); Infinity when empty. */
export function least(xs: readonly number[]): number {
  return xs.reduce((a, b) => (b < a ? b : a), Infinity);
}

/** Largest of a list of any length; -Infinity when empty. */
export function most(xs: readonly number[]): number {
  return xs.reduce((a, b) => (b > a ? b : a), -Infinity);
}

/**
 * The box of a cell on its page (the cell's own top and height where the reader gave them, else its
 * row's), or null on a page without positions (text, HTML, DOCX: unit `char`).
 */
export function originOf(row: StreamRow, c: LayoutCell): Origin | null {
  if (row.unit === 'char') return null;
  const y0 = c.y ?? row.y;
  return { page: row.page, x0: c.x, y0, x1: c.x + c.width, y1: y0 + (c.height ?? row.height ?? 0) };
}
