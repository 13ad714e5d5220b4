/**
 * OCR behind one interface, two engines: the native `tesseract` command when installed
 * (ocr-native.ts, the faster) and tesseract.js otherwise (ocr-wasm.ts); `auto` picks
 * the first that runs. Both read the same model (ocr-model.ts: the distribution's fast tessdata
 * when found, else npm's best_int data), at PSM AUTO for pages (PSM 6 drops shaded header cells)
 * and PSM 6 for a block (a table cell), the inverted-text pass off; both return
 * words with boxes and confidences (tesseract's TSV) in the same shape. The cache key of an image
 * names the engine, its version, the model's identity and the settings.
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SopError } from '../errors.js';
import type { GreyImage } from './image.js';
import type { EngineChoice, OcrCache, OcrEngine, OcrLayout, OcrRequest, OcrResult } from './ocr-engine.js';
import { findModel, type ModelChoice } from './ocr-model.js';
import { createNativeTesseract, nativeVersion } from './ocr-native.js';
import { createWasmTesseract } from './ocr-wasm.js';

export * from './ocr-engine.js';

export interface OcrOptions {
  /** `native` (the tesseract command), `wasm` (tesseract.js) or `auto` (native when installed); default `$SOP_OCR_ENGINE` or auto. */
  engine?: EngineChoice;
  /** Which model (ocr-model.ts); default `$SOP_OCR_MODEL` or auto: the system's tessdata, else npm's. */
  model?: ModelChoice;
  /** Pages read at once: native processes or tesseract.js workers (each ~100 MB); default 2. */
  workers?: number;
  languages?: string[];
  /** Folder for npm's unpacked model; default `$SOP_OCR_CACHE_DIR` or `$TMPDIR/sop-ap-ocr`. */
  cacheDir?: string;
  /** Milliseconds allowed for a tesseract.js worker to start. */
  startupTimeoutMs?: number;
  /** Milliseconds a native call may take per image before it is killed; default 120 s. */
  timeoutMs?: number;
}

/**
 * Starts the OCR engine. Errors (SopError `ocr-failed`): `native` asked for and the command is not
 * installed; no model for the languages; a tesseract.js worker does not start in time.
 */
export async function createOcrEngine(options: OcrOptions = {}): Promise<OcrEngine> {
  const languages = options.languages ?? ['ind', 'eng'];
  const cacheDir = options.cacheDir ?? process.env.SOP_OCR_CACHE_DIR ?? join(tmpdir(), 'sop-ap-ocr');
  const choice = options.engine ?? process.env.SOP_OCR_ENGINE ?? 'auto';
  if (choice !== 'auto' && choice !== 'native' && choice !== 'wasm') throw new SopError('ocr-failed', `unknown OCR engine "${choice}": use auto, native or wasm`);
  const modelChoice = options.model ?? process.env.SOP_OCR_MODEL ?? 'auto';
  if (modelChoice !== 'auto' && modelChoice !== 'system' && modelChoice !== 'npm') throw new SopError('ocr-failed', `unknown OCR model "${modelChoice}": use auto, system or npm`);
  const model = findModel(languages, cacheDir, modelChoice);
  const workers = Math.max(1, options.workers ?? 2);
  if (choice === 'native' || (choice === 'auto' && nativeVersion())) {
    return createNativeTesseract({ model, processes: workers, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
  }
  return createWasmTesseract({ model, workers, ...(options.startupTimeoutMs ? { startupTimeoutMs: options.startupTimeoutMs } : {}) });
}

/**
 * Cache key of an image for an engine (its name holds its version and the model's identity),
 * layout and resolution: a page OCRed once is never OCRed again, and never served to another
 * engine or model.
 */
export function imageKey(img: GreyImage, engine: OcrEngine, layout: OcrLayout = 'page', dpi = 300, languages = engine.languages): string {
  return createHash('sha256')
    .update(`${engine.name}|${engine.model.id}|${languages.join('+')}|${layout}|${Math.round(dpi)}dpi|no-invert|${img.width}x${img.height}|`)
    .update(img.data)
    .digest('hex');
}

/**
 * An engine that reads through `many` (a wrapper's batch reader: a cache, a shared store) and is
 * otherwise `engine`: its name, kind, model and languages, and its `close`. One image is read as a
 * batch of one.
 */
export function readingThrough(engine: OcrEngine, many: (reqs: OcrRequest[]) => Promise<OcrResult[]>): OcrEngine {
  return {
    name: engine.name,
    kind: engine.kind,
    model: engine.model,
    languages: engine.languages,
    recognize: async (img, layout = 'page', dpi = 300) => (await many([{ img, layout, dpi }]))[0]!,
    recognizeMany: many,
    close: () => engine.close(),
  };
}

/** Wraps an engine with a cache: hits are served, misses read (a batch's misses in one call) and stored. */
export function cached(engine: OcrEngine, cache: OcrCache): OcrEngine {
  return readingThrough(engine, async (reqs) => {
    const keys = reqs.map((r) => imageKey(r.img, engine, r.layout ?? 'page', r.dpi ?? 300, r.languages));
    const out = keys.map((k) => cache.get(k));
    const missing = out.flatMap((hit, i) => (hit ? [] : [i]));
    if (missing.length) {
      const results = await engine.recognizeMany(missing.map((i) => reqs[i]!));
      missing.forEach((i, k) => {
        cache.set(keys[i]!, results[k]!);
        out[i] = results[k]!;
      });
    }
    return out as OcrResult[];
  });
}
