import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contourKind, enclosedShare, isOutlineOf, sharpCorners, SOLID_FILL, solidSymbols, tiledRectangles } from '../src/read/symbols.js';
import type { Box, Rule, Shape, Word } from '../src/read/geometry.js';

type P = [number, number];

/** A capsule of width w and height h, its round ends flattened into `steps` segments each (as PDF printers write curves). */
function capsule(w: number, h: number, steps: number): P[] {
  const r = h / 2;
  const pts: P[] = [];
  for (let i = 0; i <= steps; i++) {
    const a = -Math.PI / 2 + (Math.PI * i) / steps;
    pts.push([w - r + r * Math.cos(a), r + r * Math.sin(a)]);
  }
  for (let i = 0; i <= steps; i++) {
    const a = Math.PI / 2 + (Math.PI * i) / steps;
    pts.push([r + r * Math.cos(a), r + r * Math.sin(a)]);
  }
  return pts;
}

describe('flowchart symbols from vector contours', () => {
  // contours as a stroke-outlining PDF printer wrote them (BPS Provinsi Bengkulu 2025, ../shared/wild 036 page 2)
  const rectOuter: P[] = [[0, 0], [45.4, 0], [45.4, 17.4], [0, 17.4], [0, 0]];
  const rectInner: P[] = [[1.6, 16.6], [0.8, 15.8], [44.6, 15.8], [43.8, 16.6], [43.8, 0.8], [44.6, 1.6], [0.8, 1.6], [1.6, 0.8], [1.6, 16.6]];
  it('reads a rectangle drawn as a filled outline as a process', () => {
    expect(isOutlineOf(rectOuter, rectInner)).toBe(true);
    expect(contourKind(rectOuter, false)).toBe('process');
  });
  it('reads a capsule whose curves were flattened into segments as a terminator', () => {
    const outer = capsule(45.4, 17.2, 14);
    const inner = outer.map(([x, y]): P => [0.8 + x * (43.8 / 45.4), 0.8 + y * (15.6 / 17.2)]);
    expect(isOutlineOf(outer, inner)).toBe(true);
    expect(contourKind(outer, false)).toBe('terminator');
  });
  it('reads a diamond as a decision and a Bézier capsule as a terminator', () => {
    expect(contourKind([[20, 0], [40, 17], [20, 34], [0, 17]], false)).toBe('decision');
    expect(contourKind([[8, 0], [37, 0], [45, 8], [37, 17], [8, 17], [0, 8]], true)).toBe('terminator');
  });
  it('reads no symbol in a circle (an on-page connector), a tiny mark or a table-sized frame', () => {
    const circle: P[] = Array.from({ length: 24 }, (_, i): P => [10 + 10 * Math.cos((i * Math.PI) / 12), 10 + 10 * Math.sin((i * Math.PI) / 12)]);
    expect(contourKind(circle, false)).toBeNull();
    expect(contourKind([[0, 0], [3, 0], [3, 3], [0, 3]], false)).toBeNull();
    expect(contourKind([[0, 0], [500, 0], [500, 300], [0, 300]], false)).toBeNull();
  });
  it('does not take a connector and its arrowhead for an outline (dev-docs 036: op 993)', () => {
    const band: P[] = [[0, 0], [0, -0.6], [-0.8, 0.2], [48.2, 0.2], [47.4, -0.6], [47.4, 36.8], [49, 36.8], [49, -1.4], [-1.6, -1.4], [-1.6, 0]];
    const arrow: P[] = [[45.8, 36], [48.2, 40.8], [50.6, 36]];
    expect(isOutlineOf(band, arrow)).toBe(false);
  });
  it('keeps the four corners of any rectangle whatever its points on the sides', () => {
    fc.assert(fc.property(fc.integer({ min: 8, max: 150 }), fc.integer({ min: 6, max: 100 }), fc.integer({ min: 0, max: 5 }), (w, h, extra) => {
      const side: P[] = Array.from({ length: extra }, (_, i): P => [((i + 1) * w) / (extra + 1), 0]);
      const pts: P[] = [[0, 0], ...side, [w, 0], [w, h], [0, h]];
      expect(sharpCorners(pts)).toHaveLength(4);
    }));
  });
});

describe('rectangles with points along their sides', () => {
  it('are processes, not curves', () => {
    fc.assert(fc.property(fc.integer({ min: 8, max: 150 }), fc.integer({ min: 6, max: 100 }), fc.integer({ min: 0, max: 8 }), (w, h, extra) => {
      const side: P[] = Array.from({ length: extra }, (_, i): P => [((i + 1) * w) / (extra + 1), 0]);
      expect(contourKind([[0, 0], ...side, [w, 0], [w, h], [0, h]], false)).toBe('process');
    }));
  });
});

describe('decisions and arrowheads', () => {
  it('reads a diamond as a decision, a four-point arrowhead (a dart) as none', () => {
    expect(contourKind([[20, 0], [40, 17], [20, 34], [0, 17]], false)).toBe('decision');
    expect(contourKind([[0, 0], [12, 4], [0, 8], [3, 4]], false)).toBeNull();
  });
});

describe('rectangles: a table drawn cell by cell, or process symbols', () => {
  it('takes rectangles sharing edges for cells and a rectangle standing alone in a cell for a symbol', () => {
    const cells = [{ x0: 0, y0: 0, x1: 60, y1: 40 }, { x0: 60.5, y0: 0, x1: 120, y1: 40 }, { x0: 0, y0: 40, x1: 60, y1: 80 }];
    const symbol = { x0: 70, y0: 50, x1: 110, y1: 65 };
    expect(tiledRectangles([...cells, symbol])).toEqual([true, true, true, false]);
  });
  it('takes two symbols side by side in one row for symbols when they share no edge', () => {
    expect(tiledRectangles([{ x0: 10, y0: 10, x1: 50, y1: 25 }, { x0: 70, y0: 10, x1: 110, y1: 25 }])).toEqual([false, false]);
  });
});

describe('solid symbols: filled shapes without an outline', () => {
  const box = (x0: number, y0: number, x1: number, y1: number): Box => ({ x0, y0, x1, y1 });
  const rule = (x0: number, y0: number, x1: number, y1: number): Rule => ({ box: box(x0, y0, x1, y1), orientation: x1 - x0 >= y1 - y0 ? 'h' : 'v' });
  it('measures the share of its box a contour covers: a box all, a diamond half, an elbow connector a strip', () => {
    expect(enclosedShare([[0, 0], [36, 0], [36, 19], [0, 19]], box(0, 0, 36, 19))).toBeCloseTo(1, 5);
    expect(enclosedShare([[20, 0], [40, 17], [20, 34], [0, 17]], box(0, 0, 40, 34))).toBeCloseTo(0.5, 5);
    // a bent connector 1 pt wide from (0,0) right 40 then down 28, filled as an outline (dev-docs 01 page 2)
    const elbow: P[] = [[0, 0], [40, 0], [40, 28], [39, 28], [39, 1], [0, 1]];
    expect(enclosedShare(elbow, box(0, 0, 40, 28))).toBeLessThan(SOLID_FILL);
  });
  // Politeknik Negeri Lampung's Bagan Alir table (../shared/wild 026 page 6): coloured boxes in the actor columns
  const symbol: Shape = { kind: 'process', box: box(199.4, 347.6, 235.4, 367.1) };
  it('keeps a coloured box in an empty cell as a symbol', () => {
    const rules = [rule(150, 330, 300, 331), rule(150, 380, 300, 381), rule(190, 330, 191, 381), rule(245, 330, 246, 381)];
    expect(solidSymbols([symbol], [], rules, [])).toEqual([symbol]);
  });
  it('drops a cell shading (on the cell rules on three sides or more), a fill under a label and a fill under an outlined symbol', () => {
    const shading: Shape = { kind: 'process', box: box(190.5, 330.5, 245.5, 360) };
    const rules = [rule(150, 330, 300, 331), rule(190, 330, 191, 381), rule(245, 330, 246, 381)];
    expect(solidSymbols([shading], [], rules, [])).toEqual([]);
    const label: Word = { text: 'Mulai', box: box(205, 352, 228, 362) };
    expect(solidSymbols([symbol], [label], [], [])).toEqual([]);
    expect(solidSymbols([symbol], [], [], [{ kind: 'process', box: box(199, 347, 236, 368) }])).toEqual([]);
  });
});
