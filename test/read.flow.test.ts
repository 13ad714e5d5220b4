import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { showRecord } from '../src/cli/format.js';
import { processText, sha256Of } from '../src/import/pipeline.js';
import { decisionBranches, isArrowhead, type PathPiece } from '../src/read/flow.js';
import type { Branch, Rule, Shape, Word } from '../src/read/geometry.js';
import type { LayoutDocument } from '../src/read/layout.js';
import { layoutPage } from '../src/read/tables.js';
import { segmentDocument } from '../src/segment/index.js';

type P = [number, number];
const filled = (...points: P[]): PathPiece => ({ points, filled: true });
const stroked = (...points: P[]): PathPiece => ({ points, filled: false });
const box = (x0: number, y0: number, x1: number, y1: number) => ({ x0, y0, x1, y1 });
/** Branches with their points rounded to 0.01 pt. */
const rounded = (bs: Branch[] | undefined) => bs?.map((b) => ({ ...b, x: Math.round(b.x * 100) / 100, y: Math.round(b.y * 100) / 100 }));
const word = (text: string, x: number, baseline: number): Word => ({ text, box: { x0: x, y0: baseline - 9, x1: x + text.length * 5, y1: baseline + 2 } });

// Page 2 of a BPS Bengkulu SOP (dev-docs 02, Word export): connectors are thin filled outlines with
// rounded elbows, each ending in a filled triangle; coordinates as pdfjs's operator list gives them.
const sk = {
  shapes: [
    { kind: 'terminator', box: box(166.2, 104.9, 205.9, 120.8) }, // step 1
    { kind: 'decision', box: box(228.1, 148.4, 255.4, 173.1) }, // step 2
    { kind: 'process', box: box(280.3, 215.8, 320.1, 231.7) }, // step 3
  ] as Shape[],
  pieces: [
    // step 1 → step 2 (incoming: its arrowhead touches the decision)
    filled([205.9, 112.5], [241.8, 112.5], [242.1, 112.8], [242.1, 144.4], [241.5, 144.4], [241.5, 112.8], [241.8, 113.1], [205.9, 113.1]),
    filled([244.2, 143.6], [241.8, 148.5], [239.4, 143.6]),
    // right corner → down into step 3
    filled([255.4, 160.5], [300.2, 160.5], [300.5, 160.8], [300.5, 211.7], [299.9, 211.7], [299.9, 160.8], [300.2, 161.1], [255.4, 161.1]),
    filled([302.6, 210.9], [300.2, 215.8], [297.8, 210.9]),
    // left corner → up into step 1
    filled([228.1, 161.1], [186.1, 161.1], [185.8, 160.8], [185.8, 124.8], [186.4, 124.8], [186.4, 160.8], [186.1, 160.5], [228.1, 160.5]),
    filled([183.6, 125.6], [186.1, 120.8], [188.5, 125.6]),
  ],
  // "Tidak" sits on the left connector; "Ya" under the diamond, nearer the right one
  words: [word('Tidak', 194.6, 169.8), word('Ya', 248.2, 185.1), word('Melakukan telaah', 50, 160)],
};

describe('decision branches from vector connectors', () => {
  it('follows each labelled connector of a diamond to the symbol its arrowhead points into', () => {
    const got = decisionBranches(sk.shapes, sk.pieces, sk.words);
    expect([...got.keys()]).toEqual([1]);
    expect(rounded(got.get(1))).toEqual([
      { answer: 'yes', x: 300.2, y: 223.75 },
      { answer: 'no', x: 186.05, y: 112.85 },
    ]);
  });

  it('gives the unlabelled branch the other answer, and follows a connector that joins another one half-way', () => {
    // dev-docs 03: the right corner's stroked polyline ends on the vertical of the next decision's
    // connector, whose arrowhead points into the step below both; only "Ya" is written for it
    const shapes: Shape[] = [
      { kind: 'decision', box: box(271.4, 182.2, 328.4, 237) },
      { kind: 'process', box: box(354, 270.5, 402.8, 297.5) },
      { kind: 'decision', box: box(271, 306.5, 328, 361.3) },
      { kind: 'process', box: box(507.6, 405.7, 556.4, 432.7) },
    ];
    const pieces = [
      filled([297.8, 236.7], [299.1, 236.7], [299.1, 280.5], [298.9, 280.2], [349, 280.2], [349, 280.7], [298.6, 280.7], [298.6, 237], [297.8, 237.2]),
      filled([348, 277.5], [354, 280.5], [348, 283.5]),
      stroked([328, 209.2], [535, 209.2], [535, 365.2], [535, 365.2]),
      filled([327.8, 334.2], [535, 334.2], [535, 397], [534.5, 397], [534.5, 334.5], [534.8, 334.7], [327.8, 334.7]),
      filled([537.8, 396], [534.8, 402], [531.8, 396]),
      // the diamond's own white fill, drawn as a second path
      filled([271.4, 209.6], [299.9, 182.2], [328.4, 209.6], [299.9, 237]),
    ];
    const got = decisionBranches(shapes, pieces, [word('Ya', 351.1, 203.7)]);
    expect(rounded(got.get(0))).toEqual([
      { answer: 'no', x: 378.4, y: 284 },
      { answer: 'yes', x: 532, y: 419.2 },
    ]);
    // the second decision's one branch has no Ya/Tidak label of its own within reach
    expect(got.has(2)).toBe(false);
    // the same drawing listed in another order, with a label on the second decision's connector:
    // each label goes to the connector leaving its own decision
    const order = [3, 2, 1, 0];
    const shuffled = order.map((i) => shapes[i]!);
    const again = decisionBranches(shuffled, [...pieces].reverse(), [word('Tidak', 380, 330), word('Ya', 351.1, 203.7)]);
    expect(rounded(again.get(order.indexOf(0)))?.sort((a, b) => a.answer.localeCompare(b.answer))).toEqual([
      { answer: 'no', x: 378.4, y: 284 },
      { answer: 'yes', x: 532, y: 419.2 },
    ]);
    expect(rounded(again.get(order.indexOf(2)))).toEqual([{ answer: 'no', x: 532, y: 419.2 }]);
  });

  it('gives up a connector that runs into a large drawing instead of following it across the page', () => {
    // a decision whose connector touches a chain of 2000 pieces of 30 points each (outlined text,
    // a hatched area) that ends in an arrowhead pointing into a symbol
    const decision: Shape = { kind: 'decision', box: box(0, 0, 20, 20) };
    const far: Shape = { kind: 'process', box: box(20000, 0, 20040, 15) };
    const chain = Array.from({ length: 2000 }, (_, k) => filled(...Array.from({ length: 30 }, (_, j): P => [20 + k * 10 + j / 3, j % 2])));
    const head = filled([20015, 5], [20020, 7.5], [20015, 10]);
    expect(decisionBranches([decision, far], [...chain, head], [word('Ya', 25, 5)]).size).toBe(0);
  });

  it('gives no branches to a decision whose answers are other words or both the same', () => {
    expect(decisionBranches(sk.shapes, sk.pieces, [word('Tatap', 194.6, 169.8), word('Kotak', 248.2, 185.1)]).size).toBe(0);
    expect(decisionBranches(sk.shapes, sk.pieces, [word('Ya', 194.6, 169.8), word('Ya', 270, 158)]).size).toBe(0);
  });

  it('tells arrowheads from other small paths', () => {
    expect(isArrowhead(filled([244.2, 143.6], [241.8, 148.5], [239.4, 143.6]))).toBe(true);
    expect(isArrowhead(filled([244.2, 143.6], [241.8, 148.5], [239.4, 143.6], [244.2, 143.6]))).toBe(true);
    expect(isArrowhead(stroked([244.2, 143.6], [241.8, 148.5], [239.4, 143.6]))).toBe(false);
    expect(isArrowhead(filled([0, 0], [40, 0], [20, 30]))).toBe(false);
  });

  it('never throws and gives at most one branch per answer on random drawings', () => {
    const pt = fc.tuple(fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 0, max: 200, noNaN: true }));
    const shape = fc.record({
      kind: fc.constantFrom('terminator' as const, 'process' as const, 'decision' as const),
      box: fc.tuple(pt, fc.double({ min: 4, max: 40, noNaN: true })).map(([[x, y], s]) => box(x, y, x + s, y + s / 2)),
    });
    const piece = fc.record({ points: fc.array(pt, { minLength: 1, maxLength: 8 }), filled: fc.boolean() });
    const label = fc.tuple(fc.constantFrom('Ya', 'Tidak', 'ya', 'TIDAK', 'Lain'), pt).map(([t, [x, y]]) => word(t, x, y));
    fc.assert(
      fc.property(fc.array(shape, { maxLength: 6 }), fc.array(piece, { maxLength: 25 }), fc.array(label, { maxLength: 4 }), (shapes, pieces, words) => {
        for (const [i, bs] of decisionBranches(shapes, pieces, words)) {
          expect(shapes[i]!.kind).toBe('decision');
          expect(new Set(bs.map((b) => b.answer)).size).toBe(bs.length);
          // every branch leads into another symbol, at its centre
          for (const b of bs) expect(shapes.some((s, k) => k !== i && Math.abs((s.box.x0 + s.box.x1) / 2 - b.x) < 1e-9 && Math.abs((s.box.y0 + s.box.y1) / 2 - b.y) < 1e-9)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('decision branches into step numbers', () => {
  it('finds the step in the row each branch points into', () => {
    // | No | Uraian Prosedur | Pelaksana: Kasubag | Kabag | Kelengkapan | Waktu | Output |
    const h = (y: number): Rule => ({ orientation: 'h', box: { x0: 0, x1: 500, y0: y, y1: y + 0.5 } });
    const v = (x: number): Rule => ({ orientation: 'v', box: { x0: x, x1: x + 0.5, y0: 0, y1: 200 } });
    const rules = [0, 20, 40, 80, 120, 160, 200].map(h).concat([0, 30, 150, 220, 290, 360, 430, 500].map(v));
    const w = (text: string, x: number, y: number): Word => ({ text, box: { x0: x, y0: y, x1: x + text.length * 4, y1: y + 7 } });
    const words = [
      w('No', 5, 5), w('Uraian Prosedur', 35, 5), w('Pelaksana', 160, 5), w('Kelengkapan', 295, 5), w('Waktu', 365, 5), w('Output', 435, 5),
      w('Kasubag', 155, 25), w('Kabag', 225, 25),
      w('1', 5, 45), w('Membuat konsep', 35, 45), w('Data', 295, 45), w('1 jam', 365, 45), w('Konsep', 435, 45),
      w('2', 5, 85), w('Memeriksa konsep', 35, 85), w('Konsep', 295, 85), w('10 menit', 365, 85), w('Konsep', 435, 85),
      w('3', 5, 125), w('Memperbaiki konsep', 35, 125), w('Konsep', 295, 125), w('30 menit', 365, 125), w('Konsep', 435, 125),
      w('4', 5, 165), w('Menandatangani', 35, 165), w('Konsep', 295, 165), w('5 menit', 365, 165), w('Surat', 435, 165),
    ];
    const shapes: Shape[] = [
      { kind: 'process', box: box(160, 50, 200, 65) },
      { kind: 'decision', box: box(235, 85, 265, 110), branches: [{ answer: 'no', x: 180, y: 135 }, { answer: 'yes', x: 250, y: 175 }] },
      // its yes branch leads into the header row, its no branch below the table: neither is a step
      { kind: 'decision', box: box(235, 125, 265, 150), branches: [{ answer: 'yes', x: 250, y: 30 }, { answer: 'no', x: 250, y: 260 }] },
      { kind: 'process', box: box(160, 130, 200, 145) },
      { kind: 'process', box: box(230, 170, 270, 185) },
    ];
    const page = layoutPage({ number: 1, unit: 'pt', width: 600, height: 300, words, rules, shapes });
    const doc: LayoutDocument = { format: 'pdf', textLayer: 'native', pages: [page], ocr: null, diagnostics: [] };
    const steps = segmentDocument(doc)[0]!.procedure!.steps;
    expect(steps.map((s) => [s.number, s.shapes.find(Boolean), s.next ?? null])).toEqual([
      [1, 'process', null],
      [2, 'decision', { yes: 4, no: 3 }],
      [3, 'process', null],
      [4, 'process', null],
    ]);
    expect(steps[2]!.shapes).toEqual(['process', 'decision']);
  });
});

describe('decision branches shown by `sop show`', () => {
  it('writes the branches under a decision step, and ? for one not recovered', () => {
    const bytes = readFileSync(new URL('../corpus/000_64e8e44553c70391.txt', import.meta.url));
    const record = processText('000.txt', bytes, sha256Of(bytes)).records[0]!;
    record.steps[1] = { ...record.steps[1], kind: 'decision', next: { yes: 3, no: null } };
    const text = showRecord(record);
    expect(text).toContain('◇ Ya → 3, Tidak → ?');
    expect(text.match(/◇/g)).toHaveLength(1);
  });
});
