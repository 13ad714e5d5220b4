import { describe, expect, it } from 'vitest';
import { citationType, findRegion, legalBasisItems, looksLikeCitation, parseCitation } from '../src/normalise/legal.js';
import { splitCitations } from '../src/segment/lists.js';

describe('parseCitation', () => {
  it.each([
    // [text, type, issuer, number, year] — seeds and dev-docs as written
    ['Undang-Undang Republik Indonesia Nomor 23 Tahun 2014 tentang Pemerintah daerah', 'uu', null, '23', 2014],
    ['Undang – Undang No. 14 Tahun 2008 tentang Keterbukaan informasi Publik', 'uu', null, '14', 2008],
    ['UU NO. 32 Tahun 2004 Tentang Pemerintah Daerah', 'uu', null, '32', 2004],
    ['UU 23/2014', 'uu', null, '23', 2014],
    ['Peraturan pemerintah Republik Indonesia Nomor 12 Tahun 2019 Tentang Pengelolaan Keuangan Daerah', 'pp', null, '12', 2019],
    ['PP No. 60 Tahun 2008 tentang Sistem Pengendalian Intern Pemerintah', 'pp', null, '60', 2008],
    ['PP. No 8 Tahun 2008 tentang Tahapan, Tata Cara Penyusunan', 'pp', null, '8', 2008],
    ['PP 60/2008', 'pp', null, '60', 2008],
    ['Peraturan Presiden Republik Indonesia Nomor 86 Tahun 2007 tentang Badan Pusat Statistik;', 'perpres', null, '86', 2007],
    ['Peraturan Menteri Dalam Negeri Nomor 52 Tahun 2011 tentang Standar Operasional Prosedur', 'permen', 'Dalam Negeri', '52', 2011],
    ['Permendagri No.73 tahun 2009 tentang tata cara pelaksanaan evaluasi kinerja', 'permen', 'Dalam Negeri', '73', 2009],
    ['Peraturan MenPAN dan RB RI Nomor: 53 Tahun 2014 tentang Petunjuk Teknis Perjanjian Kinerja', 'permen', 'PANRB', '53', 2014],
    ['Permenpan RB No. 35 Tahun 2012', 'permen', 'PANRB', '35', 2012],
    ['PermenPAN-RB 35/2012', 'permen', 'PANRB', '35', 2012],
    ['Peraturan Menteri Komunikasi dan Informatika No. 8 Tahun 2019 tentang Penyelenggaraan Urusan', 'permen', 'Komunikasi dan Informatika', '8', 2019],
    ['Peraturan Daerah Kabupaten Pesisir Selatan Nomor 7 Tahun 2008 tentang RPJPD', 'perda', 'Kabupaten Pesisir Selatan', '7', 2008],
    ['Peraturan Bupati Pesisir Selatan Nomor 158 Tahun 2021 tentang Kedudukan', 'perbup', 'Kabupaten Pesisir Selatan', '158', 2021],
    ['Peraturan Walikota Medan Nomor 39 Tahun 2013 Tentang Tata Naskah Dinas', 'perwal', 'Kota Medan', '39', 2013],
    ['Perwal No. 36/PERT/2008 tentang Rincian Tugas Pokok dan Fungsi Pemerintah Kecamatan Kota Mataram', 'perwal', 'Kota Mataram', '36/PERT/2008', 2008],
    ['Perda No. 5 Tahun 2008 Tentang Pembentukan Susunan Organisasi Perangkat Daerah Kota Mataram', 'perda', 'Kota Mataram', '5', 2008],
    ['Keputusan Gubernur Kalbar No 7/DISKOMINFO/2020 tentang Pembentukan Pengelola Layanan', 'kepgub', 'Provinsi Kalimantan Barat', '7/DISKOMINFO/2020', 2020],
    ['Peraturan Kepala BPS Nomor 9 Tahun 2017 tentang Perubahan Kedua atas Peraturan Kepala BPS Nomor 7 Tahun 2008', 'perlem', 'BPS', '9', 2017],
    ['Peraturan Badan Pusat Statistik Nomor 1 Tahun 2023 tentang Pedoman Tata Naskah Dinas', 'perlem', 'BPS', '1', 2023],
    ['Peraturan Komisi Informasi No. 1 Tahun 2013 tentang Penyelesaian Sengketa Informasi Publik', 'perlem', 'Komisi Informasi', '1', 2013],
    ['Surat Edaran Menpan RB Nomor 3 tahun 2021 tentang penyusunan SKP', 'se', 'PANRB', '3', 2021],
    // Banyuwangi's scanned identity pages (wild 067): `Perki` as typed, and with the space before `no` lost
    ['Perki Nomor 1 Tahun 2017 Tentang Pengklasifikasian Informasi Publik', 'perlem', 'Komisi Informasi', '1', 2017],
    ['Perkino 1 Tahun 2010 Tentang Standar Layanan Informasi Publik', 'perlem', 'Komisi Informasi', '1', 2010],
    ['PERKI No. 1 Tahun 2010', 'perlem', 'Komisi Informasi', '1', 2010],
    // the same loss after any abbreviation the type rules know
    ['Perwalino. 39 Tahun 2013 Tentang Tata Naskah Dinas', 'perwal', null, '39', 2013],
    ['No. 2 Tahun 2009 Tentang Pokok-Pokok Pengelolaan Keuangan Daerah', 'other', null, '2', 2009], // dev-doc 12
  ] as const)('%s', (text, type, issuer, number, year) => {
    const c = parseCitation(text);
    expect(c.type).toBe(type);
    expect(c.issuer).toBe(issuer);
    expect(c.number).toBe(number);
    expect(c.year).toBe(year);
  });

  it('gives one key to one regulation however it is written', () => {
    const keys = [
      'Permenpan RB No. 35 Tahun 2012',
      'Peraturan Menteri Negara Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 Tahun 2012',
      'Peraturan Menteri Pendayagunaan Aparatur Negara Dan Reformasi Birokrasi Republik Indonesia Nomor 35 Tahun 2012 tentang Pedoman',
      'PermenPAN-RB 35/2012',
    ].map((t) => parseCitation(t).key);
    expect(new Set(keys)).toEqual(new Set(['permen:panrb:35:2012']));
    expect(parseCitation('PP 60/2008').key).toBe(parseCitation('Peraturan Pemerintah Nomor 60 Tahun 2008').key);
    expect(parseCitation('PP 60/2008').key).not.toBe(parseCitation('PP 60/2009').key);
  });

  it('reads a region of four words', () => {
    expect(parseCitation('Peraturan Daerah Nomor 3 Tahun 2019 tentang Retribusi Kabupaten Tanjung Jabung Timur').issuer).toBe('Kabupaten Tanjung Jabung Timur');
  });

  it('takes the region of the document for a regional regulation that omits it', () => {
    expect(parseCitation('Peraturan Daerah Nomor 8 Tahun 2016 tentang Pembentukan Perangkat Daerah', { region: 'Kabupaten Pesisir Selatan' }).issuer).toBe('Kabupaten Pesisir Selatan');
  });

  it('reads the subject and an amendment', () => {
    const c = parseCitation('Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen PNS sebagaimana telah diubah dengan Peraturan Pemerintah Nomor 17 Tahun 2020');
    expect(c.subject).toBe('Manajemen PNS');
    expect(c.amendments.map((a) => a.key)).toEqual(['pp::17:2020']);
  });

  it('types and recognises citations, and not other text', () => {
    expect(citationType('(SPIP)')).toBe('other');
    expect(looksLikeCitation('(SPIP)')).toBe(false);
    expect(looksLikeCitation('Memiliki kemampuan pengolahan data')).toBe(false);
    expect(looksLikeCitation('Undang-Undang Nomor 16 Tahun 1997 Tentang Statistik;')).toBe(true);
  });
});

describe('promulgation notes and fragments (issue 12)', () => {
  it('joins a note cut from its citation at its Nomor, or on a line of its own, to the citation before (dev-doc 01)', () => {
    const cut = ['Peraturan Kepala Badan Pusat Statistik Nomor 8 Tahun 2020 Tentang Organisasi dan Tata Kerja Badan Pusat Statistik Provinsi dan Badan Pusat Statistik Kabupaten/Kota (Berita Negara Republik Indonesia Tahun 2020', 'Nomor 1586);', 'Peraturan Badan Pusat Statistik Nomor 1 Tahun 2023 tentang Pedoman Tata Naskah Dinas Badan Pusat Statistik.'];
    const items = legalBasisItems(cut);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatch(/\(Berita Negara Republik Indonesia Tahun 2020 Nomor 1586\);$/);
    const c = parseCitation(items[0]!);
    expect([c.key, c.subject]).toEqual(['perlem:bps:8:2020', 'Organisasi dan Tata Kerja Badan Pusat Statistik Provinsi dan Badan Pusat Statistik Kabupaten/Kota']);
    const own = legalBasisItems(['Peraturan Daerah Kabupaten Pesisir Selatan Nomor 8 Tahun 2016 tentang Pembentukan dan Susunan Perangkat Daerah', '(Lembaran Daerah Kabupaten Pesisir Selatan Tahun 2016 Nomor 8)', 'Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah']);
    expect(own.map((t) => parseCitation(t).key)).toEqual(['perda:kabupaten-pesisir-selatan:8:2016', 'uu::23:2014']);
  });

  it('reads the regulation, not its promulgation note', () => {
    expect(parseCitation('Undang-Undang Nomor 23 Tahun 2014 (Lembaran Negara Republik Indonesia Tahun 2014 Nomor 244, Tambahan Lembaran Negara Republik Indonesia Nomor 5587) tentang Pemerintahan Daerah').key).toBe('uu::23:2014');
    expect(parseCitation('UU 23/2014, Lembaran Negara Tahun 2014 Nomor 244').key).toBe('uu::23:2014');
  });

  it('drops an item with no letter or digit (an OCR dash), keeps a bracketed name', () => {
    expect(legalBasisItems(['Undang Undang No. 14 Tahun 2008 tentang Keterbukaan informasi Publik', '—', ' - ', 'Undang — Undang No. 25 Tahun 2009 tentang Pelayanan Publik'])).toHaveLength(2);
    expect(legalBasisItems(['Peraturan Pemerintah No 60 Tahun 2008 tentang Sistem Pengendalian Intern Pemerintah', '(SPIP)'])).toHaveLength(2);
  });
});

describe('splitCitations', () => {
  it('splits citations run together, not at an amended regulation (seed 000)', () => {
    const text = 'Peraturan Daerah Kabupaten Pesisir Selatan Nomor 2 Tahun 2021 tentang Perubahan atas Peraturan Daerah Nomor 8 Tahun 2016 tentang Pembentukan dan Susunan Perangkat Daerah Kabupaten Pesisir Selatan Peraturan Bupati Pesisir Selatan Nomor 158 Tahun 2021 tentang Kedudukan, Susunan Organisasi, Tugas dan Fungsi, Serta Tata Kerja Sekretaris Daerah';
    const parts = splitCitations(text);
    expect(parts).toHaveLength(2);
    expect(parts[1]).toMatch(/^Peraturan Bupati Pesisir Selatan Nomor 158/);
  });
  it('splits a flattened list with a citation without type (dev-doc 12)', () => {
    const parts = splitCitations('UU No. 25 Tahun 2004 tentang Sistem Perencanaan Pembangunan Nasional UU NO. 32 Tahun 2004 Tentang Pemerintah Daerah Perda No. 4 Tahun 2008 Tentang Urusan Pemerintahan Kota Mataram No. 2 Tahun 2009 Tentang Pokok-Pokok Pengelolaan Keuangan Daerah');
    expect(parts.map((p) => parseCitation(p).key)).toEqual(['uu::25:2004', 'uu::32:2004', 'perda:kota-mataram:4:2008', 'other::2:2009']);
  });
  it('keeps a citation whose subject names another regulation', () => {
    expect(splitCitations('Peraturan Pemerintah Nomor 28 Tahun 2012 tentang Peraturan Pelaksanaan Undang-Undang Nomor 43 Tahun 2009 tentang Kearsipan;')).toHaveLength(1);
  });
});

describe('findRegion', () => {
  it.each([
    ['Pemerintah Kabupaten Pesisir Selatan', 'Kabupaten Pesisir Selatan'],
    ['Dinas Kominfo Provinsi Kaltim', 'Provinsi Kalimantan Timur'], // a province by its short name (wild 018)
    ['Kabupaten/Kota', null],
  ])('%s → %s', (text, region) => {
    expect(findRegion(text)).toBe(region);
  });
});
