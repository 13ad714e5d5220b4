/**
 * Grey images for scans and photos: decoding (PNG, JPEG natively when the file is whole, TIFF and
 * damaged files by pure-JS decoders), with the dimensions checked from the header before anything
 * is decoded; binarisation (Otsu), rotation by quarter turns and small skew, resampling, ruling
 * lines from runs of dark pixels, text height from connected components, and ink measurement.
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

/**
 * Buffers of this many bytes or more hold a page (or a good part of one) and are allocated as at
 * least MAPPED_BYTES: glibc's malloc maps a request that large on its own and unmaps it when it is
 * freed, while smaller ones come from its heap once a freed mapping has raised its threshold (up to
 * 32 MiB) and stay there, fragmented. Untouched bytes of a mapping cost no memory. Measured on the
 * import of ../shared/wild and the dev-docs scans, 3 files at once: peak RSS 1.13 GiB with the
 * heap, 0.63 GiB with every request over 1 MiB mapped (MALLOC_MMAP_THRESHOLD_), 0.80 GiB with these
 * buffers mapped; 0.75 GiB with 2 files at once.
 */
const PAGE_BUFFER_BYTES = 1 << 20;
const MAPPED_BYTES = 33 << 20;

/** A zeroed buffer of `bytes` for a page's pixels (or its per-pixel values): see PAGE_BUFFER_BYTES. */
export function pageBuffer(bytes: number): ArrayBuffer {
  return new ArrayBuffer(bytes < PAGE_BUFFER_BYTES ? bytes : Math.max(bytes, MAPPED_BYTES));
}

/** `n` zeroed bytes of a page: see PAGE_BUFFER_BYTES. */
export function pageBytes(n: number): Uint8Array {
  return new Uint8Array(pageBuffer(n), 0, n);
}

/** A copy of a page's bytes (or a band of them) in a page buffer: see PAGE_BUFFER_BYTES. */
export function pageCopy(src: Uint8Array): Uint8Array {
  const out = pageBytes(src.length);
  out.set(src);
  return out;
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
  const n = width * height;
  const data = pageBytes(n);
  let inkless: Uint8Array | undefined;
  // a pixel per 32-bit read where the bytes allow it (a canvas's image data does)
  const words = ArrayBuffer.isView(rgba) && rgba.byteOffset % 4 === 0 && rgba.byteLength >= n * 4 ? new Uint32Array(rgba.buffer, rgba.byteOffset, n) : null;
  const little = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  for (let j = 0; j < n; j++) {
    let r: number;
    let g: number;
    let b: number;
    let alpha: number;
    if (words && little) {
      const v = words[j]!;
      // an opaque grey pixel (every pixel of a grey scan) is its own level and holds no blue
      if (v >>> 24 === 255 && ((v ^ (v >>> 8)) & 0xffff) === 0) {
        data[j] = v & 255;
        if (inkless) inkless[j] = v & 255;
        continue;
      }
      r = v & 255;
      g = (v >>> 8) & 255;
      b = (v >>> 16) & 255;
      alpha = v >>> 24;
    } else {
      r = rgba[j * 4]!;
      g = rgba[j * 4 + 1]!;
      b = rgba[j * 4 + 2]!;
      alpha = rgba[j * 4 + 3]!;
    }
    const sum = r * 299 + g * 587 + b * 114;
    // opaque pixels (nearly all) in integers: the same rounding as Math.round(sum / 1000)
    if (alpha === 255) data[j] = ((sum + 500) / 1000) | 0;
    else {
      const a = alpha / 255;
      data[j] = Math.round((sum / 1000) * a + 255 * (1 - a));
    }
    const blueness = b - (r > g ? r : g);
    if (blueness > BLUE_INK_FROM) {
      if (!inkless) {
        inkless = pageBytes(n);
        inkless.set(data.subarray(0, j));
      }
      const a = alpha / 255;
      inkless[j] = Math.round(Math.min(255, sum / 1000 + (blueness - BLUE_INK_FROM) * BLUE_INK_LIGHTEN) * a + 255 * (1 - a));
    } else if (inkless) inkless[j] = data[j]!;
  }
  return inkless ? { width, height, data, inkless } : { width, height, data };
}

function checkPixels(width: number, height: number, maxPixels: number): void {
  if (!(width > 0 && height > 0)) throw new SopError('invalid-image', `the image header gives an impossible size ${width}×${height}`);
  if (width * height > maxPixels) throw new SopError('too-large', `the image is ${width}×${height} px, over the limit of ${maxPixels} px`);
}

/**
 * True when a JPEG's marker segments are all inside the bytes, a frame header comes before the
 * scan, and an end-of-image marker follows the entropy-coded data (which cannot hold FF D9: a
 * data byte FF is followed by 00 or a restart marker). A file cut short fails.
 */
function jpegWhole(b: Uint8Array): boolean {
  let i = 2;
  let frame = false;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return false;
    const m = b[i + 1]!;
    if (m === 0xff) {
      i++;
      continue;
    }
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      i += 2;
      continue;
    }
    if (m === 0xd9) return false;
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    if (len < 2 || i + 2 + len > b.length) return false;
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) frame = true;
    if (m === 0xda) return frame && Buffer.from(b.buffer, b.byteOffset, b.byteLength).lastIndexOf(EOI) > i + 2 + len;
    i += 2 + len;
  }
  return false;
}
const EOI = Buffer.from([0xff, 0xd9]);

/** True when a PNG's chunks, IHDR first, are all inside the bytes, with image data and an IEND. */
function pngWhole(b: Uint8Array): boolean {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let i = 8;
  let data = false;
  for (let k = 0; i + 12 <= b.length; k++) {
    const len = dv.getUint32(i);
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    if (i + 12 + len > b.length || (k === 0 && type !== 'IHDR')) return false;
    if (type === 'IDAT') data = true;
    if (type === 'IEND') return data;
    i += 12 + len;
  }
  return false;
}

/**
 * JPEG and PNG through the native decoder of @napi-rs/canvas (a 300-dpi page in ~40 ms of CPU
 * against ~800 ms for jpeg-js), only once the file's structure is checked whole: the native
 * decoder kills the process (SIGSEGV) on a file cut inside its headers, and fills a file cut in
 * its data with grey without an error. Null when the structure is not whole (the pure-JS decoder
 * then reads it or says why not).
 */
async function decodeNative(kind: 'png' | 'jpeg', bytes: Uint8Array): Promise<GreyImage | null> {
  if (!(kind === 'jpeg' ? jpegWhole(bytes) : pngWhole(bytes))) return null;
  const { loadImage, createCanvas } = require('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
  // decoded when loaded (an Image whose src is set without waiting is drawn empty)
  const img = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (!(img.width > 0 && img.height > 0)) return null;
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, img.width, img.height);
  ctx.drawImage(img, 0, 0);
  return greyFromRgba(img.width, img.height, ctx.getImageData(0, 0, img.width, img.height).data);
}

/**
 * Decodes an image file to grey pages (a TIFF may hold several): JPEG and PNG natively when whole
 * (decodeNative), else and for TIFF by pure-JS decoders (pngjs, jpeg-js, utif2). Errors (SopError):
 * `invalid-image` for a file the decoder cannot read, `too-large` over `maxPixels` (checked from
 * the header first: a 20000×20000 px image is refused in microseconds, not decoded into 1.6 GB),
 * `unsupported` for GIF, BMP and WebP.
 */
export async function decodeImage(bytes: Uint8Array, maxPixels = MAX_PIXELS): Promise<GreyImage[]> {
  const kind = imageKind(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = imageSize(bytes);
  if (size) checkPixels(size.width, size.height, maxPixels);
  try {
    if ((kind === 'png' || kind === 'jpeg') && size) {
      const native = await decodeNative(kind, bytes);
      if (native) return [native];
    }
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
  const hist = new Uint32Array(256);
  const d = img.data;
  for (let i = 0; i < d.length; i++) hist[d[i]!]!++;
  const total = d.length;
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
  const lut = new Uint8Array(256);
  for (let v = 0; v <= Math.min(255, threshold); v++) lut[v] = 1;
  const d = img.data;
  const out = pageBytes(d.length);
  for (let i = 0; i < out.length; i++) out[i] = lut[d[i]!]!;
  return out;
}

/** Rotates by a quarter turn clockwise `turns` times. */
export function rotateQuarter(img: GreyImage, turns: number): GreyImage {
  const t = ((turns % 4) + 4) % 4;
  if (t === 0) return img;
  const { width: w, height: h, data } = img;
  const W = t === 2 ? w : h;
  const H = t === 2 ? h : w;
  const out = pageBytes(w * h);
  // one loop per turn: (x, y) goes to (h − 1 − y, x), (w − 1 − x, h − 1 − y) or (y, w − 1 − x)
  if (t === 2) {
    for (let i = 0, n = w * h; i < n; i++) out[n - 1 - i] = data[i]!;
  } else {
    for (let y = 0; y < h; y++) {
      const row = y * w;
      if (t === 1) for (let x = 0, o = h - 1 - y; x < w; x++, o += W) out[o] = data[row + x]!;
      else for (let x = 0, o = (w - 1) * W + y; x < w; x++, o -= W) out[o] = data[row + x]!;
    }
  }
  return { width: W, height: H, data: out };
}

/**
 * Rotates by a small angle (degrees, clockwise positive) about the centre, on a canvas grown to
 * hold the whole page (nothing at the corners is cut off), filling with white. Nearest pixel; the
 * source position moves by a constant step along each row.
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
  const out = pageBytes(W * H).fill(255);
  for (let y = 0; y < H; y++) {
    const dy = y - H / 2;
    let fx = cos * (-W / 2) + sin * dy + cx + 0.5;
    let fy = -sin * (-W / 2) + cos * dy + cy + 0.5;
    const row = y * W;
    for (let x = 0; x < W; x++, fx += cos, fy -= sin) {
      const sx = Math.floor(fx);
      const sy = Math.floor(fy);
      if (sx >= 0 && sx < w && sy >= 0 && sy < h) out[row + x] = data[sy * w + sx]!;
    }
  }
  return { width: W, height: H, data: out };
}

/**
 * Resamples by `factor` (0.5 halves, 2 doubles each side): below 1 by area averaging (each output
 * pixel the mean of the source area it covers, so thin strokes grey rather than vanish), above 1
 * by bilinear interpolation (upscaling low-resolution photos for OCR).
 */
export function resample(img: GreyImage, factor: number): GreyImage {
  if (factor === 1) return img;
  const { width: w, height: h, data } = img;
  const W = Math.max(1, Math.round(w * factor));
  const H = Math.max(1, Math.round(h * factor));
  const out = pageBytes(W * H);
  if (factor > 1) {
    const sx = (w - 1) / Math.max(1, W - 1);
    const sy = (h - 1) / Math.max(1, H - 1);
    const x0s = new Int32Array(W);
    const fxs = new Float32Array(W);
    for (let x = 0; x < W; x++) {
      const fx = x * sx;
      x0s[x] = Math.min(w - 2, Math.floor(fx));
      fxs[x] = fx - x0s[x]!;
    }
    for (let y = 0; y < H; y++) {
      const fy = y * sy;
      const y0 = Math.min(Math.max(0, h - 2), Math.floor(fy));
      const ty = fy - y0;
      const r0 = y0 * w;
      const r1 = Math.min(h - 1, y0 + 1) * w;
      for (let x = 0; x < W; x++) {
        const x0 = Math.max(0, x0s[x]!);
        const x1 = Math.min(w - 1, x0 + 1);
        const tx = fxs[x]!;
        const top = data[r0 + x0]! + (data[r0 + x1]! - data[r0 + x0]!) * tx;
        const bottom = data[r1 + x0]! + (data[r1 + x1]! - data[r1 + x0]!) * tx;
        out[y * W + x] = Math.round(top + (bottom - top) * ty);
      }
    }
    return { width: W, height: H, data: out };
  }
  if (Math.abs(factor - 2 / 3) < 1e-9) return twoThirds(img);
  // area average, separable: the weights of the source pixels each output pixel covers, along one axis
  const weights = (n: number, N: number): { start: Int32Array; count: Int32Array; w: Float32Array; taps: number } => {
    const scale = n / N;
    const taps = Math.ceil(scale) + 1;
    const start = new Int32Array(N);
    const count = new Int32Array(N);
    const wt = new Float32Array(N * taps);
    for (let i = 0; i < N; i++) {
      const a = i * scale;
      const b = Math.min(n, (i + 1) * scale);
      const s0 = Math.floor(a);
      start[i] = s0;
      let k = 0;
      for (let j = s0; j < b && k < taps; j++, k++) wt[i * taps + k] = (Math.min(b, j + 1) - Math.max(a, j)) / (b - a);
      count[i] = k;
    }
    return { start, count, w: wt, taps };
  };
  const wx = weights(w, W);
  const wy = weights(h, H);
  const mid = new Float32Array(pageBuffer(W * h * 4), 0, W * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < W; x++) {
      let v = 0;
      const s0 = row + wx.start[x]!;
      for (let k = 0, n = wx.count[x]!; k < n; k++) v += data[s0 + k]! * wx.w[x * wx.taps + k]!;
      mid[y * W + x] = v;
    }
  }
  for (let y = 0; y < H; y++) {
    const s0 = wy.start[y]!;
    for (let x = 0; x < W; x++) {
      let v = 0;
      for (let k = 0, n = wy.count[y]!; k < n; k++) v += mid[(s0 + k) * W + x]! * wy.w[y * wy.taps + k]!;
      out[y * W + x] = Math.round(v);
    }
  }
  return { width: W, height: H, data: out };
}

/** Halves (or more) the resolution by taking the darkest pixel of each block. */
export function shrink(img: GreyImage, factor: number): GreyImage {
  const w = Math.floor(img.width / factor);
  const h = Math.floor(img.height / factor);
  const src = img.data;
  const out = pageBytes(w * h).fill(255);
  // row by row: each source row lowers the minimum of the output row it falls in
  for (let y = 0; y < h * factor; y++) {
    const row = y * img.width;
    const o = Math.floor(y / factor) * w;
    for (let x = 0, sx = row; x < w; x++) {
      let m = out[o + x]!;
      for (let dx = 0; dx < factor; dx++, sx++) {
        const v = src[sx]!;
        if (v < m) m = v;
      }
      out[o + x] = m;
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * Area average at 2/3 (the page OCR's usual scale, see scan.ts ocrScale), in integers: each 3×3
 * block of pixels becomes 2×2, the middle row and column shared half and half. Equal to
 * resample's general area average up to rounding.
 */
function twoThirds(img: GreyImage): GreyImage {
  const { width: w, height: h, data } = img;
  const W = Math.max(1, Math.round((w * 2) / 3));
  const H = Math.max(1, Math.round((h * 2) / 3));
  // along x: out 2k = 2·p(3k) + p(3k+1), out 2k+1 = p(3k+1) + 2·p(3k+2) (times 3); edges clamp
  const mid = new Uint16Array(pageBuffer(W * h * 2), 0, W * h);
  const inner = Math.floor(w / 3); // whole blocks: no clamping
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const o = y * W;
    let X = 0;
    for (let k = 0, x = row; k < inner && X + 1 < W; k++, x += 3, X += 2) {
      const p1 = data[x + 1]!;
      mid[o + X] = 2 * data[x]! + p1;
      mid[o + X + 1] = p1 + 2 * data[x + 2]!;
    }
    for (; X < W; X++) {
      const x = (X >> 1) * 3;
      const p = (d: number): number => data[row + Math.min(w - 1, x + d)]!;
      mid[o + X] = X & 1 ? p(1) + 2 * p(2) : 2 * p(0) + p(1);
    }
  }
  const out = pageBytes(W * H);
  for (let Y = 0; Y < H; Y++) {
    const y = (Y >> 1) * 3;
    const odd = Y & 1;
    const ra = Math.min(h - 1, y + odd) * W;
    const rb = Math.min(h - 1, y + odd + 1) * W;
    const wa = odd ? 1 : 2;
    const wb = 3 - wa;
    const o = Y * W;
    for (let X = 0; X < W; X++) out[o + X] = ((wa * mid[ra + X]! + wb * mid[rb + X]! + 4) / 9) | 0;
  }
  return { width: W, height: H, data: out };
}

/**
 * Estimates the skew of a page (degrees) from a binarised copy: the angle in ±`range` whose
 * horizontal projection of ink is the sharpest (text lines and table rules line up). The angles
 * are tried every 0.5° and then every `step` around the best (22 projections instead of 61).
 */
export function estimateSkew(img: GreyImage, range = 3, step = 0.1): number {
  const small = img.width > 1400 ? shrink(img, Math.ceil(img.width / 1400)) : img;
  const bin = binarize(small);
  // the ink of every other column, as coordinates in typed arrays (counted first)
  const { width: sw, height: sh } = small;
  let n = 0;
  for (let y = 0; y < sh; y++) for (let x = 0, i = y * sw; x < sw; x += 2, i += 2) n += bin[i]!;
  const xs = new Int32Array(n);
  const ys = new Int32Array(n);
  for (let y = 0, k = 0; y < sh; y++) {
    for (let x = 0, i = y * sw; x < sw; x += 2, i += 2) {
      if (!bin[i]) continue;
      xs[k] = x;
      ys[k++] = y;
    }
  }
  const rows = new Float64Array(sh * 2 + 10);
  // a whole number: a fractional index would count nothing (odd heights read as no skew at all)
  const half = Math.floor(sh / 2);
  const sharpness = (d: number): number => {
    const t = Math.tan((d * Math.PI) / 180);
    rows.fill(0);
    for (let i = 0; i < n; i++) {
      const y = Math.round(ys[i]! - xs[i]! * t) + half;
      if (y >= 0 && y < rows.length) rows[y]!++;
    }
    let score = 0;
    for (let y = 1; y < rows.length; y++) score += (rows[y]! - rows[y - 1]!) ** 2;
    return score;
  };
  const search = (from: number, to: number, by: number): number => {
    let best = from;
    let bestScore = -1;
    for (let k = 0; from + k * by <= to + 1e-9; k++) {
      const d = Math.round((from + k * by) * 100) / 100;
      const score = sharpness(d);
      if (score > bestScore) {
        bestScore = score;
        best = d;
      }
    }
    return best;
  };
  const coarse = search(-range, range, 0.5);
  const best = search(Math.max(-range, coarse - 0.4), Math.min(range, coarse + 0.4), step);
  return Math.round(best * 10) / 10;
}

/** How far (pixels) either side of a light pixel detectRules looks for the grey of a shaded cell. */
const SHADE_REACH = 4;
/** A rule crossing a shaded cell is darker than this (grey level): the shading itself is ~150. */
const RULE_THROUGH_SHADE = 100;

/**
 * Ruling lines of a scanned table: horizontal and vertical runs of ink at least `minLength` pixels
 * long, bridging breaks of up to `gap` pixels (scanned lines fade), merged into thin boxes. The
 * threshold is lenient (grey lines of a light scan count as ink).
 */
export function detectRules(img: GreyImage, minLength = Math.round(Math.min(img.width, img.height) / 25), gap = 8): Rule[] {
  // lenient threshold (a faded rule is light grey) on the darkest of three neighbouring pixels
  // across the line (a thin rule drifts by a pixel along a slightly skewed scan)
  const split = otsu(img);
  const threshold = Math.min(200, Math.max(150, split + 30));
  const { width: w, height: h } = img;
  const strictMax = Math.min(threshold, split, RULE_THROUGH_SHADE);
  const grey = img.data;
  // a light pixel counts only where it stands out of its surroundings across the line: inside a
  // shaded cell (grey ~150, as dark as a faded rule) everything is lenient ink, and the shading's
  // runs would join the rules through it into one band (wild 001: a grey header row); lenient ink
  // is a grey level up to `threshold`, compared where it is needed (most pixels are paper)
  const dark = pageBytes(w * h);
  const R = SHADE_REACH;
  for (let y = 0; y < h; y++) {
    const rowsAround = y >= R && y + R < h;
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const g = grey[i]!;
      if (g > threshold) continue;
      if (g <= strictMax) dark[i] = 1;
      else {
        const acrossV = x >= R && x + R < w && grey[i - R]! <= threshold && grey[i + R]! <= threshold;
        const acrossH = rowsAround && grey[i - R * w]! <= threshold && grey[i + R * w]! <= threshold;
        if (!(acrossV && acrossH)) dark[i] = 1;
      }
    }
  }
  // ink across a horizontal line: the pixel or the one above or below; across a vertical one: left or right
  const zero = new Uint8Array(w);
  // a run bridges breaks of up to `gap` pixels but must be mostly ink: along a line of text the ink
  // breaks every few pixels (fill well under 85%), along a faded rule it breaks rarely
  const hRuns: Box[] = [];
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const up = y > 0 ? dark.subarray(row - w, row) : zero;
    const here = dark.subarray(row, row + w);
    const down = y + 1 < h ? dark.subarray(row + w, row + 2 * w) : zero;
    let start = -1;
    let lastInk = -10;
    let ink = 0;
    for (let x = 0; x <= w; x++) {
      if (x < w && (here[x]! | up[x]! | down[x]!)) {
        if (start < 0) {
          start = x;
          ink = 0;
        }
        lastInk = x;
        ink++;
      } else if (start >= 0 && x - lastInk > gap) {
        const length = lastInk - start + 1;
        if (length >= minLength && ink / length >= 0.85) hRuns.push({ x0: start, x1: lastInk + 1, y0: y, y1: y + 1 });
        start = -1;
      }
    }
  }
  // vertical runs, row by row with one state per column (memory order), then ordered by column as found one column at a time
  const vRuns: Box[] = [];
  const start = new Int32Array(w).fill(-1);
  const lastInk = new Int32Array(w).fill(-10);
  const ink = new Int32Array(w);
  const close = (x: number): void => {
    const length = lastInk[x]! - start[x]! + 1;
    if (length >= minLength && ink[x]! / length >= 0.85) vRuns.push({ x0: x, x1: x + 1, y0: start[x]!, y1: lastInk[x]! + 1 });
    start[x] = -1;
  };
  for (let y = 0; y < h; y++) {
    const row = y * w;
    // the pixel and its left and right neighbours, slid along the row (one read a pixel)
    let left = 0;
    let here = dark[row]!;
    for (let x = 0; x < w; x++) {
      const right = x + 1 < w ? dark[row + x + 1]! : 0;
      const on = left | here | right;
      left = here;
      here = right;
      if (on) {
        if (start[x]! < 0) {
          start[x] = y;
          ink[x] = 0;
        }
        lastInk[x] = y;
        ink[x]!++;
      } else if (start[x]! >= 0 && y - lastInk[x]! > gap) close(x);
    }
  }
  // past the last row, as past the end of a row: a run ends where `gap` rows without ink would follow
  for (let x = 0; x < w; x++) if (start[x]! >= 0 && h - lastInk[x]! > gap) close(x);
  vRuns.sort((a, b) => a.x0 - b.x0 || a.y0 - b.y0);
  const rules: Rule[] = [];
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

/** A mask (1 inside) of the given boxes, clipped to the image: the pixels that `inkRatio` and symbol finding leave out. */
export function maskOf(width: number, height: number, boxes: Box[]): Uint8Array {
  const mask = pageBytes(width * height);
  for (const b of boxes) {
    const x0 = Math.max(0, Math.ceil(b.x0));
    const x1 = Math.min(width, Math.ceil(b.x1));
    if (x1 <= x0) continue;
    for (let y = Math.max(0, Math.ceil(b.y0)); y < Math.min(height, Math.ceil(b.y1)); y++) mask.fill(1, y * width + x0, y * width + x1);
  }
  return mask;
}

/** Share of ink pixels inside a box, ignoring the pixels set in `mask` (text: see maskOf). */
export function inkRatio(bin: Uint8Array, width: number, box: Box, mask?: Uint8Array): number {
  let ink = 0;
  let total = 0;
  const x0 = Math.max(0, Math.floor(box.x0));
  const x1 = Math.floor(box.x1);
  const y0 = Math.max(0, Math.floor(box.y0));
  const y1 = Math.floor(box.y1);
  for (let y = y0; y < y1; y++) {
    const row = y * width;
    for (let x = x0; x < x1; x++) {
      if (mask && mask[row + x]) continue;
      total++;
      ink += bin[row + x]!;
    }
  }
  return total ? ink / total : 0;
}

/** Bounding boxes of connected components, as parallel arrays (inclusive pixel bounds). */
export interface Components {
  top: number[];
  bottom: number[];
  left: number[];
  right: number[];
}

/**
 * The 8-connected components of ink inside `region` (default the whole image), from runs of ink
 * row by row joined with the runs above them (union–find), so the cost follows the ink, not the
 * area.
 */
export function components(bin: Uint8Array, width: number, height: number, region?: Box): Components {
  const X0 = Math.max(0, Math.floor(region?.x0 ?? 0));
  const X1 = Math.min(width, Math.ceil(region?.x1 ?? width));
  const Y0 = Math.max(0, Math.floor(region?.y0 ?? 0));
  const Y1 = Math.min(height, Math.ceil(region?.y1 ?? height));
  const parent: number[] = [];
  const top: number[] = [];
  const bottom: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  let prev: number[] = []; // runs of the row above: x0, x1 (inclusive), label
  for (let y = Y0; y < Y1; y++) {
    const cur: number[] = [];
    const row = y * width;
    let p = 0;
    for (let x = X0; x < X1; ) {
      if (!bin[row + x]) {
        x++;
        continue;
      }
      const x0 = x;
      while (x < X1 && bin[row + x]) x++;
      let label = -1;
      // runs above that end before this one's reach (8-connected: diagonal neighbours touch) are passed
      while (p < prev.length && prev[p + 1]! < x0 - 1) p += 3;
      for (let q = p; q < prev.length && prev[q]! <= x; q += 3) {
        const other = find(prev[q + 2]!);
        if (label < 0) label = other;
        else if (other !== label) {
          const keep = Math.min(other, label);
          const gone = Math.max(other, label);
          parent[gone] = keep;
          top[keep] = Math.min(top[keep]!, top[gone]!);
          bottom[keep] = Math.max(bottom[keep]!, bottom[gone]!);
          left[keep] = Math.min(left[keep]!, left[gone]!);
          right[keep] = Math.max(right[keep]!, right[gone]!);
          label = keep;
        }
      }
      if (label < 0) {
        label = parent.length;
        parent.push(label);
        top.push(y);
        bottom.push(y);
        left.push(x0);
        right.push(x - 1);
      } else {
        bottom[label] = Math.max(bottom[label]!, y);
        left[label] = Math.min(left[label]!, x0);
        right[label] = Math.max(right[label]!, x - 1);
      }
      cur.push(x0, x - 1, label);
    }
    prev = cur;
  }
  const out: Components = { top: [], bottom: [], left: [], right: [] };
  for (let i = 0; i < parent.length; i++) {
    if (parent[i] !== i) continue;
    out.top.push(top[i]!);
    out.bottom.push(bottom[i]!);
    out.left.push(left[i]!);
    out.right.push(right[i]!);
  }
  return out;
}

/** Letter-sized: at least 4 px and at most `maxHeight` tall, not a line (at most a few letters run together), not a bar. */
function letterLike(c: Components, i: number, maxHeight: number): boolean {
  const h = c.bottom[i]! - c.top[i]! + 1;
  const w = c.right[i]! - c.left[i]! + 1;
  return h >= 4 && h <= maxHeight && w <= h * 6 && w * 5 >= h;
}

/**
 * The height (pixels) most common among the letter-sized components of a page `height` pixels
 * tall: the x-height of the text (most lower-case letters are that tall; ascenders, capitals and
 * specks are fewer), or null when fewer than 50 components look like letters.
 */
export function textHeight(c: Components, height: number): number | null {
  const counts = new Map<number, number>();
  let letters = 0;
  for (let i = 0; i < c.top.length; i++) {
    if (!letterLike(c, i, height / 20)) continue;
    const h = c.bottom[i]! - c.top[i]! + 1;
    counts.set(h, (counts.get(h) ?? 0) + 1);
    letters++;
  }
  if (letters < 50) return null;
  // the mode, over three neighbouring heights (a letter's height varies by a pixel with the baseline)
  let best = 0;
  let bestCount = -1;
  for (const h of counts.keys()) {
    const n = (counts.get(h - 1) ?? 0) + (counts.get(h) ?? 0) + (counts.get(h + 1) ?? 0);
    if (n > bestCount || (n === bestCount && h < best)) {
      bestCount = n;
      best = h;
    }
  }
  return best;
}

/**
 * Centres of the components as tall as letters of a text whose x-height is `xHeight` (from 0.6 to
 * 2.5 times it: lower case to capitals and ascenders), as x, y pairs: where a page's ink looks
 * like text rather than a drawing, a rule's remnant or specks.
 */
export function letterCentres(c: Components, xHeight: number): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < c.top.length; i++) {
    const h = c.bottom[i]! - c.top[i]! + 1;
    if (h >= xHeight * 0.6 && letterLike(c, i, xHeight * 2.5)) out.push((c.left[i]! + c.right[i]! + 1) / 2, (c.top[i]! + c.bottom[i]! + 1) / 2);
  }
  return Float64Array.from(out);
}

/** A cell whose middle grey level (median) lies between these is shaded: its background is lifted to white. */
const SHADED_CELL: readonly [number, number] = [100, 230];

/**
 * A copy in which each shaded box (a table cell printed on grey, as header rows often are) is
 * brightened so that its background becomes white and its text stays dark: each pixel scaled by
 * 255 / the box's median grey. OCR reads no words on a grey ground of ~150 (wild 001: the header
 * row of ESDM's procedure table came back empty). Boxes whose median is white or dark are left.
 */
export function liftShading(img: GreyImage, boxes: Box[]): GreyImage {
  const data = pageCopy(img.data);
  const hist = new Uint32Array(256);
  for (const b of boxes) {
    const x0 = Math.max(0, Math.ceil(b.x0));
    const x1 = Math.min(img.width, Math.floor(b.x1));
    const y0 = Math.max(0, Math.ceil(b.y0));
    const y1 = Math.min(img.height, Math.floor(b.y1));
    if (x1 - x0 < 4 || y1 - y0 < 4) continue;
    hist.fill(0);
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) hist[img.data[y * img.width + x]!]!++;
    const half = ((x1 - x0) * (y1 - y0)) / 2;
    let median = 0;
    for (let seen = 0; median < 256 && seen + hist[median]! < half; median++) seen += hist[median]!;
    if (median <= SHADED_CELL[0] || median >= SHADED_CELL[1]) continue;
    const k = 255 / median;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * img.width + x] = Math.min(255, Math.round(img.data[y * img.width + x]! * k));
  }
  return { ...img, data };
}

/** A copy with the given boxes painted white (rules, flowchart areas: nothing there to read). */
export function whiten(img: GreyImage, boxes: Box[]): GreyImage {
  const data = pageCopy(img.data);
  for (const b of boxes) {
    for (let y = Math.max(0, Math.floor(b.y0)); y < Math.min(img.height, Math.ceil(b.y1)); y++) {
      data.fill(255, y * img.width + Math.max(0, Math.floor(b.x0)), y * img.width + Math.min(img.width, Math.ceil(b.x1)));
    }
  }
  return { width: img.width, height: img.height, data };
}
