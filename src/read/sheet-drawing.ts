/**
 * Flowchart symbols drawn over a worksheet, and where they sit in its grid. Spreadsheet SOP AP
 * templates draw the Permenpan RB 35/2012 symbols (capsule, rectangle, diamond) as drawing objects
 * floating over the actor columns of the procedure sheet, each anchored to the cells under it. A
 * symbol belongs to the cell under its centre: the row is the step, the column the actor.
 *
 * Positions are in points from the sheet's top left corner, computed from the column widths and
 * row heights (a hidden column or row is 0 wide), because anchors are given as a cell plus an
 * offset inside it (EMU in XLSX, 1/1024 of the column width and 1/256 of the row height in XLS).
 *
 * This module reads XLSX drawings (`xl/drawings/drawingN.xml`, SpreadsheetML DrawingML, ECMA-376
 * Part 1 §20.5); xls-drawing.ts reads the OfficeArt drawings of XLS sheets into the same symbols.
 * Taken for symbols: shapes whose preset geometry is one of the symbols (docx-shapes.ts PRESETS),
 * drawn with a visible outline. Not taken: connectors, lines and arrows, pictures, charts, text
 * boxes, shapes without an outline or with a white one (labels such as `DITERIMA` over a branch),
 * custom geometries.
 */
import { createRequire } from 'node:module';
import { PRESETS } from './docx-shapes.js';
import type { Box, ShapeKind } from './geometry.js';

/** A flowchart symbol drawn over a sheet, its box in points from the sheet's top left corner. */
export interface DrawnSymbol {
  kind: ShapeKind;
  box: Box;
}

/** Most columns and rows of a worksheet (Excel 2007 and later; XLS has fewer). */
const MAX_COLS = 16_384;
const MAX_ROWS = 1_048_576;

/** Points per EMU (English Metric Unit: 914400 per inch, 12700 per point). */
export const PT_PER_EMU = 1 / 12_700;

/**
 * Column edges and row edges of one sheet in points, grown as far as asked (an anchor in row
 * 1,048,575 costs one pass over a million rows, once).
 */
export class SheetGeometry {
  private readonly left: number[] = [0];
  private readonly top: number[] = [0];

  /**
   * `colWidth(c)` and `rowHeight(r)`: the width and height in points of a 0-based column and row,
   * 0 when hidden.
   */
  constructor(
    readonly colWidth: (col: number) => number,
    readonly rowHeight: (row: number) => number,
  ) {}

  /** Left edge of a column (0-based, clamped to the sheet). */
  colLeft(col: number): number {
    const c = Math.max(0, Math.min(MAX_COLS, Math.floor(col)));
    while (this.left.length <= c) this.left.push(this.left[this.left.length - 1]! + this.colWidth(this.left.length - 1));
    return this.left[c]!;
  }

  /** Top edge of a row (0-based, clamped to the sheet). */
  rowTop(row: number): number {
    const r = Math.max(0, Math.min(MAX_ROWS, Math.floor(row)));
    while (this.top.length <= r) this.top.push(this.top[this.top.length - 1]! + this.rowHeight(this.top.length - 1));
    return this.top[r]!;
  }

  /** The cell under a point: the column and row whose extents hold it (a 0-wide one never does). */
  cellAt(x: number, y: number): { col: number; row: number } {
    return { col: indexAt(x, MAX_COLS, (i) => this.colLeft(i)), row: indexAt(y, MAX_ROWS, (i) => this.rowTop(i)) };
  }
}

/** The last index whose edge is at or before `v` (edges never decrease), by doubling then bisection. */
function indexAt(v: number, max: number, edge: (i: number) => number): number {
  if (v <= 0) return 0;
  let hi = 1;
  while (hi < max && edge(hi) <= v) hi = Math.min(max, hi * 2);
  let lo = 0;
  // edge(lo) <= v < edge(hi), or hi === max
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (edge(mid) <= v) lo = mid;
    else hi = mid;
  }
  return edge(hi) <= v ? hi - 1 : lo;
}

/** The centre of a box. */
export function centreOf(box: Box): { x: number; y: number } {
  return { x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2 };
}

/** Maps boxes in a group's child coordinates onto the group's box on the sheet. */
export function groupMapping(child: Box, onSheet: Box): (b: Box) => Box {
  const sx = child.x1 !== child.x0 ? (onSheet.x1 - onSheet.x0) / (child.x1 - child.x0) : 0;
  const sy = child.y1 !== child.y0 ? (onSheet.y1 - onSheet.y0) / (child.y1 - child.y0) : 0;
  return (b) => ({
    x0: onSheet.x0 + (b.x0 - child.x0) * sx,
    y0: onSheet.y0 + (b.y0 - child.y0) * sy,
    x1: onSheet.x0 + (b.x1 - child.x0) * sx,
    y1: onSheet.y0 + (b.y1 - child.y0) * sy,
  });
}

const XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

/**
 * The few DOM members read here. xmldom is loaded through `require` with this type so that its
 * typings, which pull the browser DOM library into the whole program, stay out of the build.
 */
export interface El {
  readonly nodeType: number;
  readonly localName: string | null;
  readonly namespaceURI: string | null;
  readonly textContent: string | null;
  readonly firstChild: El | null;
  readonly nextSibling: El | null;
  getAttribute(name: string): string | null;
  getAttributeNS(namespace: string, name: string): string | null;
}

interface XmlDom {
  DOMParser: new (options: { errorHandler: { warning: (m: string) => void; error: (m: string) => void; fatalError: (m: string) => void } }) => {
    parseFromString(xml: string, mime: string): { documentElement: El | null };
  };
}

const require = createRequire(import.meta.url);

/** Parses XML, throwing on what is not well-formed (warnings and recoverable errors are ignored). */
export function parseXml(xml: string): El {
  if (/<!DOCTYPE/i.test(xml)) throw new Error('an XML part with a document type declaration');
  const { DOMParser } = require('@xmldom/xmldom') as XmlDom;
  const quiet = (): void => {};
  const doc = new DOMParser({ errorHandler: { warning: quiet, error: quiet, fatalError: (m) => { throw new Error(m); } } }).parseFromString(xml, 'text/xml');
  if (!doc.documentElement) throw new Error('the XML part has no root element');
  return doc.documentElement;
}

/** The element children of an element. */
export function children(el: El): El[] {
  const out: El[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n);
  return out;
}

/** The first child element with this namespace and local name. */
export function child(el: El | null | undefined, ns: string, name: string): El | null {
  if (!el) return null;
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && n.localName === name && n.namespaceURI === ns) return n;
  return null;
}

function num(el: El | null, attr?: string): number {
  if (!el) return 0;
  const v = Number(attr ? el.getAttribute(attr) : el.textContent);
  return Number.isFinite(v) ? v : 0;
}

/** A marker (`xdr:from`, `xdr:to`) as a point on the sheet. */
function markerPoint(marker: El | null, g: SheetGeometry): { x: number; y: number } | null {
  if (!marker) return null;
  const col = num(child(marker, XDR, 'col'));
  const row = num(child(marker, XDR, 'row'));
  // an offset past its cell's edge is read as the edge (Excel clamps it the same way)
  const dx = Math.min(num(child(marker, XDR, 'colOff')) * PT_PER_EMU, g.colWidth(col));
  const dy = Math.min(num(child(marker, XDR, 'rowOff')) * PT_PER_EMU, g.rowHeight(row));
  return { x: g.colLeft(col) + dx, y: g.rowTop(row) + dy };
}

/** The box an anchor element gives its object, in points. */
function anchorBox(anchor: El, g: SheetGeometry): Box | null {
  const from = markerPoint(child(anchor, XDR, 'from'), g);
  const ext = child(anchor, XDR, 'ext');
  if (anchor.localName === 'twoCellAnchor') {
    const to = markerPoint(child(anchor, XDR, 'to'), g);
    return from && to ? { x0: from.x, y0: from.y, x1: to.x, y1: to.y } : null;
  }
  if (anchor.localName === 'oneCellAnchor') {
    return from && ext ? { x0: from.x, y0: from.y, x1: from.x + num(ext, 'cx') * PT_PER_EMU, y1: from.y + num(ext, 'cy') * PT_PER_EMU } : null;
  }
  const pos = child(anchor, XDR, 'pos');
  if (!pos || !ext) return null;
  const x = num(pos, 'x') * PT_PER_EMU;
  const y = num(pos, 'y') * PT_PER_EMU;
  return { x0: x, y0: y, x1: x + num(ext, 'cx') * PT_PER_EMU, y1: y + num(ext, 'cy') * PT_PER_EMU };
}

/** An `a:xfrm` as a box in its own units (EMU): offset and extent, or the child offset and extent of a group. */
function xfrmBox(xfrm: El | null, which: 'own' | 'child'): Box | null {
  const off = child(xfrm, A, which === 'own' ? 'off' : 'chOff');
  const ext = child(xfrm, A, which === 'own' ? 'ext' : 'chExt');
  if (!off || !ext) return null;
  const x = num(off, 'x');
  const y = num(off, 'y');
  return { x0: x, y0: y, x1: x + num(ext, 'cx'), y1: y + num(ext, 'cy') };
}

/** True when a colour element (`a:solidFill`'s child) is white: sRGB FFFFFF or the theme's background. */
function isWhite(fill: El | null): boolean {
  const rgb = child(fill, A, 'srgbClr');
  if (rgb) return /^f{6}$/i.test(rgb.getAttribute('val') ?? '');
  const scheme = child(fill, A, 'schemeClr');
  return !!scheme && /^(?:bg1|lt1)$/.test(scheme.getAttribute('val') ?? '');
}

/** The symbol an `xdr:sp` shows, or null (text box, no preset symbol, no visible outline). */
export function xlsxSymbolOf(sp: El): ShapeKind | null {
  const nv = child(child(sp, XDR, 'nvSpPr'), XDR, 'cNvSpPr');
  if (nv && /^(?:1|true)$/.test(nv.getAttribute('txBox') ?? '')) return null;
  const spPr = child(sp, XDR, 'spPr');
  const preset = child(spPr, A, 'prstGeom')?.getAttribute('prst') ?? '';
  const kind = Object.hasOwn(PRESETS, preset) ? PRESETS[preset]! : null;
  if (!kind) return null;
  const ln = child(spPr, A, 'ln');
  if (ln) {
    if (child(ln, A, 'noFill')) return null;
    const solid = child(ln, A, 'solidFill');
    if (solid && isWhite(solid)) return null;
  } else {
    // no outline of its own: the theme's line style `idx` (0 = none)
    const lnRef = child(child(sp, XDR, 'style'), A, 'lnRef');
    if (!lnRef || lnRef.getAttribute('idx') === '0') return null;
  }
  return kind;
}

/**
 * The flowchart symbols of an XLSX drawing part, with their boxes on the sheet. Groups are walked:
 * a shape inside a group is placed by its child offset mapped onto the group's anchor. Throws on
 * XML that cannot be parsed.
 */
export function xlsxDrawingSymbols(xml: string, g: SheetGeometry): DrawnSymbol[] {
  const root = parseXml(xml);
  const out: DrawnSymbol[] = [];
  const visit = (el: El, box: Box | null, map: ((b: Box) => Box) | null, depth: number): void => {
    if (depth > 32) return;
    if (el.namespaceURI === MC && el.localName === 'AlternateContent') {
      const chosen = child(el, MC, 'Choice') ?? child(el, MC, 'Fallback');
      for (const c of chosen ? children(chosen) : []) visit(c, box, map, depth + 1);
      return;
    }
    if (el.namespaceURI !== XDR) return;
    if (el.localName === 'sp') {
      const kind = xlsxSymbolOf(el);
      const own = map ? xfrmBox(child(child(el, XDR, 'spPr'), A, 'xfrm'), 'own') : null;
      const at = map ? (own ? map(own) : null) : box;
      if (kind && at) out.push({ kind, box: at });
    } else if (el.localName === 'grpSp') {
      const xfrm = child(child(el, XDR, 'grpSpPr'), A, 'xfrm');
      const own = xfrmBox(xfrm, 'own');
      const onSheet = map ? (own ? map(own) : null) : box;
      const inner = xfrmBox(xfrm, 'child');
      if (!onSheet || !inner) return;
      const childMap = groupMapping(inner, onSheet);
      for (const c of children(el)) visit(c, null, childMap, depth + 1);
    }
  };
  for (const anchor of children(root)) {
    if (anchor.namespaceURI !== XDR || !/^(?:twoCellAnchor|oneCellAnchor|absoluteAnchor)$/.test(anchor.localName ?? '')) continue;
    const box = anchorBox(anchor, g);
    if (!box) continue;
    for (const c of children(anchor)) visit(c, box, null, 0);
  }
  return out;
}
