/**
 * The identity table in positioned text without table rules (pdftotext's dump of a Word export,
 * fixtures/renditions/*.export.txt): labels centred against values of several lines, labels broken
 * over two lines, list sections side by side whose labels stand a line apart.
 */
import { describe, expect, it } from 'vitest';
import { readText } from '../src/read/text.js';
import { segmentDocument } from '../src/segment/index.js';
import { buildRecord } from '../src/record/build.js';

const sop = (lines: string[]) => segmentDocument(readText(lines.join('\n')))[0]!;

/** A cell of grid column `col`, 100 units wide. */
const gridCell = (text: string, col: number) => ({ text, x: col * 100, width: 100, col });

describe('identity tables without rules', () => {
  it('joins a label centred between the lines of its value, and a label broken around its value', () => {
    const s = sop([
      'PEMERINTAH KABUPATEN CONTOH                       800/12/SOP/KEC',
      '                                 Nomor SOP',
      'KECAMATAN CONTOH                                  2021',
      '',
      '                                 Tanggal',
      '                                                  5 Januari 2021',
      '                                 Pembuatan',
      '',
      '                                                  Camat Contoh',
      '                                 Disahkan oleh    BUDI SANTOSO, S.STP',
      '                                                  NIP. 19800101 200501 1 001',
    ]);
    expect(s.identity.number).toBe('800/12/SOP/KEC\n2021');
    expect(s.identity.createdDate).toBe('5 Januari 2021');
    expect(s.identity.approver).toBe('Camat Contoh\nBUDI SANTOSO, S.STP\nNIP. 19800101 200501 1 001');
    expect(s.freeLines.map((l) => l.text)).toEqual(['PEMERINTAH KABUPATEN CONTOH', 'KECAMATAN CONTOH']);
  });

  it('parts a run of seven lines holding two labels, each line going with the nearer label', () => {
    const s = sop([
      'PEMERINTAH KABUPATEN CONTOH      Tanggal Efektif -',
      '   SEKRETARIAT DAERAH',
      '                                                  Sekretaris Daerah Kabupaten',
      '                                                  Contoh',
      '                                 Disahkan oleh    Drs. BUDI SANTOSO, M.Si',
      '                                                  Pembina Utama Madya',
      '                                                  NIP. 19800101 200501 1 001',
    ]);
    expect(s.identity.approver).toBe('Sekretaris Daerah Kabupaten\nContoh\nDrs. BUDI SANTOSO, M.Si\nPembina Utama Madya\nNIP. 19800101 200501 1 001');
  });
  it('keeps a value written from its label\'s line down with that label in a run of eight labelled lines', () => {
    const s = sop([
      'Nomor SOP            800/12/SOP/2021',
      'Tanggal Pembuatan    5 Januari 2021',
      'Tanggal Revisi       -',
      'Tanggal Efektif      5 Januari 2021',
      'Disahkan oleh        Camat Contoh',
      '                     BUDI SANTOSO, S.STP',
      '                     NIP. 19800101 200501 1 001',
      'Nama SOP             Pelayanan Surat',
    ]);
    expect(s.identity.approver).toBe('Camat Contoh\nBUDI SANTOSO, S.STP\nNIP. 19800101 200501 1 001');
    expect(s.identity.title).toBe('Pelayanan Surat');
  });
  it('leaves lines alone that only stand near a label: a signature further right above Nama SOP', () => {
    const s = sop([
      '                                 Disahkan oleh    Camat Contoh',
      '',
      '                                                        BUDI SANTOSO, S.STP',
      '                                                        NIP 198001012005011001',
      '                                 Nama SOP         Pelayanan Surat Keterangan',
    ]);
    expect(s.identity.title).toBe('Pelayanan Surat Keterangan');
  });

  it('keeps the lines a joined value does not run through', () => {
    const s = sop(['     Nama SOP      Pelayanan Surat', '                   Keterangan Domisili', '   Formulir diambil di loket pelayanan']);
    expect(s.identity.title).toBe('Pelayanan Surat\nKeterangan Domisili');
    expect(s.freeLines.map((l) => l.text)).toEqual(['Formulir diambil di loket pelayanan']);
  });

  it('closes a list under a label further right that is no list label (a signature block)', () => {
    const s = sop([
      'Peringatan :',
      'Apabila SOP tidak dilaksanakan, pelayanan terhambat',
      '',
      '                                                        Disahkan oleh',
      '                                                        Kepala Dinas',
      '',
      'Lampiran formulir permohonan tersedia di loket',
    ]);
    expect(s.sections.warnings?.map((p) => p.text)).toEqual(['Apabila SOP tidak dilaksanakan, pelayanan terhambat']);
    expect(s.freeLines.map((l) => l.text)).toContain('Lampiran formulir permohonan tersedia di loket');
  });

  it('reads two list sections side by side whose labels stand a line apart', () => {
    const s = sop([
      'Dasar Hukum :',
      '                                             Kualifikasi Pelaksana :',
      '1. Undang-Undang Nomor 25 Tahun 2009',
      '                                             1. Memahami tugas',
      '2. Peraturan Bupati Nomor 3 Tahun 2020',
      '                                             2. Menguasai komputer',
    ]);
    expect(s.sections.legalBases?.map((p) => p.text)).toEqual(['1. Undang-Undang Nomor 25 Tahun 2009', '2. Peraturan Bupati Nomor 3 Tahun 2020']);
    expect(s.sections.qualifications?.map((p) => p.text)).toEqual(['1. Memahami tugas', '2. Menguasai komputer']);
  });

  it('leaves a right-hand list its item on the row of a label further left (pdftotext of a borderless Word table)', () => {
    const s = sop([
      '                                             Peralatan/Perlengkapan :',
      '',
      'Keterkaitan :                                     1. Peraturan perundang-undangan',
      '                                                     yang berlaku',
      '   1. SOP Tindak Lanjut Hasil Pemeriksaan',
      '                                                  2. Alat tulis kantor',
    ]);
    expect(s.sections.relatedSops?.map((p) => p.text)).toEqual(['1. SOP Tindak Lanjut Hasil Pemeriksaan']);
    expect(s.sections.equipment?.map((p) => p.text)).toEqual(['1. Peraturan perundang-undangan', 'yang berlaku', '2. Alat tulis kantor']);
  });
});

describe('identity labels stacked in one cell', () => {
  it('reads each label of a cell with its value on the next line (`Nomor SOP` / `: SOP-254/…`, BPS Bengkulu procurement SOPs)', () => {
    const s = segmentDocument({
      format: 'pdf', textLayer: 'native', ocr: null, diagnostics: [],
      pages: [{ number: 1, unit: 'pt', width: 800, rows: [
        { y: 10, cells: [gridCell('BADAN CONTOH\nBAGIAN UMUM', 0), gridCell('Nomor SOP\n: SOP-1/2025\nTanggal Pembuatan\n: 2 Januari 2024\nDisahkan oleh\n: Kepala Badan Contoh\nBudi Santoso', 1)] },
        { y: 60, cells: [gridCell('Nama SOP\n: Pengadaan Barang', 1)] },
      ] }],
    })[0]!;
    expect(s.identity).toEqual({ number: 'SOP-1/2025', createdDate: '2 Januari 2024', approver: 'Kepala Badan Contoh\nBudi Santoso', title: ': Pengadaan Barang' }); // the record builder drops the colon of a one-label cell
  });
  it('keeps a list whose items mention a label word as one list (a single label line is no stack)', () => {
    const s = segmentDocument({
      format: 'pdf', textLayer: 'native', ocr: null, diagnostics: [],
      pages: [{ number: 1, unit: 'pt', width: 800, rows: [
        { y: 10, cells: [gridCell('Peralatan/Perlengkapan:\n1. Komputer\n2. Printer', 0)] },
      ] }],
    })[0]!;
    expect(s.sections.equipment?.map((p) => p.text)).toEqual(['1. Komputer\n2. Printer']);
  });
});

describe('short labels common to other tables', () => {
  it('reads a bare `No.` with a code as the Nomor SOP, and a `No.` heading a table of aspects as no label (Politeknik Negeri Lampung)', () => {
    const doc = (rows: Array<Array<[string, number]>>) => segmentDocument({
      format: 'pdf', textLayer: 'native', ocr: null, diagnostics: [],
      pages: [{ number: 1, unit: 'pt', width: 800, rows: rows.map((r, i) => ({ y: i * 20, cells: r.map(([t, c]) => gridCell(t, c)) })) }],
    })[0]!;
    expect(doc([[['No.', 0], ['800/12/SOP/2021', 1]]]).identity.number).toBe('800/12/SOP/2021');
    const s = doc([[['No.', 0], ['Aspek yang Diukur', 1], ['Skala (1 = Sangat Tidak Puas, 5 = Sangat Puas)', 2]], [['1', 0], ['Kebersihan ruangan', 1]]]);
    expect(s.identity.number).toBeUndefined();
    expect(s.freeLines.map((l) => l.text)).toContain('Aspek yang Diukur');
  });
});

describe('ISO-style cover (Diskominfo Kaltim, wild 013 and 018)', () => {
  const cover = [
    'DINAS KOMUNIKASI DAN INFORMATIKA',
    'PROVINSI KALIMANTAN TIMUR',
    '',
    'STANDAR OPERASIONAL PROSEDUR',
    'PENYUSUNAN DAN PEMUTAKHIRAN',
    'DAFTAR INFORMASI PUBLIK',
    '',
    'NO DOKUMEN\t:\tSOP-PPID-01',
    'TANGGAL EFEKTIF\t:\t13 Februari 2022',
    '',
    'DIBUAT OLEH :\tDIPERIKSA OLEH :\tDISETUJUI OLEH :',
    'Andi Abd Razaq,S.SH,M.H\tIrene Yuriantini,S.Hut,M.P\tMuhammad Faisal, S.Sos,M.Si',
    'Kepala Seksi Pelayanan Informasi\tKepala Bidang IKP dan Kehumasan\tKepala Diskominfo Provinsi Kaltim',
    '10 Januari 2022\t10 Februari 2022\t13 Februari 2022',
  ];
  const later = [
    'SOP ini diterapkan pada Dinas Kominfo Prov. Kaltim dalam proses penyusunan, penetapan dan',
    '',
    'Dibuat Oleh :\tDiperiksa Oleh :\tDisetujui Oleh :',
    'Kepala Seksi PIP\tKepala Bidang IKP dan Kehumasan\tKepala Dinas Kominfo Prov. Kaltim',
  ];
  const raw = segmentDocument(readText([...cover, '\f', ...later].join('\n')))[0]!;
  const record = buildRecord(raw, readText(''), { path: 'cover.txt', sha256: '0'.repeat(64) });

  it('reads the approver from the column under DISETUJUI OLEH on its page only, not from a later signature block', () => {
    expect(raw.identity.approver).toBe('Muhammad Faisal, S.Sos,M.Si\nKepala Diskominfo Provinsi Kaltim\n13 Februari 2022');
    expect(record.identity.approver).toMatchObject({ name: 'Muhammad Faisal, S.Sos,M.Si', position: 'Kepala Diskominfo Provinsi Kaltim' });
  });
  it('takes the date under the signature for the approval date, with a guess\'s confidence', () => {
    expect(record.identity.approvedDate).toBe('2022-02-13');
    expect(record.confidence!.fields['identity/approvedDate']).toBeLessThan(record.confidence!.fields['identity/effectiveDate']!);
  });
  it('joins the title\'s lines in capitals under the heading, and takes no sentence starting with SOP for a title', () => {
    expect(record.identity.title).toBe('Penyusunan dan Pemutakhiran Daftar Informasi Publik');
  });
  it('names the office and its region as the organisation when no Pemerintah line is written', () => {
    expect(record.identity.organization).toBe('Dinas Komunikasi dan Informatika Provinsi Kalimantan Timur');
  });
});

describe('document box (Politeknik Negeri Lampung, wild 021 and 026)', () => {
  it('reads a Nomor SOP label glued to its code, and a cell of two labels left blank as no values', () => {
    const filled = segmentDocument(readText('Laboratorium Simulator dan Radar\tDokumen No. SOP-LAB-001\tTanggal Berlaku 13 Oktober 2025'))[0]!;
    expect(filled.identity.number).toBe('SOP-LAB-001');
    expect(filled.identity.effectiveDate).toBe('13 Oktober 2025');
    const blank = segmentDocument({
      format: 'pdf', textLayer: 'native', ocr: null, diagnostics: [],
      pages: [{ number: 1, unit: 'pt', width: 600, rows: [{ y: 50, cells: [
        { text: 'LABORATORIUM PERIKANAN TANGKAP', x: 173, width: 153, col: 0 },
        { text: 'No Dokumen :\nTanggal Terbit :', x: 326, width: 220, col: 1 },
      ] }] }],
    })[0]!;
    expect(blank.identity.number).toBeUndefined();
    expect(blank.identity.effectiveDate).toBeUndefined();
  });
});

describe('a NIP line read into the row under the approver (BPS Provinsi Bengkulu, wild 032)', () => {
  it('goes back to the approver', () => {
    const cell = (col: number, text: string) => ({ text, x: 449 + col * 90, width: 90, col });
    const [raw] = segmentDocument({
      format: 'pdf', textLayer: 'native', ocr: null, diagnostics: [],
      pages: [{ number: 1, unit: 'pt', width: 842, rows: [
        { y: 33, cells: [cell(0, 'Nomor SOP'), cell(1, 'SOP-029/17000/2025')] },
        { y: 77, cells: [cell(0, 'Disahkan Oleh'), cell(1, 'Kepala Badan Pusat Statistik\nProvinsi Bengkulu\nIr. Win Rizal, M.E.')] },
        { y: 162, cells: [cell(0, 'Judul SOP'), cell(1, 'NIP. 19660825 198802 1 001\nPENGAJUAN PEMBAYARAN')] },
      ] }],
    });
    expect(raw!.identity.title).toBe('PENGAJUAN PEMBAYARAN');
    expect(raw!.identity.approver).toBe('Kepala Badan Pusat Statistik\nProvinsi Bengkulu\nIr. Win Rizal, M.E.\nNIP. 19660825 198802 1 001');
  });
});

describe('gridded identity tables of scans', () => {
  it('closes the approver at a row whose label a scan did not read, and leaves that row\'s value free (Banyuwangi, wild 063)', () => {
    const [s] = segmentDocument({
      format: 'image', textLayer: 'ocr', ocr: null, diagnostics: [],
      pages: [{ number: 1, unit: 'px', width: 300, rows: [
        { y: 0, cells: [gridCell('Nomor SOP', 1), gridCell('066/1172/429.110/SOP/2016', 2)] },
        { y: 100, cells: [gridCell('DisahkanOleh).', 1), gridCell('BUPATI BANYUWANGI\nH. ABDULLAH AZWAR ANAS', 2)] },
        { y: 200, cells: [gridCell('=', 1), gridCell('SOP KEBERATAN ATAS PEMBERIAN INFORMASI PUBLIK', 2)] },
      ] }],
    });
    expect(s!.identity.approver).toBe('BUPATI BANYUWANGI\nH. ABDULLAH AZWAR ANAS');
    expect(s!.freeLines.map((l) => l.text)).toContain('SOP KEBERATAN ATAS PEMBERIAN INFORMASI PUBLIK');
  });
});
