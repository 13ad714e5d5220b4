/**
 * The OCR engine: tesseract.js 7 (LSTM only, `ind+eng`), offline. The traineddata come from the npm
 * packages @tesseract.js-data/ind and /eng (the `4.0.0_best_int` variant: same LSTM output as
 * `4.0.0`, 4.7× smaller), linked into one langPath folder because tesseract.js reads
 * `${langPath}/${code}.traineddata.gz` from a single folder. Its cache lives outside the repository.
 * Workers start against a time limit with an errorHandler: without a langPath tesseract.js would
 * try a CDN, never settle and kill the process (TOOLCHAIN.md). Page segmentation is PSM AUTO (PSM 6
 * drops shaded header cells); words come back with boxes and confidences (TSV output).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type Tesseract from 'tesseract.js';
import { SopError } from '../errors.js';
import type { Word } from './geometry.js';
import { toPgm, type GreyImage } from './image.js';

const require = createRequire(import.meta.url);

export type OcrLayout = 'page' | 'block' | 'line';

export interface OcrResult {
  words: Word[];
  /** Mean word confidence, 0–100 (0 when no word was read). */
  meanConfidence: number;
}

/** Narrow interface of an OCR engine: what the scan reader needs. */
export interface OcrEngine {
  readonly name: string;
  readonly languages: string[];
  /**
   * Reads the words of a grey image; boxes in the image's pixels. `layout` 'page' finds blocks and
   * lines itself (PSM AUTO); 'block' reads one block of text (PSM 6, a table cell); 'line' one line
   * (PSM 7).
   */
  recognize(img: GreyImage, layout?: OcrLayout): Promise<OcrResult>;
  close(): Promise<void>;
}

/** Where OCR results are kept between runs, keyed by the hash of the image and the engine. */
export interface OcrCache {
  get(key: string): OcrResult | undefined;
  set(key: string, result: OcrResult): void;
}

export interface TesseractOptions {
  /** Worker threads (each ~100 MB); default 2, the cores of the target machine. */
  workers?: number;
  languages?: string[];
  /** Folder for the merged traineddata and tesseract's cache; default `$TMPDIR/sop-ap-ocr`. */
  cacheDir?: string;
  /** Milliseconds allowed for a worker to start (load and initialise the model). */
  startupTimeoutMs?: number;
}

const DATA_VARIANT = '4.0.0_best_int';

/** Makes the one langPath folder holding `<code>.traineddata.gz` for each language, from the npm data packages. */
export function languageFolder(languages: string[], cacheDir: string): string {
  const dir = join(cacheDir, `tessdata-${DATA_VARIANT}`);
  mkdirSync(dir, { recursive: true });
  for (const code of languages) {
    const target = join(dir, `${code}.traineddata.gz`);
    if (existsSync(target)) continue;
    let source: string;
    try {
      source = join(dirname(require.resolve(`@tesseract.js-data/${code}/package.json`)), DATA_VARIANT, `${code}.traineddata.gz`);
    } catch {
      throw new SopError('ocr-failed', `no OCR language data for "${code}": install @tesseract.js-data/${code}`);
    }
    try {
      symlinkSync(source, target);
    } catch {
      copyFileSync(source, target);
    }
  }
  return dir;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SopError('ocr-failed', `${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Parses tesseract's TSV (without its header line) into words (level 5 rows). */
export function parseTsv(tsv: string): OcrResult {
  const words: Word[] = [];
  let confSum = 0;
  for (const line of tsv.split('\n')) {
    const f = line.split('\t');
    if (f.length < 12 || f[0] !== '5') continue;
    const text = (f[11] ?? '').trim();
    const conf = Number(f[10]);
    if (!text || !(conf >= 0)) continue;
    const left = Number(f[6]);
    const top = Number(f[7]);
    words.push({ text, conf, box: { x0: left, y0: top, x1: left + Number(f[8]), y1: top + Number(f[9]) } });
    confSum += conf;
  }
  return { words, meanConfidence: words.length ? Math.round((confSum / words.length) * 10) / 10 : 0 };
}

/**
 * Starts a pool of tesseract.js workers. Errors (SopError `ocr-failed`): the language data are
 * missing, or a worker does not start within the time limit.
 */
export async function createTesseract(options: TesseractOptions = {}): Promise<OcrEngine> {
  // loaded by the first OCR engine: text, DOCX and born-digital PDF imports never need it
  const Tesseract = require('tesseract.js') as typeof import('tesseract.js');
  const languages = options.languages ?? ['ind', 'eng'];
  const cacheDir = options.cacheDir ?? process.env.SOP_OCR_CACHE_DIR ?? join(tmpdir(), 'sop-ap-ocr');
  const langPath = languageFolder(languages, cacheDir);
  const cachePath = join(cacheDir, `cache-${DATA_VARIANT}`);
  mkdirSync(cachePath, { recursive: true });
  const errors: string[] = [];
  const scheduler = Tesseract.createScheduler();
  const n = Math.max(1, options.workers ?? 2);
  const start = async (psm: Tesseract.PSM): Promise<Tesseract.Worker> => {
    const worker = await withTimeout(
      Tesseract.createWorker(languages.join('+'), Tesseract.OEM.LSTM_ONLY, {
        langPath,
        gzip: true,
        cachePath,
        cacheMethod: 'write',
        legacyCore: false,
        legacyLang: false,
        errorHandler: (e: unknown) => errors.push(String(e)),
        logger: () => undefined,
      }),
      options.startupTimeoutMs ?? 30000,
      'starting the OCR engine',
    );
    // tessedit_do_invert 0: no second pass on each line for white-on-black text (a quarter of the time)
    await worker.setParameters({ tessedit_pageseg_mode: psm, user_defined_dpi: '300', tessedit_do_invert: '0', debug_file: '/dev/null' });
    return worker;
  };
  // one worker more for cells (PSM is a worker setting, switched per job under a lock)
  let cellWorker: Tesseract.Worker;
  let cellPsm: Tesseract.PSM = Tesseract.PSM.SINGLE_BLOCK;
  let cellLock: Promise<unknown> = Promise.resolve();
  try {
    const workers = await Promise.all(Array.from({ length: n }, () => start(Tesseract.PSM.AUTO)));
    for (const w of workers) scheduler.addWorker(w);
    cellWorker = await start(cellPsm);
  } catch (e) {
    await scheduler.terminate().catch(() => undefined);
    throw e instanceof SopError ? e : new SopError('ocr-failed', `the OCR engine did not start: ${(e as Error).message}${errors.length ? ` (${errors[0]})` : ''}`);
  }
  return {
    name: `tesseract.js ${(require('tesseract.js/package.json') as { version: string }).version}`,
    languages,
    recognize: async (img, layout = 'page') => {
      const output = { tsv: true, text: false, blocks: false };
      if (layout === 'page') return parseTsv((await scheduler.addJob('recognize', toPgm(img), {}, output)).data.tsv ?? '');
      const psm = layout === 'line' ? Tesseract.PSM.SINGLE_LINE : Tesseract.PSM.SINGLE_BLOCK;
      const job = cellLock.then(async () => {
        if (psm !== cellPsm) {
          await cellWorker.setParameters({ tessedit_pageseg_mode: psm });
          cellPsm = psm;
        }
        return cellWorker.recognize(toPgm(img), {}, output);
      });
      cellLock = job.catch(() => undefined);
      return parseTsv((await job).data.tsv ?? '');
    },
    close: async () => {
      await scheduler.terminate();
      await cellWorker.terminate();
    },
  };
}

/** Cache key of an image for an engine and layout: a page OCRed once is never OCRed again. */
export function imageKey(img: GreyImage, engine: OcrEngine, layout: OcrLayout = 'page'): string {
  return createHash('sha256')
    .update(`${engine.name}|${engine.languages.join('+')}|${layout}|no-invert|${img.width}x${img.height}|`)
    .update(img.data)
    .digest('hex');
}

/** Wraps an engine with a cache. */
export function cached(engine: OcrEngine, cache: OcrCache): OcrEngine {
  return {
    name: engine.name,
    languages: engine.languages,
    recognize: async (img, layout = 'page') => {
      const key = imageKey(img, engine, layout);
      const hit = cache.get(key);
      if (hit) return hit;
      const result = await engine.recognize(img, layout);
      cache.set(key, result);
      return result;
    },
    close: () => engine.close(),
  };
}
