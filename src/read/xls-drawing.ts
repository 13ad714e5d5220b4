/**
 * Flowchart symbols drawn over the sheets of an XLS workbook (Excel 97–2003, BIFF8), read from
 * the `Workbook` stream of its compound file. SheetJS reads the cells but not the drawings.
 *
 * Sources:
 * - [MS-XLS] 2.4.28 BoundSheet8 (each sheet's name and the offset of its substream), 2.4.21 BOF /
 *   2.4.103 EOF (substreams, nested for charts embedded in a sheet), 2.4.185 MsoDrawing (the
 *   sheet's OfficeArtDgContainer, in pieces), 2.4.58 Continue (the pieces that follow an Obj or a
 *   TxO record, or a MsoDrawing over 8224 bytes), 2.4.329 TxO (a text box's text and formatting
 *   runs, in Continue records of their own that are not drawing data), 2.5.193
 *   OfficeArtClientAnchorSheet (a shape's cells: colL, dxL in 1/1024 of the column's width, rwT,
 *   dyT in 1/256 of the row's height, colR, dxR, rwB, dyB).
 * - [MS-ODRAW] 2.2.13 OfficeArtDgContainer, 2.2.16 OfficeArtSpgrContainer (a group; the first
 *   shape in it is the group itself), 2.2.14 OfficeArtSpContainer, 2.2.40 OfficeArtFSP (shape
 *   type MSOSPT in recInstance, flags: fGroup 0x1, fChild 0x2, fPatriarch 0x4, fDeleted 0x8,
 *   fConnector 0x100), 2.2.38 OfficeArtFSPGR (a group's child coordinate space), 2.2.39
 *   OfficeArtChildAnchor, 2.2.9 OfficeArtFOPT / 2.2.11 OfficeArtTertiaryFOPT (properties:
 *   2.3.8.1 lineColor 0x01C0, 2.3.8.38 lineStyleBooleans 0x01FF with fLine 0x8 and fUsefLine
 *   0x80000), 2.4.24 MSOSPT (the shape types, docx-shapes.ts VML_TYPES).
 *
 * The symbols are those of sheet-drawing.ts: a shape type that is an SOP AP symbol, drawn with a
 * visible outline; text boxes (MSOSPT 202), pictures, lines, connectors and shapes without an
 * outline or with a white one are not symbols.
 */
import { VML_TYPES } from './docx-shapes.js';
import type { Box } from './geometry.js';
import { groupMapping, type DrawnSymbol, type SheetGeometry } from './sheet-drawing.js';

const BOUNDSHEET = 0x0085;
const BOF = 0x0809;
const EOF = 0x000a;
const MSODRAWING = 0x00ec;
const CONTINUE = 0x003c;
const OBJ = 0x005d;
const TXO = 0x01b6;

/**
 * The OfficeArt drawing bytes of each worksheet of a BIFF8 `Workbook` stream, by sheet name, the
 * pieces joined in order. Sheets without drawings are absent. Records that run past the stream end
 * the walk; nothing here throws on damaged bytes.
 */
export function xlsSheetDrawings(stream: Uint8Array): Map<string, Uint8Array> {
  const buf = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
  const out = new Map<string, Uint8Array>();
  const sheets: Array<{ name: string; pos: number }> = [];
  // the globals substream: the BoundSheet8 records, up to its EOF
  for (let at = 0; at + 4 <= buf.length;) {
    const type = buf.readUInt16LE(at);
    const len = buf.readUInt16LE(at + 2);
    if (at + 4 + len > buf.length) break;
    if (type === BOUNDSHEET && len >= 8) {
      const pos = buf.readUInt32LE(at + 4);
      const sheetType = buf[at + 9]!;
      const cch = buf[at + 10]!;
      const wide = (buf[at + 11]! & 1) === 1;
      const start = at + 12;
      const end = Math.min(at + 4 + len, start + cch * (wide ? 2 : 1));
      const name = wide ? buf.toString('utf16le', start, end) : buf.toString('latin1', start, end);
      if (sheetType === 0) sheets.push({ name, pos });
    }
    at += 4 + len;
    if (type === EOF) break;
  }
  for (const sheet of sheets) {
    const drawing = sheetDrawing(buf, sheet.pos);
    if (drawing.length) out.set(sheet.name, drawing);
  }
  return out;
}

/** The drawing bytes of the sheet substream starting at `pos` (its BOF). */
function sheetDrawing(buf: Buffer, pos: number): Uint8Array {
  if (pos + 4 > buf.length || buf.readUInt16LE(pos) !== BOF) return new Uint8Array(0);
  const pieces: Buffer[] = [];
  let depth = 0;
  // what a Continue record continues: drawing data, a TxO's text (characters left) or its runs (bytes left)
  let state: 'drawing' | 'text' | 'runs' | 'other' = 'other';
  let textLeft = 0;
  let runsLeft = 0;
  for (let at = pos; at + 4 <= buf.length;) {
    const type = buf.readUInt16LE(at);
    const len = buf.readUInt16LE(at + 2);
    if (at + 4 + len > buf.length) break;
    const data = buf.subarray(at + 4, at + 4 + len);
    at += 4 + len;
    if (type === BOF) {
      depth++;
      continue;
    }
    if (type === EOF) {
      depth--;
      if (depth <= 0) break;
      continue;
    }
    if (depth !== 1) continue; // a chart embedded in the sheet
    if (type === MSODRAWING) {
      pieces.push(data);
      state = 'drawing';
    } else if (type === OBJ) {
      state = 'drawing';
    } else if (type === TXO) {
      textLeft = len >= 14 ? data.readUInt16LE(10) : 0;
      runsLeft = len >= 14 ? data.readUInt16LE(12) : 0;
      state = textLeft > 0 ? 'text' : runsLeft > 0 ? 'runs' : 'drawing';
    } else if (type === CONTINUE) {
      if (state === 'drawing') pieces.push(data);
      else if (state === 'text') {
        // a text piece: a flag byte (bit 0: UTF-16) then characters
        const wide = len > 0 && (data[0]! & 1) === 1;
        textLeft -= Math.max(0, len - 1) / (wide ? 2 : 1);
        if (textLeft <= 0) state = runsLeft > 0 ? 'runs' : 'drawing';
      } else if (state === 'runs') {
        runsLeft -= len;
        if (runsLeft <= 0) state = 'drawing';
      }
    } else {
      state = 'other';
    }
  }
  return pieces.length ? Buffer.concat(pieces) : new Uint8Array(0);
}

interface Shape {
  spt: number;
  flags: number;
  client: number[] | null;
  child: Box | null;
  group: Box | null;
  props: Map<number, number>;
}

/** Reads one OfficeArtSpContainer's records (FSP, FSPGR, anchors, properties). */
function readShape(buf: Buffer, start: number, end: number): Shape {
  const shape: Shape = { spt: 0, flags: 0, client: null, child: null, group: null, props: new Map() };
  for (let at = start; at + 8 <= end;) {
    const verInst = buf.readUInt16LE(at);
    const type = buf.readUInt16LE(at + 2);
    const len = buf.readUInt32LE(at + 4);
    const body = at + 8;
    if (len > end - body) break;
    if (type === 0xf00a && len >= 8) {
      shape.spt = verInst >> 4;
      shape.flags = buf.readUInt32LE(body + 4);
    } else if (type === 0xf010 && len >= 18) {
      shape.client = Array.from({ length: 8 }, (_, i) => buf.readUInt16LE(body + 2 + 2 * i));
    } else if ((type === 0xf00f || type === 0xf009) && len >= 16) {
      const box = { x0: buf.readInt32LE(body), y0: buf.readInt32LE(body + 4), x1: buf.readInt32LE(body + 8), y1: buf.readInt32LE(body + 12) };
      if (type === 0xf00f) shape.child = box;
      else shape.group = box;
    } else if (type === 0xf00b || type === 0xf122) {
      // a table of 6-byte properties (complex data after it is not needed here)
      const count = Math.min(verInst >> 4, Math.floor(len / 6));
      for (let i = 0; i < count; i++) shape.props.set(buf.readUInt16LE(body + 6 * i) & 0x3fff, buf.readUInt32LE(body + 6 * i + 2));
    }
    at = body + len;
  }
  return shape;
}

/** The box of a client anchor (colL, dxL, rwT, dyT, colR, dxR, rwB, dyB) on the sheet, in points. */
function clientBox(a: number[], g: SheetGeometry): Box {
  const [colL, dxL, rwT, dyT, colR, dxR, rwB, dyB] = a as [number, number, number, number, number, number, number, number];
  return {
    x0: g.colLeft(colL) + (Math.min(dxL, 1024) / 1024) * g.colWidth(colL),
    y0: g.rowTop(rwT) + (Math.min(dyT, 256) / 256) * g.rowHeight(rwT),
    x1: g.colLeft(colR) + (Math.min(dxR, 1024) / 1024) * g.colWidth(colR),
    y1: g.rowTop(rwB) + (Math.min(dyB, 256) / 256) * g.rowHeight(rwB),
  };
}

/** True when the shape is drawn with no outline, or a white one. */
function outlineHidden(props: Map<number, number>): boolean {
  const style = props.get(0x01ff);
  if (style !== undefined && (style & 0x80000) !== 0 && (style & 0x8) === 0) return true;
  const colour = props.get(0x01c0);
  // OfficeArtCOLORREF: red, green, blue, then flags (none, or fPaletteRGB 0x02: a plain RGB)
  return colour !== undefined && (colour & 0xffffff) === 0xffffff && ((colour >>> 24) & ~0x02) === 0;
}

/**
 * The flowchart symbols of one sheet's OfficeArt drawing bytes (xlsSheetDrawings), with their
 * boxes on the sheet. A shape in a group is placed by its child anchor mapped onto the group's.
 */
export function xlsSymbols(drawing: Uint8Array, g: SheetGeometry): DrawnSymbol[] {
  const buf = Buffer.from(drawing.buffer, drawing.byteOffset, drawing.byteLength);
  const out: DrawnSymbol[] = [];
  const place = (s: Shape, map: ((b: Box) => Box) | null): Box | null => (s.client ? clientBox(s.client, g) : s.child && map ? map(s.child) : null);
  const group = (start: number, end: number, map: ((b: Box) => Box) | null, depth: number): void => {
    let inner: ((b: Box) => Box) | null = null;
    let first = true;
    for (let at = start; at + 8 <= end;) {
      const type = buf.readUInt16LE(at + 2);
      const len = buf.readUInt32LE(at + 4);
      const body = at + 8;
      if (len > end - body) break;
      if (type === 0xf004) {
        const s = readShape(buf, body, body + len);
        if (first) {
          // the group's own shape: the patriarch's children are anchored to cells, others' to the group
          const box = place(s, map);
          inner = (s.flags & 0x4) === 0 && s.group && box ? groupMapping(s.group, box) : null;
        } else if ((s.flags & 0x109) === 0) {
          const kind = VML_TYPES[String(s.spt)];
          const box = place(s, inner);
          if (kind && box && !outlineHidden(s.props)) out.push({ kind, box });
        }
        first = false;
      } else if (type === 0xf003 && depth < 32) {
        group(body, body + len, inner, depth + 1);
        first = false;
      }
      at = body + len;
    }
  };
  // OfficeArtDgContainer (0xF002) → its OfficeArtSpgrContainer (0xF003), the patriarch group
  for (let at = 0; at + 8 <= buf.length;) {
    const type = buf.readUInt16LE(at + 2);
    const len = buf.readUInt32LE(at + 4);
    const body = at + 8;
    const end = Math.min(buf.length, body + len);
    if (type === 0xf002) {
      for (let inner = body; inner + 8 <= end;) {
        const t = buf.readUInt16LE(inner + 2);
        const l = buf.readUInt32LE(inner + 4);
        if (t === 0xf003) group(inner + 8, Math.min(end, inner + 8 + l), null, 0);
        inner += 8 + l;
      }
    }
    at = body + len;
  }
  return out;
}
