/**
 * Scanned pages and photos → the layout model: orientation (quarter turns, from the direction of
 * the ink's lines and the OCR's confidence), small skew, table rules from pixels, OCR words, and
 * flowchart symbols as ink left in table cells once the words are taken out.
 */
import type { Box, Rule, Shape, ShapeKind, Word } from './geometry.js';
import { binarize, components, detectRules, estimateSkew, inkRatio, letterCentres, liftShading, maskOf, pageBytes, pageCopy, resample, rotateQuarter, rotateSmall, shrink, textHeight, whiten, type GreyImage } from './image.js';
import type { Diagnostic, LayoutPage } from './layout.js';
import type { OcrEngine, OcrRequest, OcrResult } from './ocr.js';
import { findGrids, layoutPage, type Grid } from './tables.js';

export interface ScannedPage {
  page: LayoutPage;
  meanConfidence: number;
  /** Quarter turns applied (clockwise) and the skew corrected, in degrees. */
  turns: number;
  skew: number;
  /** Scale at which the page was OCRed, against the image given (2/3, 1, or an enlargement of a low-resolution page). */
  scale: number;
  diagnostics: Diagnostic[];
}

/** The slants (tangents) tried for the projections: a skew of up to 3° either way, in 0.5° steps. */
const PROFILE_SLANTS = Array.from({ length: 13 }, (_, i) => Math.tan(((i - 6) * 0.5 * Math.PI) / 180));

/** The ink pixels of a binary image, as coordinates (the projections below visit only these). */
interface Ink {
  xs: Int32Array;
  ys: Int32Array;
  width: number;
  height: number;
}

function inkOf(bin: Uint8Array, width: number, height: number): Ink {
  let n = 0;
  for (let i = 0; i < bin.length; i++) n += bin[i]!;
  const xs = new Int32Array(n);
  const ys = new Int32Array(n);
  let k = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!bin[y * width + x]) continue;
      xs[k] = x;
      ys[k++] = y;
    }
  }
  return { xs, ys, width, height };
}

/**
 * Sharpness of the ink's projection on rows (`axis` 'y') or columns, at its sharpest over the
 * slants of PROFILE_SLANTS: high where text lines run across. A scan skewed 1.5° blurs the rows'
 * projection of a wide page (its lines drift by more than their height) while a table's vertical
 * rules still project sharply on columns; slanting the projection keeps an upright page upright.
 */
function profileSharpness(ink: Ink, axis: 'x' | 'y'): number {
  const n = axis === 'y' ? ink.height : ink.width;
  const other = axis === 'y' ? ink.width : ink.height;
  const pad = Math.ceil(other * Math.abs(PROFILE_SLANTS[0]!));
  const along = axis === 'y' ? ink.ys : ink.xs;
  const across = axis === 'y' ? ink.xs : ink.ys;
  const prof = new Float64Array(n + 2 * pad);
  let best = 0;
  for (const t of PROFILE_SLANTS) {
    prof.fill(0);
    const k = axis === 'y' ? -t : t;
    for (let i = 0; i < along.length; i++) prof[Math.round(along[i]! + across[i]! * k) + pad]!++;
    let s = 0;
    for (let i = 1; i < prof.length; i++) s += (prof[i]! - prof[i - 1]!) ** 2;
    best = Math.max(best, s / n);
  }
  return best;
}

/**
 * The two quarter-turn candidates for bringing a page upright, likelier first. Text lines make the
 * projection of ink on rows sharper than on columns, which tells sideways (90°/270°) from upright
 * (0°/180°); which of the two is right is left to the OCR's confidence (see readScannedPage).
 */
export function turnCandidates(img: GreyImage): [number, number] {
  const small = shrink(img, Math.max(1, Math.round(img.width / 800)));
  const ink = inkOf(binarize(small), small.width, small.height);
  const rows = profileSharpness(ink, 'y');
  const cols = profileSharpness(ink, 'x');
  return cols > rows * 1.15 ? [1, 3] : [0, 2];
}

/**
 * A band across the middle of the page turned by `turns`, shrunk by `factor`: cheap to OCR. The
 * band is cut from the page as it lies (columns of a sideways page) and only the band is turned.
 */
function strip(img: GreyImage, turns: number, factor: number): GreyImage {
  const t = ((turns % 4) + 4) % 4;
  const across = t % 2 ? img.width : img.height;
  const h = Math.round(across / 8);
  const y0 = Math.round(across / 2 - h / 2);
  // the band's first row or column in the page as it lies: counted from the far side when turning reverses it
  const from = t >= 2 ? across - y0 - h : y0;
  const cut = t % 2 ? columns(img, from, h) : { width: img.width, height: h, data: pageCopy(img.data.subarray(from * img.width, (from + h) * img.width)) };
  const band = rotateQuarter(cut, t);
  return factor > 1 ? shrink(band, factor) : band;
}

/** Columns x0 to x0 + n − 1 of an image. */
function columns(img: GreyImage, x0: number, n: number): GreyImage {
  const data = pageBytes(n * img.height);
  for (let y = 0; y < img.height; y++) data.set(img.data.subarray(y * img.width + x0, y * img.width + x0 + n), y * n);
  return { width: n, height: img.height, data };
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

/** A solid run as wide as this share of the cell or wider is the cell's fill or a rule, not a symbol. */
const SOLID_MAX_WIDTH = 0.9;

/** A filled symbol is at least this share of its width tall (Word's process boxes are about half as tall as wide). */
const SOLID_MIN_ASPECT = 0.2;

/**
 * Finds a flowchart symbol in a table cell: the band of rows where the ink crosses twice (the left
 * and right sides of a closed outline) or runs solid across the symbol (a filled one), at least
 * `minSize` tall. A connector line crosses once and
 * is not a symbol; lines attached to a symbol do not widen its band. The kind comes from how the
 * width between the two sides changes from the top of the band to its middle: constant for a
 * rectangle (process), slightly narrower near the ends for a capsule (terminator), growing from a
 * point for a diamond (decision).
 */
export function symbolIn(bin: Uint8Array, w: number, inner: Box, text: Uint8Array, minSize: number): Shape | null {
  const skip = (x: number, y: number): boolean => text[y * w + x] === 1;
  const spans: Array<{ y: number; left: number; right: number; solid: boolean }> = [];
  for (let y = Math.floor(inner.y0); y < inner.y1; y++) {
    const runs = runsOf(bin, w, y, Math.floor(inner.x0), Math.floor(inner.x1), skip);
    if (runs.length === 1) {
      // a solid symbol (a filled disc or capsule: PPID Sumatera Utara's scans, wild 009) is one wide run a row
      const [x0, x1] = runs[0]!;
      if (x1 - x0 >= minSize * 0.5 && x1 - x0 < (inner.x1 - inner.x0) * SOLID_MAX_WIDTH) spans.push({ y, left: x0, right: x1, solid: true });
      continue;
    }
    if (runs.length < 2) continue;
    const first = runs[0]!;
    const last = runs[runs.length - 1]!;
    if (last[0] - first[1] < minSize * 0.5) continue;
    spans.push({ y, left: first[0], right: last[1], solid: false });
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
  // a solid band far wider than tall is a thick connector line with its arrowhead (wild 006), not a filled symbol
  if (best.filter((b) => b.solid).length * 2 > best.length && box.y1 - box.y0 < SOLID_MIN_ASPECT * (box.x1 - box.x0)) return null;
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
  // one mask of the page's text, looked up per pixel (testing every box per pixel cost 0.19 s a page)
  const text = maskOf(img.width, img.height, textBoxes);
  for (const g of grids) {
    for (const r of g.regions) {
      const inner = { x0: r.box.x0 + margin, y0: r.box.y0 + margin, x1: r.box.x1 - margin, y1: r.box.y1 - margin };
      if (inner.x1 - inner.x0 < minSize || inner.y1 - inner.y0 < minSize) continue;
      if (inkRatio(bin, img.width, inner, text) < 0.004) continue;
      const shape = symbolIn(bin, img.width, inner, text, minSize);
      if (shape) shapes.push(shape);
    }
  }
  return shapes;
}

/**
 * Reads again the table cells the page OCR served badly:
 *   - a cell holding letters that no word read covers (at least MISSED_LETTERS components of the
 *     page's letter height outside every word's box): a line or a row the page segmentation
 *     dropped (a wrapped header's second line, a whole step), which happens more at 2/3 scale; a
 *     blank cell's residue of rules, specks and a flowchart symbol's outline are not letters;
 *   - an empty small cell holding ink and a letter-sized component outside every word (a step
 *     number alone in a narrow No column is often passed over by page segmentation, and is one
 *     component); one whose ink is only strokes (a connector, a flowchart symbol's edge) is left:
 *     on the seed scans none of the 33 such cells read again gave words that were kept, while all
 *     18 with a letter-sized component did (any ink counts on a page too sparse to tell letters);
 *   - a cell whose words came back with low confidence, on the whole or, in a cell of a few
 *     words (LOW_WORD_CELL_WORDS), in one word (a header label of short wrapped lines; an approver
 *     block or a title under a stamp).
 * Cells up to 5 × 2 inches; large empty ones with no letters are left (a blank Keterkaitan is
 * common). Each is read as a block (PSM 6, which reads a lone number as well as PSM 7 did on the
 * seed scans, and lets the native engine read a page's cells in one process); its words replace
 * the page's where they are surer on the whole and hold no less surely read text (sureChars: a
 * header's dropped second line comes back, a line is never dropped), and fill a cell the page OCR
 * left empty only when read surely. The cells are chosen from the page's words first and read in
 * one batch, at the page's full resolution.
 */
async function rereadCells(img: GreyImage, bin: Uint8Array, grids: Grid[], words: Word[], engine: OcrEngine, dpi: number, letters: Float64Array): Promise<Word[]> {
  const margin = Math.round(dpi / 50);
  const chosen: Array<{ region: Box; inner: Box; req: OcrRequest }> = [];
  const covered = maskOf(img.width, img.height, words.map((wd) => ({ x0: wd.box.x0 - 2, y0: wd.box.y0 - 2, x1: wd.box.x1 + 2, y1: wd.box.y1 + 2 })));
  for (const g of grids) {
    for (const r of g.regions) {
      const inner = { x0: r.box.x0 + margin, y0: r.box.y0 + margin, x1: r.box.x1 - margin, y1: r.box.y1 - margin };
      const w = inner.x1 - inner.x0;
      const h = inner.y1 - inner.y0;
      if (w < dpi / 20 || h < dpi / 20 || w > dpi * 5 || h > dpi * 2) continue;
      const inside = words.filter((wd) => centreIn(wd.box, r.box));
      const unsure = inside.length > 0 && (meanConf(inside) < 75 || (inside.length <= LOW_WORD_CELL_WORDS && Math.min(...inside.map((wd) => wd.conf ?? 100)) < LOW_WORD));
      const small = w <= dpi * 0.8 && h <= dpi * 1.2;
      const missed = missedLetters(letters, covered, img.width, inner);
      // an empty small cell is read for a letter-sized mark (a step number), not for a connector's or symbol's strokes
      const lone = !inside.length && small && (missed > 0 || !letters.length) && inkRatio(bin, img.width, inner) >= 0.003;
      if (!unsure && missed < MISSED_LETTERS && !lone) continue;
      chosen.push({ region: r.box, inner, req: { img: cropImage(img, inner), layout: 'block', dpi } });
    }
  }
  if (!chosen.length) return words;
  const results = await engine.recognizeMany(chosen.map((c) => c.req));
  let out = words;
  chosen.forEach(({ region, inner }, k) => {
    const result = results[k]!;
    const inside = out.filter((wd) => centreIn(wd.box, region));
    // in a cell that was empty, unsure words are more likely a drawing's strokes than text
    const again = result.words
      .filter((wd) => /[\p{L}\p{N}]/u.test(wd.text) && (inside.length || (wd.conf ?? 100) >= EMPTY_CELL_WORD))
      .map((wd) => ({ ...wd, box: { x0: wd.box.x0 + inner.x0 - CROP_BORDER, x1: wd.box.x1 + inner.x0 - CROP_BORDER, y0: wd.box.y0 + inner.y0 - CROP_BORDER, y1: wd.box.y1 + inner.y0 - CROP_BORDER } }));
    if (!again.length) return;
    // surer, and never by dropping a line (a wrapped header read again as its first line alone)
    if (inside.length && (result.meanConfidence <= meanConf(inside) + 5 || sureChars(again) < sureChars(inside))) return;
    // what the page OCR did not see at all is taken only when read surely (a stamp's garble is not an approver)
    if (!inside.length && result.meanConfidence < EMPTY_CELL_MEAN) return;
    out = [...out.filter((wd) => !inside.includes(wd)), ...again];
  });
  return out;
}

/** Letters (centres, see image.letterCentres) inside `box` that no word covers (`covered`: a mask of the words' boxes). */
function missedLetters(letters: Float64Array, covered: Uint8Array, width: number, box: Box): number {
  let n = 0;
  for (let i = 0; i < letters.length; i += 2) {
    const x = letters[i]!;
    const y = letters[i + 1]!;
    if (x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1 && !covered[Math.floor(y) * width + Math.floor(x)]) n++;
  }
  return n;
}

/** Letters outside every word that make a cell be read again: a short word's worth (three letters run together count as one). */
const MISSED_LETTERS = 3;

/** Least confidence of a word read in a cell the page OCR found empty, and least mean confidence of the words kept there. */
const EMPTY_CELL_WORD = 50;
const EMPTY_CELL_MEAN = 70;

/** A word read with less confidence than this makes its cell be read again, whatever the others' (a word half-read at 2/3 scale), in a cell of a few words. */
const LOW_WORD = 40;
/**
 * Most words a cell holds for one word under LOW_WORD to make it be read again. A longer cell (a
 * step's description) is read again only for its mean: its words replace the page's only when
 * surer on the whole by 5 points, which one low word among many sure ones never made them (the
 * seed scans and bench:ocr's other pages: none of 6 such cells of 13 to 28 words kept, 4 of 5 of
 * 5 to 7 words kept), and they are the largest crops read again.
 */
const LOW_WORD_CELL_WORDS = 10;

/** Letters and digits of the words, each counted by its word's confidence (0–1): how much text was read, and how surely. */
function sureChars(words: Word[]): number {
  return words.reduce((s, wd) => s + (wd.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) * (wd.conf ?? 100) / 100, 0);
}

function meanConf(words: Word[]): number {
  return words.length ? words.reduce((s, wd) => s + (wd.conf ?? 100), 0) / words.length : 0;
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
  const data = pageBytes(w * h).fill(255);
  for (let y = y0; y < y1; y++) data.set(img.data.subarray(y * img.width + x0, y * img.width + x1), (y - y0 + border) * w + border);
  return { width: w, height: h, data };
}

interface Prepared {
  img: GreyImage;
  clean: GreyImage;
  /** `clean` with blue stamp and signature ink lightened away (GreyImage.inkless), for OCR; `clean` when the page has none. */
  forOcr: GreyImage;
  /** `clean` binarised (1 ink). */
  bin: Uint8Array;
  grids: Grid[];
  gridRules: Rule[];
  skew: number;
  /** Scale at which the page is OCRed (ocrScale). */
  scale: number;
  /** The text's x-height in pixels (image.textHeight), null when too few letters to tell. */
  xHeight: number | null;
  /** Centres of the letter-sized components of `bin` (image.letterCentres; empty without an x-height). */
  letters: Float64Array;
}

/**
 * Tesseract reads text reliably down to an x-height of about 11 px: the seed scans' 17 px read at
 * 2/3 (11 px) as well as at full resolution (order-free CER 0.69% against 0.9%) and at half
 * resolution (8.5 px) unstably (1.1%), issue 13's measurements.
 */
const OCR_X_HEIGHT_MIN = 11;
/** The x-height a low-resolution page is enlarged to (the seed scans' own, at 300 dpi). */
const OCR_X_HEIGHT_UP = 16;
/** Most pixels of an enlarged page (a 300-dpi A3 page). */
const OCR_MAX_PIXELS = 18e6;
/**
 * Pages estimated at this resolution or more are not measured for enlargement: their text is at
 * least OCR_X_HEIGHT_MIN tall unless printed under 7 pt.
 */
const ENLARGE_BELOW_PPI = 250;

/**
 * The scale at which a page is OCRed, from its text's x-height in pixels (image.textHeight): 2/3
 * where the text stays at least OCR_X_HEIGHT_MIN tall (a 300-dpi scan: less than half the pixels
 * for tesseract's layout analysis), else 1 (and 1 when the height is unknown: too few letters).
 */
export function ocrScale(xHeight: number | null): number {
  return xHeight !== null && (xHeight * 2) / 3 >= OCR_X_HEIGHT_MIN ? 2 / 3 : 1;
}

/**
 * How much a page whose text is shorter than OCR_X_HEIGHT_MIN is enlarged before it is read at
 * all (a phone photo of a sheet, a 100-ppi scan: tesseract read the seed scans brought down to
 * 100 ppi with an order-free CER of 17% as they were, 1.6% enlarged 2.3×): towards
 * OCR_X_HEIGHT_UP, at most 3× and OCR_MAX_PIXELS; 1 for text tall enough or unmeasured.
 */
export function enlargement(xHeight: number | null, pixels: number): number {
  if (xHeight === null || xHeight >= OCR_X_HEIGHT_MIN) return 1;
  const up = Math.min(3, OCR_X_HEIGHT_UP / Math.max(1, xHeight), Math.sqrt(OCR_MAX_PIXELS / pixels));
  return up > 1.1 ? Math.round(up * 10) / 10 : 1;
}

/** The page enlarged by `f` (bilinear), its copy without blue ink too. */
function enlarge(img: GreyImage, f: number): GreyImage {
  const out = resample(img, f);
  return img.inkless ? { ...out, inkless: resample({ width: img.width, height: img.height, data: img.inkless }, f).data } : out;
}

/**
 * Turns, deskews, finds the table grid and paints its lines out; the same turn, deskew and
 * painting for the copy without blue ink that the OCR reads; measures the text's height for the
 * OCR's scale.
 */
function prepare(raw: GreyImage, turns: number, dpi: number, fixedScale?: number): Prepared {
  let img = rotateQuarter(raw, turns);
  const skew = estimateSkew(img);
  if (Math.abs(skew) >= 0.2) img = rotateSmall(img, -skew);
  let inkless = raw.inkless ? rotateQuarter({ width: raw.width, height: raw.height, data: raw.inkless }, turns) : null;
  if (inkless && Math.abs(skew) >= 0.2) inkless = rotateSmall(inkless, -skew);
  const rules = detectRules(img, Math.round(dpi / 5));
  const grids = findGrids(rules, 'px', dpi);
  // paint out the grid's lines only: runs found inside words (a dense stroke) must not erase them
  const gridRules = grids.flatMap((g) => g.rules);
  const pad = Math.max(2, Math.round(dpi / 100));
  const boxes = gridRules.map((r) => ({ x0: r.box.x0 - pad, y0: r.box.y0 - pad, x1: r.box.x1 + pad, y1: r.box.y1 + pad }));
  // cells printed on grey (a header row) lifted to white, so that OCR and the symbol finder see their ink
  const cells = grids.flatMap((g) => g.regions.map((r) => r.box));
  const clean = liftShading(whiten(img, boxes), cells);
  const bin = binarize(clean);
  const comps = components(bin, clean.width, clean.height);
  const xHeight = textHeight(comps, clean.height);
  const scale = fixedScale ?? ocrScale(xHeight);
  const letters = xHeight ? letterCentres(comps, xHeight) : new Float64Array(0);
  return { img, clean, forOcr: inkless ? liftShading(whiten(inkless, boxes), cells) : clean, bin, grids, gridRules, skew, scale, xHeight, letters };
}

/** The page OCR of a prepared page at its scale, word boxes in the page's own pixels. */
async function readPage(p: Prepared, engine: OcrEngine, dpi: number): Promise<OcrResult> {
  const r = await engine.recognize(resample(p.forOcr, p.scale), 'page', dpi * p.scale);
  if (p.scale === 1) return r;
  const k = 1 / p.scale;
  return { ...r, words: r.words.map((w) => ({ ...w, box: { x0: w.box.x0 * k, y0: w.box.y0 * k, x1: w.box.x1 * k, y1: w.box.y1 * k } })) };
}

/**
 * Reads one scanned page image at `dpi`: enlarged first if its text is too small to read
 * (enlargement), upright and deskewed, rules found, words OCRed with the rules painted out (at the
 * scale its text's height allows: ocrScale), cells and symbols laid out; positions in the pixels of
 * the page as read. Cells read with confidence under `lowConfidence` are reported as diagnostics
 * naming the page, and so is what the OCR engine said about the page. `scale` fixes the page OCR's
 * scale instead (benchmarks).
 */
export async function readScannedPage(page0: GreyImage, number: number, engine: OcrEngine, dpi0 = 300, lowConfidence = 60, scale?: number): Promise<ScannedPage> {
  const diagnostics: Diagnostic[] = [];
  let raw = page0;
  let dpi = dpi0;
  const up = dpi < ENLARGE_BELOW_PPI ? enlargement(textHeight(components(binarize(raw), raw.width, raw.height), raw.height), raw.width * raw.height) : 1;
  if (up > 1) {
    raw = enlarge(raw, up);
    dpi *= up;
  }
  // the likelier orientation is read first; the other only when that reading is poor (a page upside
  // down reads as a few unsure words), so an upright page costs one OCR
  let [likely, other] = turnCandidates(raw);
  // sideways pages are common in both directions: a strip of each decides which to read first
  if (likely % 2 === 1) {
    const f = dpi >= 200 ? 2 : 1;
    // read in the document's own language only: the second one costs a third of the time and tells nothing more
    const languages = engine.languages.slice(0, 1);
    const [a, b] = await engine.recognizeMany([{ img: strip(raw, likely, f), dpi: dpi / f, languages }, { img: strip(raw, other, f), dpi: dpi / f, languages }]);
    if (readingScore(b!) > readingScore(a!)) [likely, other] = [other, likely];
  }
  let prepared = prepare(raw, likely, dpi, scale);
  let ocr = await readPage(prepared, engine, dpi);
  let turns = likely;
  if (ocr.meanConfidence < 70 || ocr.words.length < 30) {
    const second = prepare(raw, other, dpi, scale);
    const ocr2 = await readPage(second, engine, dpi);
    if (readingScore(ocr2) > readingScore(ocr)) {
      prepared = second;
      ocr = ocr2;
      turns = other;
    }
  }
  const { img, clean, forOcr, bin, grids, gridRules, skew } = prepared;
  // specks read as dots, quotes or bars are noise (a slash, colon or dash is kept: `Peralatan / Perlengkapan`)
  const pageWords = ocr.words.filter((w) => !/^[.,'`"‘’“”~_|]+$/.test(w.text));
  const words = await rereadCells(forOcr, bin, grids, pageWords, engine, dpi, prepared.letters);
  const shapes = findShapes(bin, clean, grids, words, Math.round(dpi / 12));
  // a symbol's outline read as letters ("ees", "CSS": short unsure words inside a flowchart symbol) is not text
  const text = words.filter((wd) => (wd.conf ?? 100) >= 60 || wd.text.length > 4 || !shapes.some((sh) => centreIn(wd.box, sh.box)));
  const page = layoutPage({ number, unit: 'px', width: img.width, height: img.height, words: text, rules: gridRules, shapes }, grids);
  const lowCells = page.rows.flatMap((r) => r.cells.filter((c) => c.conf !== undefined && c.conf < lowConfidence));
  if (lowCells.length) {
    diagnostics.push({ level: 'warning', code: 'ocr-low-confidence', message: `page ${number}: ${lowCells.length} cell(s) read with confidence under ${lowConfidence}: ${lowCells.slice(0, 5).map((c) => `"${c.text.slice(0, 30)}"`).join(', ')}` });
  }
  if (ocr.messages?.length) diagnostics.push({ level: 'warning', code: 'ocr-engine-message', message: `page ${number}: the OCR engine said: ${ocr.messages.slice(0, 3).join(' | ').slice(0, 300)}` });
  if (turns) diagnostics.push({ level: 'warning', code: 'page-rotated', message: `page ${number} was turned ${turns * 90}° to read it` });
  return { page, meanConfidence: ocr.meanConfidence, turns, skew, scale: up * prepared.scale, diagnostics };
}
