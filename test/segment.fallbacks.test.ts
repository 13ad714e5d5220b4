/**
 * What the segmenter reads outside the labels: the title from a title block (segment/fallbacks.ts),
 * on the title-block layouts of real documents.
 */
import { describe, expect, it } from 'vitest';
import { titleFromLines } from '../src/segment/fallbacks.js';
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
