/**
 * Degraded scans of born-digital PDFs, made in JavaScript only (no Debian tool at run time), for the
 * agreement check (scripts/agreement.ts). Each page is rendered by the pipeline's own PDF engine
 * (src/read/pdf.ts: pdfjs-dist and @napi-rs/canvas) and degraded as fixtures/make/renditions.ts
 * degrades the seed scans with ImageMagick: grey, turned by a small angle on a white background,
 * Gaussian noise, a blur, JPEG at low quality (all through @napi-rs/canvas); the pages are then
 * wrapped as an image-only PDF by pdf-lib, one page per image at the scan's resolution, so that
 * the importer reads it at that resolution as it reads any scanned PDF.
 *
 * Reproducible: the noise comes from a seeded generator (pure-rand xoroshiro128+), its seed made
 * from a name and the page number, so the same file and options always give the same bytes.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { PDFDocument } from 'pdf-lib';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { GreyImage } from '../../src/read/image.js';
import { openPdf } from '../../src/read/pdf.js';

const require = createRequire(import.meta.url);

/** How a page is scanned and degraded. */
export interface ScanOptions {
  /** Resolution of the scan, dots per inch. */
  dpi: number;
  /** Skew, degrees clockwise. */
  angle: number;
  /** Standard deviation of the Gaussian noise added to each pixel, in grey levels (0–255). */
  noise: number;
  /** Standard deviation of the Gaussian blur, in pixels. */
  blur: number;
  /** JPEG quality, 0–100. */
  quality: number;
}

/**
 * The degradation of the seed renditions (fixtures/make/renditions.ts: 300 dpi, grey, 1.5°, noise,
 * blur 0x0.8, JPEG 60). ImageMagick's Gaussian noise at `-attenuate 0.3` depends on the pixel's
 * level; a fixed σ of 6 grey levels before the blur is of the same order (after blur and JPEG a
 * white area varies by about 2 levels, 1 in the seed scans).
 */
export const SCAN_DEFAULTS: ScanOptions = { dpi: 300, angle: 1.5, noise: 6, blur: 0.8, quality: 60 };

/** A seed for the noise of one page: the first 32 bits of SHA-256 of `name` and the page number. */
export function pageSeed(name: string, page: number): number {
  return createHash('sha256').update(`${name}\u0000${page}`).digest().readInt32BE(0);
}

/**
 * Degrades a grey page image like a scan: turned by `options.angle` on a white page grown to hold
 * it, Gaussian noise of `options.noise` levels from `seed`, blurred by `options.blur` pixels, and
 * encoded as JPEG at `options.quality`. Returns the JPEG's bytes and its size in pixels.
 */
export function degradePage(page: GreyImage, seed: number, options: ScanOptions = SCAN_DEFAULTS): { jpeg: Buffer; width: number; height: number } {
  const { createCanvas, ImageData } = require('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
  const { width: w, height: h } = page;
  const source = createCanvas(w, h);
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    const v = page.data[i]!;
    rgba[i * 4] = v;
    rgba[i * 4 + 1] = v;
    rgba[i * 4 + 2] = v;
    rgba[i * 4 + 3] = 255;
  }
  source.getContext('2d').putImageData(new ImageData(rgba, w, h), 0, 0);

  const theta = (options.angle * Math.PI) / 180;
  const cos = Math.abs(Math.cos(theta));
  const sin = Math.abs(Math.sin(theta));
  const W = Math.ceil(w * cos + h * sin);
  const H = Math.ceil(w * sin + h * cos);
  const turned = createCanvas(W, H);
  const tc = turned.getContext('2d');
  tc.fillStyle = '#ffffff';
  tc.fillRect(0, 0, W, H);
  tc.imageSmoothingEnabled = true;
  tc.imageSmoothingQuality = 'high';
  tc.translate(W / 2, H / 2);
  tc.rotate(theta);
  tc.drawImage(source, -w / 2, -h / 2);
  tc.setTransform(1, 0, 0, 1, 0, 0);

  if (options.noise > 0) {
    const img = tc.getImageData(0, 0, W, H);
    const px = img.data;
    const rng = xoroshiro128plus(seed);
    // Box–Muller: two normal deviates from two uniform ones
    let spare: number | null = null;
    const gauss = (): number => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      const u = 1 - uniformFloat64(rng);
      const v = uniformFloat64(rng);
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    };
    for (let i = 0; i < W * H; i++) {
      const v = px[i * 4]! + gauss() * options.noise;
      px[i * 4] = v;
      px[i * 4 + 1] = v;
      px[i * 4 + 2] = v;
    }
    tc.putImageData(img, 0, 0);
  }

  const blurred = createCanvas(W, H);
  const bc = blurred.getContext('2d');
  bc.fillStyle = '#ffffff';
  bc.fillRect(0, 0, W, H);
  if (options.blur > 0) bc.filter = `blur(${options.blur}px)`;
  bc.drawImage(turned, 0, 0);
  return { jpeg: blurred.encodeSync('jpeg', options.quality), width: W, height: H };
}

/**
 * Wraps JPEG page images as an image-only PDF (no text layer): one page per image, sized so that
 * the image is at `dpi` (a page of `width` pixels is `width / dpi` inches wide).
 */
export async function imagePdf(pages: Array<{ jpeg: Uint8Array; width: number; height: number }>, dpi: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (const p of pages) {
    const image = await doc.embedJpg(p.jpeg);
    const [pw, ph] = [(p.width * 72) / dpi, (p.height * 72) / dpi];
    doc.addPage([pw, ph]).drawImage(image, { x: 0, y: 0, width: pw, height: ph });
  }
  return doc.save();
}

/**
 * The degraded scan of the first `pages` pages of a PDF (all when it has fewer), as an image-only
 * PDF: each page rendered at `options.dpi` by src/read/pdf.ts and degraded by degradePage with the
 * seed of `name` and its page number; with the pages scanned and the PDF's pages in all. Errors: those of openPdf (encrypted, invalid, empty).
 */
export async function scanPdf(pdf: Uint8Array, name: string, pages: number, options: ScanOptions = SCAN_DEFAULTS): Promise<{ bytes: Uint8Array; pages: number; total: number }> {
  const doc = await openPdf(pdf);
  try {
    const n = Math.min(pages, doc.numPages);
    const images: Array<{ jpeg: Uint8Array; width: number; height: number }> = [];
    for (let i = 1; i <= n; i++) images.push(degradePage(await doc.render(i, options.dpi), pageSeed(name, i), options));
    return { bytes: await imagePdf(images, options.dpi), pages: n, total: doc.numPages };
  } finally {
    await doc.close();
  }
}


/** A PDF of the first `pages` pages of another (pdf-lib copies them with what they use). */
export async function firstPages(pdf: Uint8Array, pages: number): Promise<Uint8Array> {
  const src = await PDFDocument.load(pdf, { updateMetadata: false });
  const out = await PDFDocument.create({ updateMetadata: false });
  const n = Math.min(pages, src.getPageCount());
  for (const page of await out.copyPages(src, [...Array(n).keys()])) out.addPage(page);
  return out.save();
}
