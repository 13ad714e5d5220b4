import { describe, expect, it } from 'vitest';
import { readText } from '../src/read/text.js';
import { segmentDocument } from '../src/segment/index.js';
import { glueBrokenWord, isHeaderRow } from '../src/segment/procedure/index.js';
import type { LayoutDocument } from '../src/read/layout.js';

const table = (rows: string[]): string =>
  ['No.\tUraian Prosedur\tPelaksana\t\t\tMutu Baku\t\t\tKeterangan', '\t\tSekretaris\tKasi\tCamat\tKelengkapan\tWaktu\tOutput\t', ...rows].join('\n');

function steps(text: string) {
  const [sop] = segmentDocument(readText(text));
  return sop!.procedure!.steps;
}

/** A positioned cell from its left and right edges, in points: a word as pdf.js gives it. */
const word = (text: string, x0: number, x1: number) => ({ text, x: x0, width: x1 - x0 });

/** A cell of grid column `col`, 100 units wide. */
const gridCell = (col: number, text: string) => ({ text, x: col * 100, width: 100, col });

/** A line with each text at its character position, as pdftotext -layout prints one. */
const at = (...parts: Array<[number, string]>): string => parts.reduce((line, [x, text]) => line.padEnd(x) + text, '');

describe('procedure tables', () => {
  it('tells a wrapped Kelengkapan line from a second item by the column\'s width in characters, on a PDF page in points', () => {
    // 5 pt per character, as in a Word export without table rules
    const cell = (text: string, x: number) => ({ text, x: x * 5, width: text.length * 5 });
    const line = (y: number, ...cells: Array<[string, number]>) => ({ y: y * 12, cells: cells.map(([t, x]) => cell(t, x)) });
    const doc: LayoutDocument = {
      format: 'pdf', textLayer: 'native', ocr: null, diagnostics: [],
      pages: [{ number: 1, unit: 'pt', width: 600, rows: [
        line(0, ['No', 0], ['Uraian Prosedur', 5], ['Sekretaris', 40], ['Kelengkapan', 55], ['Waktu', 75], ['Output', 85]),
        line(2, ['1', 0], ['Membuat format', 5], ['□', 44], ['Format pemantauan', 55], ['2 jam', 75], ['Format', 85]),
        line(4, ['2', 0], ['Meneruskan konsep', 5], ['□', 44], ['Konsep Surat', 55], ['1 jam', 75], ['Surat', 85]),
        line(5, ['Pengantar', 55]),
        line(7, ['3', 0], ['Menerima surat', 5], ['□', 44], ['Surat', 55], ['1 jam', 75], ['Agenda', 85]),
        line(8, ['Disposisi', 55]),
      ] }],
    };
    const got = segmentDocument(doc)[0]!.procedure!.steps;
    expect(got.map((x) => x.requirements)).toEqual(['Format pemantauan', 'Konsep Surat Pengantar', 'Surat; Disposisi']);
  });
  it('splits a Waktu cell run on into the Output beside it by one space, and keeps a duration\'s own words', () => {
    const got = steps([
      'No    Uraian Prosedur           Staf     Kelengkapan     Waktu                Output',
      '',
      '1     Membuat format isian      □        Format          15 menit disposisi',
      '',
      '2     Mengumpulkan data         □        Laporan         2 hari      Lembar disposisi',
      '',
      '3     Memeriksa berkas          □        Berkas          1 hari kerja',
      '',
      '4     Menyerahkan berkas        □        Berkas          2 hari kerja SK',
    ].join('\n'));
    expect(got.map((x) => [x.duration, x.output])).toEqual([['15 menit', 'disposisi'], ['2 hari', 'Lembar disposisi'], ['1 hari kerja', null], ['2 hari kerja', 'SK']]);
  });
  it('splits an actor label line whose words stand over two columns of the next lines (one space between narrow labels)', () => {
    const text = [
      'No   Uraian Prosedur        Sekretaris Asisten   Kelengkapan   Waktu   Output',
      '                             Daerah     III',
      '',
      '1    Membuat laporan          □                  Data          1 jam   Laporan',
    ].join('\n');
    expect(segmentDocument(readText(text))[0]!.procedure!.actors).toEqual(['Sekretaris Daerah', 'Asisten III']);
  });
  it('joins a word hyphenated at the end of an activity line to the next line, keeping its hyphen', () => {
    const got = steps([
      'No    Uraian Prosedur                      Staf     Kelengkapan     Waktu      Output',
      '',
      '1     Mengentry laporan pada aplikasi e-   □        Laporan         15 menit   Data',
      '      monev',
    ].join('\n'));
    expect(got.map((x) => x.activity)).toEqual(['Mengentry laporan pada aplikasi e-monev']);
  });
  it('finds the columns of a page pdftotext printed at other character positions than the header (Word export text)', () => {
    const page1 = [
      at([0, 'No'], [5, 'Uraian Prosedur'], [37, 'Sekretaris'], [50, 'Kasi'], [58, 'Camat'], [67, 'Kelengkapan'], [83, 'Waktu'], [93, 'Output']),
      '',
      at([0, '1'], [5, 'Membuat konsep surat'], [41, '□'], [67, 'Draft'], [83, '1 jam'], [93, 'Konsep']),
      '',
      at([0, '2'], [5, 'Memeriksa konsep surat'], [51, '□'], [67, 'Konsep'], [83, '2 jam'], [93, 'Surat']),
    ];
    // the next page squeezes the empty actor columns: Kelengkapan starts where the first page's actors are
    const page2 = [
      at([3, 'Menandatangani'], [30, 'Surat'], [43, '30'], [51, 'Surat sah']),
      at([0, '3'], [3, 'surat dinas'], [27, '◇'], [30, 'masuk'], [43, 'menit']),
      '',
      at([3, 'Mengirim surat'], [20, '□'], [30, 'Surat sah'], [43, '1 hari'], [51, 'Tanda terima']),
      at([0, '4 kepada pemohon']),
    ];
    const got = steps([...page1, '\f', ...page2].join('\n'));
    expect(got.map((x) => [x.number, x.activity, x.requirements, x.duration, x.output])).toEqual([
      [1, 'Membuat konsep surat', 'Draft', '1 jam', 'Konsep'],
      [2, 'Memeriksa konsep surat', 'Konsep', '2 jam', 'Surat'],
      [3, 'Menandatangani surat dinas', 'Surat masuk', '30 menit', 'Surat sah'],
      [4, 'Mengirim surat kepada pemohon', 'Surat sah', '1 hari', 'Tanda terima'],
    ]);
    expect(got.map((x) => x.marks)).toEqual([['□', null, null], [null, '□', null], [null, null, '◇'], ['□', null, null]]);
  });
  it('on such a page, reads numbers glued to their activity and places a decision\'s Tidak as a mark, not as Kelengkapan', () => {
    const page1 = [
      at([0, 'No'], [5, 'Uraian Prosedur'], [37, 'Sekretaris'], [50, 'Kasi'], [58, 'Camat'], [67, 'Kelengkapan'], [83, 'Waktu'], [93, 'Output']),
      '',
      at([0, '1'], [5, 'Membuat konsep surat'], [41, '□'], [67, 'Draft'], [83, '1 jam'], [93, 'Konsep']),
    ];
    const page2 = [
      at([0, '2 Memeriksa konsep'], [28, '◇'], [31, 'Konsep'], [43, '30 menit'], [53, 'Surat']),
      at([3, 'surat'], [21, 'Tidak']),
      '',
      at([0, '3 Mengirim surat'], [20, '□'], [31, 'Surat'], [43, '1 hari'], [53, 'Tanda terima']),
    ];
    const got = steps([...page1, '\f', ...page2].join('\n'));
    expect(got.map((x) => [x.number, x.activity, x.requirements, x.duration, x.output])).toEqual([
      [1, 'Membuat konsep surat', 'Draft', '1 jam', 'Konsep'],
      [2, 'Memeriksa konsep surat', 'Konsep', '30 menit', 'Surat'],
      [3, 'Mengirim surat', 'Surat', '1 hari', 'Tanda terima'],
    ]);
    expect(got.map((x) => x.marks)).toEqual([['□', null, null], [null, null, '◇'], ['□', null, null]]);
  });
  it('glues the end of a word a narrow actor column wrapped onto its own line', () => {
    const text = [
      'No   Uraian Prosedur      Sekretari   Camat     Kelengkapan   Waktu    Output',
      '                              s',
      '',
      '1    Membuat konsep surat    □                  Draft         1 jam    Konsep',
    ].join('\n');
    const [sop] = segmentDocument(readText(text));
    expect(sop!.procedure!.actors).toEqual(['Sekretaris', 'Camat']);
    expect(glueBrokenWord(['Petugas', 'di'])).toBe('Petugas di');
    expect(glueBrokenWord(['Staf Pelaksan', 'a'])).toBe('Staf Pelaksana');
    // a short word inside a line is no wrapped fragment
    expect(glueBrokenWord(['Head of Division'])).toBe('Head of Division');
    expect(glueBrokenWord(['Kepala Sub bag', 'ian'])).toBe('Kepala Sub bag ian');
  });
  it('makes no unnumbered row of a paragraph gap inside a cell', () => {
    const text = [
      'No    Uraian Prosedur            Staf     Kelengkapan     Waktu     Output',
      '',
      '1     Membuat konsep surat       □        Draft           1 jam     Konsep',
      '',
      '',
      '                                          Formulir F-2',
      '',
      '',
      '2     Memeriksa konsep surat     □        Konsep          1 jam     Surat',
    ].join('\n');
    const [sop] = segmentDocument(readText(text));
    expect(sop!.procedure!.steps.map((x) => [x.number, x.requirements])).toEqual([[1, 'Draft Formulir F-2'], [2, 'Konsep']]);
  });
  it('reads a space-aligned header whose Mutu Baku words are run together in one cell', () => {
    const text = [
      'No    Uraian Prosedur            Staf     Kasi      Kelengkapan Waktu Output',
      '',
      '1     Membuat konsep surat       □                  Draft       1 jam  Konsep',
    ].join('\n');
    const [sop] = segmentDocument(readText(text));
    expect(sop!.procedure!.actors).toEqual(['Staf', 'Kasi']);
    expect(sop!.procedure!.steps.map((x) => [x.number, x.activity, x.requirements, x.duration, x.output])).toEqual([[1, 'Membuat konsep surat', 'Draft', '1 jam', 'Konsep']]);
  });
  it('reads a header OCR garbled: words misread by a letter and run together, an Output named by its place after Waktu (wild 013)', () => {
    const text = [
      'No    Uraian Kegiatan            Kasi     Kadis     Persyaratanf:kelengkajan  Waktu:  Qulout',
      '',
      '1     Membuat konsep surat       □                  Draft                     1 jam   Konsep',
    ].join('\n');
    const [sop] = segmentDocument(readText(text));
    expect(sop!.procedure!.actors).toEqual(['Kasi', 'Kadis']);
    expect(sop!.procedure!.steps.map((x) => [x.number, x.activity, x.requirements, x.duration, x.output])).toEqual([[1, 'Membuat konsep surat', 'Draft', '1 jam', 'Konsep']]);
  });
  it('reads a space-aligned header whose words Word broke in narrow columns and whose unit sits under Waktu', () => {
    const text = [
      'No    Uraian Prosedur            Staf     Kasi      Kelengkapa    Waktu      Output',
      '                                                    n             (menit)',
      '',
      '',
      '1     Membuat konsep surat       □                  Draft         10         Konsep',
      '',
      '',
      '2     Memeriksa konsep surat              □         Konsep        15         Surat',
    ].join('\n');
    const [sop] = segmentDocument(readText(text));
    expect(sop!.procedure!.durationHeader).toBe('Waktu (menit)');
    expect(sop!.procedure!.actors).toEqual(['Staf', 'Kasi']);
    expect(sop!.procedure!.steps.map((x) => [x.number, x.requirements, x.duration, x.output])).toEqual([[1, 'Draft', '10', 'Konsep'], [2, 'Konsep', '15', 'Surat']]);
  });
  it('keeps a step whose cells hold header words (`Usulan kegiatan`, `hasil survei`)', () => {
    const s = steps(table([
      '1\tMenerima hasil survei kepada pimpinan\t□\t\t\tDraft laporan\t1 hari\tUsulan kegiatan\t',
      '2\tMengarsipkan berita acara\t\t□\t\tBerita acara\t10 menit\tArsip\t',
    ]));
    expect(s.map((x) => [x.number, x.output])).toEqual([[1, 'Usulan kegiatan'], [2, 'Arsip']]);
    expect(s[0]!.marks).toEqual(['□', null, null]);
  });
  it('takes no line of a paragraph cut at its word gaps for a header, though it holds two header words (a scanned Tujuan, wild 014)', () => {
    const words = '1. Adanya kemudahan, kejelasan, kelengkapan prosedur dan informasi untuk memfasilitasi'.split(' ');
    const row = { index: 0, page: 1, y: 0, unit: 'px' as const, gridded: false, cells: words.map((text, i) => ({ text, x: i * 120, width: 100 })) };
    expect(isHeaderRow(row)).toBe(false);
    expect(isHeaderRow({ ...row, cells: ['No', 'Uraian', 'Prosedur', 'Kasi', 'Kelengkapan', 'Waktu', 'Output'].map((text, i) => ({ text, x: i * 120, width: 100 })) })).toBe(true);
  });
  it('goes on past a row whose Output is a `Lembar Kerja` (only the worksheet\'s heading ends a table: BPS Bengkulu, wild 047)', () => {
    const s = steps(table([
      '1\tPersiapan\t□\t\t\tKAK\t1 hari\tLembar Kerja\t',
      '2\tPengumpulan data\t\t□\t\tLembar Kerja\t15 hari\tData\t',
    ]));
    expect(s.map((x) => [x.number, x.output])).toEqual([[1, 'Lembar Kerja'], [2, 'Data']]);
  });
  it('reads `Persyaratan/ Perlengkapan` as the Kelengkapan column, not an actor (BPS Bengkulu payment SOPs, wild 032)', () => {
    const [sop] = segmentDocument(readText([
      'No\tKegiatan\tKetua Tim\tKPA\tPersyaratan/ Perlengkapan\tWaktu\tOutput',
      '1\tMenyusun dokumen\t□\t\tKetersediaan anggaran\t3 hari\tKAK',
    ].join('\n')));
    expect(sop!.procedure!.actors).toEqual(['Ketua Tim', 'KPA']);
    expect(sop!.procedure!.steps[0]!.requirements).toBe('Ketersediaan anggaran');
  });
  it('takes the row numbering the columns for header, not step 1', () => {
    const s = steps(table(['1\t2\t3\t4\t5\t6\t7\t8\t9', '1\tMembuat surat\t□\t\t\tDraft\t1 jam\tSurat\t']));
    expect(s.map((x) => x.number)).toEqual([1]);
    expect(s[0]!.activity).toBe('Membuat surat');
  });
  it('passes over the columns\' numbering repeated at the top of the next page, a number lost to OCR (wild 006)', () => {
    const s = steps([table(['1\tMembuat\t□\t\t\tA\t1 jam\tB\t']), '\f', '1\t2\t3\t4\t5\t\t7\t8\t9', '2\tMemeriksa\t\t□\t\tB\t2 jam\tC\t'].join('\n'));
    expect(s.map((x) => [x.number, x.activity])).toEqual([[1, 'Membuat'], [2, 'Memeriksa']]);
  });
  it('reads a repeated header on the next page and goes on numbering', () => {
    const page2 = table(['3\tMenandatangani\t\t\t□\tDraft\t1 hari\tSurat\t']).split('\n');
    const s = steps([table(['1\tMembuat\t□\t\t\tA\t1 jam\tB\t', '2\tMemeriksa\t\t□\t\tB\t2 jam\tC\t']), '\f', ...page2].join('\n'));
    expect(s.map((x) => [x.number, x.duration])).toEqual([[1, '1 jam'], [2, '2 jam'], [3, '1 hari']]);
  });
});

describe('tables going on over pages under a running letterhead', () => {
  it('reads the rows after a letterhead printed again on the next page, and keeps the letterhead once', () => {
    const head = ['KEMENTERIAN CONTOH', 'POLITEKNIK CONTOH'];
    const row = (y: number, cells: Array<[string, number]>) => ({ y, cells: cells.map(([text, col]) => ({ text, x: col * 100, width: 100, col })) });
    const line = (y: number, text: string) => ({ y, cells: [{ text, x: 100, width: 300 }] });
    const doc: LayoutDocument = {
      format: 'pdf', textLayer: 'native', ocr: null, diagnostics: [],
      pages: [
        { number: 1, unit: 'pt', width: 600, rows: [line(10, head[0]!), line(30, head[1]!), row(100, [['No.', 0], ['Aktivitas', 1], ['Deskripsi', 2], ['Pihak Terlibat', 3]]), row(130, [['1', 0], ['Analisis', 1], ['Menganalisis data survei', 2], ['Kepala Lab dan Staf', 3]])] },
        { number: 2, unit: 'pt', width: 600, rows: [line(10, head[0]!), line(30, head[1]!), row(100, [['2', 0], ['Pelaporan', 1], ['Menyusun laporan', 2], ['Staf', 3]]), row(150, [['(lanjutan laporan)', 2]])] },
      ],
    };
    const [sop] = segmentDocument(doc);
    expect(sop!.procedure!.steps.map((s) => [s.number, s.activity, s.named])).toEqual([[1, 'Menganalisis data survei', ['Kepala Lab', 'Staf']], [2, 'Menyusun laporan (lanjutan laporan)', ['Staf']]]);
    expect(sop!.procedure!.actors).toEqual(['Kepala Lab', 'Staf']);
    expect(sop!.freeLines.map((l) => l.text)).toEqual(head);
  });
});

describe('a header label wrapped one blank line down (OCR lines are as tall as their ink)', () => {
  it('joins `Pihak` and `Terlibat` across the blank into the column that names the parties (wild 021 as a scan)', () => {
    const ocrWord = (x: number, text: string) => ({ text, x, width: text.length * 20 });
    const line = (y: number, ...cells: Array<{ text: string; x: number; width: number }>) => ({ y, height: 40, cells });
    const blank = (y: number) => ({ y, cells: [] });
    const doc: LayoutDocument = {
      format: 'image', textLayer: 'ocr', ocr: null, diagnostics: [],
      pages: [{ number: 1, unit: 'px', width: 2400, rows: [
        line(2700, ocrWord(416, 'No.'), ocrWord(534, 'Aktivitas'), ocrWord(903, 'Deskripsi'), ocrWord(1677, 'Pihak'), ocrWord(2001, 'Mutu Baku')),
        blank(2778),
        line(2795, ocrWord(1676, 'Terlibat')),
        blank(2858),
        line(2883, ocrWord(422, '1'), ocrWord(536, 'Inventarisasi'), ocrWord(903, 'PLP melakukan Stock Opname'), ocrWord(1677, 'PLP, Kepala Lab'), ocrWord(2001, 'Laporan')),
        line(2970, ocrWord(536, 'Berkala'), ocrWord(903, 'alat dan bahan'), ocrWord(2001, 'Inventaris')),
        blank(3040),
        line(3100, ocrWord(422, '2'), ocrWord(536, 'Usulan'), ocrWord(903, 'PLP merekap data SO'), ocrWord(1677, 'PLP'), ocrWord(2001, 'Formulir Usulan')),
      ] }],
    };
    const [sop] = segmentDocument(doc);
    expect(sop!.procedure!.steps.map((s) => [s.number, s.named])).toEqual([[1, ['PLP', 'Kepala Lab']], [2, ['PLP']]]);
    expect(sop!.procedure!.actors).toEqual(['PLP', 'Kepala Lab']);
  });
});

describe('parties named in words', () => {
  it('splits a Pihak Terlibat cell at commas and `dan`, keeps `Pemohon/PLP` whole and names nobody for an output written there', async () => {
    const { splitNames } = await import('../src/segment/procedure/cells.js');
    expect(splitNames('Kepala Lab dan Staf Administrasi.')).toEqual(['Kepala Lab', 'Staf Administrasi']);
    expect(splitNames('Pemohon/PLP, Kepala Laboratorium')).toEqual(['Pemohon/PLP', 'Kepala Laboratorium']);
    expect(splitNames('Dokumen Laporan Kepuasan Pengguna.')).toEqual([]);
  });
});

describe('tables without a No column', () => {
  it('reads the number leading the activity cell once, without repeating the activity (Diskominfo Kaltim)', () => {
    const [sop] = segmentDocument(readText([
      'Uraian Proses\tSekretaris\tAtasan\tKelengkapan\tWaktu\tOutput',
      '1. Mengumpulkan informasi\t□\t\tPeraturan\t1 hari\tDaftar informasi',
      '2. Memeriksa daftar\t\t□\tDaftar\t2 hari\tBerita acara',
    ].join('\n')));
    expect(sop!.procedure!.steps.map((s) => [s.number, s.activity])).toEqual([[1, 'Mengumpulkan informasi'], [2, 'Memeriksa daftar']]);
  });
});

describe('grouped actor header (Diskominfo Kaltim, wild 013 and 018)', () => {
  it('takes a label spanning labelled actor columns for the group\'s name, not the first actor\'s', () => {
    const cell = (col: number, text: string, span = 1) => ({ text, x: col * 60, width: span * 60, col, ...(span > 1 ? { span } : {}) });
    const doc: LayoutDocument = {
      format: 'pdf', textLayer: 'native', ocr: null, diagnostics: [],
      pages: [{ number: 1, unit: 'pt', width: 600, rows: [
        { y: 0, cells: [cell(0, 'URAIAN PROSES'), cell(1, 'PN. JAWAB PELAKSANA', 3), cell(4, 'MUTU BAKU / PENDUKUNG', 3), cell(7, 'KETERANGAN')] },
        { y: 20, cells: [cell(1, 'SEKRETARIS PPID'), cell(2, 'PPID PELAKSANA'), cell(3, 'ATASAN PPID'), cell(4, 'KELENGKAPAN'), cell(5, 'WAKTU'), cell(6, 'OUTPUT')] },
        { y: 40, cells: [cell(0, '1. Mengumpulkan informasi publik'), { ...cell(1, '▭'), shape: 'process' as const }, cell(4, 'Daftar informasi'), cell(5, '1 hari'), cell(6, 'Daftar')] },
        { y: 60, cells: [cell(0, '2. Menetapkan daftar informasi publik'), { ...cell(3, '▭'), shape: 'process' as const }, cell(4, 'Daftar'), cell(5, '1 hari'), cell(6, 'SK')] },
      ] }],
    };
    const [sop] = segmentDocument(doc);
    expect(sop!.procedure!.actors).toEqual(['SEKRETARIS PPID', 'PPID PELAKSANA', 'ATASAN PPID']);
    expect(sop!.procedure!.steps.map((s) => s.shapes)).toEqual([['process', null, null], [null, null, 'process']]);
  });
});

describe('borderless table of justified words (Politeknik Negeri Lampung, wild 021)', () => {
  // each word of a justified line is a cell of its own, as pdf.js gives them; x from and to, in points
  const doc: LayoutDocument = {
    format: 'pdf', textLayer: 'native', ocr: null, diagnostics: [],
    pages: [{ number: 1, unit: 'pt', width: 595, rows: [
      { y: 364, cells: [word('No.', 77, 95), word('Aktivitas', 106, 150), word('Deskripsi', 201, 247), word('Mutu', 429, 455)] },
      { y: 385, cells: [word('Baku/Output', 429, 491)] },
      { y: 406, cells: [word('1', 77, 83), word('Penyusunan', 106, 169), word('Kepala', 201, 235), word('Lab/PLP', 244, 287), word('menyusun', 296, 345), word('jadwal', 354, 386), word('rutin', 395, 418), word('Jadwal', 429, 462)] },
      { y: 427, cells: [word('Jadwal', 106, 143), word('penggunaan lab (praktikum, riset) pada', 201, 418), word('Penggunaan', 429, 487)] },
      { y: 448, cells: [word('awal semester/periode.', 201, 330), word('Lab', 429, 450)] },
      { y: 490, cells: [word('2', 77, 83), word('Permintaan', 106, 167), word('Pengguna', 201, 248), word('yang', 257, 280), word('memerlukan', 289, 349), word('lab', 358, 372), word('di', 381, 391), word('luar', 399, 418), word('Form', 429, 455)] },
      { y: 510, cells: [word('Ruang', 106, 140), word('jadwal rutin mengisi Form.', 201, 350), word('Permintaan', 429, 484)] },
    ] }],
  };
  const [sop] = segmentDocument(doc);
  it('joins a header label wrapped over two lines (`Mutu` / `Baku/Output`) into the Output column, not an actor', () => {
    expect(sop!.procedure!.actors).toEqual([]);
    expect(sop!.procedure!.steps.map((s) => s.output)).toEqual(['Jadwal Penggunaan Lab', 'Form Permintaan']);
  });
  it('places a word far from its centred header in the column whose data holds it', () => {
    expect(sop!.procedure!.steps[0]!.activity).toBe('Kepala Lab/PLP menyusun jadwal rutin penggunaan lab (praktikum, riset) pada awal semester/periode.');
    expect(sop!.procedure!.steps[1]!.activity).toBe('Pengguna yang memerlukan lab di luar jadwal rutin mengisi Form.');
  });
});

describe('a procedure in parts, each a borderless table of its own (Politeknik Negeri Lampung, wild 021 and 022)', () => {
  const doc: LayoutDocument = {
    format: 'pdf', textLayer: 'native', ocr: null, diagnostics: [],
    pages: [
      { number: 1, unit: 'pt', width: 595, rows: [
        { y: 343, cells: [word('A. PENGGUNAAN RUANG', 72, 300)] },
        { y: 364, cells: [word('No.', 77, 95), word('Aktivitas', 106, 150), word('Deskripsi', 201, 247), word('Dokumen', 429, 470)] },
        { y: 385, cells: [word('Pendukung', 429, 480)] },
        { y: 406, cells: [word('1', 77, 83), word('Permintaan', 106, 167), word('Pengguna', 201, 248), word('mengisi', 257, 300), word('Form', 310, 330), word('Daftar', 429, 460), word('Hadir', 500, 525)] },
        { y: 427, cells: [word('Ruang', 106, 140), word('yang', 201, 225), word('disetujui', 240, 290), word('Kepala Lab.', 300, 360), word('Orientasi', 429, 475)] },
        { y: 448, cells: [word('2', 77, 83), word('Pencatatan', 106, 163), word('PLP', 201, 222), word('mencatat', 229, 280), word('aktivitas.', 290, 340), word('Logbook', 429, 472)] },
        { y: 490, cells: [word('C. MANAJEMEN LOGISTIK (ALAT DAN BAHAN)', 72, 400)] },
        { y: 511, cells: [word('No.', 77, 95), word('Aktivitas', 106, 150), word('Deskripsi', 201, 247), word('Pihak', 360, 390), word('Mutu Baku', 440, 500)] },
        { y: 532, cells: [word('Terlibat', 360, 400)] },
        { y: 553, cells: [word('1', 77, 83), word('Inventarisasi', 106, 170), word('PLP melakukan Stock Opname,', 201, 350), word('PLP', 360, 380), word('Laporan', 440, 480)] },
        { y: 574, cells: [word('mencatat', 201, 250), word('Inventaris', 440, 490)] },
      ] },
      { number: 2, unit: 'pt', width: 595, rows: [
        { y: 150, cells: [] },
        { y: 170, cells: [] },
        { y: 190, cells: [word('kondisi dan lokasi.', 201, 300)] },
        { y: 211, cells: [word('2', 77, 83), word('Penyimpanan', 106, 170), word('Alat disimpan sesuai standar.', 201, 350), word('PLP', 360, 380), word('Kartu Stok', 440, 490)] },
        { y: 260, cells: [word('5. DOKUMEN PENDUKUNG', 72, 248)] },
        { y: 302, cells: [word('1.', 90, 99), word('Buku Logbook Laboratorium', 108, 249)] },
      ] },
    ],
  };
  const [sop] = segmentDocument(doc);
  const steps = sop!.procedure!.steps;
  it('goes on past a step\'s own `disetujui` and `2 Pencatatan`, which are no identity labels there', () => {
    expect(steps.slice(0, 2).map((s) => s.activity)).toEqual(['Pengguna mengisi Form yang disetujui Kepala Lab.', 'PLP mencatat aktivitas.']);
  });
  it('joins the words of one line of a column into one line of its text, not two items', () => {
    expect(steps.slice(0, 2).map((s) => s.requirements)).toEqual(['Daftar Hadir Orientasi', 'Logbook']);
  });
  it('reads the next part by its own header, after its lettered heading, with `Mutu Baku` alone as the Output', () => {
    expect(steps.map((s) => s.activity)).toEqual([
      'Pengguna mengisi Form yang disetujui Kepala Lab.',
      'PLP mencatat aktivitas.',
      'PLP melakukan Stock Opname, mencatat kondisi dan lokasi.',
      'Alat disimpan sesuai standar.',
    ]);
    expect(steps.slice(2).map((s) => s.output)).toEqual(['Laporan Inventaris', 'Kartu Stok']);
  });
  it('continues a cell over the page break, and ends the table at the numbered section heading', () => {
    expect(steps).toHaveLength(4);
    expect(sop!.sections.recordKeeping?.map((p) => p.text)).toEqual(['1.', 'Buku Logbook Laboratorium']);
  });
});

describe('a gridded row going on over the page (Diskominfo Kaltim, wild 018)', () => {
  const header = { y: 50, cells: [gridCell(0, 'URAIAN PROSES'), gridCell(1, 'KASI'), gridCell(2, 'KELENGKAPAN'), gridCell(3, 'WAKTU'), gridCell(4, 'OUTPUT')] };
  const doc: LayoutDocument = {
    format: 'pdf', textLayer: 'native', ocr: null, diagnostics: [],
    pages: [
      { number: 1, unit: 'pt', width: 600, rows: [header,
        { y: 100, cells: [gridCell(0, '1. Menyusun jadwal liputan'), gridCell(2, 'Agenda'), gridCell(3, '1 hari'), gridCell(4, 'Jadwal')] },
        { y: 500, cells: [gridCell(0, '2. Mendokumentasikan informasi dengan tata cara seperti'), gridCell(2, '- Peraturan yang masih'), gridCell(4, '- Daftar')] },
      ] },
      { number: 2, unit: 'pt', width: 600, rows: [header,
        { y: 100, cells: [gridCell(0, 'mengarsip dokumen secara berkala.'), gridCell(2, 'berlaku'), gridCell(3, '1 hari'), gridCell(4, 'informasi')] },
        { y: 200, cells: [gridCell(0, '3. Mengunggah daftar'), gridCell(3, '2 hari'), gridCell(4, 'Konten')] },
      ] },
    ],
  };
  const [sop] = segmentDocument(doc);
  it('starts a step at a row whose number OCR garbled in the No column, though it reads in lower case (wild 006)', () => {
    const numbered = { y: 50, cells: [gridCell(0, 'No'), gridCell(1, 'Kegiatan'), gridCell(2, 'Kasi'), gridCell(3, 'Waktu'), gridCell(4, 'Output')] };
    const garbled: LayoutDocument = {
      format: 'pdf', textLayer: 'ocr', ocr: null, diagnostics: [],
      pages: [
        { number: 1, unit: 'px', width: 600, rows: [numbered, { y: 100, cells: [gridCell(0, '1.'), gridCell(1, 'Menerima berkas'), gridCell(3, '1 hari'), gridCell(4, 'Berkas')] }] },
        { number: 2, unit: 'px', width: 600, rows: [{ y: 100, cells: [gridCell(0, 'cp'), gridCell(1, 'Tim memeriksa berkas'), gridCell(3, '2 hari'), gridCell(4, 'Laporan')] }] },
      ],
    };
    const [s] = segmentDocument(garbled);
    expect(s!.procedure!.steps).toHaveLength(2);
    expect(s!.procedure!.steps[1]!.activity).toMatch(/Tim memeriksa berkas$/);
    expect(s!.procedure!.steps[0]!.duration).toBe('1 hari');
  });
  it('joins the unnumbered first row of the next page, in lower case, to the step it continues', () => {
    expect(sop!.procedure!.steps.map((s) => [s.number, s.activity, s.requirements, s.duration, s.output])).toEqual([
      [1, 'Menyusun jadwal liputan', 'Agenda', '1 hari', 'Jadwal'],
      [2, 'Mendokumentasikan informasi dengan tata cara seperti mengarsip dokumen secara berkala.', '- Peraturan yang masih berlaku', '1 hari', '- Daftar informasi'],
      [3, 'Mengunggah daftar', null, '2 hari', 'Konten'],
    ]);
  });
});

describe('a ruled table whose Waktu follows its Deskripsi (Politeknik Negeri Lampung, wild 020)', () => {
  it('reads no Kelengkapan from the description beside Waktu', () => {
    const [sop] = segmentDocument({
      format: 'pdf', textLayer: 'native', ocr: null, diagnostics: [],
      pages: [{ number: 1, unit: 'pt', width: 400, rows: [
        { y: 0, cells: [gridCell(0, 'No.'), gridCell(1, 'Aktivitas'), gridCell(2, 'Deskripsi'), gridCell(3, 'Waktu Pelaksanaan')] },
        { y: 50, cells: [gridCell(0, '1'), gridCell(1, 'Pengumpulan'), gridCell(2, 'Staf mengumpulkan data yang masuk.'), gridCell(3, 'Maksimal 1-2 minggu.')] },
      ] }],
    });
    expect(sop!.procedure!.steps.map((s) => [s.activity, s.requirements, s.duration])).toEqual([['Staf mengumpulkan data yang masuk.', null, 'Maksimal 1-2 minggu.']]);
  });
});
