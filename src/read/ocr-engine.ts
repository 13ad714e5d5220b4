/**
 * The shape every OCR engine gives (ocr.ts picks one): words with boxes in the image's pixels and
 * confidences, read from tesseract's TSV, whichever engine ran.
 */
import type { Word } from './geometry.js';
import type { GreyImage } from './image.js';
import type { OcrModel } from './ocr-model.js';

export type OcrLayout = 'page' | 'block';

/** Tesseract's page segmentation mode of each layout. */
export const PSM_OF: Record<OcrLayout, number> = { page: 3, block: 6 };

export interface OcrResult {
  words: Word[];
  /** Mean word confidence, 0–100 (0 when no word was read). */
  meanConfidence: number;
  /** What the engine said about this image beyond its routine notes (native tesseract's stderr). */
  messages?: string[];
}

/** One image to read: `layout` (default 'page'), at `dpi` pixels per inch (default 300). */
export interface OcrRequest {
  img: GreyImage;
  layout?: OcrLayout;
  dpi?: number;
  /**
   * The engine's languages to read in (default all of them): telling which way up a page lies needs
   * only its own language. The native engine honours it; tesseract.js's workers are started with all
   * of them and read with all.
   */
  languages?: string[];
}

export type EngineKind = 'native' | 'wasm';
export type EngineChoice = 'auto' | EngineKind;

/** Narrow interface of an OCR engine: what the scan reader needs. */
export interface OcrEngine {
  /** Engine, version and model identity, e.g. `tesseract 5.3.0 (native), model system@3f1c…` (`source.ocr.engine`). */
  readonly name: string;
  readonly kind: EngineKind;
  readonly model: OcrModel;
  readonly languages: string[];
  /**
   * Reads the words of a grey image; boxes in the image's pixels. `layout` 'page' finds blocks and
   * lines itself (PSM AUTO); 'block' reads one block of text (PSM 6, a table cell). `dpi` is the
   * image's resolution as the engine is told it.
   */
  recognize(img: GreyImage, layout?: OcrLayout, dpi?: number): Promise<OcrResult>;
  /** Reads several images (a page's cells) at once: one native process, or spread over the workers. Results in request order. */
  recognizeMany(reqs: OcrRequest[]): Promise<OcrResult[]>;
  close(): Promise<void>;
}

/** Where OCR results are kept between runs, keyed by the hash of the image and the engine. */
export interface OcrCache {
  get(key: string): OcrResult | undefined;
  set(key: string, result: OcrResult): void;
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

