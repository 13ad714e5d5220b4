import { describe, expect, it } from 'vitest';
import type { Rule, Word } from '../src/read/geometry.js';
import { cellText, layoutPage, SHAPE_TEXT } from '../src/read/tables.js';

const h = (x0: number, x1: number, y: number): Rule => ({ orientation: 'h', box: { x0, x1, y0: y, y1: y + 0.5 } });
const v = (x: number, y0: number, y1: number): Rule => ({ orientation: 'v', box: { x0: x, x1: x + 0.5, y0, y1 } });
const word = (text: string, x0: number, y0: number, w = text.length * 4): Word => ({ text, box: { x0, x1: x0 + w, y0, y1: y0 + 7 } });

describe('tables from rules', () => {
  it('rebuilds merged header cells and data rows into gridded rows', () => {
    // | No | Uraian | Pelaksana (2 columns)     |
    // |    |        | Camat      | Lurah        |
    // | 1  | Membuat| ▭ (shape)  |              |
    const rules = [h(0, 300, 0), h(100, 300, 20), h(0, 300, 40), h(0, 300, 80), v(0, 0, 80), v(30, 0, 80), v(100, 0, 80), v(200, 20, 80), v(300, 0, 80)];
    const words = [word('No', 5, 5), word('Uraian', 40, 5), word('Pelaksana', 150, 5), word('Camat', 120, 25), word('Lurah', 220, 25), word('1', 5, 50), word('Membuat', 40, 50)];
    const page = layoutPage({ number: 1, unit: 'pt', width: 400, height: 200, words, rules, shapes: [{ kind: 'process', box: { x0: 120, y0: 50, x1: 160, y1: 65 } }] });
    expect(page.rows.map((r) => r.cells.map((c) => [c.col, c.span, c.text]))).toEqual([
      [[0, 1, 'No'], [1, 1, 'Uraian'], [2, 2, 'Pelaksana']],
      [[2, 1, 'Camat'], [3, 1, 'Lurah']],
      [[0, 1, '1'], [1, 1, 'Membuat'], [2, 1, SHAPE_TEXT.process]],
    ]);
    expect(page.rows[2]!.cells[2]!.shape).toBe('process');
  });
  it('rebuilds a table drawn cell by cell, its dividers drawn a point or so apart row by row (wild 032)', () => {
    // the divider of the header row at x 60.3, of the body at 59 and, below, at 57.6: one divider
    const rules: Rule[] = [h(0, 120, 0), h(0, 120, 20), h(0, 120, 140), h(0, 120, 180), v(0, 0, 180), v(120, 0, 180), v(59, 20, 140), v(57.6, 140, 180), v(60.3, 0, 20)];
    const words = [word('No', 5, 5), word('Uraian', 65, 5), word('1', 5, 60), word('Membuat', 65, 60), word('2', 5, 150), word('Memeriksa', 65, 150)];
    const page = layoutPage({ number: 1, unit: 'pt', width: 200, height: 200, words, rules, shapes: [] });
    expect(page.rows.map((r) => r.cells.map((c) => [c.col, c.text]))).toEqual([[[0, 'No'], [1, 'Uraian']], [[0, '1'], [1, 'Membuat']], [[0, '2'], [1, 'Memeriksa']]]);
  });
  it('drops box edges and connectors that do not meet the grid', () => {
    const rules = [h(0, 300, 0), h(0, 300, 100), v(0, 0, 100), v(150, 0, 100), v(300, 0, 100), h(170, 230, 40), h(170, 230, 60), v(170, 40, 60), v(230, 40, 60)];
    const page = layoutPage({ number: 1, unit: 'pt', width: 400, height: 200, words: [word('a', 10, 10), word('b', 160, 80)], rules, shapes: [] });
    expect(page.rows.map((r) => r.cells.map((c) => c.col))).toEqual([[0, 1]]);
  });
  it('joins a wrapped line and keeps a short line as an item', () => {
    // the cell's right edge is at x 100; "Lampiran nama pelaksana" ends at 92, "SK" would not fit
    const words = [word('Nota dinas', 0, 0), word('Lampiran nama pelaksana', 0, 10), word('SK', 0, 20), word('Draf SK', 0, 30)];
    expect(cellText(words, 100)).toBe('Nota dinas\nLampiran nama pelaksana SK\nDraf SK');
  });
  it('splits text side by side in one cell into lines', () => {
    expect(cellText([word('1. Alat Tulis', 0, 0), word('4. Printer', 140, 0)], 300)).toBe('1. Alat Tulis\n4. Printer');
  });
});
