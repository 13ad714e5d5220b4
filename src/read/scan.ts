/**
 * Scanned pages and photos → the layout model: orientation (quarter turns, from the direction of
 * the ink's lines and the OCR's confidence), small skew, table rules from pixels, OCR words, and
 * flowchart symbols as ink left in table cells once the words are taken out.
 */
import type { Box, Rule, Shape, ShapeKind, Word } from './geometry.js';
import { binarize, detectRules, estimateSkew, inkRatio, rotateQuarter, rotateSmall, shrink, whiten, type GreyImage } from './image.js';
import type { Diagnostic, LayoutPage } from './layout.js';
import type { OcrEngine, OcrResult } from './ocr.js';
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
 * The two quarter-turn candidates for bringing a page upright, likelier first. Text lines make the
 * projection of ink on rows sharper than on columns, which tells sideways (90°/270°) from upright
 * (0°/180°); which of the two is right is left to the OCR's confidence (see readScannedPage).
 */
function turnCandidates(img: GreyImage): [number, number] {
  const small = shrink(img, Math.max(1, Math.round(img.width / 800)));
  const bin = binarize(small);
  const rows = profileSharpness(bin, small.width, small.height, 'y');
  const cols = profileSharpness(bin, small.width, small.height, 'x');
  return cols > rows * 1.15 ? [1, 3] : [0, 2];
}

/** A band across the middle of the page turned by `turns`, at half resolution: cheap to OCR. */
function strip(img: GreyImage, turns: number): GreyImage {
  const r = rotateQuarter(img, turns);
  const h = Math.round(r.height / 8);
  const y0 = Math.round(r.height / 2 - h / 2);
  return shrink({ width: r.width, height: h, data: r.data.slice(y0 * r.width, (y0 + h) * r.width) }, 2);
}

/** A page's words read the right way up: OCR confidence weighted by how many words were read. */
function readingScore(r: OcrResult): number {
  return r.meanConfidence * Math.min(1, r.words.length / 30);
}

/** Ink runs of one image row between x0 and x1 (merging breaks of up to 2 px). */
function runsOf(bin: Uint8Array, w: number, y: number, x0: number, x1: number, skip: (x: number, y: number) => boolean): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let x = x0; x < x1; x++) {
    if (!bin[y * w + x] || skip(x, y)) continue;
    const last = runs[runs.length - 1];
    if (last && x - last[1] <= 3) last[1] = x + 1;
    else runs.push([x, x + 1]);
  }
  return runs;
}

/**
 * Finds a flowchart symbol in a table cell: the band of rows where the ink crosses twice (the left
 * and right sides of a closed outline), at least `minSize` tall. A connector line crosses once and
 * is not a symbol; lines attached to a symbol do not widen its band. The kind comes from how the
 * width between the two sides changes from the top of the band to its middle: constant for a
 * rectangle (process), slightly narrower near the ends for a capsule (terminator), growing from a
 * point for a diamond (decision).
 */
function symbolIn(bin: Uint8Array, w: number, inner: Box, skip: (x: number, y: number) => boolean, minSize: number): Shape | null {
  const spans: Array<{ y: number; left: number; right: number }> = [];
  for (let y = Math.floor(inner.y0); y < inner.y1; y++) {
    const runs = runsOf(bin, w, y, Math.floor(inner.x0), Math.floor(inner.x1), skip);
    if (runs.length < 2) continue;
    const first = runs[0]!;
    const last = runs[runs.length - 1]!;
    if (last[0] - first[1] < minSize * 0.5) continue;
    spans.push({ y, left: first[0], right: last[1] });
  }
  // the longest run of consecutive rows whose sides line up with their neighbours'
  let best: typeof spans = [];
  let cur: typeof spans = [];
  for (const sp of spans) {
    const prev = cur[cur.length - 1];
    if (prev && sp.y - prev.y <= 2 && Math.abs(sp.left - prev.left) <= 6 && Math.abs(sp.right - prev.right) <= 6) cur.push(sp);
    else cur = [sp];
    if (cur.length > best.length) best = [...cur];
  }
  if (best.length < minSize * 0.6) return null;
  const width = (k: number): number => best[k]!.right - best[k]!.left;
  const mid = width(Math.floor(best.length / 2));
  const near = (width(Math.floor(best.length * 0.12)) + width(Math.floor(best.length * 0.88))) / 2;
  const ratio = mid > 0 ? near / mid : 1;
  const box = { x0: Math.min(...best.map((b) => b.left)), x1: Math.max(...best.map((b) => b.right)), y0: best[0]!.y, y1: best[best.length - 1]!.y + 1 };
  if (box.x1 - box.x0 < minSize) return null;
  const kind: ShapeKind = ratio > 0.93 ? 'process' : ratio > 0.55 ? 'terminator' : 'decision';
  return { kind, box };
}

/**
 * Finds flowchart symbols: in each table cell, the ink that is not text (confident OCR words,
 * grown a little) and not the cell's own rules.
 */
function findShapes(bin: Uint8Array, img: GreyImage, grids: Grid[], words: Word[], minSize: number): Shape[] {
  const shapes: Shape[] = [];
  const margin = Math.round(minSize / 3);
  const textBoxes = words.filter((wd) => (wd.conf ?? 100) >= 60 && /\p{L}{2,}|\d/u.test(wd.text)).map((wd) => ({ x0: wd.box.x0 - 3, y0: wd.box.y0 - 3, x1: wd.box.x1 + 3, y1: wd.box.y1 + 3 }));
  for (const g of grids) {
    for (const r of g.regions) {
      const inner = { x0: r.box.x0 + margin, y0: r.box.y0 + margin, x1: r.box.x1 - margin, y1: r.box.y1 - margin };
      if (inner.x1 - inner.x0 < minSize || inner.y1 - inner.y0 < minSize) continue;
      const inside = textBoxes.filter((t) => t.x0 < inner.x1 && t.x1 > inner.x0 && t.y0 < inner.y1 && t.y1 > inner.y0);
      if (inkRatio(bin, img.width, inner, inside) < 0.004) continue;
      const skip = (x: number, y: number): boolean => inside.some((t) => x >= t.x0 && x < t.x1 && y >= t.y0 && y < t.y1);
      const shape = symbolIn(bin, img.width, inner, skip, minSize);
      if (shape) shapes.push(shape);
    }
  }
  return shapes;
}

/**
 * Reads again, one by one, the table cells the page OCR served badly: an empty small cell holding
 * ink (a step number alone in a narrow No column is often passed over by page segmentation) is
 * read as a line; a cell whose words came back with low confidence (a header label of short
 * wrapped lines; an approver block or a title under a stamp, up to 5 × 2 inches) is read as a
 * block and its words replaced when the second reading is surer. Large empty cells are left (a
 * blank Keterkaitan is common and its ink is the rules' residue).
 */
async function rereadCells(img: GreyImage, bin: Uint8Array, grids: Grid[], words: Word[], engine: OcrEngine, dpi: number): Promise<Word[]> {
  const margin = Math.round(dpi / 50);
  let out = words;
  for (const g of grids) {
    for (const r of g.regions) {
      const inner = { x0: r.box.x0 + margin, y0: r.box.y0 + margin, x1: r.box.x1 - margin, y1: r.box.y1 - margin };
      const w = inner.x1 - inner.x0;
      const h = inner.y1 - inner.y0;
      if (w < dpi / 20 || h < dpi / 20 || w > dpi * 5 || h > dpi * 2) continue;
      const small = w <= dpi * 0.8 && h <= dpi * 1.2;
      const inside = out.filter((wd) => centreIn(wd.box, r.box));
      const mean = inside.length ? inside.reduce((s, wd) => s + (wd.conf ?? 100), 0) / inside.length : 0;
      if (inside.length && mean >= 75) continue;
      if (!inside.length && (!small || inkRatio(bin, img.width, inner) < 0.003)) continue;
      // a narrow cell (a step number) or an empty one is one line; a wider one a block of lines
      const result = await engine.recognize(cropImage(img, inner), inside.length && w > dpi * 0.35 ? 'block' : 'line');
      const again = result.words
        .filter((wd) => /[\p{L}\p{N}]/u.test(wd.text))
        .map((wd) => ({ ...wd, box: { x0: wd.box.x0 + inner.x0 - CROP_BORDER, x1: wd.box.x1 + inner.x0 - CROP_BORDER, y0: wd.box.y0 + inner.y0 - CROP_BORDER, y1: wd.box.y1 + inner.y0 - CROP_BORDER } }));
      if (!again.length) continue;
      if (inside.length && result.meanConfidence <= mean + 5) continue;
      out = [...out.filter((wd) => !inside.includes(wd)), ...again];
    }
  }
  return out;
}

function centreIn(b: Box, outer: Box): boolean {
  const x = (b.x0 + b.x1) / 2;
  const y = (b.y0 + b.y1) / 2;
  return x >= outer.x0 && x <= outer.x1 && y >= outer.y0 && y <= outer.y1;
}

const CROP_BORDER = 10;

/** A copy of part of an image, with a white border (tesseract reads edge text better). */
function cropImage(img: GreyImage, b: Box, border = CROP_BORDER): GreyImage {
  const x0 = Math.max(0, Math.floor(b.x0));
  const y0 = Math.max(0, Math.floor(b.y0));
  const x1 = Math.min(img.width, Math.ceil(b.x1));
  const y1 = Math.min(img.height, Math.ceil(b.y1));
  const w = x1 - x0 + 2 * border;
  const h = y1 - y0 + 2 * border;
  const data = new Uint8Array(w * h).fill(255);
  for (let y = y0; y < y1; y++) data.set(img.data.subarray(y * img.width + x0, y * img.width + x1), (y - y0 + border) * w + border);
  return { width: w, height: h, data };
}

interface Prepared {
  img: GreyImage;
  clean: GreyImage;
  /** `clean` with blue stamp and signature ink lightened away (GreyImage.inkless), for OCR; `clean` when the page has none. */
  forOcr: GreyImage;
  grids: Grid[];
  gridRules: Rule[];
  skew: number;
}

/**
 * Turns, deskews, finds the table grid and paints its lines out; the same turn, deskew and
 * painting for the copy without blue ink that the OCR reads.
 */
function prepare(raw: GreyImage, turns: number, dpi: number): Prepared {
  let img = rotateQuarter(raw, turns);
  const skew = estimateSkew(img);
  if (Math.abs(skew) >= 0.2) img = rotateSmall(img, -skew);
  let inkless = raw.inkless ? rotateQuarter({ width: raw.width, height: raw.height, data: raw.inkless }, turns) : null;
  if (inkless && Math.abs(skew) >= 0.2) inkless = rotateSmall(inkless, -skew);
  const rules = detectRules(img, Math.round(dpi / 5));
  const grids = findGrids(rules, 'px');
  // paint out the grid's lines only: runs found inside words (a dense stroke) must not erase them
  const gridRules = grids.flatMap((g) => g.rules);
  const pad = Math.max(2, Math.round(dpi / 100));
  const boxes = gridRules.map((r) => ({ x0: r.box.x0 - pad, y0: r.box.y0 - pad, x1: r.box.x1 + pad, y1: r.box.y1 + pad }));
  const clean = whiten(img, boxes);
  return { img, clean, forOcr: inkless ? whiten(inkless, boxes) : clean, grids, gridRules, skew };
}

/**
 * Reads one scanned page image at `dpi`: upright and deskewed, rules found, words OCRed with the
 * rules painted out, cells and symbols laid out. Cells read with confidence under `lowConfidence`
 * are reported as diagnostics naming the page.
 */
export async function readScannedPage(raw: GreyImage, number: number, engine: OcrEngine, dpi = 300, lowConfidence = 60): Promise<ScannedPage> {
  const diagnostics: Diagnostic[] = [];
  // the likelier orientation is read first; the other only when that reading is poor (a page upside
  // down reads as a few unsure words), so an upright page costs one OCR
  let [likely, other] = turnCandidates(raw);
  // sideways pages are common in both directions: a strip of each decides which to read first
  if (likely % 2 === 1) {
    const [a, b] = await Promise.all([engine.recognize(strip(raw, likely)), engine.recognize(strip(raw, other))]);
    if (readingScore(b) > readingScore(a)) [likely, other] = [other, likely];
  }
  let prepared = prepare(raw, likely, dpi);
  let ocr = await engine.recognize(prepared.forOcr);
  let turns = likely;
  if (ocr.meanConfidence < 70 || ocr.words.length < 30) {
    const second = prepare(raw, other, dpi);
    const ocr2 = await engine.recognize(second.forOcr);
    if (readingScore(ocr2) > readingScore(ocr)) {
      prepared = second;
      ocr = ocr2;
      turns = other;
    }
  }
  const { img, clean, forOcr, grids, gridRules, skew } = prepared;
  // specks read as dots, quotes or bars are noise (a slash, colon or dash is kept: `Peralatan / Perlengkapan`)
  const pageWords = ocr.words.filter((w) => !/^[.,'`"‘’“”~_|]+$/.test(w.text));
  const bin = binarize(clean);
  const words = await rereadCells(forOcr, bin, grids, pageWords, engine, dpi);
  const shapes = findShapes(bin, clean, grids, words, Math.round(dpi / 12));
  const page = layoutPage({ number, unit: 'px', width: img.width, height: img.height, words, rules: gridRules, shapes }, grids);
  const lowCells = page.rows.flatMap((r) => r.cells.filter((c) => c.conf !== undefined && c.conf < lowConfidence));
  if (lowCells.length) {
    diagnostics.push({ level: 'warning', code: 'ocr-low-confidence', message: `page ${number}: ${lowCells.length} cell(s) read with confidence under ${lowConfidence}: ${lowCells.slice(0, 5).map((c) => `"${c.text.slice(0, 30)}"`).join(', ')}` });
  }
  if (turns) diagnostics.push({ level: 'warning', code: 'page-rotated', message: `page ${number} was turned ${turns * 90}° to read it` });
  return { page, meanConfidence: ocr.meanConfidence, turns, skew, diagnostics };
}
