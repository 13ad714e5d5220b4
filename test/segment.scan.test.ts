/**
 * Scanned procedure tables whose row rules are faint or broken (Banyuwangi's page images in
 * ../shared/wild show the pattern): the page is also read as positioned lines cut at the column
 * rules, rows without step numbers are anchored by their Waktu, and the more plausible reading wins.
 */
import { describe, expect, it } from 'vitest';
import type { Rule, Word } from '../src/read/geometry.js';
import { findGrids, layoutPage } from '../src/read/tables.js';
import type { LayoutDocument, LayoutRow } from '../src/read/layout.js';
import { segmentBest, segmentDocument } from '../src/segment/index.js';
import { plausibility } from '../src/segment/procedure/score.js';

const h = (x0: number, x1: number, y: number): Rule => ({ orientation: 'h', box: { x0, x1, y0: y, y1: y + 3 } });
const v = (x: number, y0: number, y1: number): Rule => ({ orientation: 'v', box: { x0: x, x1: x + 3, y0, y1 } });
const words = (text: string, x: number, y: number): Word[] => {
  let at = x;
  return text.split(' ').map((t) => {
    const w = { text: t, box: { x0: at, x1: at + t.length * 12, y0: y, y1: y + 20 }, conf: 95 };
    at += t.length * 12 + 10;
    return w;
  });
};

describe('table grids of scans', () => {
  it('bounds an outer column without its outer rule by the row rules running past the last divider', () => {
    // no rule left of x 700 (the scan cut the page's edge); row rules run from x 30
    const rules = [h(30, 1500, 100), h(30, 1500, 200), h(30, 1500, 300), v(700, 100, 300), v(1000, 100, 300), v(1500, 100, 300)];
    const [g] = findGrids(rules, 'px');
    expect(g!.xs.map(Math.round)).toEqual([30, 702, 1002, 1502]);
  });
  it('bounds a row the page break cut, drawn without its bottom rule, by the column rules running on (wild 018)', () => {
    const rules = [h(30, 800, 80), h(30, 800, 120), h(30, 800, 550), v(30, 80, 580), v(220, 80, 580), v(800, 80, 580)];
    const [g] = findGrids(rules, 'pt');
    expect(g!.ys.map(Math.round)).toEqual([82, 122, 552, 580]);
  });
  it('takes no grid narrower than a table can be for one (a logo\'s strokes beside a letterhead, wild 022 as a scan)', () => {
    // 264 px wide at 300 dpi (0.9 in): a logo; 600 px (2 in): a table
    const grid = (w: number): Rule[] => [h(0, w, 0), h(0, w, 100), h(0, w, 200), v(0, 0, 200), v(w / 2, 0, 200), v(w, 0, 200)];
    expect(findGrids(grid(264), 'px', 300)).toHaveLength(0);
    expect(findGrids(grid(600), 'px', 300)).toHaveLength(1);
  });
  it('takes no small grid of word strokes inside a table for a table', () => {
    const table = [h(0, 1000, 0), h(0, 1000, 500), v(0, 0, 500), v(500, 0, 500), v(1000, 0, 500)];
    const strokes = [h(100, 300, 200), h(100, 300, 260), v(100, 200, 260), v(200, 200, 260), v(300, 200, 260)];
    expect(findGrids([...table, ...strokes], 'px')).toHaveLength(1);
  });
  it('gives a scanned page also as positioned lines cut at the column rules', () => {
    const rules = [h(0, 1200, 0), h(0, 1200, 400), v(0, 0, 400), v(600, 0, 400), v(1200, 0, 400)];
    const page = layoutPage({ number: 1, unit: 'px', width: 1300, height: 500, words: [...words('Menerima formulir', 20, 50), ...words('1 Hari', 620, 50)], rules, shapes: [] });
    expect(page.positioned?.map((r: LayoutRow) => r.cells.map((c) => c.text))).toEqual([['Menerima formulir', '1 Hari']]);
    const pdf = layoutPage({ number: 1, unit: 'pt', width: 1300, height: 500, words: [], rules, shapes: [] });
    expect(pdf.positioned).toBeUndefined();
  });
  it('gives a born-digital page with tables also with its free text cut at every word gap', () => {
    // a ruled table above, and below it a table without rules whose justified columns run together
    // at wide gaps only (wild 022): `1 Identifikasi PLP mengidentifikasi` with gaps of 2-3 characters
    const rules = [h(0, 600, 0), h(0, 600, 100), v(0, 0, 100), v(300, 0, 100), v(600, 0, 100)];
    const free = [...words('1', 0, 300), ...words('Identifikasi', 40, 300), ...words('PLP', 220, 300), ...words('mengidentifikasi', 290, 300)];
    const pdf = layoutPage({ number: 1, unit: 'pt', width: 600, height: 800, words: [...words('Nomor SOP', 20, 50), ...free], rules, shapes: [] });
    const text = (rs: LayoutRow[]): string[][] => rs.filter((r) => r.cells.length).map((r) => r.cells.map((c) => c.text));
    expect(text(pdf.rows)).toEqual([['Nomor SOP'], ['1 Identifikasi PLP mengidentifikasi']]);
    expect(text(pdf.positioned!)).toEqual([['Nomor SOP'], ['1', 'Identifikasi', 'PLP', 'mengidentifikasi']]);
    // free text whose words stand a space apart reads the same cut at word gaps: no second reading
    const plain = layoutPage({ number: 1, unit: 'pt', width: 600, height: 800, words: [...words('Nomor SOP', 20, 50), ...words('Disahkan oleh Kepala Dinas', 0, 300)], rules, shapes: [] });
    expect(text(plain.rows)).toEqual([['Nomor SOP'], ['Disahkan oleh Kepala Dinas']]);
    expect(plain.positioned).toBeUndefined();
  });
});

describe('readings of a scanned page', () => {
  const at = (x: number, text: string) => ({ text, x, width: text.length * 12 });
  const line = (y: number, ...cells: Array<{ text: string; x: number; width: number }>) => ({ y, height: 20, cells });
  // the positioned reading: a header, then rows without numbers, each with its Waktu
  const positioned = [
    line(0, at(40, 'URAIAN PROSEDUR'), at(700, 'PELAKSANA'), at(1300, 'MUTU BAKU')),
    line(30, at(680, 'Front Desk/'), at(900, 'Bidang')),
    line(50, at(560, 'Pemohon'), at(680, 'Sekretariat'), at(900, 'Layanan'), at(1200, 'Kelengkapan'), at(1400, 'Waktu'), at(1500, 'Output')),
    line(100, at(40, 'Mengisi formulir permohonan'), { text: '▭', x: 580, width: 40, shape: 'process' as const }, at(1200, 'KTP'), at(1400, '1 Hari'), at(1500, 'Formulir terisi')),
    line(125, at(40, 'informasi secara langsung')),
    line(200, at(40, 'Menerima formulir dan mencatat'), { text: '▭', x: 720, width: 40, shape: 'process' as const }, at(1200, 'Formulir'), at(1400, '1 Hari'), at(1500, 'Tanda bukti')),
  ];
  // the grid's reading: header and data run together in one row, as faint row rules leave them
  const grid = [{ y: 0, height: 300, cells: [{ text: 'URAIAN PROSEDUR\nMengisi formulir', x: 0, width: 590, col: 0 }, { text: 'PELAKSANA Front Desk/ Pemohon Sekretariat Kelengkapan KTP 1 Hari', x: 600, width: 600, col: 1 }] }];
  const doc: LayoutDocument = { format: 'image', textLayer: 'ocr', ocr: null, diagnostics: [], pages: [{ number: 1, unit: 'px', width: 1700, rows: grid, positioned }] };
  it('reads the rows of a table without step numbers by their Waktu, and wraps the header\'s labels', () => {
    const [s] = segmentDocument({ ...doc, pages: [{ ...doc.pages[0]!, rows: positioned }] });
    expect(s!.procedure!.actors).toEqual(['Pemohon', 'Front Desk/ Sekretariat', 'Bidang Layanan']);
    expect(s!.procedure!.steps.map((x) => [x.number, x.activity, x.duration, x.output])).toEqual([
      [null, 'Mengisi formulir permohonan informasi secara langsung', '1 Hari', 'Formulir terisi'],
      [null, 'Menerima formulir dan mencatat', '1 Hari', 'Tanda bukti'],
    ]);
  });
  it('keeps the more plausible of the grid\'s and the lines\' readings, and says which', () => {
    const [s] = segmentBest(doc);
    expect(s!.procedure!.steps).toHaveLength(2);
    expect(s!.diagnostics.find((d) => d.code === 'layout-reading')?.message).toMatch(/positioned lines/);
  });
});

describe('plausibility', () => {
  const step = (number: number | null, inferred = false) => ({ number, activity: 'Membuat surat', marks: ['□'], shapes: [null], requirements: null, duration: '1 hari', output: null, notes: null, page: 1, ...(inferred ? { numberInferred: true } : {}) });
  it('takes no evidence from numbers inferred from the order of the rows', () => {
    const read = plausibility({ actors: ['Staf'], durationHeader: null, steps: [step(1), step(2), step(3)] }, new Set());
    const inferred = plausibility({ actors: ['Staf'], durationHeader: null, steps: [step(1, true), step(2, true), step(3, true)] }, new Set());
    expect(read.parts.numbering).toBe(1);
    expect(inferred.parts.numbering).toBe(0);
  });
  it('counts a lost step against a numbering that starts past 1 (seed 002 turned 90°: its `1` read as `al`)', () => {
    const lost = plausibility({ actors: ['Staf'], durationHeader: null, steps: [2, 3, 4, 5].map((n) => step(n)) }, new Set());
    const kept = plausibility({ actors: ['Staf'], durationHeader: null, steps: [step(1, true), ...[2, 3, 4, 5].map((n) => step(n))] }, new Set());
    expect(lost.parts.numbering).toBeCloseTo(3 / 5);
    expect(kept.parts.numbering).toBeCloseTo(3 / 5);
  });
  it('finds actor labels that swallowed header and data cells implausible', () => {
    const long = plausibility({ actors: ['MUTU BAKU Kelengkapan Waktu Output Fotocopy Identitas/ 1 Hari Formulir Permohonan'], durationHeader: null, steps: [step(1)] }, new Set());
    expect(long.parts.actors).toBe(0);
  });
});
