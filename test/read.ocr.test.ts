/**
 * The OCR engines behind one interface (read/ocr.ts): the model found and named by its bytes, the
 * cache key, the native engine's process handling (with a stand-in command, so these run without
 * Debian's tesseract), the scale a page is read at, and — where Debian's tesseract is installed —
 * both engines on the same image giving words of the same shape.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, type GreyImage } from '../src/read/image.js';
import { cached, createOcrEngine, imageKey, type OcrEngine, type OcrResult } from '../src/read/ocr.js';
import { findModel, type OcrModel } from '../src/read/ocr-model.js';
import { createNativeTesseract, nativeVersion } from '../src/read/ocr-native.js';
import { enlargement, ocrScale } from '../src/read/scan.js';

const work = mkdtempSync(join(tmpdir(), 'sop-ocr-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const grey = (width: number, height: number, value = 255): GreyImage => ({ width, height, data: new Uint8Array(width * height).fill(value) });

describe('the OCR model', () => {
  it('is taken from TESSDATA_PREFIX when it holds every language, and named by its bytes', () => {
    const dir = join(work, 'prefix');
    const cache = join(work, 'cache');
    for (const [code, bytes] of [['ind', 'model i'], ['eng', 'model e']]) writeFileSync(join(mkdirp(dir), `${code}.traineddata`), bytes);
    const a = findModel(['ind', 'eng'], cache, 'auto', { TESSDATA_PREFIX: dir });
    expect(a).toMatchObject({ dir, origin: 'TESSDATA_PREFIX', languages: ['ind', 'eng'] });
    expect(a.id).toMatch(/^TESSDATA_PREFIX@[0-9a-f]{12}$/);
    writeFileSync(join(dir, 'eng.traineddata'), 'model e, retrained');
    expect(findModel(['ind', 'eng'], cache, 'auto', { TESSDATA_PREFIX: dir }).id).not.toBe(a.id);
  });
  it('falls back to npm\'s data, unpacked once, and says what to install when a system model is required', () => {
    const cache = join(work, 'npm-cache');
    const m = findModel(['ind', 'eng'], cache, 'npm', {});
    expect(m.origin).toBe('npm 4.0.0_best_int');
    expect(m.id).toMatch(/^npm 4\.0\.0_best_int@[0-9a-f]{12}$/);
    // the unpacked traineddata starts as tesseract's files do, not as gzip
    expect(readFileSync(join(m.dir, 'ind.traineddata')).subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(false);
    expect(() => findModel(['xyz'], cache, 'system', {})).toThrow(/apt-get install tesseract-ocr-xyz/);
  });
});

describe('the OCR cache', () => {
  const model = (id: string): OcrModel => ({ dir: '/nowhere', languages: ['ind'], origin: 'test', id });
  const fake = (id: string, calls: number[]): OcrEngine => ({
    name: `fake ${id}`, kind: 'wasm', model: model(id), languages: ['ind'],
    recognize: async () => ({ words: [], meanConfidence: 0 }),
    recognizeMany: async (reqs) => {
      calls.push(reqs.length);
      return reqs.map((r) => ({ words: [{ text: `w${r.img.width}`, box: { x0: 0, y0: 0, x1: 1, y1: 1 }, conf: 90 }], meanConfidence: 90 }));
    },
    close: async () => undefined,
  });
  it('keys an image by engine, model, layout, resolution and languages', () => {
    const img = grey(4, 4);
    const key = imageKey(img, fake('a', []));
    expect(imageKey(img, fake('b', []))).not.toBe(key);
    expect(imageKey(img, fake('a', []), 'block')).not.toBe(key);
    expect(imageKey(img, fake('a', []), 'page', 200)).not.toBe(key);
    expect(imageKey(img, fake('a', []), 'page', 300, ['eng'])).not.toBe(key);
    expect(imageKey(grey(4, 4, 0), fake('a', []))).not.toBe(key);
    expect(imageKey(grey(4, 4), fake('a', []))).toBe(key);
  });
  it('serves what it holds and reads the rest of a batch in one call', async () => {
    const store = new Map<string, OcrResult>();
    const calls: number[] = [];
    const engine = cached(fake('a', calls), { get: (k) => store.get(k), set: (k, v) => store.set(k, v) });
    await engine.recognizeMany([{ img: grey(1, 1) }, { img: grey(2, 1) }]);
    const again = await engine.recognizeMany([{ img: grey(2, 1) }, { img: grey(3, 1) }, { img: grey(1, 1) }]);
    expect(again.map((r) => r.words[0]!.text)).toEqual(['w2', 'w3', 'w1']);
    expect(calls).toEqual([2, 1]);
  });
});

/** A stand-in for the tesseract command: a shell script answering as tesseract 5.3.0 would, per FAKE_MODE. */
function standIn(): string {
  const file = join(work, 'tesseract');
  writeFileSync(file, `#!/bin/sh
if [ "$1" = "--version" ]; then echo "tesseract 5.3.0"; exit 0; fi
echo "$*" >> "${join(work, 'calls.log')}"
case "$FAKE_MODE" in
  sleep) sleep 5 ;;
  fail) echo "Failed loading language 'ind'" >&2; exit 1 ;;
esac
echo "Detected 4 diacritics" >&2
echo "Warning: odd image" >&2
if [ "$1" = "stdin" ]; then pages=1; cat > /dev/null; else pages=$(wc -l < "$1"); fi
printf 'level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n'
i=1
while [ $i -le $pages ]; do
  printf '5\\t%s\\t1\\t1\\t1\\t1\\t10\\t20\\t30\\t12\\t91.5\\tpage%s\\n' $i $i
  printf '5\\t%s\\t1\\t1\\t1\\t2\\t50\\t20\\t30\\t12\\t80\\tomp%s\\n' $i "$OMP_THREAD_LIMIT"
  i=$((i + 1))
done
`);
  chmodSync(file, 0o755);
  return file;
}

describe('the native engine (a stand-in command)', () => {
  const model: OcrModel = { dir: work, languages: ['ind', 'eng'], origin: 'test', id: 'test@0' };
  let command: string;
  beforeAll(() => {
    command = standIn();
  });
  it('reads TSV into words, names itself with its version and model, keeps what stderr says beyond routine notes', async () => {
    const engine = createNativeTesseract({ model, command });
    expect(engine.name).toBe('tesseract 5.3.0 (native), model test@0');
    const r = await engine.recognize(grey(40, 30));
    expect(r.words).toEqual([
      { text: 'page1', conf: 91.5, box: { x0: 10, y0: 20, x1: 40, y1: 32 } },
      { text: 'omp1', conf: 80, box: { x0: 50, y0: 20, x1: 80, y1: 32 } },
    ]);
    expect(r.meanConfidence).toBe(85.8);
    expect(r.messages).toEqual(['Warning: odd image']);
  });
  it('reads a batch of cells in one process, results in order', async () => {
    const log = join(work, 'calls.log');
    writeFileSync(log, '');
    const engine = createNativeTesseract({ model, command });
    const results = await engine.recognizeMany([1, 2, 3].map((w) => ({ img: grey(w, 5), layout: 'block' as const, dpi: 300 })));
    expect(results.map((r) => r.words[0]!.text)).toEqual(['page1', 'page2', 'page3']);
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/list\.txt stdout --tessdata-dir .* -l ind\+eng --oem 1 --psm 6 --dpi 300/);
  });
  it('reads in the languages asked, one process per set of them', async () => {
    const log = join(work, 'calls.log');
    writeFileSync(log, '');
    const engine = createNativeTesseract({ model, command });
    await engine.recognizeMany([{ img: grey(2, 5), dpi: 150, languages: ['ind'] }, { img: grey(3, 5), dpi: 150, languages: ['ind'] }, { img: grey(4, 5), dpi: 150 }]);
    const calls = readFileSync(log, 'utf8').trim().split('\n').sort();
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(/list\.txt stdout --tessdata-dir .* -l ind --oem 1 --psm 3 --dpi 150/);
    expect(calls[1]).toMatch(/stdin stdout --tessdata-dir .* -l ind\+eng --oem 1 --psm 3 --dpi 150/);
  });
  it('stops a call past its time limit, and reports a failed one with what it said', async () => {
    process.env.FAKE_MODE = 'sleep';
    try {
      const started = Date.now();
      await expect(createNativeTesseract({ model, command, timeoutMs: 300 }).recognize(grey(4, 4))).rejects.toMatchObject({ code: 'ocr-failed', message: expect.stringMatching(/did not finish within 0.3 s and was stopped/) });
      expect(Date.now() - started).toBeLessThan(3000);
      process.env.FAKE_MODE = 'fail';
      await expect(createNativeTesseract({ model, command }).recognize(grey(4, 4))).rejects.toMatchObject({ code: 'ocr-failed', message: expect.stringMatching(/exit 1.*Failed loading language 'ind'/) });
    } finally {
      delete process.env.FAKE_MODE;
    }
  });
  it('says how to install tesseract when the command is missing', () => {
    expect(() => createNativeTesseract({ model, command: join(work, 'no-such-command') })).toThrow(/apt-get install tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng/);
  });
});

describe('the scale a page is read at, from its text\'s x-height', () => {
  it('OCRed at 2/3 where the text stays 11 px tall, else as it is', () => {
    expect(ocrScale(17)).toBeCloseTo(2 / 3); // the seed scans at 300 dpi
    expect(ocrScale(26)).toBeCloseTo(2 / 3);
    expect(ocrScale(16)).toBe(1);
    expect(ocrScale(null)).toBe(1);
  });
  it('enlarged first where the text is under 11 px, towards 16 px, at most 3× and 18 million pixels', () => {
    expect(enlargement(17, 10e6)).toBe(1);
    expect(enlargement(11, 2.4e6)).toBe(1); // a 150-ppi scan
    expect(enlargement(6, 1e6)).toBe(2.7); // a phone photo at ~100 ppi
    expect(enlargement(3, 1e6)).toBe(3);
    expect(enlargement(6, 12e6)).toBe(1.2);
    expect(enlargement(null, 1e6)).toBe(1);
  });
});

const native = nativeVersion();
const systemModel = (() => {
  try {
    return findModel(['ind', 'eng'], join(work, 'cache'), 'system');
  } catch {
    return null;
  }
})();
const why = !native ? 'tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng)' : !systemModel ? 'no system tessdata with ind and eng (apt-get install tesseract-ocr-ind tesseract-ocr-eng)' : '';

describe.skipIf(!!why)(`both engines on the same image${why ? ` (skipped: ${why})` : ''}`, () => {
  it('give words in the same shape, reading the same text', async () => {
    const page = (await decodeImage(readFileSync(new URL('../fixtures/renditions/000_64e8e44553c70391.scan.jpg', import.meta.url))))[0]!;
    // the identity table's top: a band of the page
    const band: GreyImage = { width: page.width, height: 600, data: page.data.slice(150 * page.width, 750 * page.width) };
    const texts: string[] = [];
    for (const kind of ['native', 'wasm'] as const) {
      const engine = await createOcrEngine({ engine: kind, model: 'system', workers: 1 });
      try {
        expect(engine.kind).toBe(kind);
        expect(engine.model.id).toBe(systemModel!.id);
        const r = await engine.recognize(band, 'page', 300);
        expect(r.words.length).toBeGreaterThan(10);
        for (const w of r.words) {
          expect(Object.keys(w).sort()).toEqual(['box', 'conf', 'text']);
          expect(w.conf).toBeGreaterThanOrEqual(0);
          expect(w.conf).toBeLessThanOrEqual(100);
          expect(w.box.x0).toBeGreaterThanOrEqual(0);
          expect(w.box.x1).toBeLessThanOrEqual(band.width);
          expect(w.box.y1).toBeLessThanOrEqual(band.height);
        }
        texts.push(r.words.map((w) => w.text).join(' '));
      } finally {
        await engine.close();
      }
    }
    expect(texts[0]).toContain('Nomor SOP');
    expect(texts[1]).toContain('Nomor SOP');
  }, 120_000);
});

function mkdirp(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
