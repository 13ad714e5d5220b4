import { describe, expect, it } from 'vitest';
import { divideShared, enumerationChain, splitItems } from '../src/segment/lists.js';
import { findLabels, labelOf } from '../src/segment/labels.js';

const hard = (text: string) => [{ text, hardBreaks: true }];
const soft = (...lines: string[]) => lines.map((text) => ({ text, hardBreaks: false }));

describe('splitItems', () => {
  it('splits lettered and bare-numbered items run together (seed 004)', () => {
    expect(splitItems(hard('a. Peraturan Daerah Nomor 7 Tahun 2008 tentang RPJPD; b. Peraturan Bupati Nomor 135 Tahun 2021 tentang Tata Kerja'), 'legalBases')).toEqual([
      'Peraturan Daerah Nomor 7 Tahun 2008 tentang RPJPD', 'Peraturan Bupati Nomor 135 Tahun 2021 tentang Tata Kerja',
    ]);
    expect(splitItems(hard('1 Memahami Peraturan Perundangan yang terkait 2 Memahami sasaran dan capaian program 3 Mengetahui tugas'), 'qualifications')).toEqual([
      'Memahami Peraturan Perundangan yang terkait', 'Memahami sasaran dan capaian program', 'Mengetahui tugas',
    ]);
  });
  it('does not take numbers inside citations for markers', () => {
    expect(splitItems(hard('1. UU Nomor 23 Tahun 2014 tentang Pemerintahan Daerah\n2. PP Nomor 2 Tahun 2019 tentang Keuangan'), 'legalBases')).toHaveLength(2);
  });
  it('keeps a paragraph written after a run-together list apart (seed 004)', () => {
    expect(splitItems(hard('1 Inspektur ; Tanda Tangan 2 Sekretaris PD : Lembar Disposisi; Paraf 3 Kasubbag Umum : Lembar Disposisi; Paraf Setiap tahap terdokumentasi dengan baik'), 'recordKeeping')).toEqual([
      'Inspektur ; Tanda Tangan', 'Sekretaris PD : Lembar Disposisi; Paraf', 'Kasubbag Umum : Lembar Disposisi; Paraf', 'Setiap tahap terdokumentasi dengan baik',
    ]);
  });
  it('splits items of an <ol> without <li> (seed 000)', () => {
    expect(splitItems(hard('SOP Surat Masuk SOP Surat Keluar SOP Pelaporan SKPD'), 'relatedSops')).toEqual(['SOP Surat Masuk', 'SOP Surat Keluar', 'SOP Pelaporan SKPD']);
    expect(splitItems(hard('Memiliki kewenangan dalam evaluasi kinerja Memiliki kemampuan dalam mengelola data'), 'qualifications')).toEqual([
      'Memiliki kewenangan dalam evaluasi kinerja', 'Memiliki kemampuan dalam mengelola data',
    ]);
    expect(splitItems(hard('Renstra Renja DPA Perangkat Komputer'), 'equipment')).toEqual(['Renstra', 'Renja', 'DPA', 'Perangkat Komputer']);
  });
  it('joins wrapped lines of a positioned page and orders items numbered in two columns (dev-doc 01)', () => {
    expect(splitItems(soft('4. Peraturan Pemerintah Nomor 28 Tahun 2012 tentang', 'Kearsipan;'), 'legalBases')).toEqual(['Peraturan Pemerintah Nomor 28 Tahun 2012 tentang Kearsipan']);
    expect(splitItems(soft('1. Alat Tulis', '4. Printer', '2. Cap Kantor', '5. Jaringan Internet', '3. PC/Laptop', '6. Aplikasi perkantoran'), 'equipment')).toEqual([
      'Alat Tulis', 'Cap Kantor', 'PC/Laptop', 'Printer', 'Jaringan Internet', 'Aplikasi perkantoran',
    ]);
  });
  it('keeps a lead-in line before numbered items (dev-doc 03)', () => {
    expect(splitItems(soft('Hambatan dapat saja terjadi :', '1. Jika SOP ini tidak dilaksanakan berdampak buruk.', '2. Jika SOP ini dilaksanakan berdampak baik'), 'warnings')).toEqual([
      'Hambatan dapat saja terjadi :', 'Jika SOP ini tidak dilaksanakan berdampak buruk.', 'Jika SOP ini dilaksanakan berdampak baik',
    ]);
  });
  it('reads a Word export\'s doubled numbers: the automatic one alone in a cell, the typed one after it (fixtures/renditions/*.export.pdf)', () => {
    expect(splitItems(soft('1.', '1. Memiliki kewenangan', 'dalam evaluasi kinerja', '2.', '2. Memiliki kemampuan', 'dalam mengelola data'), 'qualifications')).toEqual([
      'Memiliki kewenangan dalam evaluasi kinerja', 'Memiliki kemampuan dalam mengelola data',
    ]);
    expect(splitItems(soft('1. 1. Renstra', '2. 2. Renja'), 'equipment')).toEqual(['Renstra', 'Renja']);
  });
  it('keeps one marked item whole', () => {
    expect(splitItems(soft('1. Seluruh SOP dilingkungan BPS Provinsi Bengkulu'), 'relatedSops')).toEqual(['Seluruh SOP dilingkungan BPS Provinsi Bengkulu']);
  });
});

describe('divideShared', () => {
  it('divides the contents of two labels run together (dev-doc 12)', () => {
    expect(divideShared('SOP Penyusunan RKA Kecamatan SOP Penyusunan DPA 1. Komputer & Printer 2. Meja & Kursi')).toEqual(['SOP Penyusunan RKA Kecamatan SOP Penyusunan DPA', '1. Komputer & Printer 2. Meja & Kursi']);
    expect(divideShared('Apabila SOP tidak dibuat, maka RKA disusun seperti tahun sebelumnya RKA dan Program Kerja dijadikan bahan')).toEqual(['Apabila SOP tidak dibuat, maka RKA disusun seperti tahun sebelumnya', 'RKA dan Program Kerja dijadikan bahan']);
    expect(divideShared('1 Standar Operasional Prosedur Surat Masuk. 1 Alat Tulis Kantor 2 Buku Agenda 3 Komputer')).toEqual(['1 Standar Operasional Prosedur Surat Masuk.', '1 Alat Tulis Kantor 2 Buku Agenda 3 Komputer']);
  });
  it('finds enumeration chains only when they count up from one', () => {
    expect(enumerationChain('Nomor 2 Tahun 2009 dan Nomor 3 Tahun 2010')).toBeNull();
    expect(enumerationChain('a. Satu b. Dua c. Tiga')?.map((m) => m.value)).toEqual([1, 2, 3]);
  });
});

describe('labels', () => {
  it.each([
    ['Nomor SOP', 'number'], ['No. Dok.', 'number'], ['MOR SOP', 'number'], ['Tanggal Revisi 1', 'revisedDate'], ['Tgl. Pembuatan', 'createdDate'],
    ['Tanggal Pengesahan', 'approvedDate'], ['Disahkan Oleh', 'approver'], ['Judul SOP', 'title'], ['Dasar Hukum :', 'legalBases'],
    ['KUALITAS PELAKSANA', 'qualifications'], ['ERKAITAN', 'relatedSops'], ['PERALATAN/', 'equipment'], ['Peralatan/ Perlengkapan', 'equipment'],
    ['Pencatatan dan Pendapatan', 'recordKeeping'], ['PENCATATAN DAN PEDATAAN', 'recordKeeping'],
    // a scan's words run together and marks read at the end (Banyuwangi, wild 063)
    ['DisahkanOleh).', 'approver'],
  ])('%s names %s', (text, field) => expect(labelOf(text)).toBe(field));
  it('does not take a list item for a label', () => {
    expect(labelOf('Perlengkapan kantor dan alat tulis')).toBeNull();
    expect(labelOf('Tanggal Revisi 1')).toBe('revisedDate');
    expect(findLabels('Kabag Keuangan, Kepegawaian dan Perlengkapan')).toEqual([]);
  });
  it('takes no word of running text for a label: a label starts with a capital (wild 022 cut at word gaps)', () => {
    expect(['peralatan', 'disetujui', 'pencatatan', 'Peralatan', '5. DOKUMEN PENDUKUNG'].map((t) => labelOf(t))).toEqual([null, null, null, 'equipment', 'recordKeeping']);
  });
  it('takes a number or date label glued to its figure by one space, and no other label without a colon', () => {
    expect(findLabels('Tanggal Efektif 1 November 2021')).toEqual([{ field: 'effectiveDate', start: 0, end: 16 }]);
    expect(findLabels('Nomor SOP 700/3334.b/SOP/2021').map((h) => h.field)).toEqual(['number']);
    expect(findLabels('Tanggal Efektif menyesuaikan')).toEqual([]);
    expect(findLabels('Tanggal Revisi 12 Maret 2022')).toEqual([{ field: 'revisedDate', start: 0, end: 15 }]);
    // with one more label on a flattened line, both are labels
    expect(findLabels('Tanggal Efektif 1 November 2021 Disahkan oleh Kepala Dinas').map((h) => h.field)).toEqual(['effectiveDate', 'approver']);
    expect(findLabels('Tanggal Pembuatan 03 Januari 2022 Tanggal Revisi 05 Januari 2023').map((h) => [h.field, h.end])).toEqual([['createdDate', 18], ['revisedDate', 49]]);
  });
  it('finds labels in a flattened table (dev-doc 12)', () => {
    expect(findLabels('Nomor SOP 38 / SOP-Pem / CA / 2012 Tanggal Pembuatan 30 Nopember 2012 Tanggal Revisi -').map((h) => h.field)).toEqual(['number', 'createdDate', 'revisedDate']);
  });
});

describe('lists numbered without dots or in a column of their own (Kemenag Jombang)', () => {
  it('takes bare numbers running 1, 2, 3 down the lines for markers', () => {
    expect(splitItems([{ text: '1 Memahami regulasi Keterbukaan Informasi Publik;\n2 Memahami Tata cara Permohonan informasi;\n3 Memahami Persyaratan', hardBreaks: true }], 'qualifications'))
      .toEqual(['Memahami regulasi Keterbukaan Informasi Publik', 'Memahami Tata cara Permohonan informasi', 'Memahami Persyaratan']);
    // a number inside an item starts no run
    expect(splitItems([{ text: 'Komputer\n3 unit printer', hardBreaks: true }], 'equipment')).toEqual(['Komputer', '3 unit printer']);
  });
  it('drops the list\'s numbers printed in a column beside it, and parts citations whose year is glued to Tahun', () => {
    expect(splitItems([{ text: '1 2 3', hardBreaks: true }, { text: 'Undang-Undang Nomor 14 Tahun 2008 tentang KIP\nUndang-Undang Nomor 25 Tahun2009 tentang Pelayanan Publik PP Nomor 61 Tahun 2010 tentang Pelaksanaan', hardBreaks: true }], 'legalBases'))
      .toEqual(['Undang-Undang Nomor 14 Tahun 2008 tentang KIP', 'Undang-Undang Nomor 25 Tahun2009 tentang Pelayanan Publik', 'PP Nomor 61 Tahun 2010 tentang Pelaksanaan']);
  });
});

describe('lists printed in columns side by side (a Sarana list of Diskominfo Kalimantan Timur)', () => {
  it('reads down each column, a line kept whole across the columns parted at its dashes', () => {
    // 4 pt per character; columns start at x 68, 228 and 388
    const piece = (text: string, x: number) => ({ text, hardBreaks: false, x, width: text.length * 4, unit: 'pt' as const });
    const rows = [
      piece('- Lapangan Parkir ' + ' '.repeat(22) + '- Komputer', 68),
      piece('- Printer', 388),
      piece('utuk Disabilitas', 80),
      piece('- Ruang Rapat' + ' '.repeat(27) + '- Telepon' + ' '.repeat(31) + '- Televisi', 68),
    ];
    expect(splitItems(rows, 'equipment')).toEqual(['Lapangan Parkir utuk Disabilitas', 'Ruang Rapat', 'Komputer', 'Telepon', 'Printer', 'Televisi']);
  });
  it('leaves a list in one column in its order', () => {
    const piece = (text: string, y: number) => ({ text, hardBreaks: false, x: 68, width: text.length * 4, unit: 'pt' as const, y });
    expect(splitItems([piece('- A', 0), piece('- B', 1), piece('- C', 2), piece('- D', 3)], 'equipment')).toEqual(['A', 'B', 'C', 'D']);
  });
});
