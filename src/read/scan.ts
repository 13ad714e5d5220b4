/**
 * Scanned pages and photos → the layout model: orientation (quarter turns, from the direction of
 * the ink's lines and the OCR's confidence), small skew, table rules from pixels, OCR words, and
 * flowchart symbols as ink left in table cells once the words are taken out.
 */
import type { Box, Shape, ShapeKind, Word } from './geometry.js';
import { binarize, detectRules, estimateSkew, inkRatio, rotateQuarter, rotateSmall, shrink, whiten, type GreyImage } from './image.js';
import type { Diagnostic, LayoutPage } from './layout.js';
import type { OcrEngine } from './ocr.js';
import { findGrids, layoutPage, type Grid } from './tables.js';

export interface ScannedPage {
  page: LayoutPage;
  meanConfidence: number;
  /** Quarter turns applied (clockwise) and the skew corrected, in degrees. */
  turns: number;
  skew: number;
  diagnostics: Diagnostic[];
}

/** Sharpness of the ink's projection on rows (`axis` 'y') or columns: high where text lines run across. */
function profileSharpness(bin: Uint8Array, w: number, h: number, axis: 'x' | 'y'): number {
  const n = axis === 'y' ? h : w;
  const prof = new Float64Array(n);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (bin[y * w + x]) prof[axis === 'y' ? y : x]!++;
  let s = 0;
  for (let i = 1; i < n; i++) s += (prof[i]! - prof[i - 1]!) ** 2;
  return s / n;
}

/**
 * Quarter turns that bring the page upright. Text lines make the projection of ink on rows sharper
 * than on columns, which tells sideways (90°/270°) from upright (0°/180°); between the two
 * candidates left, the OCR of a strip of the page decides by its mean confidence.
 */
async function orientation(img: GreyImage, engine: OcrEngine): Promise<number> {
  const small = shrink(img, Math.max(1, Math.round(img.width / 800)));
  const bin = binarize(small);
  const rows = profileSharpness(bin, small.width, small.height, 'y');
  const cols = profileSharpness(bin, small.width, small.height, 'x');
  const candidates = cols > rows * 1.15 ? [1, 3] : [0, 2];
  const strip = (turns: number): GreyImage => {
    const r = rotateQuarter(img, turns);
    const h = Math.round(r.height / 5);
    const y0 = Math.round(r.height / 2 - h / 2);
    return { width: r.width, height: h, data: r.data.slice(y0 * r.width, (y0 + h) * r.width) };
  };
  const first = await engine.recognize(strip(candidates[0]!));
  if (first.meanConfidence >= 75 && first.words.length >= 5) return candidates[0]!;
  const second = await engine.recognize(strip(candidates[1]!));
  const score = (r: { meanConfidence: number; words: Word[] }): number => r.meanConfidence * Math.min(1, r.words.length / 10);
  return score(second) > score(first) ? candidates[1]! : candidates[0]!;
}

/**
 * Classifies the ink of a symbol by how much of the top edge of its box is inked: a rectangle's
 * whole top edge, a capsule's straight middle part, a diamond's apex only.
 */
function shapeKind(bin: Uint8Array, w: number, b: Box): ShapeKind {
  const band = Math.max(2, Math.round((b.y1 - b.y0) * 0.08));
  let inked = 0;
  let cols = 0;
  for (let x = Math.floor(b.x0); x < Math.ceil(b.x1); x++) {
    cols++;
    for (let y = Math.floor(b.y0); y < Math.floor(b.y0) + band; y++) {
      if (bin[y * w + x]) {
        inked++;
        break;
      }
    }
  }
  const cover = cols ? inked / cols : 0;
  if (cover > 0.85) return 'process';
  if (cover > 0.35) return 'terminator';
  return 'decision';
}

/**
 * Finds flowchart symbols: in each table cell, the ink that is neither text (OCR word boxes,
 * grown a little) nor the cell's own rules; a symbol is a blob at least `minSize` pixels in both
 * directions that does not span the cell from edge to edge (a connector line does).
 */
function findShapes(bin: Uint8Array, img: GreyImage, grids: Grid[], words: Word[], minSize: number): Shape[] {
  const shapes: Shape[] = [];
  const margin = Math.round(minSize / 3);
  const textBoxes = words.map((wd) => ({ x0: wd.box.x0 - 3, y0: wd.box.y0 - 3, x1: wd.box.x1 + 3, y1: wd.box.y1 + 3 }));
  for (const g of grids) {
    for (const r of g.regions) {
      const inner = { x0: r.box.x0 + margin, y0: r.box.y0 + margin, x1: r.box.x1 - margin, y1: r.box.y1 - margin };
      if (inner.x1 - inner.x0 < minSize || inner.y1 - inner.y0 < minSize) continue;
      const inside = textBoxes.filter((t) => t.x0 < inner.x1 && t.x1 > inner.x0 && t.y0 < inner.y1 && t.y1 > inner.y0);
      if (inkRatio(bin, img.width, inner, inside) < 0.004) continue;
      // bounding box of the remaining ink
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      const rowInk = new Map<number, number>();
      for (let y = Math.floor(inner.y0); y < inner.y1; y++) {
        for (let x = Math.floor(inner.x0); x < inner.x1; x++) {
          if (!bin[y * img.width + x] || inside.some((t) => x >= t.x0 && x < t.x1 && y >= t.y0 && y < t.y1)) continue;
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
          rowInk.set(y, (rowInk.get(y) ?? 0) + 1);
        }
      }
      if (!Number.isFinite(x0)) continue;
      // a symbol's outline closes: some rows inside its box carry ink at both its left and right parts
      const bw = x1 - x0;
      const bh = y1 - y0;
      if (bw < minSize || bh < minSize * 0.6) continue;
      const spansX = x0 <= inner.x0 + 2 && x1 >= inner.x1 - 3;
      const spansY = y0 <= inner.y0 + 2 && y1 >= inner.y1 - 3;
      if (spansX && spansY) continue;
      const box = { x0, y0, x1: x1 + 1, y1: y1 + 1 };
      const ink = [...rowInk.values()].reduce((a, b) => a + b, 0);
      if (ink < (bw + bh) * 0.9) continue; // a bent connector has about (w + h) × thickness / thickness pixels per row
      shapes.push({ kind: shapeKind(bin, img.width, box), box });
    }
  }
  return shapes;
}

/**
 * Reads one scanned page image at `dpi`: upright and deskewed, rules found, words OCRed with the
 * rules painted out, cells and symbols laid out. Cells read with confidence under `lowConfidence`
 * are reported as diagnostics naming the page.
 */
export async function readScannedPage(raw: GreyImage, number: number, engine: OcrEngine, dpi = 300, lowConfidence = 60): Promise<ScannedPage> {
  const diagnostics: Diagnostic[] = [];
  const turns = await orientation(raw, engine);
  let img = rotateQuarter(raw, turns);
  const skew = estimateSkew(img);
  if (Math.abs(skew) >= 0.2) img = rotateSmall(img, -skew);
  const rules = detectRules(img, Math.round(dpi / 3));
  const grids = findGrids(rules, 'px');
  const pad = Math.max(2, Math.round(dpi / 100));
  const clean = whiten(img, rules.map((r) => ({ x0: r.box.x0 - pad, y0: r.box.y0 - pad, x1: r.box.x1 + pad, y1: r.box.y1 + pad })));
  const ocr = await engine.recognize(clean);
  const words = ocr.words.filter((w) => /[\p{L}\p{N}]/u.test(w.text) || w.text.length > 1 || (w.conf ?? 0) > 80);
  const bin = binarize(clean);
  const shapes = findShapes(bin, clean, grids, words, Math.round(dpi / 12));
  const page = layoutPage({ number, unit: 'px', width: img.width, height: img.height, words, rules, shapes }, grids);
  const lowCells = page.rows.flatMap((r) => r.cells.filter((c) => c.conf !== undefined && c.conf < lowConfidence));
  if (lowCells.length) {
    diagnostics.push({ level: 'warning', code: 'ocr-low-confidence', message: `page ${number}: ${lowCells.length} cell(s) read with confidence under ${lowConfidence}: ${lowCells.slice(0, 5).map((c) => `"${c.text.slice(0, 30)}"`).join(', ')}` });
  }
  if (turns) diagnostics.push({ level: 'warning', code: 'page-rotated', message: `page ${number} was turned ${turns * 90}° to read it` });
  return { page, meanConfidence: ocr.meanConfidence, turns, skew, diagnostics };
}
