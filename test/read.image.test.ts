import { PNG } from 'pngjs';
import UTIF from 'utif2';
import { describe, expect, it } from 'vitest';
import { decodeImage, detectRules, greyFromRgba, estimateSkew, imageKind, imageSize, rotateQuarter, rotateSmall, type GreyImage } from '../src/read/image.js';
import { findGrids } from '../src/read/tables.js';

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
  });
  it('finds a table grid from pixel rules', () => {
    const grids = findGrids(detectRules(tablePage(), 60), 'px');
    expect(grids).toHaveLength(1);
    expect(grids[0]!.xs.map(Math.round)).toEqual([102, 352, 562, 802]);
    expect(grids[0]!.ys).toHaveLength(3);
  });
});
