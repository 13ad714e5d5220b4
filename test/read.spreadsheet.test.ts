/**
 * The spreadsheet reader (src/read/spreadsheet.ts) and its drawing readers: sniffing workbooks
 * among zips and compound files, the gridded layout (visible columns, spans, merged rows, hidden
 * rows, columns and sheets, formatted numbers and dates), flowchart symbols from XLSX DrawingML
 * and XLS OfficeArt placed in the cell under their centre, hostile workbooks. Real documents: the
 * seeds' spreadsheet renditions (fixtures/spreadsheets) and the Boyolali workbook of ../shared/wild.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SopError } from '../src/errors.js';
import { isSupported } from '../src/import/discover.js';
import { readDocument, sniff } from '../src/read/index.js';
import type { LayoutDocument, LayoutPage } from '../src/read/layout.js';
import { SheetGeometry, xlsxDrawingSymbols, type DrawnSymbol } from '../src/read/sheet-drawing.js';
import { readSpreadsheet } from '../src/read/spreadsheet.js';
import { xlsSheetDrawings, xlsSymbols } from '../src/read/xls-drawing.js';
import { zipDeclaring } from './helpers/hostile.js';

const require = createRequire(import.meta.url);
const XLSX = require('@e965/xlsx') as typeof import('@e965/xlsx');
const CFB = XLSX.CFB as {
  utils: { cfb_new(): unknown; cfb_add(c: unknown, name: string, content: Buffer): void };
  write(c: unknown, o: { type: 'buffer' }): Buffer;
};

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/spreadsheets/${name}`, import.meta.url));
const BOYOLALI = new URL('../../shared/wild/060_boyolali-setda-kerjasama-daerah.xls', import.meta.url);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    expect(e).toBeInstanceOf(SopError);
    return (e as SopError).code;
  }
}

/** The symbols of a page: [row index, column, kind]. */
function symbolsOf(page: LayoutPage): Array<[number, number, string]> {
  return page.rows.flatMap((r, i) => r.cells.filter((c) => c.shape).map((c): [number, number, string] => [i, c.col!, c.shape!]));
}

/** The row of a page whose first cell reads `text`. */
function rowStarting(page: LayoutPage, text: string): number {
  return page.rows.findIndex((r) => r.cells[0]?.text === text);
}

describe('sniffing', () => {
  it('tells XLSX from DOCX by the zip directory, XLS by the compound file signature', () => {
    expect(sniff(fixture('003_d55e84fb4eb038f4.xlsx'))).toBe('spreadsheet');
    expect(sniff(fixture('003_d55e84fb4eb038f4.xls'))).toBe('spreadsheet');
    expect(sniff(readFileSync(new URL('../fixtures/renditions/003_d55e84fb4eb038f4.docx', import.meta.url)))).toBe('docx');
    // a truncated XLSX (no directory) is still told by its local headers
    const xlsx = fixture('003_d55e84fb4eb038f4.xlsx');
    expect(sniff(xlsx.subarray(0, xlsx.length - 200))).toBe('spreadsheet');
  });
  it('finds .xlsx and .xls files in folders', () => {
    expect(isSupported('a/b/SOP KERJASAMA.XLS')).toBe(true);
    expect(isSupported('sop.xlsx')).toBe(true);
  });
});

describe('the seeds\' workbooks (fixtures/spreadsheets)', () => {
  it.each(['xlsx', 'xls'])('.%s: a page per sheet, visible columns, spans, dates as shown, hidden row and column skipped', async (ext) => {
    const doc = await readDocument(fixture(`000_64e8e44553c70391.${ext}`));
    expect(doc.format).toBe('spreadsheet');
    expect(doc.textLayer).toBe('native');
    expect(doc.pages.map((p) => p.number)).toEqual([1, 2]);
    const [identity, procedure] = doc.pages as [LayoutPage, LayoutPage];
    expect(identity.rows[0]!.cells.map((c) => [c.col, c.span, c.text])).toEqual([
      [0, 5, 'PEMERINTAH KABUPATEN PESISIR SELATAN'], [5, 1, 'Nomor SOP'], [6, 3, '00.8.3.3 / / KEU - 2023'],
    ]);
    // Excel dates, formatted `d mmmm yyyy` as the sheet shows them
    expect(identity.rows[1]!.cells.map((c) => c.text)).toEqual(['Tanggal Pembuatan', '22 December 2023']);
    // the kop merged over three rows: its text on the first only
    expect(identity.rows[2]!.cells.map((c) => c.text)).toEqual(['Tanggal Revisi', '-']);
    // the hidden helper column A is gone: No is column 0; the hidden row between header and steps too
    const header = rowStarting(procedure, 'No');
    expect(procedure.rows[header]!.cells.map((c) => [c.col, c.span, c.text])).toEqual([
      [0, 1, 'No'], [1, 1, 'Kegiatan'], [2, 4, 'Pelaksana'], [6, 3, 'Mutu Baku'], [9, 1, 'Keterangan'],
    ]);
    expect(procedure.rows[header + 2]!.cells.map((c) => c.text).slice(0, 2)).toEqual(['1', 'Memerintahkan untuk melaksanakan pemantauan Kinerja Sekretariat Daerah']);
    const all = doc.pages.flatMap((p) => p.rows.flatMap((r) => r.cells.map((c) => c.text)));
    expect(all.filter((t) => /^h\d+$|Catatan penyusun/.test(t))).toEqual([]);
  });

  it.each(['xlsx', 'xls'])('.%s: symbols in the actor cell under their centre; connectors and the text box are none', async (ext) => {
    const doc = await readDocument(fixture(`000_64e8e44553c70391.${ext}`));
    const procedure = doc.pages[1]!;
    const step = (n: number): number => rowStarting(procedure, String(n));
    // gold: steps 9-13 drawn (first and last capsules), by actors 3, 2, 1, 3, 4 of the columns 2-5
    expect(symbolsOf(procedure)).toEqual([
      [step(9), 4, 'terminator'], [step(10), 3, 'process'], [step(11), 2, 'process'], [step(12), 4, 'process'], [step(13), 5, 'terminator'],
    ]);
    expect(procedure.rows[step(9)]!.cells.find((c) => c.shape)!.text).toBe('⬭');
  });
});

/** A workbook written by SheetJS in memory: one visible sheet, one hidden. */
function syntheticWorkbook(bookType: 'xlsx' | 'biff8'): Buffer {
  const ws = XLSX.utils.aoa_to_sheet([
    ['No', 'hidden col', 'Kegiatan', 'Waktu'],
    [1, 'x', 'Menerima\r\nsurat', '15 menit'],
    [null, null, null, null],
    ['hidden row', null, 'never', null],
  ]);
  ws['E2'] = { t: 'n', v: 1234.5, z: '#,##0.00' };
  ws['F2'] = { t: 'n', v: 45282, z: 'd mmmm yyyy' };
  ws['A40'] = { t: 's', v: 'after a gap' };
  ws['!ref'] = 'A1:F40';
  // No merged over rows 2-3; Kegiatan over C1:E1 (D1's text is under the merge)
  ws['!merges'] = [{ s: { r: 1, c: 0 }, e: { r: 2, c: 0 } }, { s: { r: 0, c: 2 }, e: { r: 0, c: 4 } }];
  ws['!rows'] = [{}, {}, {}, { hidden: true }];
  ws['!cols'] = [{}, { hidden: true }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Prosedur');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['rahasia']]), 'Tersembunyi');
  wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }] };
  return XLSX.write(wb, { type: 'buffer', bookType }) as Buffer;
}

describe('cells', () => {
  it.each(['xlsx', 'biff8'] as const)('%s: formatted text, spans of visible columns, merges, hidden sheet/column (and row in XLSX), runs of empty rows cut to 10', async (bookType) => {
    const doc: LayoutDocument = await readDocument(syntheticWorkbook(bookType));
    expect(doc.pages).toHaveLength(1);
    const rows = doc.pages[0]!.rows.map((r) => r.cells.map((c) => [c.col, c.span, c.text]));
    expect(rows[0]).toEqual([[0, 1, 'No'], [1, 3, 'Kegiatan']]);
    expect(rows[1]).toEqual([[0, 1, '1'], [1, 1, 'Menerima\nsurat'], [2, 1, '15 menit'], [3, 1, '1,234.50'], [4, 1, '22 December 2023']]);
    const after = [...Array.from({ length: 10 }, () => []), [[0, 1, 'after a gap']]];
    if (bookType === 'xlsx') expect(rows.slice(2)).toEqual(after);
    else {
      // SheetJS writes no hidden rows to BIFF8: there the row is read
      expect(rows.slice(2, 4)).toEqual([[], [[0, 1, 'hidden row'], [1, 1, 'never']]]);
      expect(rows.slice(4)).toEqual(after);
    }
  });
});

describe('XLSX drawings (DrawingML)', () => {
  const g = new SheetGeometry(() => 50, () => 20);
  const emu = (pt: number): number => Math.round(pt * 12_700);
  const two = (c0: number, r0: number, c1: number, r1: number, body: string): string =>
    `<xdr:twoCellAnchor><xdr:from><xdr:col>${c0}</xdr:col><xdr:colOff>${emu(10)}</xdr:colOff><xdr:row>${r0}</xdr:row><xdr:rowOff>${emu(5)}</xdr:rowOff></xdr:from><xdr:to><xdr:col>${c1}</xdr:col><xdr:colOff>${emu(40)}</xdr:colOff><xdr:row>${r1}</xdr:row><xdr:rowOff>${emu(15)}</xdr:rowOff></xdr:to>${body}<xdr:clientData/></xdr:twoCellAnchor>`;
  const sp = (prst: string, spPr = '<a:ln><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>', extra = ''): string =>
    `<xdr:sp><xdr:nvSpPr><xdr:cNvPr id="1" name="s"/><xdr:cNvSpPr${extra}/></xdr:nvSpPr><xdr:spPr><a:prstGeom prst="${prst}"/>${spPr}</xdr:spPr></xdr:sp>`;
  const cells = (symbols: DrawnSymbol[]): Array<[number, number, string]> => symbols.map((s) => {
    const { row, col } = g.cellAt((s.box.x0 + s.box.x1) / 2, (s.box.y0 + s.box.y1) / 2);
    return [row, col, s.kind];
  });
  const drawing = (anchors: string[]): string =>
    `<?xml version="1.0"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">${anchors.join('')}</xdr:wsDr>`;

  it('symbols by preset with a visible outline, in the cell under their centre', () => {
    expect(cells(xlsxDrawingSymbols(drawing([
      two(3, 4, 3, 4, sp('flowChartDecision')),
      two(2, 6, 4, 6, sp('flowChartTerminator')), // over three columns: the middle one
      two(5, 7, 5, 7, sp('flowChartProcess', '', '')).replace('</xdr:spPr>', '</xdr:spPr><xdr:style><a:lnRef idx="2"/></xdr:style>'),
    ]), g))).toEqual([[4, 3, 'decision'], [6, 3, 'terminator'], [7, 5, 'process']]);
  });

  it('no symbol: text boxes, shapes without an outline or with a white one, connectors, unknown presets', () => {
    expect(xlsxDrawingSymbols(drawing([
      two(1, 1, 1, 1, sp('rect', undefined, ' txBox="1"')),
      two(1, 2, 1, 2, sp('roundRect', '<a:ln><a:noFill/></a:ln>')),
      two(1, 3, 1, 3, sp('ellipse', '<a:ln><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:ln>')),
      two(1, 4, 1, 4, sp('flowChartProcess', '').replace('</xdr:spPr>', '</xdr:spPr><xdr:style><a:lnRef idx="0"/></xdr:style>')),
      two(1, 5, 1, 5, '<xdr:cxnSp><xdr:spPr><a:prstGeom prst="straightConnector1"/><a:ln/></xdr:spPr></xdr:cxnSp>'),
      two(1, 6, 1, 6, sp('rightArrow')),
    ]), g)).toEqual([]);
  });

  it('one-cell and absolute anchors, groups mapped onto their anchor, alternate content', () => {
    const group = `<xdr:grpSp><xdr:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="10" cy="10"/><a:chOff x="1000" y="1000"/><a:chExt cx="2000" cy="2000"/></a:xfrm></xdr:grpSpPr>${
      sp('flowChartProcess').replace('<a:prstGeom', '<a:xfrm><a:off x="1000" y="1000"/><a:ext cx="1000" cy="1000"/></a:xfrm><a:prstGeom')}${
      sp('diamond').replace('<a:prstGeom', '<a:xfrm><a:off x="2000" y="2000"/><a:ext cx="1000" cy="1000"/></a:xfrm><a:prstGeom')}</xdr:grpSp>`;
    const symbols = xlsxDrawingSymbols(drawing([
      `<xdr:oneCellAnchor><xdr:from><xdr:col>2</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>3</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="${emu(40)}" cy="${emu(10)}"/>${sp('ellipse')}<xdr:clientData/></xdr:oneCellAnchor>`,
      `<xdr:absoluteAnchor><xdr:pos x="${emu(210)}" y="${emu(101)}"/><xdr:ext cx="${emu(20)}" cy="${emu(10)}"/>${sp('rect')}<xdr:clientData/></xdr:absoluteAnchor>`,
      // the group covers columns 1-2 and rows 10-11 (from 10,5 to 40,15 points inside the cells)
      two(1, 10, 2, 11, group),
      two(6, 2, 6, 2, `<mc:AlternateContent><mc:Choice Requires="a14">${sp('flowChartDecision')}</mc:Choice><mc:Fallback/></mc:AlternateContent>`),
    ]), g);
    expect(cells(symbols)).toEqual([[3, 2, 'terminator'], [5, 4, 'process'], [10, 1, 'process'], [11, 2, 'decision'], [2, 6, 'decision']]);
  });

  it('refuses a drawing with a document type declaration (entity expansion)', () => {
    expect(() => xlsxDrawingSymbols('<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', g)).toThrow(/document type/);
  });
});

/** A BIFF record. */
function rec(type: number, data: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt16LE(type, 0);
  h.writeUInt16LE(data.length, 2);
  return Buffer.concat([h, data]);
}

/** An OfficeArt record: version, instance, type, body. */
function art(ver: number, inst: number, type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE(ver | (inst << 4), 0);
  h.writeUInt16LE(type, 2);
  h.writeUInt32LE(body.length, 4);
  return Buffer.concat([h, body]);
}

const u16 = (...v: number[]): Buffer => Buffer.from(new Uint16Array(v).buffer);
const i32 = (...v: number[]): Buffer => Buffer.from(new Int32Array(v).buffer);
const container = (type: number, ...parts: Buffer[]): Buffer => art(0xf, 0, type, Buffer.concat(parts));
const fsp = (spt: number, flags: number): Buffer => art(2, spt, 0xf00a, Buffer.concat([i32(1024), i32(flags)]));
/** Client anchor: colL, dxL, rwT, dyT, colR, dxR, rwB, dyB. */
const anchor = (...a: number[]): Buffer => art(0, 0, 0xf010, u16(0, ...a));
const opt = (...props: Array<[number, number]>): Buffer => art(3, props.length, 0xf00b, Buffer.concat(props.map(([id, v]) => Buffer.concat([u16(id), i32(v)]))));
const shape = (...parts: Buffer[]): Buffer => container(0xf004, ...parts);

describe('XLS drawings (BIFF8 OfficeArt)', () => {
  it('joins MsoDrawing and the Continue records that carry drawing data, skipping a TxO\'s text and runs; places symbols and groups', () => {
    const patriarch = shape(art(1, 0, 0xf009, i32(0, 0, 0, 0)), fsp(0, 0x5));
    const decision = shape(fsp(110, 0xa00), anchor(3, 0, 5, 0, 3, 1024, 5, 256), art(0, 0, 0xf011, Buffer.alloc(0)));
    const textBox = shape(fsp(202, 0xa00), anchor(2, 0, 5, 0, 2, 1024, 5, 256), art(0, 0, 0xf011, Buffer.alloc(0)), art(0, 0, 0xf00d, Buffer.alloc(0)));
    const noLine = shape(fsp(109, 0xa00), opt([0x01ff, 0x80000]), anchor(4, 0, 6, 0, 4, 1024, 6, 256));
    const whiteLine = shape(fsp(116, 0xa00), opt([0x01c0, 0xffffff]), anchor(4, 0, 7, 0, 4, 1024, 7, 256));
    const connector = shape(fsp(32, 0xb00), anchor(3, 512, 5, 128, 7, 512, 9, 128));
    // a group over columns 1-2, rows 10-11, in child coordinates 0..1000: a process top left, a terminator bottom right
    const group = container(0xf003,
      shape(art(1, 0, 0xf009, i32(0, 0, 1000, 1000)), fsp(0, 0x201), anchor(1, 0, 10, 0, 3, 0, 12, 0)),
      shape(fsp(109, 0xa02), art(0, 0, 0xf00f, i32(0, 0, 500, 500))),
      shape(fsp(116, 0xa02), art(0, 0, 0xf00f, i32(500, 500, 1000, 1000))));
    const afterText = shape(fsp(4, 0xa00), anchor(7, 0, 2, 0, 7, 1024, 2, 256));
    const body = [patriarch, decision, textBox, noLine, whiteLine, connector, group, afterText];
    const spgr = container(0xf003, ...body);
    const dg = container(0xf002, art(0, 1, 0xf008, i32(9, 1024)), spgr);
    // split as Excel writes it: MsoDrawing up to the first shape's client data, the rest in Continue records after Obj and TxO
    const headerLength = 8 + 16 + 8 + patriarch.length;
    const at = [headerLength, headerLength + decision.length, headerLength + decision.length + textBox.length];
    const txo = Buffer.alloc(18);
    txo.writeUInt16LE(5, 10); // 5 characters
    txo.writeUInt16LE(16, 12); // 16 bytes of runs
    const stream = (sheetAt: number): Buffer => Buffer.concat([
      rec(0x0809, Buffer.alloc(16)),
      rec(0x0085, Buffer.concat([i32(sheetAt), Buffer.from([0, 0, 8, 0]), Buffer.from('Prosedur', 'latin1')])),
      rec(0x000a, Buffer.alloc(0)),
    ]);
    const globals = stream(0).length;
    const sheet = Buffer.concat([
      rec(0x0809, Buffer.alloc(16)),
      rec(0x00ec, dg.subarray(0, at[1])),
      rec(0x005d, Buffer.alloc(26)),
      rec(0x003c, dg.subarray(at[1], at[2])),
      rec(0x005d, Buffer.alloc(26)),
      rec(0x01b6, txo),
      rec(0x003c, Buffer.concat([Buffer.from([0]), Buffer.from('Mulai', 'latin1')])),
      rec(0x003c, Buffer.alloc(16)),
      rec(0x003c, dg.subarray(at[2])),
      rec(0x005d, Buffer.alloc(26)),
      rec(0x000a, Buffer.alloc(0)),
    ]);
    const drawings = xlsSheetDrawings(Buffer.concat([stream(globals), sheet]));
    expect([...drawings.keys()]).toEqual(['Prosedur']);
    expect(Buffer.from(drawings.get('Prosedur')!)).toEqual(dg);
    const g = new SheetGeometry(() => 50, () => 20);
    expect(xlsSymbols(drawings.get('Prosedur')!, g).map((s) => {
      const { row, col } = g.cellAt((s.box.x0 + s.box.x1) / 2, (s.box.y0 + s.box.y1) / 2);
      return [row, col, s.kind];
    })).toEqual([[5, 3, 'decision'], [10, 1, 'process'], [11, 2, 'terminator'], [2, 7, 'decision']]);
  });

  it('damaged drawing bytes give no symbols, never a throw', () => {
    const g = new SheetGeometry(() => 50, () => 20);
    expect(xlsSymbols(Buffer.from([0x0f, 0, 0x02, 0xf0, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3]), g)).toEqual([]);
    expect(xlsSheetDrawings(Buffer.from([0x85, 0, 0xff, 0xff, 1, 2]))).toEqual(new Map());
  });
});

describe('a real workbook: Boyolali, Excel 97 (../shared/wild)', () => {
  it('the procedure sheet\'s symbols in the actor cells of their steps', async () => {
    const doc = await readDocument(readFileSync(BOYOLALI));
    expect(doc.pages).toHaveLength(2);
    const procedure = doc.pages[1]!;
    const step = (n: number): number => rowStarting(procedure, String(n));
    const actors = procedure.rows[rowStarting(procedure, 'No.') + 1]!.cells.slice(0, 8).map((c) => c.text);
    expect(actors).toEqual(['Pemrakarsa', 'Bupati', 'Sekda', 'As. Pem', 'Kabag Tata Pemerintahan', 'Analis Kebijakan Sub Koordinator Kerja Sama dan Otda', 'Staf', 'Tim']);
    // as the sheet draws them (actor columns 2-9; DITERIMA / DITOLAK labels are white-outlined boxes, not symbols)
    expect(symbolsOf(procedure)).toEqual([
      [step(1), 2, 'terminator'],
      [step(2), 3, 'decision'], [step(2), 4, 'process'], [step(2), 5, 'process'], [step(2), 6, 'process'],
      [step(3), 7, 'process'], [step(4), 7, 'process'], [step(5), 7, 'process'], [step(5), 8, 'process'],
      [step(6), 9, 'process'], [step(7), 8, 'process'],
      [step(8), 3, 'decision'], [step(8), 4, 'decision'], [step(8), 5, 'decision'], [step(8), 6, 'decision'], [step(8), 7, 'decision'], [step(8), 8, 'process'],
      [step(9), 3, 'process'], [step(10), 8, 'process'], [step(11), 7, 'terminator'],
    ]);
  });
});

describe('hostile workbooks', () => {
  const compound = (streams: Array<[string, Buffer]>): Buffer => {
    const c = CFB.utils.cfb_new();
    for (const [name, content] of streams) CFB.utils.cfb_add(c, name, content);
    return Buffer.from(CFB.write(c, { type: 'buffer' }));
  };
  it('a Word 97 .doc is unsupported; an encrypted workbook is encrypted; a compound file of junk is invalid', async () => {
    expect(await codeOf(readDocument(compound([['WordDocument', Buffer.from('hello')]])))).toBe('unsupported');
    expect(await codeOf(readDocument(compound([['EncryptionInfo', Buffer.alloc(10)], ['EncryptedPackage', Buffer.alloc(10)]])))).toBe('encrypted');
    expect(await codeOf(readDocument(compound([['Workbook', Buffer.alloc(100, 7)]])))).toBe('invalid-spreadsheet');
    expect(await codeOf(readDocument(compound([['Contents', Buffer.alloc(100, 7)]])))).toBe('unsupported');
  });
  it('truncated XLS and XLSX files', async () => {
    const xls = fixture('003_d55e84fb4eb038f4.xls');
    expect(await codeOf(readDocument(xls.subarray(0, 3000)))).toBe('invalid-spreadsheet');
    expect(await codeOf(readDocument(xls.subarray(0, 8)))).toBe('invalid-spreadsheet');
    const xlsx = fixture('003_d55e84fb4eb038f4.xlsx');
    expect(await codeOf(readDocument(xlsx.subarray(0, xlsx.length - 200)))).toBe('invalid-spreadsheet');
  });
  it('an XLSX zip bomb, refused from its directory; an entry that inflates past its declared size, caught at that size', async () => {
    expect(await codeOf(readDocument(zipDeclaring('xl/workbook.xml', 4_000_000_000)))).toBe('too-large');
    const big = Buffer.alloc(50 * 1024 * 1024, 32);
    const packed = deflateRawSync(big);
    const name = Buffer.from('xl/workbook.xml');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(big), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(100, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(big), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(100, 24); // declares 100 bytes
    central.writeUInt16LE(name.length, 28);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(46 + name.length, 12);
    end.writeUInt32LE(30 + name.length + packed.length, 16);
    const lying = Buffer.concat([local, name, packed, central, name, end]);
    await expect(readSpreadsheet(lying)).rejects.toThrow(/inflates past its declared 100 bytes/);
  });
  it('more cells or sheets than the limits', async () => {
    const bytes = fixture('003_d55e84fb4eb038f4.xlsx');
    expect(await codeOf(readSpreadsheet(bytes, { maxCells: 50 }))).toBe('too-large');
    expect(await codeOf(readSpreadsheet(bytes, { maxPages: 1 }))).toBe('too-many-pages');
  });
});
