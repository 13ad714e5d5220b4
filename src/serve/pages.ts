/**
 * Page images of imported files, rendered on demand and cached on disk by page hash: PDF pages
 * rendered by the PDF reader (src/read/pdf.ts: pdfjs-dist and @napi-rs/canvas, grey), PNG and
 * JPEG images as they are, TIFF pages decoded (src/read/image.ts) and written as PNG. Text, DOCX
 * and spreadsheet files have no page image (NoPageImage says so); a text file's text can be shown
 * instead.
 *
 * The cache key hashes the file's sha256 and the page number, so an image is never stale: a file
 * whose bytes changed since its import is refused (re-import it) rather than shown beside a record
 * read from other bytes. Each cached page has a JSON beside it giving the frames that provenance
 * boxes (SOP-RECORD.md, `provenance`) are measured in: the page in PDF points (`pt`, text-layer
 * pages) and the page image the OCR read, in pixels (`px`).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import PQueue from 'p-queue';
import { decodeImage, imageKind, imageSize, type GreyImage } from '../read/image.js';
import { openPdf } from '../read/pdf.js';
import { sniff } from '../read/index.js';

const require = createRequire(import.meta.url);

/** Resolution of rendered PDF pages shown beside the record (dots per inch). */
export const DISPLAY_DPI = 110;
/** Bump when the rendering changes, so that cached pages are made again. */
const CACHE_VERSION = 1;

/** No image can be shown for this page or file; `message` says why, for the person looking. */
export class NoPageImage extends Error {
  override readonly name = 'NoPageImage';
}

/** A file as the database knows it (documents row). */
export interface PageSource {
  path: string;
  sha256: string | null;
  format: string | null;
}

export interface PageMeta {
  /** MIME type of the image. */
  type: 'image/png' | 'image/jpeg';
  /** Size of the image served, pixels. */
  width: number;
  height: number;
  /** The page in PDF points (width, height) for a PDF page, else null. */
  pt: [number, number] | null;
  /** The page image the OCR read (width, height in pixels): `px` provenance boxes are in it. */
  px: [number, number];
}

export interface PageImage extends PageMeta {
  bytes: Buffer;
}

/**
 * The resolution at which the importer renders a PDF page for OCR (src/read/index.ts, readPdf: a
 * scanned page at its scan's own resolution, between 50 and 300 dpi; any other page at 300 dpi):
 * `px` boxes of OCRed pages are in that image.
 */
export function ocrDpi(imageScale: number | null, dpi = 300): number {
  return imageScale ? Math.min(dpi, Math.max(50, 72 * imageScale)) : dpi;
}

function greyPng(img: GreyImage): Buffer {
  // the native canvas, as the PDF reader uses it; loaded by the first page rendered
  const { createCanvas } = require('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  const data = ctx.createImageData(img.width, img.height);
  for (let i = 0, j = 0; i < img.data.length; i++, j += 4) {
    const v = img.data[i]!;
    data.data[j] = v;
    data.data[j + 1] = v;
    data.data[j + 2] = v;
    data.data[j + 3] = 255;
  }
  ctx.putImageData(data, 0, 0);
  return canvas.encodeSync('png');
}

/**
 * Errors: NoPageImage for bytes that are neither a PDF nor an image (a file whose import failed
 * before its format was known: empty, binary, a type not supported).
 */
function refuseOtherBytes(bytes: Uint8Array): void {
  const kind = bytes.length ? sniff(bytes) : null;
  if (kind !== 'pdf' && kind !== 'image') throw new NoPageImage('no page image: the file is neither a PDF nor an image');
}

/** Page images of imported files, cached in `cacheDir` (created when needed). */
export class PageImages {
  /** One page rendered at a time: rendering takes a core, and two cores serve the machine. */
  private readonly queue = new PQueue({ concurrency: 1 });
  private readonly pending = new Map<string, Promise<PageImage>>();

  constructor(readonly cacheDir: string) {}

  /**
   * The file's bytes, checked against the sha256 recorded at import. Errors: NoPageImage when
   * the file is gone, unreadable or changed since.
   */
  private async bytesOf(source: PageSource): Promise<Buffer> {
    let bytes: Buffer;
    try {
      bytes = await readFile(source.path);
    } catch (e) {
      throw new NoPageImage(`no page image: the file ${source.path} cannot be read now (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (source.sha256 && createHash('sha256').update(bytes).digest('hex') !== source.sha256) {
      throw new NoPageImage(`no page image: ${source.path} has changed since it was imported; import it again to see its pages`);
    }
    return bytes;
  }

  /**
   * How many page images the file has. Errors: NoPageImage for text and DOCX files (no pages to
   * show), and for a file that is gone, changed or cannot be opened (the reader's reason).
   */
  async count(source: PageSource): Promise<number> {
    this.refuseWithoutPages(source);
    const bytes = await this.bytesOf(source);
    refuseOtherBytes(bytes);
    if (sniff(bytes) === 'pdf') {
      const pdf = await openPdf(bytes).catch((e: Error) => {
        throw new NoPageImage(`no page image: ${e.message}`);
      });
      const n = pdf.numPages;
      await pdf.close();
      return n;
    }
    if (imageKind(bytes) === 'tiff') return (await this.decode(bytes)).length;
    return 1;
  }

  /** Errors: NoPageImage for a format without pages, as the import recorded it. */
  private refuseWithoutPages(source: PageSource): void {
    if (source.format === 'docx') throw new NoPageImage('no page image: a DOCX file has no fixed pages (the record was read from its tables)');
    if (source.format === 'spreadsheet') throw new NoPageImage('no page image: a spreadsheet has no fixed pages (the record was read from its sheets)');
    if (source.format === 'text' || source.format === 'markdown' || source.format === 'html') throw new NoPageImage('no page image: a text file has no pages; its text is shown instead');
  }

  private async decode(bytes: Buffer): Promise<GreyImage[]> {
    try {
      return await decodeImage(bytes);
    } catch (e) {
      throw new NoPageImage(`no page image: ${(e as Error).message}`);
    }
  }

  /**
   * Page `n` (from 1) of the file: from the cache, or rendered now and cached (concurrent asks
   * for one page render it once). Errors: NoPageImage as for `count`, and for a page past the
   * last.
   */
  page(source: PageSource, n: number): Promise<PageImage> {
    this.refuseWithoutPages(source);
    const key = createHash('sha256').update(`${source.sha256 ?? source.path}:${n}:${DISPLAY_DPI}:${CACHE_VERSION}`).digest('hex');
    let p = this.pending.get(key);
    if (!p) {
      p = this.cached(key).then((hit) => hit ?? this.queue.add(() => this.render(source, n, key)) as Promise<PageImage>);
      this.pending.set(key, p);
      void p.finally(() => this.pending.delete(key)).catch(() => undefined);
    }
    return p;
  }

  private file(key: string, ext: string): string {
    return join(this.cacheDir, key.slice(0, 2), `${key}.${ext}`);
  }

  private async cached(key: string): Promise<PageImage | null> {
    try {
      const meta = JSON.parse(await readFile(this.file(key, 'json'), 'utf8')) as PageMeta;
      return { ...meta, bytes: await readFile(this.file(key, meta.type === 'image/png' ? 'png' : 'jpg')) };
    } catch {
      return null;
    }
  }

  private async render(source: PageSource, n: number, key: string): Promise<PageImage> {
    const bytes = await this.bytesOf(source);
    refuseOtherBytes(bytes);
    let image: PageImage;
    if (sniff(bytes) === 'pdf') {
      const pdf = await openPdf(bytes).catch((e: Error) => {
        throw new NoPageImage(`no page image: ${e.message}`);
      });
      try {
        if (!(n >= 1 && n <= pdf.numPages)) throw new NoPageImage(`no page ${n}: the PDF has ${pdf.numPages} page(s)`);
        const page = await pdf.page(n);
        const grey = await pdf.render(n, DISPLAY_DPI);
        const dpi = ocrDpi(page.imageScale);
        image = {
          type: 'image/png', bytes: greyPng(grey), width: grey.width, height: grey.height,
          pt: [page.width, page.height], px: [Math.ceil((page.width * dpi) / 72), Math.ceil((page.height * dpi) / 72)],
        };
      } finally {
        await pdf.close();
      }
    } else {
      const kind = imageKind(bytes);
      const size = imageSize(bytes);
      if ((kind === 'png' || kind === 'jpeg') && size) {
        if (n !== 1) throw new NoPageImage(`no page ${n}: the image has one page`);
        image = { type: kind === 'png' ? 'image/png' : 'image/jpeg', bytes, width: size.width, height: size.height, pt: null, px: [size.width, size.height] };
      } else {
        const pages = await this.decode(bytes);
        const img = pages[n - 1];
        if (!img) throw new NoPageImage(`no page ${n}: the image has ${pages.length} page(s)`);
        image = { type: 'image/png', bytes: greyPng(img), width: img.width, height: img.height, pt: null, px: [img.width, img.height] };
      }
    }
    await this.store(key, image);
    return image;
  }

  /** Writes the image, then its meta (the meta's presence marks a complete entry); each under a temporary name, renamed. */
  private async store(key: string, image: PageImage): Promise<void> {
    const { bytes, ...meta } = image;
    await mkdir(join(this.cacheDir, key.slice(0, 2)), { recursive: true });
    const write = async (path: string, data: string | Buffer): Promise<void> => {
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, data);
      await rename(tmp, path);
    };
    await write(this.file(key, meta.type === 'image/png' ? 'png' : 'jpg'), bytes);
    await write(this.file(key, 'json'), JSON.stringify(meta));
  }
}
