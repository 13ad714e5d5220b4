/**
 * Hostile files (issue 3): each gets a typed error in bounded time, never a crash or a hang.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SopError } from '../src/errors.js';
import { readDocx } from '../src/read/docx.js';
import { decodeImage } from '../src/read/image.js';
import { readDocument } from '../src/read/index.js';
import { encryptedPdf, pdfWithNoPages, pngHeader, zipDeclaring } from './helpers/hostile.js';

const rendition = (name: string): Buffer => readFileSync(new URL(`../fixtures/renditions/${name}`, import.meta.url));

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    expect(e).toBeInstanceOf(SopError);
    return (e as SopError).code;
  }
}

describe('hostile files', () => {
  it('a text of one line of millions of single-spaced words: one cell, no stack overflow', async () => {
    const doc = await readDocument(Buffer.from('x '.repeat(4_000_000)));
    expect(doc.pages[0]!.rows[0]!.cells).toHaveLength(1);
  });
  it('a truncated PDF', async () => {
    const pdf = rendition('001_51dbded0528e22f1.pdf');
    expect(await codeOf(readDocument(pdf.subarray(0, 1500)))).toBe('invalid-pdf');
  });
  it('an encrypted PDF', async () => {
    expect(await codeOf(readDocument(encryptedPdf()))).toBe('encrypted');
  });
  it('a PDF of 0 pages', async () => {
    expect(await codeOf(readDocument(pdfWithNoPages()))).toBe('empty');
  });
  it('an image of 20000 × 20000 px, refused from its header without decoding', async () => {
    const started = performance.now();
    expect(await codeOf(readDocument(pngHeader(20000, 20000)))).toBe('too-large');
    await expect(decodeImage(pngHeader(20000, 20000))).rejects.toThrow(/20000×20000 px, over the limit/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
  it('a truncated image', async () => {
    expect(await codeOf(readDocument(pngHeader(100, 100)))).toBe('invalid-image');
  });
  it('a DOCX that is not a zip, and a zip that holds no Word document', async () => {
    expect(await codeOf(readDocx(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)])))).toBe('invalid-docx');
    expect(await codeOf(readDocx(zipDeclaring('notes.txt', 13)))).toBe('invalid-docx');
  });
  it('a DOCX zip bomb, refused from its directory before inflating', async () => {
    expect(await codeOf(readDocument(zipDeclaring('word/document.xml', 4_000_000_000)))).toBe('too-large');
  });
  it('too many pages and a passed deadline', async () => {
    const pdf = rendition('001_51dbded0528e22f1.pdf');
    expect(await codeOf(readDocument(pdf, { maxPages: 0 }))).toBe('too-many-pages');
    expect(await codeOf(readDocument(pdf, { deadline: Date.now() - 1 }))).toBe('timeout');
  });
});
