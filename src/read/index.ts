/**
 * The read stage: any supported file → the layout model. Text, markdown and HTML (text.ts), DOCX
 * (docx.ts), XLSX and XLS workbooks (spreadsheet.ts), PDF pages with a text layer (pdf.ts +
 * tables.ts), PDF pages without one or with a garbled one, and images (scan.ts, OCR). The kind of
 * a file is told by its bytes, not its name.
 */
import { SopError } from '../errors.js';
import { decodeText } from './decode.js';
import { readDocx } from './docx.js';
import { decodeImage, imageKind, type GreyImage } from './image.js';
import type { Diagnostic, LayoutDocument, LayoutPage, OcrInfo, SourceFormat } from './layout.js';
import { layerAgreement, layerVerdict, type LayerReason } from './layer.js';
import type { OcrEngine } from './ocr.js';
import { isWorkbookZip, readSpreadsheet } from './spreadsheet.js';
import { openPdf, type PdfDocument, type PdfPage } from './pdf.js';
import { readScannedPage } from './scan.js';
import { layoutPage } from './tables.js';
import { readText } from './text.js';
import { localEntryNames, zipEntries } from './zip.js';

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

export type FileKind = 'pdf' | 'docx' | 'spreadsheet' | 'image' | 'text';

/** The signature of a Compound File (OLE2: XLS, and also .doc, .ppt, encrypted Office files). */
const COMPOUND_FILE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Tells a file's kind from its bytes (a `.txt` holding a PDF is a PDF). A zip is an XLSX when its
 * directory (or, when that is broken, its local headers) names `xl/workbook.xml`, a DOCX otherwise
 * (the DOCX reader refuses a zip that is neither); a Compound File is taken for a spreadsheet (the
 * reader refuses a .doc by its streams).
 */
export function sniff(bytes: Uint8Array): FileKind {
  const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
  if (head.startsWith('%PDF')) return 'pdf';
  if (head.startsWith('PK\u0003\u0004')) {
    let names: string[];
    try {
      names = zipEntries(bytes).map((e) => e.name);
    } catch {
      // a zip without its directory: what its local headers name (its reader then says what is broken)
      names = localEntryNames(bytes);
    }
    return isWorkbookZip(names) ? 'spreadsheet' : 'docx';
  }
  if (bytes.length >= 8 && COMPOUND_FILE.equals(bytes.subarray(0, 8))) return 'spreadsheet';
  if (imageKind(bytes)) return 'image';
  return 'text';
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
 * `invalid-pdf`, `invalid-docx`, `invalid-spreadsheet`, `invalid-image`, `too-large`,
 * `too-many-pages`, `timeout`, `unsupported`. A page that fails alone is reported in the diagnostics (`page-failed`, error
 * level) and the other pages are read.
 */
export async function readDocument(bytes: Uint8Array, options: ReadOptions = {}): Promise<LayoutDocument> {
  const kind = sniff(bytes);
  if (kind === 'text') return readText(decodeText(bytes).text);
  if (kind === 'docx') return readDocx(bytes, undefined, options);
  if (kind === 'spreadsheet') return readSpreadsheet(bytes, { maxPages: options.maxPages ?? 100 });
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

/** What a page read from its image says about the text layer it set aside, by reason (layer.ts). */
const SET_ASIDE: Record<Exclude<LayerReason, 'no text layer'>, { code: string; says: string }> = {
  'garbled text layer': { code: 'garbled-text-layer', says: 'the text layer is garbled (a font without a usable Unicode map)' },
  'watermark only': { code: 'watermark-text-layer', says: 'the text layer holds only a mark or a footer (a scanner app\'s, an e-signature\'s) over what the page\'s pictures show' },
  'hidden text layer': { code: 'hidden-text-layer', says: 'the text layer is hidden (invisible, or under a picture) and differs from what the image shows' },
};

/** Agreement (layer.ts layerAgreement) from which a hidden text layer is read instead of the image. */
const HIDDEN_LAYER_AGREES = 0.5;

/**
 * For a page with a hidden text layer: OCR of the band of the rendered page (a sixth of its height)
 * holding the most of the layer's words, compared with the layer's words there. Returns the
 * agreement, or null when the band gave too few words to tell.
 */
async function hiddenLayerAgreement(p: PdfPage, img: GreyImage, engine: OcrEngine, dpi: number): Promise<number | null> {
  const k = img.height / p.height; // pixels per point
  const bandPt = p.height / 6;
  let best = 0;
  let bestTop = 0;
  for (let top = 0; top + bandPt <= p.height + 1e-6; top += bandPt / 2) {
    const n = p.words.filter((w) => (w.box.y0 + w.box.y1) / 2 >= top && (w.box.y0 + w.box.y1) / 2 < top + bandPt).length;
    if (n > best) {
      best = n;
      bestTop = top;
    }
  }
  const y0 = Math.floor(bestTop * k);
  const y1 = Math.min(img.height, Math.ceil((bestTop + bandPt) * k));
  const band: GreyImage = { width: img.width, height: y1 - y0, data: img.data.subarray(y0 * img.width, y1 * img.width) };
  const ocr = await engine.recognize(band, 'page', dpi);
  const inBand = p.words.filter((w) => (w.box.y0 + w.box.y1) / 2 >= bestTop && (w.box.y0 + w.box.y1) / 2 < bestTop + bandPt);
  return layerAgreement(inBand, ocr.words);
}

/** Renders a page for OCR at its scan's own resolution (img2pdf writes 72-dpi page sizes for JPEGs without one: 300 dpi would blow those up fourfold). */
function renderForOcr(pdf: PdfDocument, p: PdfPage, n: number, dpi: number): Promise<GreyImage> {
  return pdf.render(n, p.imageScale ? Math.min(dpi, Math.max(50, 72 * p.imageScale)) : dpi);
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
        const verdict = layerVerdict(p);
        let img: GreyImage | null = null;
        let reason: LayerReason | null = verdict.read === 'text' ? null : verdict.reason;
        if (verdict.read !== 'text') {
          if (!options.ocr) {
            if (verdict.read === 'image') throw new SopError('unsupported', `page ${n} has ${verdict.reason} and needs OCR, which is not available`);
            reason = null; // a hidden layer cannot be checked without OCR: it is read as it is
          } else {
            engine = engine ?? (await options.ocr());
            img = await renderForOcr(pdf, p, n, dpi);
            checkDeadline(options, n);
            if (verdict.read === 'compare') {
              // an image that OCR cannot read there (stylised lettering over a photograph) leaves the layer as the only text
              const agreement = await hiddenLayerAgreement(p, img, engine, pixelDensity(img));
              if (agreement === null || agreement >= HIDDEN_LAYER_AGREES) {
                img = null;
                reason = null;
              }
            }
          }
        }
        if (!img) {
          if (p.words.length) native++;
          pages.push(layoutPage({ number: n, unit: 'pt', width: p.width, height: p.height, words: p.words, rules: p.rules, shapes: p.shapes }));
        } else {
          const scanned = await readScannedPage(img, n, engine!, pixelDensity(img));
          img = null; // the page's pixels are let go before the next page is rendered
          pages.push(scanned.page);
          diagnostics.push(...scanned.diagnostics);
          confidences.push(scanned.meanConfidence);
          ocred++;
          if (reason && reason !== 'no text layer') diagnostics.push({ level: 'warning', code: SET_ASIDE[reason].code, message: `page ${n}: ${SET_ASIDE[reason].says}; the page was read from its image` });
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
