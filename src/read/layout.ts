/**
 * The layout model: what every reader (text, HTML, PDF, OCR, DOCX) produces and what the
 * segmenter reads. A document is pages → rows → cells.
 *
 * - A *row* is one visual line (text, PDF, OCR) or one table row (tab-separated text, HTML, DOCX).
 *   Rows keep their order; a blank line is a row with no cells, because gaps between lines carry
 *   the table's row boundaries in `pdftotext -layout` dumps.
 * - A *cell* is a run of text with its horizontal position. `x`/`width` are in the page's `unit`:
 *   character columns for text, points for PDF, pixels for images. When the source delimits cells
 *   itself (a tab, an HTML `<td>`), `col` holds the cell's grid column and the segmenter uses it
 *   instead of positions.
 * - Text inside a cell keeps its line breaks (`\n`): list items from `<li>`, multi-line table cells.
 */

/** The formats of SOP-RECORD.md `source.format`. */
export type SourceFormat = 'text' | 'markdown' | 'html' | 'pdf' | 'docx' | 'image' | 'spreadsheet';

/** Where the text came from (SOP-RECORD.md `source.textLayer`). */
export type TextLayer = 'native' | 'ocr' | 'mixed';

/** Unit of `x`, `width` and `y`. */
export type LayoutUnit = 'char' | 'pt' | 'px';

export interface LayoutCell {
  /** The cell's text, trimmed; inner line breaks kept as `\n`. Never empty. */
  text: string;
  /** Left edge, in the page unit. */
  x: number;
  /** Width, in the page unit. */
  width: number;
  /** Grid column when the source delimits cells (tab index, HTML column after colspans). */
  col?: number;
  /** Number of grid columns the cell spans (HTML/DOCX colspan); 1 when absent. */
  span?: number;
  /** Bold or heading text in the source (`**…**`, `<b>`, `#`). */
  emphasis?: boolean;
  /** A flowchart symbol drawn here (vector path or ink in a scan); `text` then holds its glyph. */
  shape?: 'terminator' | 'process' | 'decision';
  /**
   * For a decision symbol: where its Ya / Tidak connectors lead, as the vertical position (page
   * unit, same page) of the symbol each points into; the segmenter finds the step in that row.
   */
  branches?: Array<{ answer: 'yes' | 'no'; y: number }>;
  /** Lowest OCR confidence (0–100) of the words in the cell; undefined for a text layer. */
  conf?: number;
  /**
   * Top and height of the cell on its page, in the page unit, where the reader knows them (PDF, OCR):
   * a table cell spanning several rows is taller than its row. Absent: the row's `y` and `height`.
   */
  y?: number;
  height?: number;
}

export interface LayoutRow {
  /** Vertical position of the row's top, in the page unit (line index for text). */
  y: number;
  /** The row's height in the page unit, where the reader knows it (PDF, OCR). */
  height?: number;
  /** Cells left to right; empty for a blank line. */
  cells: LayoutCell[];
}

export interface LayoutPage {
  /** 1-based page number. */
  number: number;
  unit: LayoutUnit;
  /** Page width in `unit` (longest line for text). */
  width: number;
  /** Page height in `unit`, where the page has one (PDF, image). */
  height?: number;
  rows: LayoutRow[];
  /**
   * Another reading of the page as positioned lines, where `rows` may be unsure: a scan's page
   * without its table grid (faint or broken row rules), a born-digital page's text outside its ruled
   * tables cut at every word gap (a table without rules beside ruled ones: its columns run together
   * at `rows`' wide gaps). The segmenter reads both and keeps the more plausible reading.
   */
  positioned?: LayoutRow[];
}

/** A problem a reader met that did not stop it (SOP-RECORD.md `diagnostics`). */
export interface Diagnostic {
  level: 'warning' | 'error';
  code: string;
  message: string;
}

export interface OcrInfo {
  engine: string;
  languages: string[];
  meanConfidence: number;
}

export interface LayoutDocument {
  format: SourceFormat;
  textLayer: TextLayer;
  pages: LayoutPage[];
  ocr: OcrInfo | null;
  diagnostics: Diagnostic[];
}

/** Joins the text of a row's cells with single spaces (reading order), for keyword tests. */
export function rowText(row: LayoutRow): string {
  return row.cells.map((c) => c.text).join(' ');
}
