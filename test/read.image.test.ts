import { PNG } from 'pngjs';
import UTIF from 'utif2';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { components, decodeImage, detectRules, greyFromRgba, estimateSkew, imageKind, imageSize, inkRatio, letterCentres, liftShading, maskOf, resample, rotateQuarter, rotateSmall, textHeight, type GreyImage } from '../src/read/image.js';
import { findGrids } from '../src/read/tables.js';
import { symbolIn, turnCandidates } from '../src/read/scan.js';

/** A white page with a ruled 3 × 2 table and a line of "text" blocks in each cell. */
function tablePage(): GreyImage {
  const width = 900;
  const height = 600;
  const data = new Uint8Array(width * height).fill(255);
  const ink = (x0: number, y0: number, x1: number, y1: number): void => {
    for (let y = y0; y < y1; y++) data.fill(0, y * width + x0, y * width + x1);
  };
  for (const y of [100, 250, 400]) ink(100, y, 800, y + 3);
  for (const x of [100, 350, 560, 800]) ink(x, 100, x + 3, 403);
  for (const [x, y] of [[120, 160], [370, 160], [580, 300]] as const) for (let k = 0; k < 8; k++) ink(x + k * 20, y, x + k * 20 + 12, y + 20);
  return { width, height, data };
}

describe('images', () => {
  it('tells image kinds and sizes from their headers', () => {
    const png = PNG.sync.write(Object.assign(new PNG({ width: 3, height: 2 }), { data: Buffer.alloc(24, 255) }));
    expect(imageKind(png)).toBe('png');
    expect(imageSize(png)).toEqual({ width: 3, height: 2 });
    expect(imageKind(Buffer.from('%PDF-1.4'))).toBeNull();
  });
  it('decodes PNG to grey, compositing transparency over white', async () => {
    const img = new PNG({ width: 2, height: 1 });
    img.data = Buffer.from([0, 0, 0, 255, 0, 0, 0, 0]);
    expect(await decodeImage(PNG.sync.write(img))).toEqual([{ width: 2, height: 1, data: Uint8Array.from([0, 255]) }]);
  });
  it('keeps a copy for OCR with blue stamp ink lightened away, black, grey and navy text kept (pixels of dev-docs 06)', () => {
    // black text, stamp ink, the stamp's greyer edge, grey text, navy text (#1F3864)
    const rgba = [42, 40, 40, 255, 43, 34, 124, 255, 123, 122, 130, 255, 115, 119, 118, 255, 31, 56, 100, 255];
    const img = greyFromRgba(5, 1, rgba);
    expect(Array.from(img.data)).toEqual([41, 47, 123, 118, 54]);
    expect(Array.from(img.inkless!)).toEqual([41, 255, 123, 118, 138]);
    // no blue ink: no second copy
    expect(greyFromRgba(2, 1, [42, 40, 40, 255, 123, 122, 130, 255]).inkless).toBeUndefined();
  });
  it('decodes every page of a TIFF', async () => {
    const page = new Uint8Array(4 * 3 * 4).fill(255);
    const tiff = Buffer.from(UTIF.encodeImage(page, 4, 3));
    const pages = await decodeImage(tiff);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.width).toBe(4);
    expect(pages[0]!.data.every((v) => v === 255)).toBe(true);
  });
  it('turns by quarter turns and back', () => {
    const img: GreyImage = { width: 3, height: 2, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
    expect(rotateQuarter(img, 1)).toEqual({ width: 2, height: 3, data: Uint8Array.from([4, 1, 5, 2, 6, 3]) });
    expect(rotateQuarter(rotateQuarter(img, 1), 3)).toEqual(img);
  });
  it('measures and corrects a small skew, growing the canvas', () => {
    const page = tablePage();
    const skewed = rotateSmall(page, 1.5);
    expect(skewed.width).toBeGreaterThan(page.width);
    expect(Math.abs(estimateSkew(skewed) - 1.5)).toBeLessThanOrEqual(0.2);
    expect(estimateSkew(page)).toBe(0);
    // an odd number of rows (the projection's middle once fell between two rows and counted nothing)
    const odd = { width: skewed.width, height: skewed.height - (skewed.height % 2 ? 0 : 1), data: skewed.data };
    expect(odd.height % 2).toBe(1);
    expect(Math.abs(estimateSkew(odd) - 1.5)).toBeLessThanOrEqual(0.2);
  });
  it('finds a table grid from pixel rules', () => {
    const grids = findGrids(detectRules(tablePage(), 60), 'px');
    expect(grids).toHaveLength(1);
    expect(grids[0]!.xs.map(Math.round)).toEqual([102, 352, 562, 802]);
    expect(grids[0]!.ys).toHaveLength(3);
  });
  it('decodes a JPEG natively when whole, and refuses one cut short anywhere without crashing', async () => {
    const jpeg = readFileSync(new URL('../fixtures/renditions/000_64e8e44553c70391.scan.jpg', import.meta.url));
    const [page] = await decodeImage(jpeg);
    expect([page!.width, page!.height]).toEqual([2642, 3964]);
    // a scan: mostly paper, some ink
    const dark = page!.data.filter((v) => v < 128).length / page!.data.length;
    expect(dark).toBeGreaterThan(0.01);
    expect(dark).toBeLessThan(0.2);
    // the native decoder would kill the process on the first two and fill the others with grey
    for (const cut of [10, 300, jpeg.length >> 1, jpeg.length - 2]) await expect(decodeImage(jpeg.subarray(0, cut))).rejects.toMatchObject({ code: 'invalid-image' });
  });
  it('scales by 2/3 as the mean of the area each pixel covers, and up by interpolation', () => {
    // columns 0, 90, 180 (and rows the same): a 3 × 3 block becomes 2 × 2
    const img: GreyImage = { width: 3, height: 3, data: Uint8Array.from([0, 90, 180, 0, 90, 180, 0, 90, 180]) };
    expect(resample(img, 2 / 3)).toEqual({ width: 2, height: 2, data: Uint8Array.from([30, 150, 30, 150]) });
    const generic = resample({ width: 30, height: 30, data: Uint8Array.from({ length: 900 }, (_, i) => (i * 37) % 256) }, 0.6666);
    const fast = resample({ width: 30, height: 30, data: Uint8Array.from({ length: 900 }, (_, i) => (i * 37) % 256) }, 2 / 3);
    expect(fast.width).toBe(generic.width);
    expect(Math.max(...fast.data.map((v, i) => Math.abs(v - generic.data[i]!)))).toBeLessThanOrEqual(1);
    expect(resample({ width: 2, height: 1, data: Uint8Array.from([0, 200]) }, 2)).toEqual({ width: 4, height: 2, data: Uint8Array.from([0, 67, 133, 200, 0, 67, 133, 200]) });
  });
  it('measures the x-height of text as the commonest height of letter-sized components', () => {
    // 60 "letters" 14 px tall, 20 "ascenders" 20 px tall, a long rule and specks
    const width = 1200;
    const height = 400;
    const data = new Uint8Array(width * height);
    const ink = (x0: number, y0: number, w: number, h: number): void => {
      for (let y = y0; y < y0 + h; y++) data.fill(1, y * width + x0, y * width + x0 + w);
    };
    for (let i = 0; i < 60; i++) ink(10 + (i % 40) * 25, 40 + Math.floor(i / 40) * 60, 10, 14);
    for (let i = 0; i < 20; i++) ink(10 + i * 25, 200 - 6, 10, 20);
    ink(0, 300, 1000, 3);
    for (let i = 0; i < 30; i++) ink(20 + i * 30, 350, 2, 2);
    const c = components(data, width, height);
    expect(c.top).toHaveLength(60 + 20 + 1 + 30);
    expect(textHeight(c, height)).toBe(14);
    // letters' centres: the 80 letter-sized ones, not the rule or the specks
    expect(letterCentres(c, 14).length / 2).toBe(80);
    expect(textHeight(components(data.map(() => 0), width, height), height)).toBeNull();
  });
  it('counts ink in a box leaving out masked pixels', () => {
    const bin = new Uint8Array(100).fill(1);
    const mask = maskOf(10, 10, [{ x0: -3, y0: 0, x1: 4.5, y1: 10 }]);
    expect(mask.filter((v) => v).length).toBe(50);
    expect(inkRatio(bin, 10, { x0: 0, y0: 0, x1: 10, y1: 10 }, mask)).toBe(1);
    expect(inkRatio(new Uint8Array(100), 10, { x0: 0, y0: 0, x1: 10, y1: 10 })).toBe(0);
  });
});

describe('which way up a scanned page is', () => {
  /**
   * A landscape table page at 100 dpi: 12 ruled columns and text lines every 10 px, words as bars
   * 4 px tall: a 1.5° skew drifts a line across the page by more than its pitch, as in the degraded
   * scans of `npm run eval:agreement` (wild 014 page 2, 022 pages 1–3 were read turned 90°).
   */
  function tablePage(): GreyImage {
    const width = 1169, height = 827;
    const data = new Uint8Array(width * height).fill(255);
    const ink = (x0: number, y0: number, x1: number, y1: number): void => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * width + x] = 0;
    };
    const cw = 90;
    for (let c = 0; c <= 12; c++) ink(40 + c * cw, 60, 42 + c * cw, 780);
    for (let y = 70; y < 770; y += 10) {
      for (let c = 0; c < 12; c++) for (let x = 46 + c * cw; x < 32 + (c + 1) * cw; x += 12) if ((x * 7 + y * 3) % 10 < 6) ink(x, y, x + 9, y + 4);
    }
    return { width, height, data };
  }
  it('keeps an upright page skewed 1.5° upright, and finds a page turned a quarter sideways', () => {
    const page = tablePage();
    expect(turnCandidates(rotateSmall(page, 1.5))).toEqual([0, 2]);
    expect(turnCandidates(rotateSmall(page, -1.5))).toEqual([0, 2]);
    expect(turnCandidates(rotateQuarter(rotateSmall(page, 1.5), 1))[0] % 2).toBe(1);
  });
});

describe('tables with shaded cells', () => {
  /** A 600×400 table at 150 ppi: seven vertical rules through a header row shaded grey 150, as wild 001's scan has. */
  function shadedTable(): GreyImage {
    const width = 600, height = 400;
    const data = new Uint8Array(width * height).fill(250);
    for (let y = 20; y < 90; y++) data.fill(150, y * width + 20, y * width + 580);
    for (const x of [20, 120, 220, 320, 420, 520, 580]) for (let y = 20; y < 380; y++) data[y * width + x] = 10;
    for (const y of [20, 90, 380]) data.fill(10, y * width + 20, y * width + 581);
    // a word in the header: dark strokes on the grey
    for (let y = 50; y < 60; y++) for (let x = 40; x < 80; x += 3) data[y * width + x] = 40;
    return { width, height, data };
  }
  it('finds the rules that cross a shaded header row whole, and no rule in the shading', () => {
    const rules = detectRules(shadedTable(), 30);
    const v = rules.filter((r) => r.orientation === 'v');
    expect(v).toHaveLength(7);
    for (const r of v) expect([r.box.y0 <= 21, r.box.y1 >= 379]).toEqual([true, true]);
    const h = rules.filter((r) => r.orientation === 'h').map((r) => (r.box.y0 + r.box.y1) / 2);
    expect(h).toHaveLength(3);
    [20, 90, 380].forEach((y, i) => expect(Math.abs(h[i]! - y)).toBeLessThanOrEqual(3));
  });
  it('lifts a shaded cell to a white ground, its ink still dark, and leaves white cells alone', () => {
    const lifted = liftShading(shadedTable(), [{ x0: 21, y0: 21, x1: 120, y1: 90 }, { x0: 21, y0: 91, x1: 120, y1: 380 }]);
    expect(lifted.data[30 * 600 + 30]).toBe(255);
    expect(lifted.data[55 * 600 + 40]).toBeLessThan(80);
    expect(lifted.data[200 * 600 + 60]).toBe(250);
  });
});

describe('flowchart symbols in a scanned cell', () => {
  const w = 200, h = 120;
  const inner = { x0: 10, y0: 10, x1: 190, y1: 110 };
  const none = new Uint8Array(w * h);
  const mask = (ink: (x: number, y: number) => boolean): Uint8Array => {
    const bin = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (ink(x, y)) bin[y * w + x] = 1;
    return bin;
  };
  it('finds a solid disc as a symbol (PPID Sumatera Utara\'s black discs, wild 009) as well as an outline', () => {
    const disc = symbolIn(mask((x, y) => ((x - 100) / 40) ** 2 + ((y - 60) / 22) ** 2 <= 1), w, inner, none, 25);
    expect(disc).not.toBeNull();
    expect(disc!.box.x0).toBeGreaterThanOrEqual(58);
    expect(disc!.box.x1).toBeLessThanOrEqual(142);
    const outline = symbolIn(mask((x, y) => (x >= 60 && x <= 140 && (y === 40 || y === 80)) || ((x === 60 || x === 140) && y >= 40 && y <= 80)), w, inner, none, 25);
    expect(outline?.kind).toBe('process');
  });
  it('finds none in a connector line, a cell filled from side to side, or text', () => {
    expect(symbolIn(mask((x, y) => y >= 58 && y <= 61 && x >= 20 && x <= 180), w, inner, none, 25)).toBeNull();
    expect(symbolIn(mask((x, y) => x >= 10 && x < 190 && y >= 10 && y < 110), w, inner, none, 25)).toBeNull();
    const word = mask((x, y) => x >= 60 && x <= 140 && y >= 40 && y <= 80);
    expect(symbolIn(word, w, inner, word, 25)).toBeNull();
  });
  it('finds none in a thick connector line with its arrowhead, far wider than tall (wild 006), but a filled box', () => {
    // a line 6 px thick from x 40 to 180, its arrowhead 16 px tall at the left end
    const arrow = mask((x, y) => (x >= 40 && x <= 180 && y >= 57 && y <= 62) || (x >= 30 && x < 40 && Math.abs(y - 60) <= 8 - (40 - x) * 0.8));
    expect(symbolIn(arrow, w, inner, none, 25)).toBeNull();
    expect(symbolIn(mask((x, y) => x >= 60 && x <= 140 && y >= 40 && y <= 80), w, inner, none, 25)?.kind).toBe('process');
  });
});
