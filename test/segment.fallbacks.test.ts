/**
 * What the segmenter reads outside the labels: the title from a title block (segment/fallbacks.ts),
 * on the title-block layouts of real documents.
 */
import { describe, expect, it } from 'vitest';
import { signatureBlock, titleFromLines } from '../src/segment/fallbacks.js';
import type { FreeLine } from '../src/segment/types.js';

/** Free lines one row apart, or at the given stream indices. */
const lines = (texts: Array<string | [string, number]>): FreeLine[] =>
  texts.map((t, i) => (typeof t === 'string' ? { text: t, index: i, emphasis: false } : { text: t[0], index: t[1], emphasis: false }));

describe('titleFromLines', () => {
  it.each([
    // seed 000: the title after `SOP`
    [['PEMERINTAH KABUPATEN PESISIR SELATAN', 'SOP PEMANTAUAN KINERJA'], 'PEMANTAUAN KINERJA'],
    // seed 002: the line under the heading
    [['STANDAR OPERASIONAL PROSEDUR', 'Pelayanan Surat Keterangan', 'Kecamatan IV Jurai'], 'Pelayanan Surat Keterangan'],
    // wild 018: a sentence starting with `SOP` is no title; the heading's title over two lines in capitals
    [['SOP ini diterapkan pada Dinas Kominfo Prov. Kaltim dalam proses', 'STANDAR OPERASIONAL PROSEDUR', 'PENYUSUNAN DAN PEMUTAKHIRAN', 'DAFTAR INFORMASI PUBLIK'], 'PENYUSUNAN DAN PEMUTAKHIRAN DAFTAR INFORMASI PUBLIK'],
    // wild 013: a document number after `SOP-` is no title
    [['SOP-PPID-07', 'STANDAR OPERASIONAL PROSEDUR', 'AKURASI INFORMASI PUBLIK'], 'AKURASI INFORMASI PUBLIK'],
    // wild 028: the title ends at a line naming a unit; a running footer's unit after a comma is cut
    [['STANDAR OPERASIONAL PROSEDUR (SOP)', 'LABORATORIUM PERIKANAN', 'JURUSAN PERIKANAN DAN KELAUTAN', 'POLITEKNIK NEGERI LAMPUNG'], 'LABORATORIUM PERIKANAN'],
    [['SOP LABORATORIUM PERIKANAN, JURUSAN PERIKANAN DAN KELAUTAN'], 'LABORATORIUM PERIKANAN'],
    // wild 022: a unit's word alone goes on the title
    [['STANDAR OPERASIONAL PROSEDUR (SOP)', 'PEMELIHARAAN, PERBAIKAN, DAN KALIBRASI ALAT', 'LABORATORIUM'], 'PEMELIHARAAN, PERBAIKAN, DAN KALIBRASI ALAT LABORATORIUM'],
    // wild 026: `SOP` alone on a document box cell's first line
    [['LABORATORIUM PERIKANAN TANGKAP', 'SOP\nPEMINJAMAN DAN PENGEMBALIAN ALAT'], 'PEMINJAMAN DAN PENGEMBALIAN ALAT'],
  ])('%j → %s', (texts, title) => {
    expect(titleFromLines(lines(texts))?.text).toBe(title);
  });

  it('stops the title at a line far below it or at a row of several cells', () => {
    expect(titleFromLines(lines(['STANDAR OPERASIONAL PROSEDUR', ['AKURASI INFORMASI PUBLIK', 1], ['STATUS DOKUMEN', 9]]))?.text).toBe('AKURASI INFORMASI PUBLIK');
    expect(titleFromLines(lines(['STANDAR OPERASIONAL PROSEDUR', ['AKURASI INFORMASI PUBLIK', 1], ['STATUS DOKUMEN', 2], [':', 2]]))?.text).toBe('AKURASI INFORMASI PUBLIK');
  });

  it('finds none without a heading or an `SOP` line', () => {
    expect(titleFromLines(lines(['PEMERINTAH KABUPATEN CONTOH', 'Dengan hormat']))).toBeNull();
  });
});

describe('signatureBlock', () => {
  /** A free line on page 3 at x from `x0` to `x1`, row `index`. */
  const at = (text: string, index: number, x0: number, x1: number): FreeLine => ({ text, index, emphasis: false, origin: { page: 3, x0, y0: index * 20, x1, y1: index * 20 + 15 } });
  // wild 006 (PPID Sumatera Utara, a scanned copy): the governor's signature right, marked `ttd`; the
  // copy's certification by the head of the legal office left, with rank and NIP
  const page = [
    at('GUBERNUR SUMATERA UTARA,', 40, 1321, 1723), at('ttd', 41, 1476, 1509), at('1 We', 42, 241, 319),
    at('TENGKU ERRY NURADI', 43, 1374, 1669), at('Salinari Sesuhi Dengan Aslinya', 44, 114, 432),
    at('KEPALA BIRO HUKUM,', 45, 140, 379), at('SULAIMAN', 46, 187, 298), at('Pembina Utama Muda (IV/c)', 47, 120, 400),
    at('NIP. 19590227 198003 1 004', 48, 120, 400),
  ];
  it('passes over the block certifying a copy, and reads the signature marked `ttd` in its column', () => {
    expect(signatureBlock(page, 30).map((l) => l.text)).toEqual(['GUBERNUR SUMATERA UTARA,', 'TENGKU ERRY NURADI']);
  });
  it('takes a blank form\'s `NIM/NIK/NIP :` field for no signature (a borrowing form after the SOP, wild 026)', () => {
    expect(signatureBlock([at('Lampiran', 40, 70, 130), at('Nama :', 42, 70, 200), at('NIM/NIK/NIP :', 43, 70, 200)], 30)).toEqual([]);
  });
  it('keeps the NIP block of a signature that certifies nothing (seeds 001, 002)', () => {
    const plain = [at('Camat IV Jurai,', 40, 700, 900), at('RUSDIYANTO, S.H.', 44, 700, 900), at('NIP. 19641112 199203 1 008', 45, 700, 900)];
    expect(signatureBlock(plain, 30).map((l) => l.text)).toEqual(['Camat IV Jurai,', 'RUSDIYANTO, S.H.', 'NIP. 19641112 199203 1 008']);
  });
});
