/**
 * DOCX (Word) through mammoth: the document becomes HTML whose tables keep their rows, cells,
 * rowspans and colspans (TOOLCHAIN.md: 98% text recall on LibreOffice DOCX), then the HTML reader's
 * rows. Flowchart symbols drawn as Word shapes become the glyphs of marks first (docx-shapes.ts).
 * The zip's directory is checked first, so a zip bomb or a file that is not a zip is refused before
 * anything is inflated.
 */
import { createRequire } from 'node:module';
import type * as Yauzl from 'yauzl';
import { SopError } from '../errors.js';
import { shapesToGlyphs } from './docx-shapes.js';
import { htmlToRows } from './html.js';
import type { LayoutDocument } from './layout.js';

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

/**
 * Reads a DOCX. Errors (SopError): `invalid-docx` when it is not a zip or holds no
 * word/document.xml; `too-large` when its entries would inflate beyond `maxInflated` bytes.
 */
export async function readDocx(bytes: Uint8Array, maxInflated = MAX_DOCX_INFLATED): Promise<LayoutDocument> {
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
  try {
    const mammoth = require('mammoth') as typeof import('mammoth');
    const buffer = await withSymbolGlyphs(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const result = await mammoth.convertToHtml({ buffer }, { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) });
    html = result.value;
    for (const m of result.messages) if (m.type === 'error') diagnostics.push({ level: 'warning', code: 'docx-message', message: m.message });
  } catch (e) {
    throw new SopError('invalid-docx', `the DOCX cannot be read: ${(e as Error).message}`);
  }
  const rows = htmlToRows(html);
  return { format: 'docx', textLayer: 'native', ocr: null, diagnostics, pages: [{ number: 1, unit: 'char', width: Math.max(1, ...rows.map((r) => r.cells.length)), rows }] };
}
