/**
 * The organisation (government or agency) and unit of an SOP from its title block, the lines in
 * capitals above or beside the identity table (DOMAIN.md §1): `PEMERINTAH KABUPATEN PESISIR SELATAN
 * SEKRETARIAT DAERAH KABUPATEN PESISIR SELATAN` → `Pemerintah Kabupaten Pesisir Selatan` +
 * `Sekretariat Daerah`; `BADAN PUSAT STATISTIK / PROVINSI BENGKULU / TIM BAGIAN UMUM` →
 * `Badan Pusat Statistik Provinsi Bengkulu` + `Tim Bagian Umum`.
 *
 * The block is cut into phrases at the words that start a government, a region or a unit; the
 * organisation is the first `Pemerintah …` phrase, else a national agency followed by its region,
 * else an office followed by its region (`Dinas … Provinsi …`), else an institution of higher
 * education (`Politeknik Negeri Lampung`), else the first region (`Kabupaten Pesisir Selatan` when a
 * kecamatan writes no `Pemerintah`), else a unit written alone; the unit is the first unit phrase
 * not used by the organisation. Capitals become title case (Roman numerals kept: `Kecamatan IV Jurai`).
 */
import { titleCaseIfUpper } from './text.js';

const GOV = 'PEMERINTAH';
const REGION = ['KABUPATEN', 'KOTA', 'PROVINSI', 'KAB.', 'PROV.'];
const AGENCY = ['BADAN', 'KEMENTERIAN', 'LEMBAGA', 'KOMISI', 'KEJAKSAAN', 'KEPOLISIAN'];
/** Institutions of higher education, an organisation of their own under their ministry (Politeknik Negeri Lampung). */
const INSTITUTION = ['POLITEKNIK', 'UNIVERSITAS', 'INSTITUT', 'AKADEMI'];
const UNIT = [
  'SEKRETARIAT', 'KECAMATAN', 'KELURAHAN', 'DESA', 'DINAS', 'INSPEKTORAT', 'KANTOR', 'BAGIAN', 'BIDANG',
  'SUBBAGIAN', 'SUB', 'SUBBIDANG', 'SEKSI', 'TIM', 'UPT', 'UPTD', 'SATUAN', 'RSUD', 'RUMAH', 'PUSKESMAS', 'BIRO',
  'DIREKTORAT', 'BALAI', 'UNIT', 'SATPOL', 'BAPPEDA', 'DPRD', 'KELOMPOK', 'INSTALASI', 'SEKOLAH', 'KOORDINATOR',
  'JURUSAN', 'FAKULTAS', 'DEPARTEMEN', 'LABORATORIUM', 'PRODI',
  // the information and documentation office every public body keeps (UU 14/2008): `PEJABAT PENGELOLA
  // INFORMASI DAN DOKUMENTASI`, `PPID PEMBANTU` (Kalimantan Timur, Banyuwangi, Sumatera Utara)
  'PEJABAT', 'PPID',
  ...AGENCY,
];

/**
 * Words that head a unit at the start of a line only (`PUSAT PENGEMBANGAN SUMBER DAYA MANUSIA
 * APARATUR` under its Badan, wild 001), never inside a name (`BADAN PUSAT STATISTIK`).
 */
const LINE_UNIT = ['PUSAT'];

/** The word that names a ministry: a national government body of its own, with no region. */
const MINISTRY = 'KEMENTERIAN';

interface Phrase {
  head: 'gov' | 'region' | 'agency' | 'institution' | 'unit' | 'none';
  words: string[];
}

function headOf(word: string): Phrase['head'] {
  const w = word.toUpperCase().replace(/[:,]$/, '');
  if (w === GOV) return 'gov';
  if (REGION.includes(w)) return 'region';
  if (AGENCY.includes(w)) return 'agency';
  if (INSTITUTION.includes(w)) return 'institution';
  if (UNIT.includes(w)) return 'unit';
  return 'none';
}

/** Lines that are not part of the organisation block: titles, addresses, contact details. */
const NOT_ORG = /STANDAR\s+OPERASIONAL|^\s*SOP\b|^\s*PROSEDUR\b|\bJ(?:a)?l(?:an)?\.?\s|Telp|Telepon|Fax|Laman|E-?mail|Pos-el|Kode\s+Pos|https?:|www\.|\d{5}/i;

/** Cuts words into phrases; `starts` marks the first word of each line, where a phrase of plain words cannot continue. */
function splitPhrases(words: string[], starts: Set<number>): Phrase[] {
  const phrases: Phrase[] = [];
  let current: Phrase | null = null;
  for (const [i, w] of words.entries()) {
    const head = starts.has(i) && LINE_UNIT.includes(w.toUpperCase()) ? 'unit' : headOf(w);
    // a region's name on the line after its kind (`KANTOR KEMENTERIAN AGAMA KABUPATEN` / `JOMBANG`, wild 073;
    // `PEMERINTAH KABUPATEN` / `PESISIR SELATAN`)
    const afterRegionKind = current !== null && headOf(current.words[current.words.length - 1]!) === 'region';
    if (starts.has(i) && head === 'none' && !afterRegionKind) {
      current = { head, words: [w] };
      phrases.push(current);
      continue;
    }
    const prevWord = current?.words[current.words.length - 1]?.toUpperCase() ?? '';
    const continues =
      current !== null &&
      (head === 'none' ||
        // `PEMERINTAH KABUPATEN …`, `TIM BAGIAN …`, `SUB BAGIAN …`, `KANTOR CAMAT`, `SATUAN POLISI`
        (current.words.length === 1 && (current.head === 'gov' || current.head === 'unit' || current.head === 'agency') && (head === 'region' || head === 'unit')) ||
        // `DINAS KOMUNIKASI DAN INFORMATIKA`, `BADAN … DAN …`
        prevWord === 'DAN');
    // `KANTOR KEMENTERIAN AGAMA`: the office of an agency is the agency's
    const officeOfAgency = current !== null && current.words.length === 1 && current.words[0]!.toUpperCase() === 'KANTOR' && head === 'agency';
    if (officeOfAgency) {
      current!.words.push(w);
      current!.head = 'agency';
    } else if (continues) current!.words.push(w);
    else {
      current = { head, words: [w] };
      phrases.push(current);
    }
  }
  return phrases;
}

/** Letters and digits in capitals, one space between words, for finding a name inside another text. */
function squashUpper(s: string): string {
  return s.toUpperCase().replace(/[^\p{L}\d]+/gu, ' ').trim();
}

function isUpperLine(s: string): boolean {
  const letters = s.replace(/[^\p{L}]/gu, '');
  if (letters.length < 3) return false;
  return letters.replace(/[^\p{Lu}]/gu, '').length / letters.length > 0.8;
}

export interface Organisation {
  organization: string | null;
  unit: string | null;
}

/** Words in lower case inside an organisation's name written in mixed case (`Dinas Komunikasi dan Informatika`). */
const NAME_LINKS = new Set(['dan', 'dan/atau', 'atau', 'serta', 'di', 'pada', 'kota', 'kab.']);

/**
 * A line in mixed case that is a name, not a sentence: every word of letters capitalised or a
 * linking word, no full stop at its end, no comma after a space (`Pemerintah Provinsi Kaltim guna
 * membantu PPID …` is a sentence, wild 013; `Laboratorium Pendidikan (PLP) , Asisten …` a list, wild 028).
 */
function isNameLine(text: string): boolean {
  if (/[.;]$|\s,/.test(text)) return false;
  return text.split(' ').every((w) => !/^\p{Ll}/u.test(w) || NAME_LINKS.has(w));
}

/**
 * Whether a line starts with a word that opens an organisation's or unit's name (`PEMERINTAH`,
 * `JURUSAN`, `POLITEKNIK`, `KABUPATEN` …): a title block's line naming who wrote the SOP, not its title.
 */
export function startsOrganisationName(line: string): boolean {
  return headOf(line.trim().split(/\s+/)[0] ?? '') !== 'none';
}

/** Units that head a regional government's office: with the region after them they name the organisation. */
const OFFICE_UNITS = new Set(['DINAS', 'INSPEKTORAT', 'BAPPEDA', 'RSUD', 'SATPOL', 'BIRO']);

/**
 * Finds the organisation and unit in the title-block lines (in document order). Lines in mixed
 * case are read only when they start with a government or unit word. A ministry with no region
 * after it and nothing else to be the organisation is the organisation (`KEMENTERIAN ENERGI DAN
 * SUMBER DAYA MINERAL` over its Badan and Pusat, wild 001). Of several units, the one the approver's
 * `position` names is the SOP's (`Kepala Pusat Pengembangan …` heads the Pusat, not the Badan
 * above it); else the first.
 */
export function findOrganisation(lines: string[], position?: string | null): Organisation {
  const words: string[] = [];
  const starts = new Set<number>();
  for (const raw of lines) {
    for (const line of raw.split('\n')) {
      const text = line.replace(/[*#]/g, ' ').replace(/\s+/g, ' ').trim();
      if (!text || NOT_ORG.test(text)) continue;
      if (!isUpperLine(text) && (headOf(text.split(' ')[0] ?? '') === 'none' || !isNameLine(text))) continue;
      // stop a line at the first word in lower case after capitals (`… PETISAH Nip`)
      const ws = text.split(' ');
      const upper = isUpperLine(text) ? ws.filter((w, i) => i === 0 || /^[\p{Lu}\d\-–/().,&']+$/u.test(w) || /^[IVX]+$/.test(w)) : ws;
      starts.add(words.length);
      words.push(...upper);
    }
  }
  const phrases = splitPhrases(words, starts).filter((p) => p.head !== 'none');
  let organization: string | null = null;
  let unit: string | null = null;
  const used = new Set<Phrase>();
  const gov = phrases.find((p) => p.head === 'gov' && p.words.length > 1);
  if (gov) {
    organization = gov.words.join(' ');
    used.add(gov);
  } else {
    const agencyAt = phrases.findIndex((p) => p.head === 'agency');
    const regionAfter = agencyAt >= 0 ? phrases[agencyAt + 1] : undefined;
    // an office of a regional government followed by its region, with no `Pemerintah …` line
    // (`DINAS KOMUNIKASI DAN INFORMATIKA` / `PROVINSI KALIMANTAN TIMUR`, Diskominfo Kaltim, wild 013)
    const officeAt = phrases.findIndex((p, i) => p.head === 'unit' && OFFICE_UNITS.has(p.words[0]!.toUpperCase()) && p.words.length > 1 && phrases[i + 1]?.head === 'region');
    if (agencyAt < 0 && officeAt >= 0) {
      organization = `${phrases[officeAt]!.words.join(' ')} ${phrases[officeAt + 1]!.words.join(' ')}`;
      used.add(phrases[officeAt]!);
      used.add(phrases[officeAt + 1]!);
    } else if (agencyAt >= 0 && regionAfter?.head === 'region') {
      organization = `${phrases[agencyAt]!.words.join(' ')} ${regionAfter.words.join(' ')}`;
      used.add(phrases[agencyAt]!);
      used.add(regionAfter);
    } else {
      // an institution of higher education under its ministry: its units are written after it
      // (`KEMENTERIAN PENDIDIKAN TINGGI, …` / `POLITEKNIK NEGERI LAMPUNG` / `JURUSAN …`, wild 020–028)
      const institution = phrases.find((p) => p.head === 'institution' && p.words.length > 1);
      const region = phrases.find((p) => p.head === 'region' && p.words.length > 1);
      const ministry = phrases.find((p) => p.head === 'agency' && p.words[0]!.toUpperCase() === MINISTRY && p.words.length > 1);
      const found = institution ?? region ?? ministry;
      if (found) {
        organization = found.words.join(' ');
        used.add(found);
        if (institution) for (const p of phrases.slice(0, phrases.indexOf(institution))) if (p.head === 'agency') used.add(p);
      }
    }
  }
  const unitPhrases = phrases.filter((p) => !used.has(p) && (p.head === 'unit' || p.head === 'agency') && p.words.length > 1);
  // a unit alone, with nothing above it, is the SOP's organisation (`DEPARTEMEN TEKNOLOGI INFORMASI ITS`, wild 029;
  // `LABORATORIUM PERIKANAN TANGKAP`, wild 026)
  if (!organization && new Set(unitPhrases.map((p) => p.words.join(' ').toUpperCase())).size === 1) organization = unitPhrases[0]!.words.join(' ');
  else if (unitPhrases.length) {
    const heads = position ? squashUpper(position) : null;
    const named = heads ? unitPhrases.find((p) => heads.includes(squashUpper(p.words.join(' ')))) : undefined;
    unit = (named ?? unitPhrases[0]!).words.join(' ');
  }
  const tidy = (s: string | null): string | null => (s ? titleCaseIfUpper(s.replace(/\bKAB\./i, 'KABUPATEN').replace(/\bPROV\./i, 'PROVINSI').replace(/[,:;]+$/, '').trim()) : null);
  return { organization: tidy(organization), unit: tidy(unit) };
}

/**
 * Words naming the government of a region before the region (`Pemerintah Kabupaten Pesisir
 * Selatan` is the body `Kabupaten Pesisir Selatan` names too), dropped at the start of a key.
 */
const GOVERNMENT_WORDS = new Set(['pemerintah', 'pemerintahan']);

/** Shortened words of organisation names, as written in title blocks, → the word they stand for. */
const ORGANISATION_ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['kab', 'kabupaten'],
  ['prov', 'provinsi'],
  ['pemkab', 'kabupaten'],
  ['pemkot', 'kota'],
  ['pemprov', 'provinsi'],
  ['kemen', 'kementerian'],
]);

/**
 * The canonical key of an organisation, equal for one body however it is written (as legal-basis
 * keys are for regulations): lower case, accents and punctuation dropped, abbreviations expanded
 * (`Kab.`, `Pemkab`), a leading `Pemerintah` dropped, words joined by `-`. `Kabupaten Pesisir
 * Selatan`, `Pemerintah Kabupaten Pesisir Selatan` and `PEMKAB PESISIR SELATAN` are all
 * `kabupaten-pesisir-selatan`. Null for a missing or empty name.
 */
export function organisationKey(name: string | null): string | null {
  if (!name) return null;
  const words = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => ORGANISATION_ABBREVIATIONS.get(w) ?? w);
  while (words.length > 1 && GOVERNMENT_WORDS.has(words[0]!)) words.shift();
  return words.length ? words.join('-') : null;
}
