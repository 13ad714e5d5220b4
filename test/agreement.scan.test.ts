import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import jpegJs from 'jpeg-js';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { openPdf } from '../src/read/pdf.js';
import { degradePage, firstPages, pageSeed, SCAN_DEFAULTS, scanPdf } from '../scripts/lib/scan.js';

// the seed's born-digital rendition (fixtures/make/renditions.ts): one page with a text layer
const seedPdf = new Uint8Array(readFileSync(fileURLToPath(new URL('../fixtures/renditions/000_64e8e44553c70391.pdf', import.meta.url))));
// 100 dpi keeps the test quick; the check itself scans at 300
const options = { ...SCAN_DEFAULTS, dpi: 100 };

describe('degraded scans for the agreement check (scripts/lib/scan.ts)', () => {
  it('wraps a born-digital page as an image-only PDF at the scan resolution, the same bytes every time', async () => {
    const a = await scanPdf(seedPdf, 'seed', 4, options);
    expect([a.pages, a.total]).toEqual([1, 1]);
    const b = await scanPdf(seedPdf, 'seed', 4, options);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const other = await scanPdf(seedPdf, 'another name', 4, options);
    expect(Buffer.from(a.bytes).equals(Buffer.from(other.bytes))).toBe(false);

    const born = await openPdf(seedPdf);
    const bornPage = await born.page(1);
    await born.close();
    expect(bornPage.words.length).toBeGreaterThan(50);
    const scan = await openPdf(a.bytes);
    const page = await scan.page(1);
    await scan.close();
    expect(page.words).toEqual([]);
    expect(page.imageCover).toBeGreaterThan(0.99);
    expect(page.imageScale).toBeCloseTo(100 / 72, 2);
    // turned by 1.5°, the page grows by about 2.6% of its other side
    expect(page.width).toBeGreaterThan(bornPage.width + 0.02 * bornPage.height);
  });

  it('turns, blurs and adds noise: a white page gets grey speckles, a black bar gets a sloped edge', () => {
    const width = 400;
    const height = 200;
    const data = new Uint8Array(width * height).fill(255);
    for (let y = 90; y < 110; y++) data.fill(0, y * width + 50, y * width + 350);
    const { jpeg, width: w, height: h } = degradePage({ width, height, data }, pageSeed('bar', 1), SCAN_DEFAULTS);
    const tilt = (1.5 * Math.PI) / 180;
    expect(w).toBe(Math.ceil(width * Math.cos(tilt) + height * Math.sin(tilt)));
    expect(h).toBe(Math.ceil(width * Math.sin(tilt) + height * Math.cos(tilt)));
    const img = jpegJs.decode(jpeg, { useTArray: true });
    const at = (x: number, y: number): number => img.data[(y * w + x) * 4]!;
    // the bar's top edge: clockwise, 280 px further right it lies 280 × tan 1.5° ≈ 7.3 px lower
    const top = (x: number): number => {
      let y = 0;
      while (at(x, y) > 128) y++;
      return y;
    };
    expect(top(w / 2 + 140) - top(w / 2 - 140)).toBeGreaterThanOrEqual(6);
    expect(top(w / 2 + 140) - top(w / 2 - 140)).toBeLessThanOrEqual(9);
    // white paper: light, with noise
    const white: number[] = [];
    for (let y = 20; y < 60; y++) for (let x = 100; x < 300; x++) white.push(at(x, y));
    const mean = white.reduce((s, v) => s + v, 0) / white.length;
    const sd = Math.sqrt(white.reduce((s, v) => s + (v - mean) ** 2, 0) / white.length);
    expect(mean).toBeGreaterThan(240);
    expect(sd).toBeGreaterThan(0.5);
    expect(sd).toBeLessThan(6);
  });

  it('cuts a PDF to its first pages, keeping their text', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (const n of [1, 2, 3]) doc.addPage([300, 200]).drawText(`Halaman ${n}`, { x: 20, y: 100, size: 14, font });
    const cut = await firstPages(await doc.save(), 2);
    const pdf = await openPdf(cut);
    expect(pdf.numPages).toBe(2);
    const texts = [(await pdf.page(1)).words.map((w) => w.text).join(' '), (await pdf.page(2)).words.map((w) => w.text).join(' ')];
    await pdf.close();
    expect(texts).toEqual(['Halaman 1', 'Halaman 2']);
  });
});
