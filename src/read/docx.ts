/**
 * DOCX (Word) through mammoth: the document becomes HTML whose tables keep their rows, cells,
 * rowspans and colspans (TOOLCHAIN.md: 98% text recall on LibreOffice DOCX), then the HTML reader's
 * rows. Flowchart symbols drawn as Word shapes become the glyphs of marks first (docx-shapes.ts).
 * The zip's directory is checked first, so a zip bomb or a file that is not a zip is refused before
 * anything is inflated. A document with no text but page images (a scan pasted into Word, one
 * picture per page) is read from its pictures by OCR, in document order, as a scanned PDF is.
 */
import { createRequire } from 'node:module';
import type * as Yauzl from 'yauzl';
import { SopError } from '../errors.js';
import { shapesToGlyphs } from './docx-shapes.js';
import { htmlToRows } from './html.js';
import { decodeImage, imageSize } from './image.js';
import type { Diagnostic, LayoutDocument, LayoutPage } from './layout.js';
import type { OcrEngine } from './ocr.js';
import { readScannedPage } from './scan.js';

// mammoth and yauzl are loaded by the first DOCX: a batch of text files, and every CLI command, starts faster without them
const require = createRequire(import.meta.url);

/** Most bytes a DOCX may inflate to (the XML of a long SOP is well under 10 MB). */
export const MAX_DOCX_INFLATED = 200 * 1024 * 1024;

interface ZipSummary {
  entries: number;
  inflated: number;
  hasDocument: boolean;
}

function readZipDirectory(bytes: Uint8Array): Promise<ZipSummary> {
  const yauzl = require('yauzl') as typeof Yauzl;
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const summary: ZipSummary = { entries: 0, inflated: 0, hasDocument: false };
      zip.on('entry', (e: Yauzl.Entry) => {
        summary.entries++;
        summary.inflated += e.uncompressedSize;
        if (e.fileName === 'word/document.xml') summary.hasDocument = true;
        zip.readEntry();
      });
      zip.on('end', () => resolve(summary));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/**
 * The DOCX with the flowchart symbols drawn as Word shapes replaced by their glyphs
 * (docx-shapes.ts), or the same bytes when it has none.
 */
async function withSymbolGlyphs(docx: Buffer): Promise<Buffer> {
  const JSZip = require('jszip') as typeof import('jszip');
  const zip = await JSZip.loadAsync(docx);
  const entry = zip.file('word/document.xml');
  if (!entry) return docx;
  const { xml, symbols } = shapesToGlyphs(await entry.async('string'));
  if (!symbols) return docx;
  zip.file('word/document.xml', xml);
  // DEFLATE: the entries left as they were are copied compressed, never inflated (a zip bomb in media stays shut)
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** What reading a DOCX's page images needs (index.ts ReadOptions). */
export interface DocxOcrOptions {
  /** Starts (or returns the running) OCR engine. */
  ocr?: () => Promise<OcrEngine>;
  /** Pictures read as pages, at most (a DOCX of more page images is refused: `too-many-pages`). */
  maxPages?: number;
  /** Epoch milliseconds after which reading stops (SopError `timeout`). */
  deadline?: number;
  onPage?: (page: number, pages: number) => void;
}

/** A picture at least this many pixels on its long side can be a page (a 100-ppi scan of A5); logos and icons are smaller. */
const PAGE_IMAGE_PX = 800;
/** A document with fewer letters than this has no text of its own (as a PDF page without a text layer). */
const NO_TEXT = 20;

/**
 * The pictures of a DOCX that has no text, OCRed one by one as pages. Errors (SopError):
 * `needs-ocr` when there is no OCR engine (the stage pool's worker threads have none: the importer
 * reads the file again where there is one), `too-many-pages`, `timeout`.
 */
async function readPageImages(pictures: Array<() => Promise<Buffer>>, options: DocxOcrOptions): Promise<LayoutDocument | null> {
  const images: Buffer[] = [];
  for (const read of pictures) {
    const bytes = await read();
    const size = imageSize(bytes);
    if (size && Math.max(size.width, size.height) >= PAGE_IMAGE_PX) images.push(bytes);
  }
  if (!images.length) return null;
  if (!options.ocr) throw new SopError('needs-ocr', 'the DOCX holds only page images and needs OCR, which is not available here');
  const maxPages = options.maxPages ?? 100;
  if (images.length > maxPages) throw new SopError('too-many-pages', `the DOCX holds ${images.length} page images, over the limit of ${maxPages} (--max-pages)`);
  const engine = await options.ocr();
  const pages: LayoutPage[] = [];
  const diagnostics: Diagnostic[] = [{ level: 'warning', code: 'docx-page-images', message: `the document has no text but ${images.length} page image(s): they were read by OCR` }];
  const confidences: number[] = [];
  for (const [i, bytes] of images.entries()) {
    if (options.deadline !== undefined && Date.now() > options.deadline) throw new SopError('timeout', `reading stopped at page ${i + 1}: over the time limit per file`);
    try {
      const img = (await decodeImage(bytes))[0]!;
      const scanned = await readScannedPage(img, i + 1, engine, Math.max(img.width, img.height) / 12.5);
      pages.push(scanned.page);
      diagnostics.push(...scanned.diagnostics);
      confidences.push(scanned.meanConfidence);
    } catch (e) {
      diagnostics.push({ level: 'error', code: 'page-failed', message: `page image ${i + 1} could not be read: ${(e as Error).message}` });
    }
    options.onPage?.(i + 1, images.length);
  }
  const meanConfidence = confidences.length ? Math.round((confidences.reduce((a, b) => a + b, 0) / confidences.length) * 10) / 10 : 0;
  return { format: 'docx', textLayer: 'ocr', pages, diagnostics, ocr: { engine: engine.name, languages: engine.languages, meanConfidence } };
}

/**
 * Reads a DOCX. Errors (SopError): `invalid-docx` when it is not a zip or holds no
 * word/document.xml; `too-large` when its entries would inflate beyond `maxInflated` bytes; for a
 * document of page images only, those of readPageImages.
 */
export async function readDocx(bytes: Uint8Array, maxInflated = MAX_DOCX_INFLATED, options: DocxOcrOptions = {}): Promise<LayoutDocument> {
  let summary: ZipSummary;
  try {
    summary = await readZipDirectory(bytes);
  } catch (e) {
    throw new SopError('invalid-docx', `the DOCX is not a valid zip archive: ${(e as Error).message}`);
  }
  if (!summary.hasDocument) throw new SopError('invalid-docx', 'the zip holds no word/document.xml: not a Word document');
  if (summary.inflated > maxInflated) throw new SopError('too-large', `the DOCX would inflate to ${summary.inflated} bytes, over the limit of ${maxInflated}`);
  let html: string;
  const diagnostics: LayoutDocument['diagnostics'] = [];
  // the pictures in document order, read only if the document turns out to have no text
  const pictures: Array<() => Promise<Buffer>> = [];
  try {
    const mammoth = require('mammoth') as typeof import('mammoth');
    const buffer = await withSymbolGlyphs(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const result = await mammoth.convertToHtml({ buffer }, {
      convertImage: mammoth.images.imgElement((image) => {
        pictures.push(() => image.read());
        return Promise.resolve({ src: '' });
      }),
    });
    html = result.value;
    for (const m of result.messages) if (m.type === 'error') diagnostics.push({ level: 'warning', code: 'docx-message', message: m.message });
  } catch (e) {
    throw new SopError('invalid-docx', `the DOCX cannot be read: ${(e as Error).message}`);
  }
  const rows = htmlToRows(html);
  const letters = rows.reduce((n, r) => n + r.cells.reduce((m, c) => m + c.text.replace(/[^\p{L}\p{N}]/gu, '').length, 0), 0);
  if (letters < NO_TEXT && pictures.length) {
    const scanned = await readPageImages(pictures, options);
    if (scanned) return { ...scanned, diagnostics: [...diagnostics, ...scanned.diagnostics] };
  }
  return { format: 'docx', textLayer: 'native', ocr: null, diagnostics, pages: [{ number: 1, unit: 'char', width: Math.max(1, ...rows.map((r) => r.cells.length)), rows }] };
}
