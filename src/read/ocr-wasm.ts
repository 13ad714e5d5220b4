/**
 * The WebAssembly OCR engine: tesseract.js 7 (LSTM only), offline, used when the native `tesseract`
 * is not installed (`npm install && npm start` need nothing else). A pool of workers (about 100 MB
 * each) behind tesseract.js's scheduler; the page segmentation mode and the resolution are set per
 * job (tesseract.js sets them before the image and restores them after), so pages and cells share
 * the pool. The model is a folder of uncompressed traineddata (ocr-model.ts) read as the one
 * `langPath` with `gzip: false`; nothing is cached or written by tesseract.js. Workers start
 * against a time limit with an errorHandler: without a langPath tesseract.js would try a CDN,
 * never settle and kill the process (TOOLCHAIN.md).
 */
import { createRequire } from 'node:module';
import type Tesseract from 'tesseract.js';
import { SopError } from '../errors.js';
import { toPgm } from './image.js';
import type { OcrModel } from './ocr-model.js';
import { parseTsv, PSM_OF, type OcrEngine, type OcrRequest, type OcrResult } from './ocr-engine.js';

const require = createRequire(import.meta.url);

export interface WasmOptions {
  model: OcrModel;
  /** Worker threads; default 2, the cores of the target machine. */
  workers?: number;
  /** Milliseconds allowed for a worker to start (load and initialise the model). */
  startupTimeoutMs?: number;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SopError('ocr-failed', `${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** The version of tesseract.js installed. */
export function wasmVersion(): string {
  return (require('tesseract.js/package.json') as { version: string }).version;
}

/**
 * Starts a pool of tesseract.js workers on `model`. Errors (SopError `ocr-failed`): a worker does
 * not start within the time limit or fails to load the model.
 */
export async function createWasmTesseract(options: WasmOptions): Promise<OcrEngine> {
  // loaded by the first OCR engine: text, DOCX and born-digital PDF imports never need it
  const T = require('tesseract.js') as typeof import('tesseract.js');
  const { model } = options;
  const errors: string[] = [];
  const scheduler = T.createScheduler();
  const n = Math.max(1, options.workers ?? 2);
  const start = async (): Promise<Tesseract.Worker> => {
    const worker = await withTimeout(
      T.createWorker(model.languages.join('+'), T.OEM.LSTM_ONLY, {
        langPath: model.dir,
        gzip: false,
        cacheMethod: 'none',
        legacyCore: false,
        legacyLang: false,
        errorHandler: (e: unknown) => errors.push(String(e)),
        logger: () => undefined,
      }),
      options.startupTimeoutMs ?? 30000,
      'starting the OCR engine',
    );
    // tessedit_do_invert 0: no second pass on each line for white-on-black text (a quarter of the time)
    await worker.setParameters({ tessedit_pageseg_mode: T.PSM.AUTO, user_defined_dpi: '300', tessedit_do_invert: '0', debug_file: '/dev/null' });
    return worker;
  };
  try {
    const workers = await Promise.all(Array.from({ length: n }, start));
    for (const w of workers) scheduler.addWorker(w);
  } catch (e) {
    await scheduler.terminate().catch(() => undefined);
    throw e instanceof SopError ? e : new SopError('ocr-failed', `the OCR engine did not start: ${(e as Error).message}${errors.length ? ` (${errors[0]})` : ''}`);
  }
  const recognize = async (req: OcrRequest): Promise<OcrResult> => {
    const params = { tessedit_pageseg_mode: PSM_OF[req.layout ?? 'page'], user_defined_dpi: String(Math.round(req.dpi ?? 300)) };
    const job = await scheduler.addJob('recognize', toPgm(req.img), params as unknown as Partial<Tesseract.RecognizeOptions>, { tsv: true, text: false, blocks: false });
    return parseTsv(job.data.tsv ?? '');
  };
  return {
    name: `tesseract.js ${wasmVersion()}, model ${model.id}`,
    kind: 'wasm',
    model,
    languages: model.languages,
    recognize: (img, layout = 'page', dpi = 300) => recognize({ img, layout, dpi }),
    recognizeMany: (reqs) => Promise.all(reqs.map(recognize)),
    close: () => scheduler.terminate(),
  };
}
