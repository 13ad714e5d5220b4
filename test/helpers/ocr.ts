import { afterAll, beforeAll } from 'vitest';
import { createOcrEngine, type OcrEngine } from '../../src/read/ocr.js';

/**
 * One OCR engine (`auto`: native tesseract when installed, else tesseract.js; 2 workers) for the
 * tests of a describe block: started before them, closed after. Returns a getter for it.
 */
export function ocrEngineForSuite(): () => OcrEngine {
  let engine: OcrEngine | undefined;
  beforeAll(async () => {
    engine = await createOcrEngine({ workers: 2 });
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
  });
  return () => engine!;
}
