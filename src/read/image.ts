/**
 * Grey images for scans and photos: decoding (PNG, JPEG, TIFF with all its pages) by pure-JS
 * decoders (pngjs, jpeg-js, utif2; a native decoder crashed the process on a truncated PNG), with
 * the dimensions checked from the header before anything is decoded; binarisation (Otsu), rotation
 * by quarter turns and small skew, ruling lines from runs of dark pixels, and ink measurement.
 * Pixels are one luma byte each, row-major; 0 is black.
 */
import { createRequire } from 'node:module';
import { SopError } from '../errors.js';
import type { Box, Rule } from './geometry.js';

// the decoders are loaded by the first image: a batch of text files, and every CLI command, starts faster without them
const require = createRequire(import.meta.url);

export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
  /**
   * The same pixels with blue stamp and signature ink lightened away, for OCR only (see
   * BLUE_INK_FROM); absent when the image holds no such ink. Rules and symbols are found in `data`:
   * a flowchart drawn in Word's default blue is ink there.
   */
  inkless?: Uint8Array;
}

/** Largest image accepted, in pixels (about an A3 page at 600 dpi); bigger ones are refused before decoding. */
export const MAX_PIXELS = 7100 * 10000;

export type ImageKind = 'png' | 'jpeg' | 'tiff' | 'gif' | 'bmp' | 'webp';

/** Recognises an image by its first bytes. */
export function imageKind(bytes: Uint8Array): ImageKind | null {
  const b = bytes;
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a)) return 'tiff';
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return 'gif';
  if (b[0] === 0x42 && b[1] === 0x4d) return 'bmp';
  if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45) return 'webp';
  return null;
}

/** Width and height from a PNG, JPEG, GIF or BMP header, without decoding; null when unknown. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const kind = imageKind(bytes);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (kind === 'png') return { width: dv.getUint32(16), height: dv.getUint32(20) };
    if (kind === 'gif') return { width: dv.getUint16(6, true), height: dv.getUint16(8, true) };
    if (kind === 'bmp') return { width: Math.abs(dv.getInt32(18, true)), height: Math.abs(dv.getInt32(22, true)) };
    if (kind === 'jpeg') {
      let i = 2;
      while (i + 9 < bytes.length) {
        if (bytes[i] !== 0xff) {
          i++;
          continue;
        }
        const marker = bytes[i + 1]!;
        const len = dv.getUint16(i + 2);
        if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { height: dv.getUint16(i + 5), width: dv.getUint16(i + 7) };
        i += 2 + len;
      }
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * Blue ink dropped before OCR: a pixel's blueness, B − max(R, G), beyond `BLUE_INK_FROM` lightens
 * it by `BLUE_INK_LIGHTEN` grey levels per unit. Wet stamps (cap dinas) and signatures are blue or
 * violet ink laid over the approver block and the title beside it (dev-docs 06 and 08, Diskominfo
 * and Satpol PP Kalimantan Barat); printed text is black or grey (blueness under 10 in those
 * scans), so it stays, and a stroke of black over blue ink stays dark. Dark navy text (#1F3864,
 * blueness 44) is lightened but still ink; brighter blue print (#2F5496, #0070C0, Word's default
 * shape colours) is lost to the OCR, which is why the plain grey is kept beside it for rules and
 * symbols.
 */
const BLUE_INK_FROM = 30;
const BLUE_INK_LIGHTEN = 6;

/**
 * Grey (luma, 0 black to 255 white) of an RGBA pixel array, composited over white paper by the
 * alpha channel; with `inkless`, the same with blue stamp and signature ink lightened away (see
 * BLUE_INK_FROM), when any pixel is blue enough.
 */
export function greyFromRgba(width: number, height: number, rgba: ArrayLike<number>): GreyImage {
  const data = new Uint8Array(width * height);
  let inkless: Uint8Array | undefined;
  for (let i = 0, j = 0; j < data.length; i += 4, j++) {
    const r = rgba[i]!;
    const g = rgba[i + 1]!;
    const b = rgba[i + 2]!;
    const a = rgba[i + 3]! / 255;
    const luma = (r * 299 + g * 587 + b * 114) / 1000;
    data[j] = Math.round(luma * a + 255 * (1 - a));
    const blueness = b - Math.max(r, g);
    if (blueness > BLUE_INK_FROM) {
      if (!inkless) {
        inkless = new Uint8Array(data.length);
        inkless.set(data.subarray(0, j));
      }
      inkless[j] = Math.round(Math.min(255, luma + (blueness - BLUE_INK_FROM) * BLUE_INK_LIGHTEN) * a + 255 * (1 - a));
    } else if (inkless) inkless[j] = data[j]!;
  }
  return inkless ? { width, height, data, inkless } : { width, height, data };
}

function checkPixels(width: number, height: number, maxPixels: number): void {
  if (!(width > 0 && height > 0)) throw new SopError('invalid-image', `the image header gives an impossible size ${width}×${height}`);
  if (width * height > maxPixels) throw new SopError('too-large', `the image is ${width}×${height} px, over the limit of ${maxPixels} px`);
}

/**
 * Decodes an image file to grey pages (a TIFF may hold several). Errors (SopError):
 * `invalid-image` for a file the decoder cannot read, `too-large` over `maxPixels` (checked from
 * the header first: a 20000×20000 px image is refused in microseconds, not decoded into 1.6 GB),
 * `unsupported` for GIF, BMP and WebP.
 */
export function decodeImage(bytes: Uint8Array, maxPixels = MAX_PIXELS): GreyImage[] {
  const kind = imageKind(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = imageSize(bytes);
  if (size) checkPixels(size.width, size.height, maxPixels);
  try {
    if (kind === 'png') {
      const { PNG } = require('pngjs') as typeof import('pngjs');
      const png = PNG.sync.read(buf);
      return [greyFromRgba(png.width, png.height, png.data)];
    }
    if (kind === 'jpeg') {
      const jpeg = require('jpeg-js') as typeof import('jpeg-js');
      const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: Math.ceil(maxPixels / 1e6), maxMemoryUsageInMB: 2048 });
      return [greyFromRgba(img.width, img.height, img.data)];
    }
    if (kind === 'tiff') {
      const UTIF = require('utif2') as typeof import('utif2');
      const ifds = UTIF.decode(buf);
      const pages: GreyImage[] = [];
      for (const ifd of ifds) {
        const w = Number((ifd['t256'] as number[] | undefined)?.[0]);
        const h = Number((ifd['t257'] as number[] | undefined)?.[0]);
        if (!w || !h) continue; // thumbnails and EXIF directories
        checkPixels(w, h, maxPixels);
        UTIF.decodeImage(buf, ifd);
        pages.push(greyFromRgba(ifd.width, ifd.height, UTIF.toRGBA8(ifd)));
      }
      if (pages.length === 0) throw new Error('no image in the TIFF');
      return pages;
    }
  } catch (e) {
    if (e instanceof SopError) throw e;
    throw new SopError('invalid-image', `the ${kind?.toUpperCase()} image cannot be decoded: ${(e as Error).message}`);
  }
  throw new SopError('unsupported', `${kind ? kind.toUpperCase() : 'this'} images are not supported: use PNG, JPEG, TIFF or PDF`);
}

/** The image as binary PGM (P5): the fastest hand-off to tesseract (TOOLCHAIN.md). */
export function toPgm(img: GreyImage): Buffer {
  const header = Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'ascii');
  return Buffer.concat([header, Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength)]);
}

/** Otsu's threshold of the grey histogram. */
export function otsu(img: GreyImage): number {
  const hist = new Array<number>(256).fill(0);
  for (let i = 0; i < img.data.length; i++) hist[img.data[i]!]!++;
  const total = img.data.length;
  let sum = 0;
  for (let t = 0; t < 256; t++) sum += t * hist[t]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** 1 for ink, 0 for paper. */
export function binarize(img: GreyImage, threshold = otsu(img)): Uint8Array {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = img.data[i]! <= threshold ? 1 : 0;
  return out;
}

/** Rotates by a quarter turn clockwise `turns` times. */
export function rotateQuarter(img: GreyImage, turns: number): GreyImage {
  const t = ((turns % 4) + 4) % 4;
  if (t === 0) return img;
  const { width: w, height: h, data } = img;
  const W = t === 2 ? w : h;
  const H = t === 2 ? h : w;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = data[y * w + x]!;
      let nx: number;
      let ny: number;
      if (t === 1) {
        nx = h - 1 - y;
        ny = x;
      } else if (t === 2) {
        nx = w - 1 - x;
        ny = h - 1 - y;
      } else {
        nx = y;
        ny = w - 1 - x;
      }
      out[ny * W + nx] = v;
    }
  }
  return { width: W, height: H, data: out };
}

/**
 * Rotates by a small angle (degrees, clockwise positive) about the centre, on a canvas grown to
 * hold the whole page (nothing at the corners is cut off), filling with white.
 */
export function rotateSmall(img: GreyImage, degrees: number): GreyImage {
  if (Math.abs(degrees) < 0.05) return img;
  const { width: w, height: h, data } = img;
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const W = Math.ceil(Math.abs(w * cos) + Math.abs(h * sin));
  const H = Math.ceil(Math.abs(w * sin) + Math.abs(h * cos));
  const cx = w / 2;
  const cy = h / 2;
  const out = new Uint8Array(W * H).fill(255);
  for (let y = 0; y < H; y++) {
    const dy = y - H / 2;
    for (let x = 0; x < W; x++) {
      const dx = x - W / 2;
      const sx = Math.round(cos * dx + sin * dy + cx);
      const sy = Math.round(-sin * dx + cos * dy + cy);
      if (sx >= 0 && sx < w && sy >= 0 && sy < h) out[y * W + x] = data[sy * w + sx]!;
    }
  }
  return { width: W, height: H, data: out };
}

/** Halves (or more) the resolution by taking the darkest pixel of each block. */
export function shrink(img: GreyImage, factor: number): GreyImage {
  const w = Math.floor(img.width / factor);
  const h = Math.floor(img.height / factor);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let m = 255;
      for (let dy = 0; dy < factor; dy++) for (let dx = 0; dx < factor; dx++) m = Math.min(m, img.data[(y * factor + dy) * img.width + x * factor + dx]!);
      out[y * w + x] = m;
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * Estimates the skew of a page (degrees) from a binarised copy: the angle in ±`range` whose
 * horizontal projection of ink is the sharpest (text lines and table rules line up).
 */
export function estimateSkew(img: GreyImage, range = 3, step = 0.1): number {
  const small = img.width > 1400 ? shrink(img, Math.ceil(img.width / 1400)) : img;
  const bin = binarize(small);
  const pts: number[] = [];
  for (let y = 0; y < small.height; y += 1) for (let x = 0; x < small.width; x += 2) if (bin[y * small.width + x]) pts.push(x, y);
  let best = 0;
  let bestScore = -1;
  const rows = new Float64Array(small.height * 2 + 10);
  for (let d = -range; d <= range + 1e-9; d += step) {
    const t = Math.tan((d * Math.PI) / 180);
    rows.fill(0);
    for (let i = 0; i < pts.length; i += 2) {
      const y = Math.round(pts[i + 1]! - pts[i]! * t) + small.height / 2;
      if (y >= 0 && y < rows.length) rows[y]!++;
    }
    let score = 0;
    for (let y = 1; y < rows.length; y++) score += (rows[y]! - rows[y - 1]!) ** 2;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return Math.round(best * 10) / 10;
}

/**
 * Ruling lines of a scanned table: horizontal and vertical runs of ink at least `minLength` pixels
 * long, bridging breaks of up to `gap` pixels (scanned lines fade), merged into thin boxes. The
 * threshold is lenient (grey lines of a light scan count as ink).
 */
export function detectRules(img: GreyImage, minLength = Math.round(Math.min(img.width, img.height) / 25), gap = 8): Rule[] {
  // lenient threshold (a faded rule is light grey) on the darkest of three neighbouring pixels
  // across the line (a thin rule drifts by a pixel along a slightly skewed scan)
  const threshold = Math.min(200, Math.max(150, otsu(img) + 30));
  const { width: w, height: h, data } = img;
  const across = (x: number, y: number, dx: number, dy: number): number => {
    let m = data[y * w + x]!;
    if (x - dx >= 0 && y - dy >= 0) m = Math.min(m, data[(y - dy) * w + x - dx]!);
    if (x + dx < w && y + dy < h) m = Math.min(m, data[(y + dy) * w + x + dx]!);
    return m <= threshold ? 1 : 0;
  };
  const rules: Rule[] = [];
  // a run bridges breaks of up to `gap` pixels but must be mostly ink: along a line of text the ink
  // breaks every few pixels (fill well under 85%), along a faded rule it breaks rarely
  const scan = (len: number, lines: number, at: (line: number, i: number) => number, box: (line: number, a: number, b: number) => Box, out: Box[]): void => {
    for (let line = 0; line < lines; line++) {
      let start = -1;
      let lastInk = -10;
      let ink = 0;
      for (let i = 0; i <= len; i++) {
        const on = i < len && at(line, i) === 1;
        if (on) {
          if (start < 0) {
            start = i;
            ink = 0;
          }
          lastInk = i;
          ink++;
        } else if (start >= 0 && i - lastInk > gap) {
          const length = lastInk - start + 1;
          if (length >= minLength && ink / length >= 0.85) out.push(box(line, start, lastInk + 1));
          start = -1;
        }
      }
    }
  };
  const hRuns: Box[] = [];
  scan(w, h, (y, x) => across(x, y, 0, 1), (y, a, b) => ({ x0: a, x1: b, y0: y, y1: y + 1 }), hRuns);
  const vRuns: Box[] = [];
  scan(h, w, (x, y) => across(x, y, 1, 0), (x, a, b) => ({ x0: x, x1: x + 1, y0: a, y1: b }), vRuns);
  // stack runs of neighbouring rows (a line 3–6 px thick) into one rule
  for (const [runs, o] of [[hRuns, 'h'], [vRuns, 'v']] as const) {
    const merged: Box[] = [];
    for (const r of runs) {
      const m = merged.find((q) => (o === 'h' ? r.y0 - q.y1 <= 1 && r.x0 < q.x1 && q.x0 < r.x1 : r.x0 - q.x1 <= 1 && r.y0 < q.y1 && q.y0 < r.y1));
      if (m) {
        m.x0 = Math.min(m.x0, r.x0);
        m.x1 = Math.max(m.x1, r.x1);
        m.y0 = Math.min(m.y0, r.y0);
        m.y1 = Math.max(m.y1, r.y1);
      } else merged.push({ ...r });
    }
    for (const b of merged) {
      const thick = o === 'h' ? b.y1 - b.y0 : b.x1 - b.x0;
      if (thick <= 24) rules.push({ box: b, orientation: o }); // a double line counts as one rule
    }
  }
  return rules;
}

/** Share of ink pixels inside a box, ignoring the parts covered by `exclude` (text) boxes. */
export function inkRatio(bin: Uint8Array, width: number, box: Box, exclude: Box[] = []): number {
  let ink = 0;
  let total = 0;
  const x0 = Math.max(0, Math.floor(box.x0));
  const x1 = Math.floor(box.x1);
  const y0 = Math.max(0, Math.floor(box.y0));
  const y1 = Math.floor(box.y1);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (exclude.some((e) => x >= e.x0 && x < e.x1 && y >= e.y0 && y < e.y1)) continue;
      total++;
      ink += bin[y * width + x]!;
    }
  }
  return total ? ink / total : 0;
}

/** A copy with the given boxes painted white (rules, flowchart areas: nothing there to read). */
export function whiten(img: GreyImage, boxes: Box[]): GreyImage {
  const data = new Uint8Array(img.data);
  for (const b of boxes) {
    for (let y = Math.max(0, Math.floor(b.y0)); y < Math.min(img.height, Math.ceil(b.y1)); y++) {
      data.fill(255, y * img.width + Math.max(0, Math.floor(b.x0)), y * img.width + Math.min(img.width, Math.ceil(b.x1)));
    }
  }
  return { width: img.width, height: img.height, data };
}
