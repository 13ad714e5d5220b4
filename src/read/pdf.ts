/**
 * The PDF engine (pdfjs-dist 5.6, legacy build, no worker thread in Node): per page, the text
 * layer's items with boxes, the table ruling lines and the flowchart symbols drawn as vector paths
 * (from the operator list, tracking the transformation matrix), and rendering to a grey image for
 * pages that need OCR. Coordinates are points from the page's top-left corner, after /Rotate.
 *
 * Recipes and traps: ../shared/TOOLCHAIN.md (pdfjs 5.6: `constructPath` args are
 * `[drawOp, [Float32Array path], minMax]`; thin filled rectangles are rules).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SopError } from '../errors.js';
import { decisionBranches, type PathPiece } from './flow.js';
import { contourKind, enclosedShare, isOutlineOf, SOLID_FILL, solidSymbols, symbolSized, tiledRectangles } from './symbols.js';
import { bboxOf, type Box, type Rule, type Shape, type Word } from './geometry.js';
import { greyFromRgba, type GreyImage } from './image.js';

const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json'));
const asset = (folder: string): string => `${join(PDFJS_DIR, folder)}/`;

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsModule: Promise<Pdfjs> | null = null;

/**
 * pdfjs and its worker module, loaded by the first PDF (a batch of text files never loads them). Its legacy build carries
 * core-js polyfills that replace, for the whole process, `JSON.stringify`, `JSON.parse` (for
 * `JSON.rawJSON`, missing in Node 20) and `Array.prototype.push` with JavaScript versions; measured,
 * storing a record took 1.7 ms instead of 1.0 with them. pdfjs needs none of the three: the native
 * ones are put back. The polyfills of what Node 20 lacks (Promise.withResolvers, Set methods,
 * Uint8Array.fromBase64 …) stay.
 */
function loadPdfjs(): Promise<Pdfjs> {
  pdfjsModule ??= (async () => {
    const { stringify, parse } = JSON;
    const push = Array.prototype.push;
    const module = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // the "fake worker" pdfjs runs in this thread; loaded here (pdfjs looks for it on globalThis)
    // so that its own copy of the polyfills is loaded before the natives are put back
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    Object.assign(JSON, { stringify, parse });
    Object.defineProperty(Array.prototype, 'push', { value: push, writable: true, configurable: true, enumerable: false });
    return module;
  })();
  return pdfjsModule;
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

export interface PdfPage {
  number: number;
  /** Points, after the page's /Rotate. */
  width: number;
  height: number;
  words: Word[];
  rules: Rule[];
  shapes: Shape[];
  /** Share of the page area covered by painted images (a scan covers ~1). */
  imageCover: number;
  /** Boxes (points, clipped) of the opaque pictures covering a tenth of the page or more (PICTURE_MIN). */
  pictures: Box[];
  /**
   * Pixels per point of the largest image painted on the page (a scan's own resolution), or null
   * when the page holds no image. Rendering at 72 × this many dpi reproduces the scan's pixels.
   */
  imageScale: number | null;
  /** Glyphs the page's text layer draws, and how many of them are not seen (see TextGlyphs). */
  glyphs: TextGlyphs;
}

/**
 * Glyphs drawn by a page's text operators: all of them, those drawn invisible (text rendering
 * mode 3 or 7: the searchable layer a scanner's OCR lays over its image) and those drawn before an
 * opaque image that covers most of the page is painted over them (a text layer left under a new
 * page image).
 */
export interface TextGlyphs {
  total: number;
  invisible: number;
  hidden: number;
}

export interface PdfDocument {
  numPages: number;
  page(n: number): Promise<PdfPage>;
  /** Renders page `n` at `dpi` to a grey image (luma bytes). */
  render(n: number, dpi: number): Promise<GreyImage>;
  close(): Promise<void>;
}

/**
 * Opens a PDF. Errors (SopError): `encrypted` when it needs a password, `invalid-pdf` when pdfjs
 * cannot parse it (truncated, not a PDF), `empty` when it has no pages.
 */
export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  const pdfjs = await loadPdfjs();
  let doc: Awaited<ReturnType<Pdfjs['getDocument']>['promise']>;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      standardFontDataUrl: asset('standard_fonts'),
      cMapUrl: asset('cmaps'),
      cMapPacked: true,
      wasmUrl: asset('wasm'),
      iccUrl: asset('iccs'),
      verbosity: 0,
      isEvalSupported: false,
      stopAtErrors: false,
    }).promise;
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'PasswordException') throw new SopError('encrypted', 'the PDF is encrypted (it needs a password)');
    throw new SopError('invalid-pdf', `the PDF cannot be read: ${(e as Error).message}`);
  }
  if (doc.numPages === 0) {
    await doc.destroy();
    throw new SopError('empty', 'the PDF has no pages');
  }
  return {
    numPages: doc.numPages,
    page: async (n) => readPage(await doc.getPage(n), n, pdfjs.OPS),
    render: async (n, dpi) => renderPage(await doc.getPage(n), dpi),
    close: () => doc.destroy(),
  };
}

type PdfjsPage = Awaited<ReturnType<Awaited<ReturnType<Pdfjs['getDocument']>['promise']>['getPage']>>;
type Ops = Pdfjs['OPS'];

async function readPage(page: PdfjsPage, number: number, O: Ops): Promise<PdfPage> {
  const viewport = page.getViewport({ scale: 1 });
  const vt = viewport.transform as Matrix;
  const content = await page.getTextContent();
  const words: Word[] = [];
  for (const item of content.items) {
    if (!('str' in item) || !item.str.trim()) continue;
    const m = multiply(vt, item.transform as Matrix);
    const size = Math.hypot(m[2], m[3]) || Math.hypot(m[0], m[1]);
    const scaleX = Math.hypot(m[0], m[1]) / (Math.hypot(item.transform[0] as number, item.transform[1] as number) || 1);
    const w = item.width * scaleX;
    const [x, y] = [m[4], m[5]];
    // horizontal text only: vertical items are rare in SOPs (rotated stamps) and are kept as boxes around their origin
    words.push({ text: item.str.replace(/\s+/g, ' ').trim(), box: { x0: x, y0: y - size * 0.85, x1: x + Math.max(w, size * 0.3), y1: y + size * 0.15 } });
  }
  const ops = await page.getOperatorList();
  const { rules, shapes: outlined, solids, pieces, imageCover, pictures, imageScale, glyphs } = readGraphics(ops, vt, viewport.width, viewport.height, O);
  const shapes = [...outlined, ...solidSymbols(solids, words, rules, outlined)];
  for (const [i, branches] of decisionBranches(shapes, pieces, words)) shapes[i] = { ...shapes[i]!, branches };
  page.cleanup();
  return { number, width: viewport.width, height: viewport.height, words, rules, shapes, imageCover, pictures, imageScale, glyphs };
}

interface SubPath {
  points: Array<[number, number]>;
  curved: boolean;
  closed: boolean;
}

/** Splits a pdfjs path buffer into subpaths with device coordinates. */
function subPaths(buffer: ArrayLike<number>, ctm: Matrix): SubPath[] {
  const out: SubPath[] = [];
  let cur: SubPath | null = null;
  for (let i = 0; i < buffer.length; ) {
    const op = buffer[i++]!;
    if (op === 0) {
      cur = { points: [apply(ctm, buffer[i]!, buffer[i + 1]!)], curved: false, closed: false };
      out.push(cur);
      i += 2;
    } else if (op === 1) {
      cur?.points.push(apply(ctm, buffer[i]!, buffer[i + 1]!));
      i += 2;
    } else if (op === 2) {
      if (cur) {
        cur.curved = true;
        cur.points.push(apply(ctm, buffer[i + 4]!, buffer[i + 5]!));
      }
      i += 6;
    } else if (op === 3) {
      if (cur) {
        cur.curved = true;
        cur.points.push(apply(ctm, buffer[i + 2]!, buffer[i + 3]!));
      }
      i += 4;
    } else if (op === 4) {
      if (cur) cur.closed = true;
    } else break;
  }
  return out;
}

/** Distinct corners of a closed polygon (repeated closing point dropped). */
function corners(points: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || Math.abs(last[0] - p[0]) > 0.01 || Math.abs(last[1] - p[1]) > 0.01) out.push(p);
  }
  if (out.length > 1 && Math.abs(out[0]![0] - out[out.length - 1]![0]) < 0.01 && Math.abs(out[0]![1] - out[out.length - 1]![1]) < 0.01) out.pop();
  return out;
}

const RULE_MAX = 2.5;

/** The four edges of a stroked rectangle as ruling lines of the stroke's width `lw`. */
function edgesOf(b: Box, lw: number): Rule[] {
  const t = lw / 2;
  return [
    { box: { x0: b.x0, x1: b.x1, y0: b.y0 - t, y1: b.y0 + t }, orientation: 'h' },
    { box: { x0: b.x0, x1: b.x1, y0: b.y1 - t, y1: b.y1 + t }, orientation: 'h' },
    { box: { x0: b.x0 - t, x1: b.x0 + t, y0: b.y0, y1: b.y1 }, orientation: 'v' },
    { box: { x0: b.x1 - t, x1: b.x1 + t, y0: b.y0, y1: b.y1 }, orientation: 'v' },
  ];
}
/** Pieces kept for following connectors, at most (a page of outlined glyphs has thousands). */
const PIECES_MAX = 2000;

/** A picture covering this share of the page or more may hold what the page shows (layer.ts). */
const PICTURE_MIN = 0.1;

/**
 * Walks the operator list: thin filled rectangles and straight stroked segments are ruling lines;
 * closed shapes of flowchart size, stroked or drawn as filled outlines, are symbols, and solid ones
 * may be (solidSymbols, once the words are known) (symbols.ts:
 * curves make a terminator capsule; four corners on the axes a process rectangle, off them a
 * decision diamond). The
 * other paths of connector size (short rules among them: a straight connector looks like one)
 * are kept as pieces for following a decision's branches (flow.ts); boxes are not.
 */
function readGraphics(ops: { fnArray: number[]; argsArray: unknown[] }, vt: Matrix, pageW: number, pageH: number, O: Ops): { rules: Rule[]; shapes: Shape[]; solids: Shape[]; pieces: PathPiece[]; imageCover: number; pictures: Box[]; imageScale: number | null; glyphs: TextGlyphs } {
  const SHOW_OPS = new Set([O.showText, O.showSpacedText, O.nextLineShowText, O.nextLineSetSpacingShowText]);
  const FILL_OPS = new Set([O.fill, O.eoFill]);
  const STROKE_OPS = new Set([O.stroke, O.closeStroke]);
  const BOTH_OPS = new Set([O.fillStroke, O.eoFillStroke, O.closeFillStroke, O.closeEOFillStroke]);
  const rules: Rule[] = [];
  const shapes: Shape[] = [];
  const rectangles: Array<{ box: Box; lw: number }> = [];
  const solids: Shape[] = [];
  const pieces: PathPiece[] = [];
  // short rules may be straight connectors; they go after the other pieces, which the cap keeps first
  const rulePieces: PathPiece[] = [];
  const pieceMax = 0.25 * Math.max(pageW, pageH);
  let ctm: Matrix = vt;
  const stack: Matrix[] = [];
  let lineWidth = 1;
  const lwStack: number[] = [];
  // text rendering mode and clipping box (device space), saved and restored with the graphics state
  let textMode = 0;
  const modeStack: number[] = [];
  let clip: Box = { x0: 0, y0: 0, x1: pageW, y1: pageH };
  const clipStack: Box[] = [];
  let clipNext = false;
  let glyphsTotal = 0;
  let glyphsInvisible = 0;
  // visible glyphs drawn before the last opaque image covering most of the page
  let glyphsHidden = 0;
  let imageArea = 0;
  const pictures: Box[] = [];
  let largest = 0;
  let imageScale: number | null = null;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i]!;
    const args = ops.argsArray[i] as unknown[] | null;
    if (fn === O.save) {
      stack.push(ctm);
      lwStack.push(lineWidth);
      modeStack.push(textMode);
      clipStack.push(clip);
    } else if (fn === O.restore) {
      ctm = stack.pop() ?? vt;
      lineWidth = lwStack.pop() ?? lineWidth;
      textMode = modeStack.pop() ?? textMode;
      clip = clipStack.pop() ?? clip;
    } else if (fn === O.clip || fn === O.eoClip) {
      // the path that follows is the clipping path
      clipNext = true;
    } else if (fn === O.setTextRenderingMode && args) {
      textMode = Number(args[0]) || 0;
    } else if (SHOW_OPS.has(fn) && args) {
      // the glyphs are objects; numbers between them are spacing
      const glyphs = (Array.isArray(args[args.length - 1]) ? (args[args.length - 1] as unknown[]) : []).filter((g) => g !== null && typeof g === 'object').length;
      glyphsTotal += glyphs;
      if (textMode === 3 || textMode === 7) glyphsInvisible += glyphs;
    } else if (fn === O.transform && args) {
      ctm = multiply(ctm, args as unknown as Matrix);
    } else if (fn === O.paintFormXObjectBegin && args) {
      stack.push(ctm);
      lwStack.push(lineWidth);
      const m = args[0] as number[] | null;
      if (m && m.length === 6) ctm = multiply(ctm, m as unknown as Matrix);
    } else if (fn === O.paintFormXObjectEnd) {
      ctm = stack.pop() ?? vt;
      lineWidth = lwStack.pop() ?? lineWidth;
    } else if (fn === O.setLineWidth && args) {
      lineWidth = Number(args[0]) || 1;
    } else if ((fn === O.paintImageXObject || fn === O.paintInlineImageXObject || fn === O.paintImageMaskXObject) && args) {
      // an image is drawn into the unit square of the current matrix
      const b = bboxOf([apply(ctm, 0, 0), apply(ctm, 1, 0), apply(ctm, 0, 1), apply(ctm, 1, 1)]);
      const area = Math.max(0, Math.min(b.x1, pageW) - Math.max(b.x0, 0)) * Math.max(0, Math.min(b.y1, pageH) - Math.max(b.y0, 0));
      // what is seen of it: inside the clipping box (a cropped picture)
      const seen = Math.max(0, Math.min(b.x1, clip.x1) - Math.max(b.x0, clip.x0)) * Math.max(0, Math.min(b.y1, clip.y1) - Math.max(b.y0, clip.y0));
      imageArea += seen;
      // an opaque picture over most of the page hides the text drawn before it (a mask paints only its stencil)
      if (fn !== O.paintImageMaskXObject && seen >= 0.8 * pageW * pageH) glyphsHidden = glyphsTotal - glyphsInvisible;
      if (fn !== O.paintImageMaskXObject && seen >= PICTURE_MIN * pageW * pageH) {
        pictures.push({ x0: Math.max(b.x0, clip.x0), y0: Math.max(b.y0, clip.y0), x1: Math.min(b.x1, clip.x1), y1: Math.min(b.y1, clip.y1) });
      }
      // args: [objId, width, height] for image XObjects
      const pxW = Number(args[1]);
      const pxH = Number(args[2]);
      if (area > largest && pxW > 0 && pxH > 0 && b.x1 > b.x0 && b.y1 > b.y0) {
        largest = area;
        imageScale = Math.max(pxW / (b.x1 - b.x0), pxH / (b.y1 - b.y0));
      }
    } else if (fn === O.constructPath && args) {
      const drawOp = args[0] as number;
      const buffers = args[1] as Array<ArrayLike<number> | null> | null;
      const buffer = buffers?.[0];
      if (clipNext && buffer) {
        const c = bboxOf(subPaths(buffer, ctm).flatMap((sp) => sp.points));
        clip = { x0: Math.max(clip.x0, c.x0), y0: Math.max(clip.y0, c.y0), x1: Math.min(clip.x1, c.x1), y1: Math.min(clip.y1, c.y1) };
      }
      clipNext = false;
      if (!buffer) continue;
      const filled = FILL_OPS.has(drawOp) || BOTH_OPS.has(drawOp);
      const stroked = STROKE_OPS.has(drawOp) || BOTH_OPS.has(drawOp);
      if (!filled && !stroked) continue; // clipping paths and invisible paths
      const scale = Math.sqrt(Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2])) || 1;
      const lw = Math.max(lineWidth * scale, 0.5);
      const paths = subPaths(buffer, ctm);
      for (let k = 0; k < paths.length; k++) {
        const sp = paths[k]!;
        const b = bboxOf(sp.points);
        const w = b.x1 - b.x0;
        const h = b.y1 - b.y0;
        const pts = corners(sp.points);
        const piece = (into: PathPiece[]): void => {
          if (Math.max(w, h) <= pieceMax && into.length < PIECES_MAX) into.push({ points: sp.points, filled });
        };
        if (filled && !sp.curved && pts.length <= 5 && Math.min(w, h) <= RULE_MAX && Math.max(w, h) > 4) {
          rules.push({ box: b, orientation: w >= h ? 'h' : 'v' });
          piece(rulePieces);
          continue;
        }
        if (stroked && !sp.curved && pts.length === 2 && Math.min(w, h) < 1 && Math.max(w, h) > 4) {
          rules.push({ box: w >= h ? { x0: b.x0, x1: b.x1, y0: b.y0 - lw / 2, y1: b.y1 + lw / 2 } : { x0: b.x0 - lw / 2, x1: b.x1 + lw / 2, y0: b.y0, y1: b.y1 }, orientation: w >= h ? 'h' : 'v' });
          piece(rulePieces);
          continue;
        }
        // a symbol: a stroked closed contour, or a stroke turned into a filled outline (the contour
        // and, next, the same contour inset by the line's width)
        const inner = paths[k + 1];
        const outline = filled && !stroked && inner !== undefined && isOutlineOf(sp.points, inner.points);
        const axis = pts.length === 4 && pts.every(([x, y], j) => {
          const [nx, ny] = pts[(j + 1) % 4]!;
          return Math.abs(nx - x) < 0.5 || Math.abs(ny - y) < 0.5;
        });
        // a stroked rectangle is a process symbol or a table's cell: told apart once the page is read
        if (stroked && !sp.curved && axis && w > 4 && h > 4) {
          rectangles.push({ box: b, lw });
          continue;
        }
        if ((stroked && (sp.closed || pts.length >= 4)) || outline) {
          const kind = contourKind(sp.points, sp.curved);
          if (kind) {
            shapes.push({ kind, box: b });
            if (outline) k++;
            continue;
          }
        }
        // a solid shape without an outline: a coloured symbol, or a cell's shading (told apart once the page is read)
        if (filled && !stroked && (sp.closed || pts.length >= 4) && enclosedShare(sp.points, b) >= SOLID_FILL) {
          const kind = contourKind(sp.points, sp.curved);
          if (kind) {
            solids.push({ kind, box: b });
            continue;
          }
        }
        if (!axis) piece(pieces); // a box (cell shading, a frame) is no connector
      }
    }
  }
  // rectangles tiling the page are cells of a table drawn cell by cell: their edges are its rules
  const tiled = tiledRectangles(rectangles.map((r) => r.box));
  rectangles.forEach((r, i) => {
    if (!tiled[i] && symbolSized(r.box)) shapes.push({ kind: 'process', box: r.box });
    else if (tiled[i]) rules.push(...edgesOf(r.box, r.lw));
  });
  return {
    rules, shapes, solids, pieces: [...pieces, ...rulePieces].slice(0, PIECES_MAX), imageCover: Math.min(1, imageArea / (pageW * pageH || 1)), pictures, imageScale,
    glyphs: { total: glyphsTotal, invisible: glyphsInvisible, hidden: glyphsHidden },
  };
}

async function renderPage(page: PdfjsPage, dpi: number): Promise<GreyImage> {
  const viewport = page.getViewport({ scale: dpi / 72 });
  const w = Math.ceil(viewport.width);
  const h = Math.ceil(viewport.height);
  // the native canvas is loaded by the first page that needs rendering (a scan), not at start-up
  const { createCanvas } = require('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  await page.render({ canvas, canvasContext: ctx, viewport, background: '#ffffff' } as unknown as Parameters<PdfjsPage['render']>[0]).promise;
  const grey = greyFromRgba(w, h, ctx.getImageData(0, 0, w, h).data);
  page.cleanup();
  return grey;
}
