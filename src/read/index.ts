/**
 * The read stage: any supported file → the layout model. Text, markdown and HTML (text.ts), DOCX
 * (docx.ts), PDF pages with a text layer (pdf.ts + tables.ts), PDF pages without one or with a
 * garbled one, and images (scan.ts, OCR). The kind of a file is told by its bytes, not its name.
 */
import { SopError } from '../errors.js';
import { decodeText } from './decode.js';
import { readDocx } from './docx.js';
import { decodeImage, imageKind, type GreyImage } from './image.js';
import type { Diagnostic, LayoutDocument, LayoutPage, OcrInfo, SourceFormat } from './layout.js';
import type { OcrEngine } from './ocr.js';
import { openPdf, type PdfPage } from './pdf.js';
import { readScannedPage } from './scan.js';
import { layoutPage } from './tables.js';
import { readText } from './text.js';

export interface ReadOptions {
  /** Starts (or returns the running) OCR engine; called only when a page needs OCR. */
  ocr?: () => Promise<OcrEngine>;
  /** Files with more pages are refused (SopError `too-many-pages`); default 100. */
  maxPages?: number;
  /** Epoch milliseconds after which reading stops (SopError `timeout`). */
  deadline?: number;
  /** Resolution at which pages are rendered for OCR; default 300 dpi. */
  dpi?: number;
  /** Called after each page. */
  onPage?: (page: number, pages: number) => void;
}

export type FileKind = 'pdf' | 'docx' | 'image' | 'text';

/** Tells a file's kind from its first bytes (a `.txt` holding a PDF is a PDF). */
export function sniff(bytes: Uint8Array): FileKind {
  const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
  if (head.startsWith('%PDF')) return 'pdf';
  if (head.startsWith('PK\u0003\u0004')) return 'docx';
  if (imageKind(bytes)) return 'image';
  return 'text';
}

/** A text layer too thin to read (a scan with an invisible OCR layer of a few marks) or garbled. */
function needsOcr(p: PdfPage): { ocr: boolean; reason: string } {
  const text = p.words.map((w) => w.text).join('');
  const letters = text.replace(/[^\p{L}\p{N}]/gu, '').length;
  if (letters < 20) return { ocr: p.imageCover > 0.2, reason: 'no text layer' };
  const odd = [...text].filter((ch) => /[\u0000-\u0008\u000e-\u001f\ufffd\ue000-\uf8ff]/u.test(ch) || /[^\p{Script=Latin}\p{N}\p{P}\p{S}\s]/u.test(ch)).length;
  if (odd / text.length > 0.3) return { ocr: true, reason: 'garbled text layer' };
  return { ocr: false, reason: '' };
}

/**
 * Pixels per inch of a page image, estimated from its long side as a page of 12.5 inches (between
 * A4's 11.7 and F4's 13): image files and image-only PDFs rarely state their resolution truly.
 */
export function pixelDensity(img: GreyImage): number {
  return Math.max(img.width, img.height) / 12.5;
}

function checkDeadline(options: ReadOptions, page: number): void {
  if (options.deadline !== undefined && Date.now() > options.deadline) {
    throw new SopError('timeout', `reading stopped at page ${page}: over the time limit per file`);
  }
}

/**
 * Reads a file's bytes into the layout model. Errors (SopError): `empty`, `binary`, `encrypted`,
 * `invalid-pdf`, `invalid-docx`, `invalid-image`, `too-large`, `too-many-pages`, `timeout`,
 * `unsupported`. A page that fails alone is reported in the diagnostics (`page-failed`, error
 * level) and the other pages are read.
 */
export async function readDocument(bytes: Uint8Array, options: ReadOptions = {}): Promise<LayoutDocument> {
  const kind = sniff(bytes);
  if (kind === 'text') return readText(decodeText(bytes).text);
  if (kind === 'docx') return readDocx(bytes);
  if (kind === 'image') return readImage(bytes, options);
  return readPdf(bytes, options);
}

async function readImage(bytes: Uint8Array, options: ReadOptions): Promise<LayoutDocument> {
  const images = await decodeImage(bytes);
  const maxPages = options.maxPages ?? 100;
  if (images.length > maxPages) throw new SopError('too-many-pages', `the image has ${images.length} pages, over the limit of ${maxPages} (--max-pages)`);
  if (!options.ocr) throw new SopError('unsupported', 'the image needs OCR, which is not available');
  const engine = await options.ocr();
  const pages: LayoutPage[] = [];
  const diagnostics: Diagnostic[] = [];
  const confidences: number[] = [];
  for (const [i, img] of images.entries()) {
    checkDeadline(options, i + 1);
    const scanned = await readScannedPage(img, i + 1, engine, pixelDensity(img));
    pages.push(scanned.page);
    diagnostics.push(...scanned.diagnostics);
    confidences.push(scanned.meanConfidence);
    options.onPage?.(i + 1, images.length);
  }
  const meanConfidence = Math.round((confidences.reduce((a, b) => a + b, 0) / confidences.length) * 10) / 10;
  return { format: 'image', textLayer: 'ocr', pages, diagnostics, ocr: { engine: engine.name, languages: engine.languages, meanConfidence } };
}

async function readPdf(bytes: Uint8Array, options: ReadOptions): Promise<LayoutDocument> {
  const pdf = await openPdf(bytes);
  try {
    const maxPages = options.maxPages ?? 100;
    if (pdf.numPages > maxPages) throw new SopError('too-many-pages', `the PDF has ${pdf.numPages} pages, over the limit of ${maxPages} (--max-pages)`);
    const pages: LayoutPage[] = [];
    const diagnostics: Diagnostic[] = [];
    let native = 0;
    let ocred = 0;
    const confidences: number[] = [];
    let engine: OcrEngine | null = null;
    const dpi = options.dpi ?? 300;
    for (let n = 1; n <= pdf.numPages; n++) {
      checkDeadline(options, n);
      try {
        const p = await pdf.page(n);
        const need = needsOcr(p);
        if (!need.ocr) {
          if (p.words.length) native++;
          pages.push(layoutPage({ number: n, unit: 'pt', width: p.width, height: p.height, words: p.words, rules: p.rules, shapes: p.shapes }));
        } else {
          if (!options.ocr) throw new SopError('unsupported', `page ${n} has ${need.reason} and needs OCR, which is not available`);
          engine = engine ?? (await options.ocr());
          // a scanned page is rendered at its scan's own resolution (img2pdf writes 72 dpi page sizes
          // for JPEGs without a resolution: rendering those at 300 dpi would blow them up fourfold)
          const renderDpi = p.imageScale ? Math.min(dpi, Math.max(50, 72 * p.imageScale)) : dpi;
          const img: GreyImage = await pdf.render(n, renderDpi);
          checkDeadline(options, n);
          const scanned = await readScannedPage(img, n, engine, pixelDensity(img));
          pages.push(scanned.page);
          diagnostics.push(...scanned.diagnostics);
          confidences.push(scanned.meanConfidence);
          ocred++;
          if (need.reason === 'garbled text layer') diagnostics.push({ level: 'warning', code: 'garbled-text-layer', message: `page ${n}: the text layer is garbled; the page was OCRed` });
        }
      } catch (e) {
        if (e instanceof SopError && (e.code === 'timeout' || e.code === 'too-many-pages')) throw e;
        diagnostics.push({ level: 'error', code: 'page-failed', message: `page ${n} could not be read: ${(e as Error).message}` });
      }
      options.onPage?.(n, pdf.numPages);
    }
    const ocr: OcrInfo | null = engine && confidences.length
      ? { engine: engine.name, languages: engine.languages, meanConfidence: Math.round((confidences.reduce((a, b) => a + b, 0) / confidences.length) * 10) / 10 }
      : null;
    const format: SourceFormat = 'pdf';
    return { format, textLayer: ocred === 0 ? 'native' : native === 0 ? 'ocr' : 'mixed', pages, diagnostics, ocr };
  } finally {
    await pdf.close();
  }
}
