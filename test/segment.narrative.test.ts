/**
 * Procedures written as a numbered list under a heading, without a table (ISO-style and university
 * SOPs; ../shared/wild 028 and 029 show the pattern).
 */
import { describe, expect, it } from 'vitest';
import { readText } from '../src/read/text.js';
import { htmlToRows } from '../src/read/html.js';
import { segmentDocument } from '../src/segment/index.js';

const sop = (lines: string[]) => segmentDocument(readText(lines.join('\n')))[0]!;

describe('narrative procedures', () => {
  it('reads the numbered items under a procedure heading as steps, sub-items and bullets into their activity', () => {
    const s = sop([
      'A. FUNGSI LABORATORIUM',
      '1. Pusat praktik dan penelitian.',
      '',
      'C. PROSEDUR PEMAKAIAN LABORATORIUM',
      'C.1 Prosedur Pemakaian untuk Praktikum',
      'Persiapan',
      '1. Dosen mendaftarkan rencana kepada Kepala Laboratorium, dilengkapi dengan:',
      '   • Jadwal pelaksanaan',
      '   • Alat dan bahan',
      '2. PLP menyiapkan alat dan bahan.',
      'Pelaksanaan',
      'Pada saat praktikum, tahap-tahap yang dilakukan adalah:',
      '1. Mahasiswa memasuki ruangan dengan tertib.',
      'C.2. Prosedur Pemakaian untuk Penelitian',
      '1. Peneliti mengajukan surat.',
    ]);
    expect(s.procedure!.steps.map((st) => [st.number, st.activity])).toEqual([
      [1, 'Dosen mendaftarkan rencana kepada Kepala Laboratorium, dilengkapi dengan: Jadwal pelaksanaan Alat dan bahan'],
      [2, 'PLP menyiapkan alat dan bahan.'],
      [1, 'Mahasiswa memasuki ruangan dengan tertib.'],
    ]);
    expect(s.procedureScore?.strategy).toBe('narrative');
    expect(s.diagnostics.map((d) => d.code)).toContain('procedure-narrative');
  });
  it('takes no sentence starting with a heading word for a heading, and ends at the next section in capitals', () => {
    const s = sop([
      'RUANG LINGKUP',
      '1. Persyaratan pendaftaran',
      '2. Tata cara pelaksanaan kegiatan Tugas Akhir Departemen',
      'STANDAR',
      '1. Telah lulus mata kuliah',
      'PROSEDUR',
      '1. Mahasiswa menentukan tema.',
      '2. Mahasiswa menetapkan judul.',
      'ALUR',
      '1. Lihat gambar',
    ]);
    expect(s.procedure!.steps.map((st) => st.activity)).toEqual(['Mahasiswa menentukan tema.', 'Mahasiswa menetapkan judul.']);
  });
  it('loses to a procedure table that meets the format\'s invariants', () => {
    const s = sop([
      'PROSEDUR',
      '1. Membaca surat.',
      '',
      'No\tUraian Prosedur\tStaf\tKasi\tKelengkapan\tWaktu\tOutput',
      '1\tMenerima surat\t□\t\tSurat\t10 menit\tAgenda',
      '2\tMemeriksa surat\t\t□\tAgenda\t1 jam\tDisposisi',
    ]);
    expect(s.procedureScore?.strategy).toBe('grid');
    expect(s.procedure!.steps.map((st) => st.activity)).toEqual(['Menerima surat', 'Memeriksa surat']);
  });
});

describe('numbered lists of HTML and DOCX outside tables', () => {
  it('keeps an <ol>\'s numbers, letters its inner list and leaves a list shown without numbers as it is', () => {
    const rows = htmlToRows('<h1>PROSEDUR</h1><ol><li>Satu<ol><li>Anak</li></ol></li><li>Dua</li></ol><ol style="list-style-type: none"><li>Tanpa</li></ol>');
    expect(rows.map((r) => r.cells.map((c) => c.text).join('|'))).toEqual(['PROSEDUR', '1. Satu', 'a. Anak', '2. Dua', 'Tanpa']);
  });
});
