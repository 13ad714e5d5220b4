/**
 * Pages read from the layer a reader sees (read/layer.ts), on the fixtures of fixtures/layers
 * (made by fixtures/make/layers.ts from the seed renditions): a born-digital page whose fonts lost
 * their ToUnicode maps (mojibake), a scan under a scanner app's mark, a scan over an invisible old
 * text layer, a mixed PDF whose second page hides another SOP's text under its scan, and a DOCX of
 * page images only. The verdicts need no OCR; the records do (the engine `auto` picks).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../src/import/importer.js';
import { processBytes, sha256Of } from '../src/import/pipeline.js';
import { readDocument } from '../src/read/index.js';
import { layerAgreement, layerVerdict, wordShapeShare } from '../src/read/layer.js';
import { ocrEngineForSuite } from './helpers/ocr.js';
import { openPdf } from '../src/read/pdf.js';
import { openDatabase } from '../src/store/db.js';
import { iterateRecords } from '../src/store/read.js';
import { fields, similar, type Gold } from './helpers/gold.js';

const layers = new URL('../fixtures/layers/', import.meta.url);
const renditions = new URL('../fixtures/renditions/', import.meta.url);
const gold = (seed: string): Gold => JSON.parse(readFileSync(new URL(`../fixtures/gold/${seed}.json`, import.meta.url), 'utf8')) as Gold;

/** What a font without its ToUnicode map gives: each glyph's number in Chromium's subset fonts (the character's code less 29) read as a character. */
const glyphNumbers = (s: string): string => [...s].map((c) => String.fromCharCode(c.charCodeAt(0) - 29)).join('');

async function verdicts(file: URL): Promise<string[]> {
  const pdf = await openPdf(readFileSync(file));
  const out: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const v = layerVerdict(await pdf.page(n));
    out.push(v.read === 'text' ? 'text' : `${v.read}: ${v.reason}`);
  }
  await pdf.close();
  return out;
}

describe('the layer a PDF page is read from', () => {
  it('tells SOP text from its mojibake by the shape of its words', () => {
    const real = [
      'STANDAR OPERASIONAL PROSEDUR Pemantauan Kinerja Nomor SOP 00.8.3.3/KEU-2023 Tanggal Pembuatan 22 Desember 2023',
      'Kepala Dinas Komunikasi dan Informatika Provinsi Kalimantan Barat NIP. 196604081993031009 Pembina Utama Madya',
      'Menerima formulir permohonan informasi yang telah diisi dan memeriksa keabsahan identitas pengguna layanan',
      'Kasubbag Kepegawaian, Program Evaluasi dan Pelaporan; BPKAD; SKPD; PPID Pembantu; instruksi struktur',
    ];
    for (const text of real) expect(wordShapeShare(text), text).toBeGreaterThanOrEqual(0.8);
    // judged over a page's text: a line of acronyms alone can pass, a page of mojibake does not
    expect(wordShapeShare(glyphNumbers(real.join(' ')))).toBeLessThan(0.5);
    // too little text to judge
    expect(wordShapeShare('Scanned with CamScanner')).toBeNull();
  });
  it('reads born-digital pages from their text layer', async () => {
    for (const seed of ['000_64e8e44553c70391', '003_d55e84fb4eb038f4']) {
      expect(await verdicts(new URL(`${seed}.pdf`, renditions))).toEqual(['text']);
      expect(await verdicts(new URL(`${seed}.export.pdf`, renditions))).toEqual(['text', 'text']);
      expect(await verdicts(new URL(`${seed}.scan.pdf`, renditions))).toEqual(['image: no text layer']);
    }
  });
  it('reads garbled, marked and hidden layers from the image, page by page', async () => {
    expect(await verdicts(new URL('mojibake.pdf', layers))).toEqual(['image: garbled text layer']);
    expect(await verdicts(new URL('watermark.pdf', layers))).toEqual(['image: watermark only']);
    expect(await verdicts(new URL('hidden-layer.pdf', layers))).toEqual(['compare: hidden text layer']);
    expect(await verdicts(new URL('mixed.pdf', layers))).toEqual(['text', 'compare: hidden text layer']);
  });
  it('reads a page whose content is pictures under a footer from its image, compares text lying on a picture with it, and reads a page with a picture beside its text from its text', () => {
    // wild 037 page 2 (BPS Provinsi Bengkulu, 2025): a procedure table pasted as two pictures over 0.57 of
    // a landscape page, under an e-signature footer of two 6-pt lines
    const footer = ['* Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik', '* Pindai kode QR di samping untuk menampilkan file asli'];
    const page = (imageCover: number, lines: string[], lineHeight: number) => ({
      number: 2, width: 792, height: 612, rules: [], shapes: [], imageCover, pictures: [], imageScale: 2, glyphs: { total: 0, invisible: 0, hidden: 0 },
      words: lines.map((text, i) => ({ text, box: { x0: 48, y0: 580 + i * lineHeight, x1: 48 + text.length * 3, y1: 586 + i * lineHeight } })),
    });
    expect(layerVerdict(page(0.57, footer, 6))).toEqual({ read: 'image', reason: 'watermark only' });
    // the same pictures beside a page of text (a flowchart picture in a narrative SOP): its text layer
    const body = Array.from({ length: 40 }, (_, i) => `Langkah ${i + 1}: petugas menerima berkas permohonan dan memeriksa kelengkapan dokumen`);
    const text = { ...page(0.57, body, 13), words: body.map((t, i) => ({ text: t, box: { x0: 40, y0: 40 + i * 13, x1: 400, y1: 50 + i * 13 } })) };
    expect(layerVerdict(text)).toEqual({ read: 'text' });
    // a logo or a pasted signature under a footer: too small a picture to hold the page
    expect(layerVerdict(page(0.1, footer, 6))).toEqual({ read: 'text' });
    // wild 013 page 10: a picture of the newer table pasted over the old table's text, which lies under it
    expect(layerVerdict({ ...text, pictures: [{ x0: 20, y0: 30, x1: 780, y1: 560 }] })).toEqual({ read: 'compare', reason: 'hidden text layer' });
    expect(layerVerdict({ ...text, pictures: [{ x0: 420, y0: 30, x1: 780, y1: 560 }] })).toEqual({ read: 'text' });
  });
  it('measures a hidden layer against the words OCR reads in the same band, order-free', () => {
    const w = (text: string) => text.split(' ').map((t, i) => ({ text: t, box: { x0: i * 10, y0: 0, x1: i * 10 + 8, y1: 10 } }));
    const seen = w('Menerima formulir permohonan informasi yang telah diisi');
    expect(layerAgreement(w('yang telah diisi Menerima formulir permohonan informasi'), seen)).toBe(1);
    expect(layerAgreement(w('Menyusun laporan capaian kinerja triwulan untuk pimpinan'), seen)).toBe(0);
    expect(layerAgreement(w('anything'), w('a b c'))).toBeNull();
  });
  it('without OCR, a garbled page fails with its reason and a hidden layer is read as it is', async () => {
    const doc = await readDocument(readFileSync(new URL('mojibake.pdf', layers)));
    expect(doc.diagnostics.map((d) => d.message)).toEqual(['page 1 could not be read: page 1 has garbled text layer and needs OCR, which is not available']);
    const hidden = await readDocument(readFileSync(new URL('hidden-layer.pdf', layers)));
    expect(hidden.textLayer).toBe('native');
  });
});

describe('pages read from their image (OCR)', () => {
  const ocrEngine = ocrEngineForSuite();
  const cases = [
    ['mojibake.pdf', '000_64e8e44553c70391', 'ocr', 'garbled-text-layer'],
    ['watermark.pdf', '000_64e8e44553c70391', 'ocr', 'watermark-text-layer'],
    ['hidden-layer.pdf', '001_51dbded0528e22f1', 'ocr', 'hidden-text-layer'],
    ['mixed.pdf', '002_73c36ed984910bbc', 'mixed', 'hidden-text-layer'],
    ['image-only.docx', '004_7105dd040ab457fb', 'ocr', 'docx-page-images'],
  ] as const;
  it.concurrent.each(cases)('%s: the SOP of seed %s, text layer %s, diagnostic %s', async (file, seed, layer, code) => {
    const bytes = readFileSync(new URL(file, layers));
    const result = await processBytes(file, bytes, sha256Of(bytes), { ocr: async () => ocrEngine() });
    expect(result.records).toHaveLength(1);
    const r = result.records[0]!;
    expect(r.source.textLayer).toBe(layer);
    expect(r.source.ocr?.engine).toBe(ocrEngine().name);
    expect(r.diagnostics.map((d) => d.code)).toContain(code);
    const all = fields(r, gold(seed));
    const wrong = all.filter(([, got, want]) => !similar(got, want)).map(([f, got, want]) => `${f}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
    expect(wrong.length / all.length, `${file}:\n${wrong.join('\n')}`).toBeLessThanOrEqual(0.05);
  }, 600_000);
  it('imports a DOCX of page images through the stage pool, whose worker threads have no OCR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-layers-'));
    try {
      const db = openDatabase(join(dir, 'sop.db'));
      const report = await importPaths(db, [new URL('image-only.docx', layers).pathname], { threads: 1, workerScript: new URL('../dist/src/import/worker.js', import.meta.url), ocrEngine: ocrEngine() });
      expect(report.counts).toMatchObject({ imported: 1, failed: 0 });
      expect([...iterateRecords(db)].map((r) => [r.source.format, r.source.textLayer, r.steps.length])).toEqual([['docx', 'ocr', 6]]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
