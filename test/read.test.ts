import { describe, expect, it } from 'vitest';
import { decodeText } from '../src/read/decode.js';
import { htmlInlineToText, htmlToRows } from '../src/read/html.js';
import { detectTextFormat, readText } from '../src/read/text.js';
import { SopError } from '../src/errors.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('decodeText', () => {
  it('reads UTF-8 with and without BOM, CRLF line ends', () => {
    expect(decodeText(enc('\ufeffNomor SOP\t800/04\r\n'))).toEqual({ text: 'Nomor SOP\t800/04\n', encoding: 'utf-8' });
    expect(decodeText(enc('Tanggal Efektif 2 Juni 2025')).encoding).toBe('utf-8');
  });
  it('reads UTF-16 with a BOM and without', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Dasar Hukum ± 30 menit', 'utf16le')]);
    expect(decodeText(le)).toEqual({ text: 'Dasar Hukum ± 30 menit', encoding: 'utf-16le' });
    expect(decodeText(Buffer.from('Kualifikasi Pelaksana', 'utf16le'))).toEqual({ text: 'Kualifikasi Pelaksana', encoding: 'utf-16le' });
    const be = Buffer.from('Peringatan', 'utf16le').swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).text).toBe('Peringatan');
  });
  it('falls back to Windows-1252 for bytes that are not UTF-8', () => {
    // `Waktu ± 30 “SOP”` as a legacy Word "save as text" writes it
    const cp1252 = Buffer.from([0x57, 0x61, 0x6b, 0x74, 0x75, 0x20, 0xb1, 0x20, 0x33, 0x30, 0x20, 0x93, 0x53, 0x4f, 0x50, 0x94]);
    expect(decodeText(cp1252)).toEqual({ text: 'Waktu ± 30 “SOP”', encoding: 'windows-1252' });
  });
  it('refuses empty and binary input with a typed error', () => {
    expect(() => decodeText(new Uint8Array())).toThrow(SopError);
    expect(() => decodeText(enc(' \n\t '))).toThrow(/only whitespace/);
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    try {
      decodeText(png);
      expect.unreachable();
    } catch (e) {
      expect((e as SopError).code).toBe('binary');
    }
  });
});

describe('inline HTML', () => {
  it('turns <li> into lines and drops scripts', () => {
    expect(htmlInlineToText('<ol style="list-style-type: none"><li>1. PP No. 79 Tahun 2005</li><li>2. PP No. 60 Tahun 2008</li></ol> Setiap tahap')).toEqual({
      text: '1. PP No. 79 Tahun 2005\n2. PP No. 60 Tahun 2008\nSetiap tahap', emphasis: false,
    });
    expect(htmlInlineToText('<b>Judul</b><script>alert(1)</script> &amp; SOP')).toEqual({ text: 'Judul & SOP', emphasis: true });
    expect(htmlInlineToText('&constructor; &#x41;&#66;&nbsp;C').text).toBe('&constructor; AB C');
  });
  it('reads table rows with colspan and rowspan into grid columns', () => {
    const rows = htmlToRows('<p>PEMERINTAH KOTA X</p><table><tr><td rowspan="2">No</td><td colspan="2">Pelaksana</td><td>Waktu</td></tr><tr><td>Camat</td><td>Lurah</td><td>(menit)</td></tr><tr><td>1</td><td>□</td><td></td><td>10</td></tr></table>');
    expect(rows.map((r) => r.cells.map((c) => [c.col, c.text]))).toEqual([
      [[0, 'PEMERINTAH KOTA X']],
      [[0, 'No'], [1, 'Pelaksana'], [3, 'Waktu']],
      [[1, 'Camat'], [2, 'Lurah'], [3, '(menit)']],
      [[0, '1'], [1, '□'], [3, '10']],
    ]);
  });
});

describe('readText', () => {
  it('detects the markup of the seeds', () => {
    expect(detectTextFormat('<p style="text-align: center;">PEMERINTAH</p>\tNomor SOP')).toBe('html');
    expect(detectTextFormat('**KECAMATAN SILAUT\nKABUPATEN PESISIR SELATAN**')).toBe('markdown');
    expect(detectTextFormat('Nomor SOP   SOP-020/17000/2025')).toBe('text');
  });
  it('reads tab-separated cells with their grid columns and bold across lines', () => {
    const doc = readText('**KECAMATAN SILAUT\nKABUPATEN PESISIR SELATAN**\nNomor\t:\t800/04/Silaut/2024\n\t\tCamat');
    const rows = doc.pages[0]!.rows;
    expect(rows[0]!.cells[0]).toMatchObject({ text: 'KECAMATAN SILAUT', col: 0, emphasis: true });
    expect(rows[1]!.cells[0]).toMatchObject({ text: 'KABUPATEN PESISIR SELATAN', emphasis: true });
    expect(rows[2]!.cells.map((c) => [c.col, c.text])).toEqual([[0, 'Nomor'], [1, ':'], [2, '800/04/Silaut/2024']]);
    expect(rows[3]!.cells.map((c) => [c.col, c.text])).toEqual([[2, 'Camat']]);
  });
  it('reads space-aligned columns with their character positions and pages at form feeds', () => {
    const doc = readText('DASAR HUKUM :          KUALIFIKASI :\n1. UU Nomor 16 Tahun 1997   1. Mengetahui tugas\n\fNo   Aktivitas');
    expect(doc.pages).toHaveLength(2);
    expect(doc.pages[0]!.rows[1]!.cells.map((c) => [c.x, c.text])).toEqual([[0, '1. UU Nomor 16 Tahun 1997'], [28, '1. Mengetahui tugas']]);
    expect(doc.pages[1]!.rows[0]!.cells.map((c) => c.text)).toEqual(['No', 'Aktivitas']);
  });
});
