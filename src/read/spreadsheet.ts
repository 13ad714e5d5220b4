/**
 * Spreadsheet SOPs: Excel workbooks, XLSX (Office Open XML) and XLS (Excel 97–2003, BIFF8 in a
 * compound file), read with SheetJS (`@e965/xlsx`, SheetJS Community Edition republished on npm).
 * Offices keep an SOP AP as a workbook of an identity sheet (kop, Nomor SOP, dates, Disahkan oleh,
 * the list sections) and a procedure sheet (No, Kegiatan, one column per Pelaksana, Mutu Baku,
 * Keterangan) whose flowchart is drawn as shapes over the actor columns.
 *
 * The layout (layout.ts) is gridded like the DOCX and HTML readers': each visible sheet is a page,
 * each visible spreadsheet row a layout row (`y` its index on the page), each non-empty cell a cell
 * whose `col` is its column among the visible ones and whose `span` is the visible width of its
 * merged range; a range merged over several rows gives its text to its first row. Hidden sheets,
 * rows and columns are skipped. Cell text is the cell's formatted text (numbers and dates as the
 * sheet shows them), its lines kept. A flowchart symbol (sheet-drawing.ts for XLSX, xls-drawing.ts
 * for XLS) becomes a `shape` cell, holding its glyph, in the cell under its centre; a symbol over a
 * row that holds no text of its own, inside a range merged over rows, goes to that range's first
 * row (the step's row). Runs of empty rows are kept up to 10 rows (the segmenter reads a run of 7
 * as a table's end); longer runs are cut to 10.
 *
 * Errors (SopError): `invalid-spreadsheet` for a workbook that cannot be read, `encrypted` for a
 * password-protected one, `unsupported` for a compound file that is not a workbook (a Word 97 .doc),
 * `too-large` for a zip that would inflate past `maxInflated` bytes (checked from its directory,
 * before anything is inflated; an entry that inflates past the size its directory declares is a
 * broken zip, caught at that size) or a workbook of more than `maxCells` cells.
 */
import { createRequire } from 'node:module';
import type * as Sheets from '@e965/xlsx';
import { SopError } from '../errors.js';
import { SYMBOL_GLYPH } from '../vocabulary/index.js';
import type { ShapeKind } from './geometry.js';
import { tidyLines } from './html.js';
import type { Diagnostic, LayoutCell, LayoutDocument, LayoutPage, LayoutRow } from './layout.js';
import { centreOf, child, children, parseXml, SheetGeometry, xlsxDrawingSymbols, type DrawnSymbol } from './sheet-drawing.js';
import { xlsSheetDrawings, xlsSymbols } from './xls-drawing.js';
import { checkInflatedSizes, zipEntries } from './zip.js';

// SheetJS is loaded by the first workbook: most batches hold none
const require = createRequire(import.meta.url);

/** Most bytes an XLSX may inflate to (as for DOCX). */
export const MAX_SPREADSHEET_INFLATED = 200 * 1024 * 1024;
/** Most non-empty cells read from a workbook (an SOP has a few hundred). */
export const MAX_SPREADSHEET_CELLS = 500_000;
/** Rows read from a sheet (an SOP's sheets have under a hundred); more are cut with a warning. */
export const MAX_SHEET_ROWS = 10_000;
/** Columns of a worksheet (Excel 2007 and later). */
const MAX_COLS = 16_384;
/** Longest run of empty rows kept. */
const MAX_BLANK_RUN = 10;

/** Points per character of column width (Excel's default font: 7 px per character at 96 dpi). */
const PT_PER_CHAR = 7 * 0.75;
const DEFAULT_COL_WIDTH_PT = 8.43 * PT_PER_CHAR;
const DEFAULT_ROW_HEIGHT_PT = 15;

/** The parts of SheetJS's bundled CFB reader used here (typed `any` by SheetJS). */
interface CfbEntry {
  name: string;
  content: Uint8Array | number[];
}
interface Cfb {
  read(data: Uint8Array, options: { type: 'buffer' }): { FullPaths: string[]; FileIndex: CfbEntry[] };
  find(container: unknown, path: string): CfbEntry | null;
}

type SheetJs = typeof Sheets;

export interface SpreadsheetLimits {
  /** Default MAX_SPREADSHEET_INFLATED. */
  maxInflated?: number;
  /** Default MAX_SPREADSHEET_CELLS. */
  maxCells?: number;
  /** Workbooks with more visible worksheets are refused (SopError `too-many-pages`); default 100. */
  maxPages?: number;
}

/** True when a zip's entry names are those of an Excel workbook (XLSX, XLSM). */
export function isWorkbookZip(names: string[]): boolean {
  return names.includes('xl/workbook.xml');
}

/** The compound-file streams that say what a file is, by their names (last path segment). */
function compoundKind(paths: string[]): 'workbook' | 'encrypted' | 'word' | 'other' {
  const names = new Set(paths.map((p) => p.replace(/\/$/, '').split('/').pop()!));
  if (names.has('EncryptedPackage')) return 'encrypted';
  if (names.has('Workbook') || names.has('Book')) return 'workbook';
  if (names.has('WordDocument')) return 'word';
  return 'other';
}

function bytesOf(content: Uint8Array | number[]): Uint8Array {
  return content instanceof Uint8Array ? content : Uint8Array.from(content);
}

/**
 * Reads an XLSX (a zip holding `xl/workbook.xml`) or an XLS (a compound file with a `Workbook`
 * stream) into the layout model. Errors as the module docstring says.
 */
export async function readSpreadsheet(input: Uint8Array, limits: SpreadsheetLimits = {}): Promise<LayoutDocument> {
  // SheetJS takes a Buffer (bytes posted to a worker thread arrive as a plain Uint8Array)
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const maxInflated = limits.maxInflated ?? MAX_SPREADSHEET_INFLATED;
  const maxCells = limits.maxCells ?? MAX_SPREADSHEET_CELLS;
  const maxPages = limits.maxPages ?? 100;
  const XLSX = require('@e965/xlsx') as SheetJs;
  const cfb = XLSX.CFB as Cfb;
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip) {
    let entries;
    try {
      entries = zipEntries(bytes);
    } catch (e) {
      throw new SopError('invalid-spreadsheet', `the XLSX is not a valid zip archive: ${(e as Error).message}`);
    }
    if (!isWorkbookZip(entries.map((e) => e.name))) throw new SopError('invalid-spreadsheet', 'the zip holds no xl/workbook.xml: not an Excel workbook');
    const inflated = entries.reduce((n, e) => n + e.size, 0);
    if (inflated > maxInflated) throw new SopError('too-large', `the XLSX would inflate to ${inflated} bytes, over the limit of ${maxInflated}`);
    try {
      checkInflatedSizes(bytes, entries);
    } catch (e) {
      throw new SopError('invalid-spreadsheet', `the XLSX is a broken zip archive: ${(e as Error).message}`);
    }
  } else {
    let kind;
    try {
      kind = compoundKind(cfb.read(bytes, { type: 'buffer' }).FullPaths);
    } catch (e) {
      throw new SopError('invalid-spreadsheet', `the XLS is not a valid compound file: ${(e as Error).message}`);
    }
    if (kind === 'encrypted') throw new SopError('encrypted', 'the workbook is password-protected (encrypted)');
    if (kind === 'word') throw new SopError('unsupported', 'a Word 97–2003 document (.doc) is not supported: save it as DOCX');
    if (kind === 'other') throw new SopError('unsupported', 'a compound file that holds no Excel workbook (no Workbook stream)');
  }
  let wb: Sheets.WorkBook & { files?: Record<string, { content: Uint8Array }>; cfb?: unknown };
  try {
    wb = XLSX.read(bytes, { type: 'buffer', dense: true, cellStyles: true, cellHTML: false, cellFormula: false, bookVBA: false, bookFiles: true, WTF: false, sheetRows: MAX_SHEET_ROWS });
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    if (/password|encrypt/i.test(message)) throw new SopError('encrypted', `the workbook is password-protected: ${message}`);
    throw new SopError('invalid-spreadsheet', `the workbook cannot be read: ${message}`);
  }
  if (!wb.SheetNames?.length) throw new SopError('invalid-spreadsheet', 'the workbook holds no sheet');
  const diagnostics: Diagnostic[] = [];
  let drawings: (name: string, g: SheetGeometry) => DrawnSymbol[];
  try {
    drawings = isZip ? xlsxDrawings(wb.files ?? {}) : xlsDrawings(cfb, wb.cfb);
  } catch (e) {
    diagnostics.push({ level: 'warning', code: 'spreadsheet-drawings', message: `the workbook's drawings could not be read: ${(e as Error).message}` });
    drawings = () => [];
  }
  const pages: LayoutPage[] = [];
  let cells = 0;
  for (const [index, name] of wb.SheetNames.entries()) {
    if (wb.Workbook?.Sheets?.[index]?.Hidden) continue;
    const ws = wb.Sheets[name];
    if (!ws || !Array.isArray(ws['!data'])) continue; // a chart sheet
    const grid = sheetGrid(ws, XLSX);
    const full = ws['!fullref'] ? XLSX.utils.decode_range(ws['!fullref']).e.r + 1 : 0;
    if (full > MAX_SHEET_ROWS) diagnostics.push({ level: 'warning', code: 'sheet-truncated', message: `sheet "${name}": ${full} rows, only the first ${MAX_SHEET_ROWS} read` });
    cells += grid.cells;
    if (cells > maxCells) throw new SopError('too-large', `the workbook has over ${maxCells} non-empty cells`);
    let symbols: DrawnSymbol[] = [];
    try {
      symbols = drawings(name, grid.geometry);
    } catch (e) {
      diagnostics.push({ level: 'warning', code: 'spreadsheet-drawings', message: `sheet "${name}": its drawing could not be read: ${(e as Error).message}` });
    }
    pages.push(layoutSheet(grid, symbols, pages.length + 1));
  }
  if (!pages.length) throw new SopError('empty', 'the workbook has no visible worksheet');
  if (pages.length > maxPages) throw new SopError('too-many-pages', `the workbook has ${pages.length} worksheets, over the limit of ${maxPages} (--max-pages)`);
  return { format: 'spreadsheet', textLayer: 'native', ocr: null, diagnostics, pages };
}

interface Merge {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** One worksheet's non-empty cells and what places them: visible rows and columns, merges, geometry. */
interface SheetGrid {
  /** Text by sheet row, then sheet column (top-left cells of merges only). */
  text: Map<number, Map<number, string>>;
  merges: Merge[];
  hiddenRows: Set<number>;
  hiddenCols: Set<number>;
  geometry: SheetGeometry;
  cells: number;
}

function sheetGrid(ws: Sheets.WorkSheet, XLSX: SheetJs): SheetGrid {
  const cols = ws['!cols'] ?? [];
  const rows = ws['!rows'] ?? [];
  const hiddenCols = new Set<number>();
  cols.forEach((c, i) => c?.hidden && hiddenCols.add(i));
  const hiddenRows = new Set<number>();
  rows.forEach((r, i) => r?.hidden && hiddenRows.add(i));
  const merges: Merge[] = (ws['!merges'] ?? []).map((m) => ({ r0: m.s.r, c0: m.s.c, r1: m.e.r, c1: m.e.c }));
  const covered = new Set<string>();
  for (const m of merges) {
    // cells under a merge other than its top-left show nothing (bounded: merges of an SOP are small)
    if ((m.r1 - m.r0 + 1) * (m.c1 - m.c0 + 1) > 100_000) continue;
    for (let r = m.r0; r <= m.r1; r++) for (let c = m.c0; c <= m.c1; c++) if (r !== m.r0 || c !== m.c0) covered.add(`${r},${c}`);
  }
  const text = new Map<number, Map<number, string>>();
  let count = 0;
  (ws['!data'] ?? []).forEach((row, r) => {
    if (!row || hiddenRows.has(r)) return;
    row.forEach((cell, c) => {
      if (!cell || hiddenCols.has(c) || covered.has(`${r},${c}`)) return;
      const t = tidyLines(XLSX.utils.format_cell(cell).replace(/\r\n?/g, '\n'));
      if (!t) return;
      let line = text.get(r);
      if (!line) text.set(r, (line = new Map()));
      line.set(c, t);
      count++;
    });
  });
  const geometry = new SheetGeometry(
    (c) => (hiddenCols.has(c) ? 0 : cols[c]?.width !== undefined ? cols[c]!.width! * PT_PER_CHAR : cols[c]?.wpx !== undefined ? cols[c]!.wpx! * 0.75 : DEFAULT_COL_WIDTH_PT),
    (r) => (hiddenRows.has(r) ? 0 : rows[r]?.hpt ?? DEFAULT_ROW_HEIGHT_PT),
  );
  return { text, merges, hiddenRows, hiddenCols, geometry, cells: count };
}

/**
 * The layout page of one sheet: rows from its first row with text or a symbol to its last, cells
 * with visible-column indexes and spans, symbols as `shape` cells.
 */
function layoutSheet(grid: SheetGrid, symbols: DrawnSymbol[], number: number): LayoutPage {
  // symbols by the cell under their centre, moved to the top-left of a merge they fall in
  const placed = new Map<number, Array<{ col: number; kind: ShapeKind }>>();
  for (const s of symbols) {
    const centre = centreOf(s.box);
    let { row, col } = grid.geometry.cellAt(centre.x, centre.y);
    if (grid.hiddenRows.has(row) || grid.hiddenCols.has(col)) continue;
    const inside = grid.merges.find((m) => m.r0 <= row && row <= m.r1 && m.c0 <= col && col <= m.c1);
    if (inside) ({ r0: row, c0: col } = inside);
    if (!grid.text.has(row)) {
      // a row without text of its own, inside a range merged over rows: the range's first row
      const band = grid.merges.filter((m) => m.r0 < row && row <= m.r1 && grid.text.get(m.r0)?.has(m.c0)).sort((a, b) => a.r1 - a.r0 - (b.r1 - b.r0))[0];
      if (band) row = band.r0;
    }
    const list = placed.get(row) ?? [];
    list.push({ col, kind: s.kind });
    placed.set(row, list);
  }
  let first = Infinity;
  let last = -1;
  let maxCol = -1;
  for (const [r, line] of grid.text) {
    first = Math.min(first, r);
    last = Math.max(last, r);
    for (const c of line.keys()) maxCol = Math.max(maxCol, c);
  }
  for (const [r, list] of placed) {
    first = Math.min(first, r);
    last = Math.max(last, r);
    for (const p of list) maxCol = Math.max(maxCol, p.col);
  }
  // visible column index of each sheet column (and one past the last)
  const visible = new Int32Array(MAX_COLS + 1);
  for (let c = 0, k = 0; c <= MAX_COLS; c++) {
    visible[c] = k;
    if (!grid.hiddenCols.has(c)) k++;
  }
  const visibleCol = (c: number): number => visible[Math.max(0, Math.min(c, MAX_COLS))]!;
  const mergeAt = new Map(grid.merges.map((m) => [`${m.r0},${m.c0}`, m]));
  const rows: LayoutRow[] = [];
  let blank = 0;
  for (let r = first; r <= last; r++) {
    if (grid.hiddenRows.has(r)) continue;
    const cells: LayoutCell[] = [];
    for (const [c, t] of grid.text.get(r) ?? []) {
      const m = mergeAt.get(`${r},${c}`);
      const col = visibleCol(c);
      const span = m ? Math.max(1, visibleCol(m.c1 + 1) - col) : 1;
      cells.push({ text: t, x: col, width: span, col, span });
    }
    for (const p of placed.get(r) ?? []) {
      const col = visibleCol(p.col);
      cells.push({ text: SYMBOL_GLYPH[p.kind], x: col, width: 1, col, span: 1, shape: p.kind });
    }
    if (!cells.length) {
      if (++blank > MAX_BLANK_RUN) continue;
    } else blank = 0;
    cells.sort((a, b) => a.x - b.x || Number(!!a.shape) - Number(!!b.shape));
    rows.push({ y: rows.length, cells });
  }
  return { number, unit: 'char', width: Math.max(1, visibleCol(maxCol + 1)), rows };
}

/** Resolves a relationship target against the folder of the part that names it. */
function resolvePart(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const SHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const DOC_REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The relationships of a part: id → [type, resolved target]. */
function relationships(files: Record<string, { content: Uint8Array }>, part: string): Map<string, { type: string; target: string }> {
  const relsPath = part.replace(/([^/]*)$/, '_rels/$1.rels');
  const out = new Map<string, { type: string; target: string }>();
  const file = files[relsPath];
  if (!file) return out;
  for (const rel of children(parseXml(Buffer.from(file.content).toString('utf8')))) {
    if (rel.namespaceURI !== REL_NS || rel.localName !== 'Relationship' || rel.getAttribute('TargetMode') === 'External') continue;
    out.set(rel.getAttribute('Id') ?? '', { type: rel.getAttribute('Type') ?? '', target: resolvePart(part, rel.getAttribute('Target') ?? '') });
  }
  return out;
}

/** The drawing symbols of each sheet of an XLSX, by sheet name: workbook → sheet → drawing part. */
function xlsxDrawings(files: Record<string, { content: Uint8Array }>): (name: string, g: SheetGeometry) => DrawnSymbol[] {
  const book = 'xl/workbook.xml';
  const bookRels = relationships(files, book);
  const partOf = new Map<string, string>();
  const workbook = files[book];
  const sheetsEl = workbook ? child(parseXml(Buffer.from(workbook.content).toString('utf8')), SHEET_NS, 'sheets') : null;
  for (const s of sheetsEl ? children(sheetsEl) : []) {
    const rel = bookRels.get(s.getAttributeNS(DOC_REL_NS, 'id') ?? '');
    if (rel) partOf.set(s.getAttribute('name') ?? '', rel.target);
  }
  return (name, g) => {
    const sheet = partOf.get(name);
    if (!sheet) return [];
    const out: DrawnSymbol[] = [];
    for (const rel of relationships(files, sheet).values()) {
      if (!rel.type.endsWith('/drawing')) continue;
      const part = files[rel.target];
      if (part) out.push(...xlsxDrawingSymbols(Buffer.from(part.content).toString('utf8'), g));
    }
    return out;
  };
}

/** The drawing symbols of each sheet of an XLS, by sheet name, from its Workbook (or Book) stream. */
function xlsDrawings(cfb: Cfb, container: unknown): (name: string, g: SheetGeometry) => DrawnSymbol[] {
  const stream = container ? cfb.find(container, 'Workbook') ?? cfb.find(container, 'Book') : null;
  const bySheet = stream ? xlsSheetDrawings(bytesOf(stream.content)) : new Map<string, Uint8Array>();
  return (name, g) => {
    const drawing = bySheet.get(name);
    return drawing ? xlsSymbols(drawing, g) : [];
  };
}
