/**
 * The words of the SOP AP format, written once (Permenpan RB 35/2012 and the variants met in
 * documents): identity labels and their misspellings, procedure-table header words, duration units,
 * decision answers (Ya/Tidak), flowchart glyphs, the NIP label, month names, worksheet headings,
 * publishing boilerplate, academic titles. Every reader, segmenter and normaliser takes its words
 * from here; the patterns they need are compiled from these lists below (and in the modules that
 * use them), never written again by hand. README.md of this folder says how to add a word.
 */

// ---------------------------------------------------------------------------------------------
// Compiling word lists into patterns

/** Escapes a literal for use in a regular expression. */
export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A pattern source matching any of `phrases`: each phrase's words joined by optional space (a
 * space in the phrase), a trailing `.` of a word optional, a `/` with or without spaces around it.
 * Longer phrases first, so that `Kelengkapan` wins over `Kelengkapa`.
 */
export function anyPhrase(phrases: readonly string[]): string {
  const sources = [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.trim().split(/\s+/).map((w) => escapeRe(w).replace(/\\\.$/, '\\.?').replace(/\\\//g, '\\s*\\/\\s*')).join('\\s*'));
  return `(?:${sources.join('|')})`;
}

// ---------------------------------------------------------------------------------------------
// Identity table (DOMAIN.md §1)

/** `Tanggal` and its abbreviations, before the kind of date. */
export const DATE_WORD = ['Tanggal', 'Tgl.', 'Tgl'] as const;

/**
 * Months (DOMAIN.md §6) with their abbreviations and the spellings met: Pebruari, Nopember
 * (dev-doc 12), Agt/Ags/Agst, Sept/Spt, English names, `dese` (OCR).
 */
export const MONTHS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [1, ['januari', 'jan', 'january']],
  [2, ['februari', 'pebruari', 'feb', 'peb', 'february']],
  [3, ['maret', 'mar', 'march']],
  [4, ['april', 'apr']],
  [5, ['mei', 'may']],
  [6, ['juni', 'jun', 'june']],
  [7, ['juli', 'jul', 'july']],
  [8, ['agustus', 'agu', 'agt', 'ags', 'agst', 'aug', 'august']],
  [9, ['september', 'sep', 'sept', 'spt']],
  [10, ['oktober', 'okt', 'oct', 'october']],
  [11, ['november', 'nopember', 'nov', 'nop']],
  [12, ['desember', 'des', 'dec', 'december', 'dese']],
];

/** Full month names (for repairing a name OCR misread by a letter, and for dates run into a position). */
export const MONTH_NAMES = ['Januari', 'Februari', 'Pebruari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Nopember', 'Desember'] as const;

/** Month word → month number, every spelling. */
export const MONTH_NUMBER: ReadonlyMap<string, number> = new Map(MONTHS.flatMap(([n, words]) => words.map((w) => [w, n] as const)));

/** Pattern source of any month word (longest first). */
export const MONTH_SOURCE = `(?:${[...MONTH_NUMBER.keys()].sort((a, b) => b.length - a.length).join('|')})`;

/** Pattern source of the start of a month's name, after a day (the first three letters of every spelling). */
export const MONTH_START_SOURCE = `(?:${[...new Set([...MONTH_NUMBER.keys()].map((w) => w.slice(0, 3)))].map((w) => w[0]!.toUpperCase() + w.slice(1)).join('|')})`;

export type ScalarField = 'number' | 'createdDate' | 'revisedDate' | 'effectiveDate' | 'approvedDate' | 'approver' | 'title';
export type ListField = 'legalBases' | 'qualifications' | 'relatedSops' | 'equipment' | 'warnings' | 'recordKeeping';
export type IdentityField = ScalarField | ListField;

export interface IdentityLabel {
  field: IdentityField;
  /** Pattern source of the label phrase (no anchors), compiled from word lists. */
  src: string;
  /** May be found inside running text (distinctive phrases only; `Nomor` alone is not). */
  inline: boolean;
  /**
   * A short label common in other tables too (`No.`, `Judul`): its value must look like the field's
   * (`number`: a code with a digit; see segment/labels.ts).
   */
  weak?: boolean;
  /** A label only as a numbered section heading (`5. DOKUMEN PENDUKUNG`): without its marker the words name a column too. */
  marked?: boolean;
}

const D = anyPhrase(DATE_WORD);

/**
 * The identity labels with the variants met: `No. Dok.`, `Dokumen No.` (Politeknik Negeri Lampung),
 * `Tgl Pembuatan`, `Tanggal Revisi 1`, `Judul SOP`, `KUALITAS PELAKSANA` (dev-doc 06), `Pencatatan
 * dan Pendapatan` (seed 000), `PEDATAAN` (dev-doc 06), labels cut at the start by a web copy (`MOR
 * SOP`, `ERKAITAN`: dev-doc 10) or at the end (`PERALATAN/`: dev-doc 02), `PERNGATAN`,
 * `PENCATATAN/PENDATAAN` (Kemenag Jombang), `DISETUJUI OLEH` beside `DIBUAT OLEH` and `DIPERIKSA OLEH`
 * (ISO-style covers: Diskominfo Kalimantan Timur), `Tanggal Terbit` of a document box (Politeknik Negeri Lampung).
 */
export const IDENTITY_LABELS: readonly IdentityLabel[] = [
  { field: 'number', src: `(?:${anyPhrase(['Nomor SOP', 'No. SOP', 'MOR SOP', 'Nomor Dokumen', 'No. Dokumen', 'No. Dok.', 'Dokumen No.', 'Nomor Dok.'])})`, inline: true },
  { field: 'number', src: anyPhrase(['Nomor', 'No.']), inline: false, weak: true },
  { field: 'createdDate', src: `${D}\\s*${anyPhrase(['Pembuatan', 'Dibuat', 'Penyusunan'])}`, inline: true },
  // the revision's number, not a date's day (`Tanggal Revisi 12 Maret 2022`, `… 05-01-2023`)
  { field: 'revisedDate', src: `(?:${D}\\s*Revisi(?:\\s*(?:ke\\s*-?\\s*)?\\d+(?![\\d./-]|\\s*${MONTH_START_SOURCE}))?|Revisi\\s+ke\\s*-?\\s*\\d*)`, inline: true },
  { field: 'effectiveDate', src: `(?:${D}\\s*${anyPhrase(['Efektif', 'Berlaku', 'Mulai Berlaku', 'Terbit'])}|Mulai\\s+Berlaku)`, inline: true },
  { field: 'approvedDate', src: `${D}\\s*${anyPhrase(['Pengesahan', 'Disahkan', 'Penetapan', 'Ditetapkan'])}`, inline: true },
  { field: 'approver', src: `${anyPhrase(['Disahkan', 'Ditetapkan', 'Disyahkan', 'Disetujui'])}(?:\\s*Oleh)?`, inline: true },
  { field: 'title', src: `${anyPhrase(['Nama', 'Judul'])}\\s+${anyPhrase(['SOP', 'Prosedur', 'Standar Operasional Prosedur'])}`, inline: true },
  { field: 'title', src: 'Judul', inline: false, weak: true },
  { field: 'legalBases', src: anyPhrase(['Dasar Hukum', 'Landasan Hukum']), inline: true },
  { field: 'qualifications', src: `${anyPhrase(['Kualifikasi', 'Kualitas'])}\\s+Pelaksana(?:an)?`, inline: true },
  // section headings of ISO-style SOPs (`P. Kompetensi / Kualifikasi`, `N. Sarana, Prasarana dan / atau
  // Fasilitas`: Diskominfo Kalimantan Timur): whole headings only, never inside text
  { field: 'qualifications', src: anyPhrase(['Kompetensi', 'Kualifikasi', 'Kompetensi Pelaksana']), inline: false },
  { field: 'equipment', src: anyPhrase(['Sarana', 'Sarana Prasarana', 'Sarana dan Prasarana', 'Sarana, Prasarana', 'Sarana & Prasarana']), inline: false },
  { field: 'relatedSops', src: `(?:K?eterkaitan|ERKAITAN|Keterkaitan\\s+(?:dengan\\s+)?(?:SOP|Prosedur)(?:\\s+Lain)?)`, inline: true },
  { field: 'equipment', src: anyPhrase(['Peralatan/Perlengkapan', 'Peralatan / Perlengkapan', 'Peralatan dan Perlengkapan', 'Peralatan Perlengkapan', 'Peralatan/', 'Peralatan', 'Perlengkapan']), inline: true },
  { field: 'warnings', src: anyPhrase(['Peringatan', 'Perngatan']), inline: true },
  { field: 'recordKeeping', src: `Pencatatan\\s*(?:dan|\\/|&)\\s*${anyPhrase(['Pendataan', 'Pendapatan', 'Pedataan', 'Pendatan'])}|Pencatatan`, inline: true },
  // the records an ISO-style SOP keeps, as a numbered section (`5. DOKUMEN PENDUKUNG`, written `DOKUMEN
  // PENDUKUNG (PENCATATAN DAN PENDATAAN)` in the same template: Politeknik Negeri Lampung); a Kelengkapan column's name too
  { field: 'recordKeeping', src: anyPhrase(['Dokumen Pendukung']), inline: false, marked: true },
];

/** Words of the labels, for repairing a label OCR misread by a letter (`Disankan Oleh`, dev-doc 08). */
export const IDENTITY_LABEL_WORDS = [
  'Tanggal', 'Pembuatan', 'Revisi', 'Efektif', 'Pengesahan', 'Disahkan', 'Dasar', 'Hukum', 'Kualifikasi', 'Kualitas',
  'Pelaksana', 'Keterkaitan', 'Peralatan', 'Perlengkapan', 'Peringatan', 'Pencatatan', 'Pendataan', 'Judul',
] as const;

/** Lines that open a signature rather than name a signatory (`Mengetahui`, `Menyetujui`). */
export const SIGNATURE_OPENERS = ['mengetahui', 'menyetujui', 'disetujui', 'disahkan', 'ditetapkan'] as const;

/**
 * A copy's certification above a signature (`Salinan sesuai dengan aslinya`, `Salinan sesuai
 * aslinya`): its signatory certifies the copy and approved nothing. Loose enough for OCR's
 * `Salinari Sesuhi Dengan Aslinya` (PPID Sumatera Utara's scans, wild 006).
 */
export const COPY_CERTIFICATION = /\bsalin\p{L}*\s+(?:\p{L}+\s+){0,2}asli\p{L}*/iu;

/** A line standing for a signature on a copy (`ttd`, `dto`: signed, on the original). */
export const SIGNED_MARKS = ['ttd', 'ttd.', 'dto', 'dto.'] as const;

/** The NIP label as written (`NIP`, `N I P`, `NIP.`), a pattern source. */
export const NIP_LABEL = 'N\\s*I\\s*P\\b';

/** Academic and religious titles written before a name. */
export const PREFIX_TITLES = ['Prof.', 'Dr.', 'Drs.', 'Dra.', 'Ir.', 'H.', 'Hj.', 'dr.', 'drg.', 'Ns.'] as const;

// ---------------------------------------------------------------------------------------------
// Roles (Pelaksana, DOMAIN.md §3)

/** Abbreviations of role names (lower case, no dots) → expansion (DOMAIN.md §3). */
export const ROLE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  sekda: 'Sekretaris Daerah',
  kabag: 'Kepala Bagian',
  kasubag: 'Kepala Subbagian',
  kasubbag: 'Kepala Subbagian',
  kasubbagian: 'Kepala Subbagian',
  subbag: 'Subbagian',
  subag: 'Subbagian',
  kadis: 'Kepala Dinas',
  kaban: 'Kepala Badan',
  kabid: 'Kepala Bidang',
  kasubbid: 'Kepala Subbidang',
  kasubid: 'Kepala Subbidang',
  subbid: 'Subbidang',
  kasi: 'Kepala Seksi',
  kasie: 'Kepala Seksi',
  sekcam: 'Sekretaris Camat',
  seklur: 'Sekretaris Lurah',
  kades: 'Kepala Desa',
  sekdes: 'Sekretaris Desa',
  kaur: 'Kepala Urusan',
  irban: 'Inspektur Pembantu',
  jf: 'Jabatan Fungsional',
  jft: 'Jabatan Fungsional Tertentu',
  jfu: 'Jabatan Pelaksana',
  ppk: 'Pejabat Pembuat Komitmen',
  pptk: 'Pejabat Pelaksana Teknis Kegiatan',
  opd: 'Organisasi Perangkat Daerah',
  skpd: 'Satuan Kerja Perangkat Daerah',
  pd: 'Perangkat Daerah',
  kapus: 'Kepala Puskesmas',
  kaupt: 'Kepala UPT',
  kakan: 'Kepala Kantor',
  pkp: 'Perencanaan, Keuangan dan Pelaporan',
  umpeg: 'Umum dan Kepegawaian',
  anev: 'Analisis dan Evaluasi',
  tu: 'Tata Usaha',
};

/** Whole labels that name staff positions (DOMAIN.md §3). */
export const STAFF_LABELS: ReadonlySet<string> = new Set(['staf', 'staff', 'pelaksana', 'jabatan pelaksana', 'jfu', 'jabatan fungsional umum', 'staf pelaksana', 'pegawai', 'petugas']);

/** Words of role names, for spelling correction and for telling a position from a person's name. */
export const ROLE_WORDS = [
  'Kepala', 'Sekretaris', 'Asisten', 'Administrasi', 'Umum', 'Pemerintahan', 'Perekonomian', 'Pembangunan',
  'Kesejahteraan', 'Rakyat', 'Bagian', 'Bidang', 'Seksi', 'Subbagian', 'Subbidang', 'Dinas', 'Badan', 'Kantor',
  'Camat', 'Lurah', 'Inspektur', 'Inspektorat', 'Pembantu', 'Daerah', 'Kabupaten', 'Kota', 'Provinsi', 'Direktur',
  'Bupati', 'Walikota', 'Gubernur', 'Wakil', 'Kecamatan', 'Kelurahan', 'Desa', 'Pelaksana', 'Teknis', 'Koordinator',
  'Ketua', 'Anggota', 'Tim', 'Jabatan', 'Fungsional', 'Tertentu', 'Perencanaan', 'Keuangan', 'Pelaporan',
  'Kepegawaian', 'Program', 'Evaluasi', 'Analisis', 'Perlengkapan', 'Hukum', 'Organisasi', 'Protokol',
  'Pelayanan', 'Penyusun', 'Bahan', 'Rencana', 'Laporan', 'Pengelola', 'Pejabat', 'Pembuat', 'Komitmen',
  'Kegiatan', 'Perangkat', 'Satuan', 'Kerja', 'Urusan', 'Staf', 'Statistik', 'Pusat', 'Pengadministrasi',
  'Verifikator', 'Bendahara', 'Pengeluaran', 'Penerimaan', 'Informasi', 'Komunikasi', 'Informatika',
  'Kesehatan', 'Pendidikan', 'Sosial', 'Perhubungan', 'Operator', 'Penyimpan', 'Barang', 'Arsiparis',
  'Pranata', 'Komputer', 'Analis', 'Auditor', 'Pengawas', 'Penyelenggara', 'Pemerintah', 'Ketenteraman',
  'Ketertiban', 'Masyarakat', 'Sekretariat', 'Tata', 'Usaha', 'Layanan', 'Petugas', 'Pengguna', 'Resepsionis',
];

/** Role abbreviations that name the head of a unit (`kabag` → Kepala Bagian, `sekda`, `irban`): a step sentence may name its actor by them. */
export const HEAD_ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = Object.entries(ROLE_ABBREVIATIONS)
  .filter(([, full]) => /^(?:Kepala|Sekretaris|Inspektur)\s/.test(full))
  .map(([abbr, full]) => [abbr, full.toLowerCase()] as const);

// ---------------------------------------------------------------------------------------------
// Procedure table (DOMAIN.md §2)

export type HeaderRole = 'no' | 'activity' | 'description' | 'group' | 'requirements' | 'duration' | 'output' | 'notes' | 'responsible';

/**
 * Words of running text that no procedure header holds: a line of a paragraph cut at its word gaps
 * (`… kelengkapan prosedur dan informasi untuk …`, a scanned Tujuan paragraph: wild 014) names no
 * columns, though two of its words are header words.
 */
export const SENTENCE_WORDS = ['yang', 'untuk', 'tentang', 'dengan', 'kepada', 'terhadap', 'adalah', 'agar', 'bahwa', 'secara'] as const;

/**
 * The name of the Mutu Baku group (Kelengkapan, Waktu, Output under it: Permenpan RB 35/2012) with
 * its misreadings (`Mutu Bahu` by OCR, `Mutu Buku` in dev-doc 03), a subset of the `group` words.
 */
export const QUALITY_STANDARD_WORDS = ['Mutu Baku', 'Mutu Bahu', 'Mutu Buku'] as const;

/** A whole header cell naming the Mutu Baku group. */
export const QUALITY_STANDARD = new RegExp(`^${anyPhrase(QUALITY_STANDARD_WORDS)}$`, 'i');

/**
 * The words of the procedure table's header, by the column they name. `Kelengkapa` / `n`: Word
 * breaks the word in a narrow column; `Mutu Buku` (dev-doc 03, Banyuwangi); `Ouput`, `Outpu`;
 * `Deskripsi` beside a short `Aktivitas` name (Politeknik Negeri Lampung); `Pihak Terlibat` /
 * `Tanggung Jawab` naming who does each step in words; `Dokumen/Output` and `Mutu Baku/Keterangan`
 * over what a step yields (wild 022).
 */
export const HEADER_WORDS: ReadonlyArray<readonly [HeaderRole, readonly string[]]> = [
  ['no', ['No', 'No.', 'Nomor', 'No Urut']],
  ['activity', ['Uraian', 'Uraian Prosedur', 'Uraian Kegiatan', 'Uraian Tugas', 'Uraian Aktivitas', 'Uraian Proses', 'Kegiatan', 'Aktivitas', 'Aktifitas', 'Aktivitas/Kegiatan', 'Prosedur', 'Langkah', 'Langkah Kegiatan', 'Tahapan', 'Tahapan Kegiatan']],
  ['description', ['Deskripsi', 'Deskripsi Kegiatan', 'Penjelasan', 'Rincian Kegiatan']],
  ['group', ['Pelaksana', ...QUALITY_STANDARD_WORDS, 'Mutu', 'Baku', 'Pendukung']],
  ['requirements', ['Kelengkapa', 'Kelengkapan', 'Persyaratan', 'Syarat', 'Input', 'Dokumen Pendukung', 'Kelengkapan dan Peralatan', 'Kelengkapan/Persyaratan', 'Persyaratan/Kelengkapan', 'Persyaratan/Perlengkapan', 'Persyaratan dan Kelengkapan']],
  ['duration', ['Waktu', 'Wkt.', 'Waktu Pelaksanaan', 'Waktu Penyelesaian', 'Jangka Waktu']],
  ['output', ['Output', 'Ouput', 'Out put', 'Outpu', 'Hasil', 'Keluaran', 'Mutu Baku/Output', 'Mutu Baku/Keterangan', 'Dokumen/Output', 'Output/Hasil']],
  ['notes', ['Keterangan', 'Ket.', 'Catatan']],
  ['responsible', ['Pihak Terlibat', 'Penanggung Jawab', 'Tanggung Jawab', 'Pelaksana Kegiatan']],
];

/**
 * Words that start the name of a document or a thing, never of a party: a `Pihak Terlibat` cell
 * holding an output (`Dokumen Laporan Kepuasan Pengguna.`, Politeknik Negeri Lampung) names nobody.
 */
export const DOCUMENT_WORDS = ['dokumen', 'laporan', 'surat', 'berkas', 'formulir', 'form', 'data', 'daftar', 'bukti', 'notulen', 'instrumen', 'lembar', 'arsip', 'draf', 'draft', 'nota', 'hasil', 'rekap', 'rekapitulasi'] as const;

/**
 * Bullets as text layers carry them: the Symbol and Wingdings fonts' private-use characters (Word's
 * bullets in a PDF: U+F0B7 `•`, U+F0A7 `§`, U+F076 `v`, U+F0D8 `Ø`, U+F0FC `ü`, U+F0A8) read as the
 * bullet they draw.
 */
export const PRIVATE_USE_BULLETS = '\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8';

/** Answers written on a decision's branches (Ya / Tidak), and their abbreviations. */
export const DECISION_ANSWERS = { yes: ['ya', 'yes', 'y'], no: ['tidak', 'tdk', 'no', 't', 'bukan'] } as const;

/** A decision answer alone (a cell or a label on a connector): `Ya`, `Tidak`, `T`, `Y`. */
export const DECISION_ANSWER = new RegExp(`^(?:${[...DECISION_ANSWERS.yes, ...DECISION_ANSWERS.no].join('|')})$`, 'i');

/** Flowchart symbol kinds (the `kind` of a step). */
export type SymbolKind = 'terminator' | 'process' | 'decision';

/**
 * Glyphs text extractions keep of flowchart symbols, by kind; the first of each is the one the
 * readers write for a symbol they saw drawn. Circles are connectors, of no kind.
 */
export const SYMBOL_GLYPHS: Readonly<Record<SymbolKind, string>> = { process: '▭□■▢▯◻◼▪', decision: '◇◆♦⬦⬥⟡', terminator: '⬭' };
export const CONNECTOR_GLYPHS = '○●◯';

/** The glyph a reader writes for a symbol it saw drawn. */
export const SYMBOL_GLYPH: Readonly<Record<SymbolKind, string>> = { process: SYMBOL_GLYPHS.process[0]!, decision: SYMBOL_GLYPHS.decision[0]!, terminator: SYMBOL_GLYPHS.terminator[0]! };

/** Words written in a terminator (start and end of the procedure). */
export const TERMINATOR_WORDS = ['mulai', 'selesai', 'start', 'end', 'awal', 'akhir', 'finish'] as const;

/**
 * Words opening the heading of a procedure written as a numbered list rather than a table (ISO-style
 * and university SOPs: `C. PROSEDUR PEMAKAIAN LABORATORIUM`, `PROSEDUR`, `Langkah-langkah`).
 */
export const NARRATIVE_PROCEDURE_HEADINGS = ['Prosedur', 'Uraian Prosedur', 'Langkah-langkah', 'Langkah Kerja', 'Tahapan Kegiatan', 'Tata Cara', 'Alur Kerja', 'Mekanisme'] as const;

/** Headings of the worksheet some SOPs carry after their tables ("Lembar Kerja Identifikasi Kegiatan", seed 003). */
export const WORKSHEET_HEADINGS = ['Lembar Kerja', 'Lembar Kerja Identifikasi', 'Identifikasi Kegiatan'] as const;

// ---------------------------------------------------------------------------------------------
// Durations (DOMAIN.md §4)

export type DurationUnit = 'minute' | 'hour' | 'day' | 'week' | 'month';

/**
 * Unit words of the Waktu column, by unit: the words written after a number, and abbreviations read
 * only as the unit a Waktu header gives in brackets (`Waktu (m)`, `Waktu (hk)`: hari kerja), too short
 * to tell after a number in a cell. `hr` is hari.
 */
export const DURATION_UNITS: ReadonlyArray<readonly [DurationUnit, readonly string[], readonly string[]]> = [
  ['minute', ['menit', 'mnt', 'min', 'mins', 'minute', 'minutes'], ['mt', 'm']],
  ['hour', ['jam', 'jm', 'hour', 'hours', 'hrs'], ['j']],
  ['day', ['hari', 'hri', 'hr', 'day', 'days'], ['hk', 'h']],
  ['week', ['minggu', 'mgg', 'pekan', 'week', 'weeks'], []],
  ['month', ['bulan', 'bln', 'month', 'months'], []],
];

/** Unit words written after a number in running text. */
export const DURATION_UNIT_WORDS: readonly string[] = DURATION_UNITS.flatMap(([, words]) => words);

/** Time words that are no unit of the Waktu column's record (`detik`, `tahun`), but still make a number a quantity. */
export const OTHER_TIME_WORDS = ['detik', 'tahun'] as const;

/** Words of things counted, which a bare number before them counts (`2 lembar`), not a duration. */
export const COUNT_WORDS = ['lembar', 'rangkap', 'buah', 'berkas', 'eksemplar', 'orang', 'set'] as const;

/** Spelled numbers (`tiga hari`, `setengah jam`); `se` is the `se-` of `sepuluh`, `seratus`. */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  nol: 0, satu: 1, se: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9,
  sepuluh: 10, sebelas: 11, seratus: 100, setengah: 0.5, separuh: 0.5, seperempat: 0.25,
};

/** Words multiplying or adding to the digit before them (`dua puluh`, `dua belas`, `dua ratus`). */
export const NUMBER_SCALE_WORDS = ['puluh', 'belas', 'ratus'] as const;

/**
 * Words that mark a file as one page of a document in its name (`…-p1.jpg`, `…_page2.png`,
 * `hal-1.jpg`, `lembar 2.pdf`): Banyuwangi's SOPs in ../shared/wild come as one image per page.
 */
export const PAGE_WORDS = ['p', 'page', 'pg', 'hal', 'halaman', 'lembar', 'lbr'] as const;

// ---------------------------------------------------------------------------------------------
// Regions

/**
 * Provinces by the short names their offices and regulations write (`DINAS KOMINFO PROV. KALTIM`, wild 018;
 * `Keputusan Gubernur Kalbar`, dev-doc 06), → the province's name, as the legal bases' issuers name it (UU 23/2014 Lampiran).
 */
export const PROVINCE_SHORT_NAMES: Readonly<Record<string, string>> = {
  sumut: 'Sumatera Utara', sumbar: 'Sumatera Barat', sumsel: 'Sumatera Selatan', kepri: 'Kepulauan Riau',
  babel: 'Kepulauan Bangka Belitung', jabar: 'Jawa Barat', jateng: 'Jawa Tengah', jatim: 'Jawa Timur',
  diy: 'Daerah Istimewa Yogyakarta', ntb: 'Nusa Tenggara Barat', ntt: 'Nusa Tenggara Timur',
  kalbar: 'Kalimantan Barat', kalteng: 'Kalimantan Tengah', kalsel: 'Kalimantan Selatan', kaltim: 'Kalimantan Timur',
  kaltara: 'Kalimantan Utara', sulut: 'Sulawesi Utara', sulteng: 'Sulawesi Tengah', sulsel: 'Sulawesi Selatan',
  sultra: 'Sulawesi Tenggara', sulbar: 'Sulawesi Barat', malut: 'Maluku Utara', pabar: 'Papua Barat', dki: 'DKI Jakarta',
};

// ---------------------------------------------------------------------------------------------
// Text printed by publishing tools rather than written in the SOP

/**
 * Lines of signing or publishing tools: BSrE electronic-signature notices (dev-docs 01–03), QR-code
 * prompts, page counters (`Halaman 1 dari 2`).
 */
export const BOILERPLATE: readonly RegExp[] = [
  /ditandatangani\s+secara\s+elektronik/i,
  /sertifikat\s+elektronik/i,
  /Balai\s+Sertifikasi\s+Elektronik|\bBSrE\b/,
  /pindai\s+kode\s+QR/i,
  /^\s*(?:halaman|hal\.?|page)\s*\d+\s*(?:dari|of|\/)\s*\d+\s*$/i,
];
