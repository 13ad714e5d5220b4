import { describe, expect, it } from 'vitest';
import { bracketedName, parseApprover, trimPosition } from '../src/normalise/approver.js';
import { findOrganisation, organisationKey } from '../src/normalise/organisation.js';
import type { Diagnostic } from '../src/read/layout.js';

describe('parseApprover', () => {
  const run = (cell: string | null, signature: string[] = [], regions: string[] = []) => {
    const diagnostics: Diagnostic[] = [];
    return { approver: parseApprover(cell, signature, regions, diagnostics), diagnostics };
  };
  it('splits one cell into position, name, rank and grade (seed 000) and warns of the mismatch', () => {
    const { approver, diagnostics } = run('ASISTEN ADMINISTRASI UMUM EMIRDA ZISWATI, S.E.M.M PEMBINA , IV/C', [], ['Pemerintah Kabupaten Pesisir Selatan']);
    expect(approver).toEqual({ name: 'EMIRDA ZISWATI, S.E.M.M', position: 'Asisten Administrasi Umum', rank: 'Pembina', grade: 'IV/c', nip: null });
    expect(diagnostics.map((d) => d.code)).toEqual(['rank-grade-mismatch']);
  });
  it('tells the region of the position from the name (seed 004)', () => {
    const { approver, diagnostics } = run('INSPEKTUR DAERAH KABUPATEN PESISIR SELATAN RUSDIYANTO, S.H., M.Hum. Pembina Utama Muda (IV/c) NIP. 19641112 199203 1 008', [], ['Pemerintah Kabupaten Pesisir Selatan']);
    expect(approver).toEqual({ name: 'RUSDIYANTO, S.H., M.Hum.', position: 'Inspektur Daerah Kabupaten Pesisir Selatan', rank: 'Pembina Utama Muda', grade: 'IV/c', nip: '196411121992031008' });
    expect(diagnostics).toEqual([]);
  });
  it('starts a name at a prefix title (seed 003)', () => {
    expect(run('SEKRETARIS DAERAH KABUPATEN NGANJUK Drs. MOKHAMAD YASIN, M.Si Pembina Utama Madya NIP. 19661005 198703 1 010', [], ['Pemerintah Kabupaten Nganjuk']).approver).toEqual({
      name: 'Drs. MOKHAMAD YASIN, M.Si', position: 'Sekretaris Daerah Kabupaten Nganjuk', rank: 'Pembina Utama Madya', grade: null, nip: '196610051987031010',
    });
  });
  it('reads a name without titles above its rank and NIP lines (Kabupaten Banyuwangi, wild 065)', () => {
    expect(run('Kepala Dinas Komunikasi, Informatika dan Persandian\nKabupaten Banyuwangi\nBUDI SANTOSO\nPembina Tingkat I\nNIP 19740619 199302 1 002', [], ['Pemerintah Kabupaten Banyuwangi']).approver).toEqual({
      name: 'BUDI SANTOSO', position: 'Kepala Dinas Komunikasi, Informatika dan Persandian Kabupaten Banyuwangi', rank: 'Pembina Tingkat I', grade: null, nip: '197406191993021002',
    });
    // a position alone over its NIP names nobody
    expect(run('Kepala Dinas Komunikasi\nNIP 19740619 199302 1 002').approver.name).toBeNull();
  });
  it('reads lines of position, name and NIP (dev-doc 01)', () => {
    expect(run('Kepala BPS Provinsi Bengkulu\nIr. Win Rizal, M.E.\nNIP 196608251988021001').approver).toEqual({
      name: 'Ir. Win Rizal, M.E.', position: 'Kepala BPS Provinsi Bengkulu', rank: null, grade: null, nip: '196608251988021001',
    });
  });
  it('reads a name without titles or NIP on its own line under the position (BPS Provinsi Bengkulu 2025, wild 030)', () => {
    expect(run('Kepala BPS Provinsi Bengkulu\nWin Rizal', [], ['Badan Pusat Statistik Provinsi Bengkulu']).approver).toEqual({
      name: 'Win Rizal', position: 'Kepala BPS Provinsi Bengkulu', rank: null, grade: null, nip: null,
    });
    // a second line of the position is no name
    expect(run('Kepala Bagian Umum\nSekretariat Daerah', [], []).approver.name).toBeNull();
  });
  it('takes the name and NIP from the signature block (seed 001)', () => {
    expect(run('Camat Silaut', ['CAMAT SILAUT', 'AFLIZEN, S. Sos.', 'NIP.197206051993031005']).approver).toEqual({
      name: 'AFLIZEN, S. Sos.', position: 'Camat Silaut', rank: null, grade: null, nip: '197206051993031005',
    });
  });
  it('keeps a 17-digit NIP as written with a warning (seed 002)', () => {
    const { approver, diagnostics } = run(null, ['FERRO YUANDHA PUTRI, S. STP', 'NIP.19850612 200412 001']);
    expect(approver).toEqual({ name: 'FERRO YUANDHA PUTRI, S. STP', position: null, rank: null, grade: null, nip: '19850612200412001' });
    expect(diagnostics.map((d) => d.code)).toEqual(['nip-invalid']);
  });
  it('ends the position at its comma when a name without one follows (an OCRed signature block, as in dev-doc 08)', () => {
    expect(run('Kepala Dinas Sosial Provinsi Kalimantan Barat, Ahmad S.H., M.H V1101200212 1 005', [], ['Pemerintah Provinsi Kalimantan Barat']).approver).toEqual({
      name: 'Ahmad S.H., M.H', position: 'Kepala Dinas Sosial Provinsi Kalimantan Barat', rank: null, grade: null, nip: null,
    });
  });
  it('takes no middle initial for a title and no word before the position\'s comma, and lets the signature\'s name win over one found by titles alone', () => {
    expect(run('KEPALA DINAS KOMINFO, MUHAMMAD NAJIB S.Sos NIP. 19641112 199203 1 008').approver.name).toBe('MUHAMMAD NAJIB S.Sos');
    expect(run('Kepala Dinas Sosial, Ahmad R. Hidayat', ['Ahmad Rizal Hidayat, S.Kom', 'NIP. 19641112 199203 1 008']).approver.name).toBe('Ahmad Rizal Hidayat, S.Kom');
    expect(run('Kepala Dinas Sosial, Ahmad S.H.', ['Drs. Ahmad Sulaiman, S.H.', 'NIP. 19641112 199203 1 008']).approver.name).toBe('Drs. Ahmad Sulaiman, S.H.');
  });
  it('reads titles written without spaces after their commas, and the position after a name that comes first (a signature column, wild 018)', () => {
    expect(run('Muhammad Faisal, S.Sos,M.Si\nKepala Diskominfo Provinsi Kaltim').approver).toEqual({
      name: 'Muhammad Faisal, S.Sos,M.Si', position: 'Kepala Diskominfo Provinsi Kaltim', rank: null, grade: null, nip: null,
    });
  });
  it('ends a name after a prefix title at its own comma, not the position\'s before it (Kemenag Jombang, wild 075)', () => {
    expect(run('Kepala Sub. Bagian Tata Usaha, Dr. Arif Hidayatulloh, S.Ag., M.Pd.I NIP. 197911262005011006').approver).toEqual({
      name: 'Dr. Arif Hidayatulloh, S.Ag., M.Pd.I', position: 'Kepala Sub. Bagian Tata Usaha', rank: null, grade: null, nip: '197911262005011006',
    });
  });
  it('cuts a unit run on after the position (dev-doc 12)', () => {
    expect(run('Camat Ampenan SEKSI PEMERINTAHAN').approver.position).toBe('Camat Ampenan');
  });
  it('cuts the dates before a position and the letterhead and bare NIP label after it (a flattened identity table, dev-doc 10)', () => {
    expect(run('04 Januari Desember Januari 2016 KEPALA KELURAHAN SEKIP PEMERINTAH KOTA MEDAN KELURAHAN SEI PUTIH TIMUR-I KECAMATAN MEDAN PETISAH Nip').approver.position).toBe('Kepala Kelurahan Sekip');
    expect(trimPosition('12 Mei 2021 Camat Silaut')).toBe('Camat Silaut');
    expect(trimPosition('Kepala Dinas Komunikasi dan Informatika Provinsi Kalimantan Barat')).toBe('Kepala Dinas Komunikasi dan Informatika Provinsi Kalimantan Barat');
    expect(trimPosition('Sekretaris Daerah Pemerintah Provinsi Jawa Barat')).toBe('Sekretaris Daerah Pemerintah Provinsi Jawa Barat');
    expect(trimPosition('Sekretaris Daerah, NIP')).toBe('Sekretaris Daerah');
    // a cut that would leave one word or nothing is not made
    expect(trimPosition('Lurah Pemerintah Kota Medan Kelurahan Sei Putih')).toBe('Lurah Pemerintah Kota Medan Kelurahan Sei Putih');
    expect(trimPosition('2016')).toBe('2016');
  });
});

describe('bracketedName', () => {
  it('finds a signatory in brackets with academic titles in a flattened run (dev-doc 10), and no other bracket', () => {
    expect(bracketedName([null, '4 Memahami Peraturan tentang Tata Naskah Dinas 5 Berpendidikan minimal SLTA (YUDA PRATIWI SETIAWAN, S.STP, M.SP)'])).toBe('YUDA PRATIWI SETIAWAN, S.STP, M.SP');
    expect(bracketedName(['( Drs. AHMAD YANI, M.Si )'])).toBe('Drs. AHMAD YANI, M.Si');
    expect(bracketedName(['PP No. 60 Tahun 2008 tentang Sistem Pengendalian Intern Pemerintah (SPIP)'])).toBeNull();
    expect(bracketedName(['Peraturan Bupati (Nomor 3, Tahun 2020)', 'Kepala Dinas (Pembina, IV/a)'])).toBeNull();
  });
});

describe('findOrganisation', () => {
  it.each([
    [['PEMERINTAH KABUPATEN PESISIR SELATAN SEKRETARIAT DAERAH KABUPATEN PESISIR SELATAN'], 'Pemerintah Kabupaten Pesisir Selatan', 'Sekretariat Daerah'], // seed 000
    [['STANDAR OPERASIONAL PROSEDUR (SOP)\nPEMANTAUAN CAPAIAN KINERJA INTERNAL', 'KECAMATAN SILAUT\nKABUPATEN PESISIR SELATAN'], 'Kabupaten Pesisir Selatan', 'Kecamatan Silaut'], // seed 001
    [['PEMERINTAH KABUPATEN PESISIR SELATAN\nKECAMATAN IV JURAI', 'Jl. Jendral Sudirman Salido, Kabupaten Pesisir Selatan, Sumatera Barat'], 'Pemerintah Kabupaten Pesisir Selatan', 'Kecamatan IV Jurai'], // seed 002
    [['PEMERINTAH KABUPATEN PESISIR SELATAN', 'INSPEKTORAT DAERAH', 'STANDAR OPERASIONAL PROSEDUR (SOP)', 'MEKANISME PENGUMPULAN DATA KINERJA'], 'Pemerintah Kabupaten Pesisir Selatan', 'Inspektorat Daerah'], // seed 004
    [['BADAN PUSAT STATISTIK', 'PROVINSI BENGKULU', 'TIM BAGIAN UMUM'], 'Badan Pusat Statistik Provinsi Bengkulu', 'Tim Bagian Umum'], // dev-doc 01
    [['PEMERINTAH KOTA MEDAN KELURAHAN SEI PUTIH TIMUR-I KECAMATAN MEDAN PETISAH Nip'], 'Pemerintah Kota Medan', 'Kelurahan Sei Putih Timur-I'], // dev-doc 10
    [['PEMERINTAH KOTA MATARAM KANTOR CAMAT AMPENAN'], 'Pemerintah Kota Mataram', 'Kantor Camat Ampenan'], // dev-doc 12
    // an office and its region, no `Pemerintah` line; a sentence starting with `Pemerintah` is no name (wild 013)
    // an institution of higher education under its ministry, its units after it (wild 021); a unit written alone (wild 026, 029)
    [['KEMENTERIAN PENDIDIKAN TINGGI, SAINS, DAN TEKNOLOGI', 'POLITEKNIK NEGERI LAMPUNG', 'JURUSAN PERIKANAN DAN KELAUTAN', 'LABORATORIUM PERIKANAN TANGKAP', 'Jl. Soekarno Hatta Rajabasa Bandar Lampung'], 'Politeknik Negeri Lampung', 'Jurusan Perikanan dan Kelautan'],
    [['SOP TUGAS AKHIR', 'DEPARTEMEN TEKNOLOGI INFORMASI ITS'], 'Departemen Teknologi Informasi Its', null],
    // an agency's office, its region's name on the next line (Kemenag Jombang, wild 073)
    [['KANTOR KEMENTERIAN AGAMA KABUPATEN\nJOMBANG', 'SOP PENGELOLAAN PELAYANAN INFORMASI'], 'Kantor Kementerian Agama Kabupaten Jombang', null],
    [['PEMERINTAH KABUPATEN', 'PESISIR SELATAN', 'INSPEKTORAT DAERAH'], 'Pemerintah Kabupaten Pesisir Selatan', 'Inspektorat Daerah'],
    [['LABORATORIUM PERIKANAN TANGKAP', 'SOP PEMINJAMAN ALAT', 'LABORATORIUM PERIKANAN TANGKAP', 'Laboratorium Pendidikan (PLP) , Asisten Praktikum dan Peserta Praktikum.'], 'Laboratorium Perikanan Tangkap', null],
    [['DINAS KOMUNIKASI DAN INFORMATIKA', 'PROVINSI KALIMANTAN TIMUR', 'Pemerintah Provinsi Kaltim guna membantu PPID dalam melayani permintaan informasi.'], 'Dinas Komunikasi dan Informatika Provinsi Kalimantan Timur', null],
    // the information office every public body keeps, written after its government (Kabupaten Banyuwangi, wild 063)
    [['PEMERINTAH KABUPATEN BANYUWANGI PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI'], 'Pemerintah Kabupaten Banyuwangi', 'Pejabat Pengelola Informasi dan Dokumentasi'],
  ])('%j', (lines, organization, unit) => {
    expect(findOrganisation(lines)).toEqual({ organization, unit });
  });
  it('takes a ministry with no region for the organisation, and the unit the approver heads (wild 001)', () => {
    const lines = ['KEMENTERIAN ENERGI DAN SUMBER DAYA MINERAL', 'BADAN PENGEMBANGAN SUMBER DAYA MANUSIA', 'ENERGI DAN SUMBER DAYA MINERAL', 'PUSAT PENGEMBANGAN SUMBER DAYA MANUSIA APARATUR', 'SUB BIDANG SARANA PRASARANA DAN INFORMASI'];
    expect(findOrganisation(lines, 'Kepala Pusat Pengembangan Sumber Daya Manusia Aparatur,\nA. Susetyo Edi Prabowo')).toEqual({ organization: 'Kementerian Energi dan Sumber Daya Mineral', unit: 'Pusat Pengembangan Sumber Daya Manusia Aparatur' });
    // without the approver, the first unit under the ministry
    expect(findOrganisation(lines).unit).toBe('Badan Pengembangan Sumber Daya Manusia');
    // `PUSAT` inside a name heads nothing
    expect(findOrganisation(['BADAN PUSAT STATISTIK', 'PROVINSI BENGKULU']).organization).toBe('Badan Pusat Statistik Provinsi Bengkulu');
  });
  it('finds nothing in text that names no government', () => {
    expect(findOrganisation(['SOP PEMANTAUAN KINERJA', 'Dengan hormat, bersama ini kami sampaikan'])).toEqual({ organization: null, unit: null });
  });
});

describe('organisationKey (issue 12)', () => {
  it.each([
    // as the seeds and the dev documents write them
    ['Kabupaten Pesisir Selatan', 'kabupaten-pesisir-selatan'],
    ['Pemerintah Kabupaten Pesisir Selatan', 'kabupaten-pesisir-selatan'],
    ['PEMERINTAH KABUPATEN PESISIR SELATAN', 'kabupaten-pesisir-selatan'],
    ['Pemkab Pesisir Selatan', 'kabupaten-pesisir-selatan'],
    ['Pemerintah Kab. Pesisir Selatan', 'kabupaten-pesisir-selatan'],
    ['Pemerintah Kota Medan', 'kota-medan'],
    ['Pemerintah Provinsi Kalimantan Barat', 'provinsi-kalimantan-barat'],
    ['Badan Pusat Statistik Provinsi Bengkulu', 'badan-pusat-statistik-provinsi-bengkulu'],
    ['Pemerintah', 'pemerintah'],
  ])('%s → %s', (name, key) => {
    expect(organisationKey(name)).toBe(key);
  });

  it('keeps bodies apart and has no key for no name', () => {
    expect(organisationKey('Kabupaten Pesisir Selatan')).not.toBe(organisationKey('Kota Pesisir Selatan'));
    expect(organisationKey(null)).toBeNull();
    expect(organisationKey(' , ')).toBeNull();
  });
});
