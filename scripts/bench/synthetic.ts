/**
 * Synthetic SOP records and SOP text files, generated from the bundled corpus by seeded,
 * reproducible perturbation: for benchmarks (scripts/bench/run.ts) and for making test inputs.
 *
 * Model: SOPs come in families, one template filled in by several units (as seeds 001 and 002).
 * A family's template is a corpus record whose step activities are rewritten (`makeTemplate`,
 * heavy perturbation: a different procedure with the same shape); each member is the template
 * lightly perturbed (`perturbRecord`: another unit, organisation, number, dates and approver, a few
 * steps reworded, dropped or inserted, durations changed, legal bases respelt or added).
 *
 * API:
 * - `createRandom(seed)`: the seeded generator every function takes (pure-rand xoroshiro128+).
 * - `loadSeedRecords(dir)`: the corpus records, read by the real importer.
 * - `makeTemplate(seed, rand)`, `perturbRecord(template, rand, index)`: one record each.
 * - `syntheticRecords(seeds, { count, seed, meanFamilySize })`: a stream of `count` records.
 * - `storeRecords(db, records)`: writes records into a database through `saveDocuments`, fast.
 * - `renderSopText(record)`: the record as tab-separated SOP text like corpus/001_51dbded0528e22f1.txt,
 *   which `sop import` reads back to the same identity, legal bases, steps and durations.
 * Every record is valid against the record schema (src/record/schema.ts).
 */
import { createHash } from 'node:crypto';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { LegalBasis, SopRecord, Step } from '../../src/record/schema.js';
import { importPaths } from '../../src/import/importer.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { iterateRecords } from '../../src/store/read.js';
import { saveDocuments } from '../../src/store/write.js';
import { parseCitation } from '../../src/normalise/legal.js';
import { parseDuration } from '../../src/normalise/duration.js';
import { RANK_OF_GRADE } from '../../src/normalise/rank.js';

/** A seeded source of random choices. */
export interface Random {
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** A reproducible Random: the same seed gives the same sequence on every machine. */
export function createRandom(seed: number): Random {
  const rng = xoroshiro128plus(seed);
  const int = (min: number, max: number): number => uniformInt(rng, min, max);
  return {
    int,
    chance: (p) => int(0, 999_999) < p * 1_000_000,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
  };
}

/**
 * The records of the SOP files in `dir` (the bundled corpus), read by the real importer into an
 * in-memory database, in file order. Errors: a database failure rejects; unreadable files are
 * left out (the importer records them as failed).
 */
export async function loadSeedRecords(dir: string): Promise<SopRecord[]> {
  const db = openDatabase(':memory:');
  try {
    await importPaths(db, [dir]);
    return [...iterateRecords(db)];
  } finally {
    db.close();
  }
}

const REGENCIES = ['Pesisir Selatan', 'Nganjuk', 'Agam', 'Tanah Datar', 'Solok', 'Sleman', 'Bantul', 'Banyumas', 'Jember', 'Gowa', 'Bone', 'Sambas', 'Kapuas', 'Lombok Barat', 'Sumba Timur', 'Minahasa', 'Kampar', 'Lahat', 'Garut', 'Klaten'];
const PLACES = ['Silaut', 'Lunang', 'Tapan', 'Linggo Sari', 'Bayang', 'Sutera', 'Lengayang', 'Ranah Pesisir', 'Koto XI Tarusan', 'Batang Kapas', 'Pancung Soal', 'Air Pura', 'Ampek Balai', 'Sukamaju', 'Sidorejo', 'Tanjung Harapan', 'Mekar Sari', 'Karang Anyar', 'Sumber Rejo', 'Bukit Raya'];
const OFFICES = ['Sekretariat Daerah', 'Inspektorat Daerah', 'Dinas Kesehatan', 'Dinas Pendidikan', 'Dinas Sosial', 'Dinas Komunikasi dan Informatika', 'Badan Kepegawaian Daerah', 'Badan Perencanaan Pembangunan Daerah', 'Dinas Perhubungan', 'Badan Keuangan Daerah'];
const GIVEN = ['Ahmad', 'Siti', 'Budi', 'Dewi', 'Rudi', 'Sri', 'Agus', 'Nurhayati', 'Hendra', 'Yuliana', 'Eko', 'Rina', 'Joko', 'Fitri', 'Irwan', 'Wahyuni', 'Doni', 'Lestari', 'Arif', 'Maya'];
const FAMILY = ['Saputra', 'Hidayat', 'Wijaya', 'Syahputra', 'Kurniawan', 'Rahmawati', 'Gunawan', 'Susanti', 'Pratama', 'Nasution', 'Siregar', 'Harahap', 'Putri', 'Sembiring', 'Lubis', 'Santoso'];
const DEGREES = ['S.Sos.', 'S.E.', 'S.H.', 'S.STP', 'S.Kom.', 'M.Si', 'S.Pd., M.M.', 'S.IP., M.AP.', 'S.T.'];
const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const VERBS = ['Menyusun', 'Mengumpulkan', 'Memverifikasi', 'Menyampaikan', 'Membahas', 'Mengolah', 'Menganalisis', 'Mendistribusikan', 'Mengarsipkan', 'Menandatangani', 'Memeriksa', 'Mengoreksi', 'Menginput', 'Mencetak', 'Menelaah', 'Mengevaluasi', 'Mengajukan', 'Menetapkan', 'Menerima', 'Meneruskan'];
const OBJECTS = ['laporan keuangan', 'surat masuk', 'dokumen perencanaan', 'usulan kegiatan', 'data kepegawaian', 'rencana kerja anggaran', 'nota dinas', 'daftar hadir', 'berita acara', 'surat keputusan', 'bukti pembayaran', 'rekapitulasi absensi', 'dokumen pengadaan', 'laporan realisasi', 'rencana strategis', 'data aset', 'permohonan izin', 'surat tugas', 'hasil survei', 'usulan mutasi', 'daftar inventaris', 'notulen rapat', 'kartu kendali', 'dokumen pelaksanaan anggaran', 'laporan pengaduan'];
const COMPLEMENTS = ['kepada pimpinan', 'dari masing-masing bidang', 'setiap triwulan', 'sesuai ketentuan', 'untuk ditindaklanjuti', 'melalui aplikasi', 'secara berkala', 'kepada unit terkait', 'untuk mendapatkan persetujuan', 'sebagai bahan evaluasi', 'ke dalam buku register', 'bersama tim teknis'];
const REWORDS: Array<[RegExp, string]> = [[/\bdraf\b/gi, 'draft'], [/\bdraft\b/gi, 'draf'], [/\bmenganalisa\b/gi, 'menganalisis'], [/\bmonitoring\b/gi, 'pemantauan'], [/\bmelakukan\b/gi, 'melaksanakan'], [/\bdata\b/gi, 'data dan informasi']];
const DURATIONS = ['5 menit', '10 menit', '15 menit', '30 menit', '1 jam', '2 jam', '3 jam', '1 hari', '2 hari', '3 hari', '5 hari', '1 minggu'];
const SUBJECTS = ['Organisasi dan Tata Kerja', 'Tugas Pokok dan Fungsi', 'Pengelolaan Arsip', 'Pelayanan Publik', 'Standar Pelayanan', 'Pengelolaan Keuangan Daerah', 'Rincian Tugas Jabatan'];

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function isoDate(rand: Random, fromYear: number, toYear: number): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${rand.int(fromYear, toYear)}-${pad(rand.int(1, 12))}-${pad(rand.int(1, 28))}`;
}

/** An NIP for a birth year and appointment year; `valid` false gives one digit too few (a typing slip, as seed 002). */
function nip(rand: Random, valid: boolean): string {
  const birth = isoDate(rand, 1965, 1995).replace(/-/g, '');
  const appointed = `${Number(birth.slice(0, 4)) + rand.int(22, 28)}${String(rand.int(1, 12)).padStart(2, '0')}`;
  const digits = `${birth}${appointed}${rand.int(1, 2)}${String(rand.int(1, 999)).padStart(3, '0')}`;
  return valid ? digits : digits.slice(0, 17);
}

function duration(text: string): Step['duration'] {
  const d = parseDuration(text)!;
  return { text: d.text, value: d.value, valueMax: d.valueMax, unit: d.unit, minutes: d.minutes, approximate: d.approximate };
}

/** Parsed citations by region and text: the same few hundred items recur in every family. */
const citations = new Map<string, LegalBasis>();

function citation(text: string, region: string): LegalBasis {
  const key = `${region}\u0000${text}`;
  let c = citations.get(key);
  if (!c) {
    if (citations.size > 50_000) citations.clear();
    c = parseCitation(text, { region });
    citations.set(key, c);
  }
  return { ...c, amendments: [...c.amendments] };
}

function renumber(steps: Step[]): Step[] {
  return steps.map((s, i) => ({ ...s, number: i + 1 }));
}

/**
 * A family template: `seed` with every step activity rewritten from a fixed vocabulary (verb,
 * object, complement) and a new title; the shape (step count, actors, durations, legal bases) is
 * kept. Two templates share few word pairs, so families do not merge.
 */
export function makeTemplate(seed: SopRecord, rand: Random): SopRecord {
  const object = rand.pick(OBJECTS);
  const steps = seed.steps.map((s) => ({
    ...s,
    activity: `${rand.pick(VERBS)} ${rand.pick(OBJECTS)} ${rand.pick(COMPLEMENTS)}`,
    output: s.output === null ? null : rand.pick(OBJECTS).replace(/^./, (c) => c.toUpperCase()),
  }));
  return { ...seed, identity: { ...seed.identity, title: `Pengelolaan ${object.replace(/\b\p{L}/gu, (c) => c.toUpperCase())}` }, steps: renumber(steps) };
}

/**
 * One member of a family: `template` filled in by another unit. Perturbs names (organisation,
 * unit, approver), numbers (Nomor SOP, NIP, dates), steps (each reworded with p = 0.15, dropped
 * with p = 0.04, a step of another procedure inserted with p = 0.04, its Waktu changed with p =
 * 0.15) and legal bases (one respelt regional regulation of the new region added with p = 0.5).
 * `index` makes the id and path unique; `family` is written in the path (`synthetic/f000012/…`), so
 * that a test can tell which records are copies of one template. About 3 % get an invalid NIP and 5 % a pangkat that does
 * not fit the golongan, as in real corpora (seeds 000, 002).
 */
export function perturbRecord(template: SopRecord, rand: Random, index: number, family = 0): SopRecord {
  const regency = rand.pick(REGENCIES);
  const region = `Kabupaten ${regency}`;
  const kecamatan = rand.chance(0.6);
  const place = rand.pick(PLACES);
  const unit = kecamatan ? `Kecamatan ${place}` : rand.pick(OFFICES);
  const created = isoDate(rand, 2015, 2024);
  const effective = rand.chance(0.8) ? created.replace(/-(\d\d)$/, (_, d: string) => `-${String(Math.min(28, Number(d) + rand.int(0, 7))).padStart(2, '0')}`) : null;
  const grades = Object.keys(RANK_OF_GRADE).filter((g) => g.startsWith('III') || g.startsWith('IV'));
  const grade = rand.pick(grades);
  const rank = rand.chance(0.05) ? rand.pick(Object.values(RANK_OF_GRADE)) : RANK_OF_GRADE[grade]!;
  const position = kecamatan ? `Camat ${place}` : `Kepala ${unit}`;

  let steps: Step[] = [];
  for (const s of template.steps) {
    if (rand.chance(0.04) && template.steps.length > 3) continue;
    let activity = s.activity;
    if (rand.chance(0.15)) {
      const [re, by] = rand.pick(REWORDS);
      activity = re.test(activity) ? activity.replace(re, by) : `${activity} ${unit}`;
    }
    steps.push({ ...s, activity, duration: rand.chance(0.15) ? duration(rand.pick(DURATIONS)) : s.duration });
    if (rand.chance(0.04)) {
      steps.push({ ...s, activity: `${rand.pick(VERBS)} ${rand.pick(OBJECTS)} ${rand.pick(COMPLEMENTS)}`, actors: [], actorsFrom: null, kind: null, duration: duration(rand.pick(DURATIONS)) });
    }
  }
  steps = renumber(steps);

  const legalBases = template.legalBases.map((l) => citation(l.text, region));
  if (rand.chance(0.5)) legalBases.push(citation(`Peraturan Bupati ${regency} Nomor ${rand.int(1, 120)} Tahun ${rand.int(2008, 2023)} tentang ${rand.pick(SUBJECTS)}`, region));

  const id = sha(`synthetic:${template.id}:${index}`);
  const name = `${rand.pick(GIVEN).toUpperCase()} ${rand.pick(FAMILY).toUpperCase()}, ${rand.pick(DEGREES)}`;
  return {
    ...template,
    id: `${id.slice(0, 16)}-0`,
    source: { ...template.source, path: `synthetic/f${String(family).padStart(6, '0')}/${regency.toLowerCase().replace(/\W+/g, '-')}-${String(index).padStart(7, '0')}.txt`, sha256: id },
    identity: {
      title: template.identity.title,
      number: `${rand.pick(['800', '700', '900', '000.8'])}/${String(rand.int(1, 99)).padStart(2, '0')}/${kecamatan ? place.replace(/\s+/g, '') : 'SOP'}/${created.slice(0, 4)}`,
      organization: `Pemerintah Kabupaten ${regency}`,
      unit,
      createdDate: created,
      revisedDate: null,
      effectiveDate: effective,
      approvedDate: null,
      approver: { name, position, rank, grade, nip: nip(rand, !rand.chance(0.03)) },
    },
    legalBases,
    steps,
    diagnostics: [],
  };
}

export interface SyntheticOptions {
  /** Records to generate. */
  count: number;
  /** Seed of the generator (default 1): the same options give the same records. */
  seed?: number;
  /** Mean members per family (default 20); sizes are uniform in [1, 2·mean − 1]. */
  meanFamilySize?: number;
}

/**
 * `count` synthetic records, family after family: each family's template is a seed record
 * (the first five families: the seeds themselves) or a rewritten one (`makeTemplate`). Streams:
 * memory does not grow with `count`.
 */
export function* syntheticRecords(seeds: readonly SopRecord[], options: SyntheticOptions): Generator<SopRecord> {
  const rand = createRandom(options.seed ?? 1);
  const mean = options.meanFamilySize ?? 20;
  let made = 0;
  for (let family = 0; made < options.count; family++) {
    const seed = seeds[family % seeds.length]!;
    const template = family < seeds.length ? seed : makeTemplate(seed, rand);
    const size = rand.int(1, 2 * mean - 1);
    for (let k = 0; k < size && made < options.count; k++) yield perturbRecord(template, rand, made++, family);
  }
}

/**
 * Stores records through `saveDocuments` (src/store/write.ts), one document per record as `sop
 * import` would, `perTransaction` documents in one transaction, which is what makes 100k records
 * take minutes, not hours. Returns the number stored. Errors: a record failing the schema throws
 * (nothing of its batch is kept).
 */
export function storeRecords(db: Db, records: Iterable<SopRecord>, perTransaction = 2000): number {
  let batch: SopRecord[] = [];
  let n = 0;
  const flush = (rs: SopRecord[]): void => {
    saveDocuments(db, rs.map((r) => ({ path: r.source.path, sha256: r.source.sha256, size: null, format: r.source.format, status: 'imported', errorCode: null, error: null, records: [r] })));
    n += rs.length;
  };
  for (const r of records) {
    batch.push(r);
    if (batch.length >= perTransaction) {
      flush(batch);
      batch = [];
    }
  }
  flush(batch);
  return n;
}

function longDate(iso: string | null): string {
  if (!iso) return '-';
  const [y, m, d] = iso.split('-');
  if (!m) return y!;
  return d ? `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}` : `${MONTHS[Number(m) - 1]} ${y}`;
}

const UNIT_WORDS: Record<NonNullable<NonNullable<Step['duration']>['unit']>, string> = { minute: 'menit', hour: 'jam', day: 'hari', week: 'minggu', month: 'bulan' };

function list(title: string, items: readonly string[]): string {
  return `${title}\n\n${items.map((x, i) => `${i + 1}. ${x}`).join('\n')}\n`;
}

/**
 * The record as a tab-separated SOP text in the layout of corpus/001_51dbded0528e22f1.txt: a title
 * block, the identity table (`Label\t:\tvalue`), the numbered identity lists, the procedure table
 * (No, Uraian Prosedur, one column per actor with `□` where the step's actor acts, Kelengkapan,
 * Waktu (with its unit when durations are bare numbers), Output, Keterangan) and the approval block (jabatan, nama, pangkat (golongan), NIP).
 */
export function renderSopText(r: SopRecord): string {
  const id = r.identity;
  const a = id.approver;
  const out: string[] = [];
  out.push(`**STANDAR OPERASIONAL PROSEDUR (SOP)\n${(id.title ?? '').toUpperCase()}**\n`);
  out.push(`**${[id.organization, id.unit].filter(Boolean).join('\n').toUpperCase()}**\n`);
  out.push(
    [
      `Nomor\t:\t${id.number ?? '-'}`,
      `Tanggal Pembuatan\t:\t${longDate(id.createdDate)}`,
      `Tanggal Revisi\t:\t${longDate(id.revisedDate)}`,
      `Tanggal Efektif\t:\t${longDate(id.effectiveDate)}`,
      `Tanggal Pengesahan\t:\t${longDate(id.approvedDate)}`,
      `Disahkan oleh\t${a.position ?? ''}\t`,
      `Nama SOP\t${id.title ?? ''}\t`,
    ].join('\n') + '\n',
  );
  out.push(list('Dasar Hukum', r.legalBases.map((l) => l.text)));
  out.push(list('Kualifikasi Pelaksana', r.qualifications));
  out.push(list('Keterkaitan', r.relatedSops));
  out.push(list('Peralatan/Perlengkapan', r.equipment));
  out.push(list('Peringatan', r.warnings));
  out.push(list('Pencatatan dan Pendataan', r.recordKeeping));
  const actors = r.actors.map((x) => x.label);
  // a bare number (`15`, seed 003) takes its unit from the column header: say it there
  const bare = r.steps.find((s) => s.duration && /^\d+$/.test(s.duration.text.trim()))?.duration?.unit;
  const waktu = bare ? `Waktu (${UNIT_WORDS[bare]})` : 'Waktu';
  const gaps = '\t'.repeat(Math.max(0, actors.length - 1));
  const rows = [
    `No.\tUraian Prosedur\tPelaksana${gaps}\tMutu Baku\t\t\tKeterangan`,
    `\t\t${actors.join('\t')}\tKelengkapan\t${waktu}\tOutput\t`,
    ...r.steps.map((s) =>
      [s.number ?? '', s.activity, ...actors.map((label) => (s.actors.includes(label) ? '□' : '')), s.requirements ?? '', s.duration?.text ?? '', s.output ?? '', s.notes ?? ''].join('\t'),
    ),
  ];
  out.push(`PROSEDUR ${(id.title ?? '').toUpperCase()}\n\n${rows.join('\n')}\n\n`);
  out.push([(a.position ?? '').toUpperCase(), a.name ?? '', [a.rank, a.grade ? `(${a.grade})` : null].filter(Boolean).join(' '), a.nip ? `NIP. ${a.nip}` : ''].filter(Boolean).join('\n\n') + '\n');
  return out.join('\n');
}
