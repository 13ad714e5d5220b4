/**
 * Legal-basis citations (Dasar Hukum) → type, issuer, number, year, subject and a canonical key
 * equal for the same regulation however it is written (DOMAIN.md §5).
 *
 * Types follow the hierarchy of UU 12/2011 (as amended by UU 13/2022) and the usual others: uud, uu,
 * perppu, pp, perpres, keppres, inpres, permen, kepmen, perda, pergub, perbup, perwal, kepgub, kepbup,
 * kepwal, perlem (Peraturan of a Badan/Lembaga/Komisi or its head, Peraturan Rektor), keplem (their
 * Keputusan), perdirjen, se (Surat Edaran), other (the type cannot be told: `No. 2 Tahun 2009 tentang
 * …`, dev-doc 12).
 *
 * The key is `type:issuer:number:year` with the issuer part empty for national regulations:
 * `Permenpan RB No. 35 Tahun 2012` and `Peraturan Menteri Negara Pendayagunaan Aparatur Negara dan
 * Reformasi Birokrasi Nomor 35 Tahun 2012` are both `permen:panrb:35:2012`.
 */
import { squash } from './text.js';
import { memoizeIn } from '../memo.js';
import { PROVINCE_SHORT_NAMES } from '../vocabulary/index.js';

export type LegalType =
  | 'uud' | 'uu' | 'perppu' | 'pp' | 'perpres' | 'keppres' | 'inpres' | 'permen' | 'kepmen' | 'perda'
  | 'pergub' | 'perbup' | 'perwal' | 'kepgub' | 'kepbup' | 'kepwal' | 'perlem' | 'keplem' | 'perdirjen'
  | 'se' | 'other';

export interface Citation {
  /** The item as written (list marker removed). */
  text: string;
  type: LegalType;
  issuer: string | null;
  number: string | null;
  year: number | null;
  subject: string | null;
  key: string;
}

export interface ParsedCitation extends Citation {
  /** Regulations named as amending this one (`… sebagaimana telah diubah dengan …`). */
  amendments: Citation[];
}

export interface CitationContext {
  /** The region of the document's government (`Kabupaten Pesisir Selatan`), for regional regulations that omit it. */
  region?: string | null;
}

/** Ministries by the abbreviations and names they are cited with → issuer as the gold records write it. */
const MINISTRIES: Array<[RegExp, string]> = [
  [/\b(?:PAN\s*[-&]?\s*(?:dan\s+)?RB|PANRB|PAN\s*-?\s*RB|Pendayagunaan\s+Aparatur\s+Negara(?:\s*(?:dan|&)\s*Reformasi\s+Birokrasi)?|MenPAN|Permenpan|Menpan)\b/i, 'PANRB'],
  [/\b(?:Dalam\s+Negeri|dagri|Mendagri|Permendagri|Kemendagri)\b/i, 'Dalam Negeri'],
  [/\b(?:Keuangan|PMK|Permenkeu|Menkeu)\b/i, 'Keuangan'],
  [/\b(?:Komunikasi\s+dan\s+Informatika|Kominfo|Permenkominfo)\b/i, 'Komunikasi dan Informatika'],
  [/\b(?:Kesehatan|Permenkes|Menkes)\b/i, 'Kesehatan'],
  [/\b(?:Pendidikan(?:,)?\s+Kebudayaan(?:,\s*Riset,?\s+dan\s+Teknologi)?|Pendidikan\s+dan\s+Kebudayaan|Permendikbud(?:ristek)?|Mendikbud)\b/i, 'Pendidikan dan Kebudayaan'],
  [/\b(?:Hukum\s+dan\s+(?:Hak\s+Asasi\s+Manusia|HAM)|Permenkumham|Menkumham)\b/i, 'Hukum dan HAM'],
  [/\b(?:Sosial|Permensos)\b/i, 'Sosial'],
  [/\b(?:Agama|PMA|Menag)\b/i, 'Agama'],
  [/\b(?:Pertanian|Permentan)\b/i, 'Pertanian'],
  [/\b(?:Ketenagakerjaan|Tenaga\s+Kerja|Permenaker|Permenakertrans)\b/i, 'Ketenagakerjaan'],
  [/\b(?:Pekerjaan\s+Umum(?:\s+dan\s+Perumahan\s+Rakyat)?|PUPR|PermenPUPR)\b/i, 'Pekerjaan Umum dan Perumahan Rakyat'],
  [/\b(?:Perhubungan|PM\s*Hub|Permenhub)\b/i, 'Perhubungan'],
  [/\b(?:Lingkungan\s+Hidup(?:\s+dan\s+Kehutanan)?|PermenLHK)\b/i, 'Lingkungan Hidup dan Kehutanan'],
  [/\b(?:Desa,?\s+Pembangunan\s+Daerah\s+Tertinggal(?:,?\s+dan\s+Transmigrasi)?|Permendesa)\b/i, 'Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi'],
  [/\b(?:Perencanaan\s+Pembangunan\s+Nasional|Bappenas)\b/i, 'PPN/Bappenas'],
  [/\b(?:Sekretaris\s+Negara|Mensesneg)\b/i, 'Sekretariat Negara'],
];

/** Bodies whose regulations are `perlem`/`keplem`, by their names and abbreviations → issuer. */
const BODIES: Array<[RegExp, string]> = [
  [/\b(?:Badan\s+Pusat\s+Statistik|BPS)\b/i, 'BPS'],
  [/\bKomisi\s+Informasi(?:\s+Pusat)?\b|\bPERKI\b/i, 'Komisi Informasi'],
  [/\b(?:Lembaga\s+Kebijakan\s+Pengadaan\s+Barang\/?\s*Jasa\s+Pemerintah|LKPP)\b/i, 'LKPP'],
  [/\b(?:Badan\s+Kepegawaian\s+Negara|BKN)\b/i, 'BKN'],
  [/\b(?:Lembaga\s+Administrasi\s+Negara|LAN)\b/i, 'LAN'],
  [/\b(?:Arsip\s+Nasional(?:\s+Republik\s+Indonesia)?|ANRI)\b/i, 'ANRI'],
  [/\b(?:Badan\s+Pengawasan\s+Keuangan\s+dan\s+Pembangunan|BPKP)\b/i, 'BPKP'],
  [/\b(?:Badan\s+Pemeriksa\s+Keuangan|BPK)\b/i, 'BPK'],
  [/\b(?:Badan\s+Siber\s+dan\s+Sandi\s+Negara|BSSN)\b/i, 'BSSN'],
  [/\b(?:Badan\s+Nasional\s+Penanggulangan\s+Bencana|BNPB)\b/i, 'BNPB'],
  [/\b(?:Komisi\s+Pemilihan\s+Umum|KPU)\b/i, 'KPU'],
  [/\b(?:Ombudsman)\b/i, 'Ombudsman'],
];

interface TypeRule {
  type: LegalType;
  /** Abbreviations the type is cited by (regex sources, matched as whole words, any case). */
  short?: string[];
  /** The written-out names (and any abbreviation needing its own context). */
  re?: RegExp;
}

/** Ordered: the first rule matching the head of the citation wins. */
const TYPE_RULES: TypeRule[] = [
  { type: 'uud', short: ['UUD'], re: /^Undang\s*-?\s*Undang\s+Dasar\b/i },
  { type: 'perppu', short: ['Perppu', 'Perpu'], re: /^Peraturan\s+Pemerintah\s+Pengganti\s+Undang/i },
  { type: 'uu', short: ['UU'], re: /^Undang\s*-?\s*undang\b/i },
  { type: 'pp', short: ['PP'], re: /^Peraturan\s+Pemerintah\b(?!\s+(?:Daerah|Provinsi|Kabupaten|Kota)\b)/i },
  { type: 'perpres', short: ['Perpres'], re: /^Peraturan\s+Presiden\b/i },
  { type: 'keppres', short: ['Keppres', 'Kepres'], re: /^Keputusan\s+Presiden\b/i },
  { type: 'inpres', short: ['Inpres'], re: /^Instruksi\s+Presiden\b/i },
  { type: 'perdirjen', short: ['Perdirjen'], re: /^Peraturan\s+(?:Direktur\s+Jenderal|Dirjen)\b/i },
  { type: 'permen', short: ['Permen\\p{L}*?', 'PMK', 'PMA'], re: /^Peraturan\s+(?:Bersama\s+)?Men(?:teri|\w*)\b/i },
  { type: 'kepmen', short: ['Kepmen\\p{L}*?', 'KMK', 'KMA'], re: /^Keputusan\s+(?:Bersama\s+)?Men(?:teri|\w*)\b/i },
  { type: 'perda', short: ['Perda'], re: /^Peraturan\s+Daerah\b/i },
  { type: 'pergub', short: ['Pergub'], re: /^Peraturan\s+Gubernur\b/i },
  { type: 'perbup', short: ['Perbup'], re: /^Peraturan\s+Bupati\b/i },
  { type: 'perwal', short: ['Perwal', 'Perwako', 'Perwali'], re: /^Peraturan\s+Wali\s*kota\b/i },
  { type: 'kepgub', short: ['Kepgub'], re: /^(?:(?:Surat\s+)?Keputusan\s+Gubernur|SK\s+Gubernur)\b/i },
  { type: 'kepbup', short: ['Kepbup'], re: /^(?:(?:Surat\s+)?Keputusan\s+Bupati|SK\s+Bupati)\b/i },
  { type: 'kepwal', short: ['Kepwal'], re: /^(?:(?:Surat\s+)?Keputusan\s+Wali\s*kota|SK\s+Wali\s*kota)\b/i },
  { type: 'se', short: ['SE'], re: /^Surat\s+Edaran\b/i },
  { type: 'perlem', short: ['Perka', 'Perkaban', 'Perki'] },
  { type: 'perlem', re: /^(?:Peraturan\s+(?:Kepala|Ketua|Rektor|Badan|Lembaga|Komisi|Direktur|Sekretaris|Jaksa|Kapolri|Mahkamah|Dewan)\b|Peraturan\s+[A-Z]{2,}\b)/ },
  { type: 'keplem', re: /^(?:(?:Surat\s+)?Keputusan|SK)\s+(?:Kepala|Ketua|Rektor|Badan|Lembaga|Komisi|Direktur|Sekretaris|Dewan|[A-Z]{2,})\b/ },
];

/** Each type rule's abbreviations as one pattern for the head of a citation. */
const SHORT_RES = new Map(TYPE_RULES.filter((r) => r.short).map((r) => [r, new RegExp(`^(?:${r.short!.join('|')})\\b`, 'iu')]));

/** Whether a type rule matches the head of `text`. */
function typeRuleMatches(rule: TypeRule, text: string): boolean {
  return SHORT_RES.get(rule)?.test(text) === true || rule.re?.test(text) === true;
}

/**
 * An abbreviation run into its `no` (`Perkino 1`: a scan lost the space between them; Banyuwangi,
 * wild 067), from the type rules' abbreviations.
 */
const SHORT_RUN_INTO_NO = new RegExp(`\\b(${TYPE_RULES.flatMap((r) => r.short ?? []).join('|')})no\\.?\\s*(?=\\d)`, 'giu');

/** Words that may precede a citation's type in an item (`- `, `Bahwa`, …) and are skipped. */
const LEADIN = /^(?:[-–—•*·]\s*|\(?(?:\d{1,2}|[a-zA-Z])[.)]\s+|\d{1,2}:\s+|\d{1,2}\s+(?=\p{Lu}))+/u;

/**
 * Normalises dashes, spaces and abbreviations the way citations are written (`Undang – Undang` →
 * `Undang-Undang`, `Kab. Agam` → `Kabupaten Agam`).
 */
function clean(text: string): string {
  return squash(text)
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/(\p{L})\s*-\s*(\p{L})/gu, '$1-$2')
    .replace(SHORT_RUN_INTO_NO, '$1 No. ')
    .replace(/\bNo\s*\.\s*/gi, 'No. ')
    .replace(/\bKab\.?\s+(?=\p{Lu})/gu, 'Kabupaten ')
    .replace(/\bProv\.?\s+(?=\p{Lu})/gu, 'Provinsi ');
}

/**
 * Where a regulation was promulgated, written after it (`(Berita Negara Republik Indonesia Tahun
 * 2020 Nomor 1586)`, dev-doc 01; `Lembaran Daerah Kabupaten … Tahun 2016 Nomor 8`): the heads of
 * such notes (UU 12/2011, Pasal 81–86: Lembaran Negara, Tambahan Lembaran Negara, Berita Negara,
 * Lembaran Daerah, Tambahan Lembaran Daerah, Berita Daerah). A note is part of the citation before
 * it, never a regulation of its own, and its year and number are not the regulation's.
 */
const PROMULGATION_HEADS = ['Tambahan Lembaran Negara', 'Lembaran Negara', 'Berita Negara', 'Tambahan Lembaran Daerah', 'Lembaran Daerah', 'Berita Daerah'];
const PROMULGATION_HEAD = PROMULGATION_HEADS.map((h) => h.replace(/ /g, '\\s+')).join('|');
/** A note in brackets anywhere, or one without brackets to the end of the text. */
const PROMULGATION_NOTE = new RegExp(`\\(\\s*(?:${PROMULGATION_HEAD})\\b[^)]*\\)?|[;,]?\\s*\\b(?:${PROMULGATION_HEAD})\\b.*$`, 'gi');
/** An item that is a note alone (a list item of its own, or cut from its citation at its `Nomor`). */
const NOTE_ITEM = new RegExp(`^\\(?\\s*(?:${PROMULGATION_HEAD})\\b`, 'i');

/** Brackets opened and not closed in `text`. */
function unclosed(text: string): number {
  return (text.match(/\(/g)?.length ?? 0) - (text.match(/\)/g)?.length ?? 0);
}

/**
 * The Dasar Hukum items as legal bases: a promulgation note on its own (`(Berita Negara … Tahun
 * 2020 Nomor 1586);`) or an item continuing a bracket the item before left open (`… (Berita Negara
 * Republik Indonesia Tahun 2020` + `Nomor 1586);`, as a list splitter cuts it at `Nomor`) is joined
 * to the item before; an item without a letter or a digit (a dash OCR read as an item) is no legal
 * basis and is dropped. Issue 12: such fragments became regulations `other::1586:` and `other:text:`.
 */
export function legalBasisItems(items: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of items) {
    const item = squash(raw);
    if (!/[\p{L}\p{N}]/u.test(item)) continue;
    const last = out.length - 1;
    const closesBracket = last >= 0 && unclosed(out[last]!) > 0 && item.includes(')') && citationType(item) === 'other';
    if (last >= 0 && (NOTE_ITEM.test(item) || closesBracket)) out[last] = `${out[last]} ${item}`;
    else if (!NOTE_ITEM.test(item)) out.push(item);
  }
  return out;
}

/** Detects the type of a citation from its head. Returns 'other' when no type is named first. */
export function citationType(text: string): LegalType {
  const head = clean(text).replace(LEADIN, '');
  for (const rule of TYPE_RULES) if (typeRuleMatches(rule, head)) return rule.type;
  return 'other';
}

function title(s: string): string {
  return s
    .split(/\s+/)
    .map((w) => (/^(dan|di|ke|dari|atas)$/i.test(w) ? w.toLowerCase() : /^[A-Z]{2,}$/.test(w) && w.length <= 4 ? w : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join(' ');
}

const REGION_STOP = /^(Nomor|No\.?|Tahun|Tentang|Republik|Indonesia|RI|Dan|Serta|Perubahan|Atas|Di|Ke|Pada)$/i;

/**
 * Finds a region (`Kabupaten Pesisir Selatan`, `Kota Mataram`, `Provinsi Kalimantan Barat`) in text:
 * the kind word and up to four capitalised words after it (`Kabupaten Tanjung Jabung Timur`).
 * `Kabupaten/Kota` is not a region. A province written by its short name alone (`Provinsi Kaltim`)
 * is given its name (vocabulary PROVINCE_SHORT_NAMES: `Provinsi Kalimantan Timur`).
 */
export function findRegion(text: string, kinds: Array<'Provinsi' | 'Kabupaten' | 'Kota'> = ['Provinsi', 'Kabupaten', 'Kota']): string | null {
  const re = new RegExp(`\\b(${kinds.join('|')})\\s+((?:[A-Z][\\p{L}'\\-]*\\.?\\s*){1,4})`, 'gu');
  for (const m of text.matchAll(re)) {
    const words: string[] = [];
    for (const w of m[2]!.trim().split(/\s+/)) {
      if (REGION_STOP.test(w)) break;
      words.push(w.replace(/[.,;]$/, ''));
    }
    if (words.length === 0) continue;
    const kind = m[1]!.charAt(0).toUpperCase() + m[1]!.slice(1).toLowerCase();
    const short = words.length === 1 ? words[0]!.toLowerCase() : '';
    const province = kind === 'Provinsi' && Object.hasOwn(PROVINCE_SHORT_NAMES, short) ? PROVINCE_SHORT_NAMES[short] : undefined;
    return `${kind} ${province ?? title(words.join(' '))}`;
  }
  return null;
}

/** The words after a head like `Peraturan Bupati` up to `Nomor`/`No`/`Tahun`/`tentang` (the issuer as written). */
function issuerWords(text: string, head: RegExp): string | null {
  const m = new RegExp(`(?:${head.source})\\s+(.*?)\\s*(?=\\b(?:Nomor|No\\.?|Tahun|tentang)\\b|\\d|$)`, 'i').exec(text);
  if (!m) return null;
  const words = m[1]!.replace(/\b(?:Republik\s+Indonesia|RI)\b/gi, '').replace(/[:,]/g, ' ').trim();
  return words || null;
}

function regionalIssuer(type: LegalType, text: string, subject: string | null, ctx: CitationContext): string | null {
  const kind = type === 'pergub' || type === 'kepgub' ? 'Provinsi' : type === 'perbup' || type === 'kepbup' ? 'Kabupaten' : type === 'perwal' || type === 'kepwal' ? 'Kota' : null;
  if (kind) {
    const head = kind === 'Provinsi' ? /(?:Peraturan|Keputusan|SK)\s+Gubernur|Pergub|Kepgub/ : kind === 'Kabupaten' ? /(?:Peraturan|Keputusan|SK)\s+Bupati|Perbup|Kepbup/ : /(?:Peraturan|Keputusan|SK)\s+Wali\s*kota|Perwal\w*|Kepwal/;
    const words = issuerWords(text, head);
    if (words) {
      const abbreviated = Object.hasOwn(PROVINCE_SHORT_NAMES, words.toLowerCase()) ? PROVINCE_SHORT_NAMES[words.toLowerCase()] : undefined;
      if (abbreviated) return `Provinsi ${abbreviated}`;
      if (/^(?:Provinsi|Kabupaten|Kota)\b/i.test(words)) return title(words);
      return `${kind} ${title(words)}`;
    }
  } else {
    const head = /(?:Peraturan\s+Daerah|Perda)/i;
    const m = new RegExp(`(?:${head.source})\\s+((?:Provinsi|Kabupaten|Kota)\\s+.*?)\\s*(?=\\b(?:Nomor|No\\.?|Tahun|tentang)\\b|\\d|$)`, 'i').exec(text);
    if (m) return findRegion(title(m[1]!)) ?? title(m[1]!.trim());
    // a region named without its kind (`Perda Pesisir Selatan No 8 Tahun 2016`): the region of the
    // subject or of the document ending with those words, else the words (README: citations)
    const bare = issuerWords(text, head);
    if (bare && /^\p{Lu}/u.test(bare) && !REGION_STOP.test(bare.split(/\s+/)[0]!)) {
      const known = [subject ? findRegion(subject) : null, ctx.region ?? null].find((r) => r && slug(r).endsWith(slug(bare)));
      return known ?? title(bare);
    }
  }
  const fromSubject = subject ? findRegion(subject, kind ? [kind] : ['Provinsi', 'Kabupaten', 'Kota']) : null;
  if (fromSubject) return fromSubject;
  if (ctx.region && (!kind || ctx.region.startsWith(kind))) return ctx.region;
  return null;
}

function issuerOf(type: LegalType, text: string, subject: string | null, ctx: CitationContext): string | null {
  const head = text.split(/\b(?:Nomor|No\.)|\btentang\b/i)[0] ?? text;
  switch (type) {
    case 'permen':
    case 'kepmen':
    case 'se': {
      for (const [re, name] of MINISTRIES) if (re.test(head)) return name;
      if (type === 'se') {
        for (const [re, name] of BODIES) if (re.test(head)) return name;
        const words = issuerWords(text, /Surat\s+Edaran|SE/);
        return words ? title(words.replace(/^(?:Menteri|Men)\s+/i, '')) : null;
      }
      const words = issuerWords(text, /(?:Peraturan|Keputusan)\s+(?:Bersama\s+)?Menteri(?:\s+Negara)?/);
      return words ? title(words) : null;
    }
    case 'perda':
    case 'pergub':
    case 'perbup':
    case 'perwal':
    case 'kepgub':
    case 'kepbup':
    case 'kepwal':
      return regionalIssuer(type, text, subject, ctx);
    case 'perlem':
    case 'keplem': {
      for (const [re, name] of BODIES) if (re.test(head)) return name;
      const words = issuerWords(text, /(?:Peraturan|(?:Surat\s+)?Keputusan|SK)(?:\s+(?:Kepala|Ketua))?/);
      return words ? title(words) : null;
    }
    case 'perdirjen': {
      const words = issuerWords(text, /Peraturan|Perdirjen/);
      return words ? title(words.replace(/^Dirjen\b/i, 'Direktur Jenderal')) : null;
    }
    default:
      return null;
  }
}

/** `Tahun`, and the abbreviations auditors type for it (`Th. 2012`, `Thn 2012`). */
const YEAR_WORD = '(?:Tahun|Thn|Th)\\b\\.?';
const YEAR = new RegExp(`\\b${YEAR_WORD}\\s*:?\\s*((?:19|20)\\d{2})\\b`, 'i');
/** A number written right before its year, without `Nomor`. */
const BARE_NUMBER = new RegExp(`(?:^|\\s)(\\d{1,4}[A-Za-z]?)\\s+${YEAR_WORD}\\s*:?\\s*(?:19|20)\\d{2}\\b`, 'i');

/**
 * The number and year of a citation (before its subject): `Nomor 35 Tahun 2012`, `No. 35 Th.
 * 2012`, `35/2012`, or a bare number before its year (`UU 23 Tahun 2014`, as auditors type it).
 */
function numberAndYear(text: string): { number: string | null; year: number | null } {
  const beforeSubject = text.split(/\btentang\b/i)[0] ?? text;
  let number: string | null = null;
  let year: number | null = null;
  const n = /\b(?:Nomor|No)\b\.?\s*:?\s*([0-9][0-9A-Za-z./\-]*|[A-Z]{1,4}[./-]?\d[0-9A-Za-z./\-]*)/i.exec(beforeSubject);
  if (n) number = n[1]!.replace(/[.\-/]+$/, '');
  const y = YEAR.exec(beforeSubject);
  if (y) year = Number(y[1]);
  if (!number && year !== null) {
    const bare = BARE_NUMBER.exec(beforeSubject);
    if (bare) number = bare[1]!;
  }
  if (!number) {
    // `UU 23/2014`, `PP 60/2008`
    const short = /^\D*?\b(\d{1,4})\s*\/\s*((?:19|20)\d{2})\b/.exec(beforeSubject);
    if (short) {
      number = short[1]!;
      year = year ?? Number(short[2]);
    }
  }
  if (number && year === null) {
    const tail = /\/((?:19|20)\d{2})$/.exec(number);
    if (tail) year = Number(tail[1]);
    // `No. 60/2008`: a number and its year, as `PP 60/2008` writes them
    if (tail && /^\d{1,4}\/\d{4}$/.test(number)) number = number.slice(0, number.indexOf('/'));
  }
  return { number, year };
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The issuer part of a canonical key: `Kabupaten Pesisir Selatan` → `kabupaten-pesisir-selatan`. */
export function issuerKey(issuer: string): string {
  return slug(issuer);
}

/** The canonical key of a citation: `type:issuer:number:year`, issuer empty for national types. */
export function citationKey(c: Pick<Citation, 'type' | 'issuer' | 'number' | 'year' | 'text'>): string {
  if (c.number === null && c.year === null) return `${c.type}:text:${slug(c.text).slice(0, 80)}`;
  const number = c.number ? c.number.toLowerCase().replace(/\s+/g, '') : '';
  return `${c.type}:${c.issuer ? slug(c.issuer) : ''}:${number}:${c.year ?? ''}`;
}

function parseOne(written: string, ctx: CitationContext): Citation {
  const text = squash(written);
  const cleaned = clean(text).replace(LEADIN, '').replace(PROMULGATION_NOTE, '').trim();
  const type = citationType(cleaned);
  const { number, year } = numberAndYear(cleaned);
  const subjectMatch = /\btentang\b\s*:?\s*(.*)$/i.exec(cleaned);
  const subject = subjectMatch ? subjectMatch[1]!.replace(/[\s;,.]+$/, '').trim() || null : null;
  const issuer = issuerOf(type, cleaned, subject, ctx);
  const c = { text, type, issuer, number, year, subject };
  return { ...c, key: citationKey(c) };
}

const AMENDED = /\b(?:sebagaimana\s+(?:telah\s+)?(?:beberapa\s+kali\s+)?(?:diubah|dirubah)(?:\s+(?:beberapa\s+kali|terakhir))*(?:\s+dengan)?|dan\s+perubahannya\s*:?)\s*/i;

/** A parsed citation with the regulations it amends (see `parseCitation`'s `amended` option). */
export interface ParsedCitationWithAmended extends ParsedCitation {
  /** Regulations this one amends (`tentang Perubahan [Kedua] atas <citation>`): at most one. */
  amended: Citation[];
}

/** `Perubahan atas`, `Perubahan Kedua atas`, `Perubahan Ketiga Atas` … in a subject. */
const AMENDS = /\bPerubahan\s+(?:(?:Pertama|Kedua|Ketiga|Keempat|Kelima|Keenam|Ketujuh|Kedelapan|Kesembilan|Kesepuluh|ke-?\s*\d+)\s+)?atas\s+(.+)$/i;

/**
 * The regulation a citation amends, read from its subject: `Peraturan Daerah Kabupaten Pesisir
 * Selatan Nomor 2 Tahun 2021 tentang Perubahan atas Peraturan Daerah Nomor 8 Tahun 2016 tentang …`
 * (seed 000) amends `perda:kabupaten-pesisir-selatan:8:2016`. A regional or ministerial
 * regulation amends one of its own issuer's: when the amended citation names no issuer and is of
 * the same type, it takes the amending one's; when it names no type (`Perubahan atas Nomor 8 Tahun
 * 2016`), it takes the amending one's type and issuer. Returns [] when the subject names no
 * amended regulation with a number. Never throws.
 */
export function amendedRegulations(c: Pick<Citation, 'type' | 'issuer' | 'subject'>, ctx: CitationContext = {}): Citation[] {
  const m = c.subject ? AMENDS.exec(c.subject) : null;
  if (!m) return [];
  const parsed = parseOne(m[1]!, { region: ctx.region ?? null });
  if (parsed.number === null) return [];
  const sameKind = parsed.type === c.type || parsed.type === 'other';
  const fixed = {
    text: parsed.text,
    type: parsed.type === 'other' ? c.type : parsed.type,
    issuer: sameKind && c.issuer ? (parsed.issuer ?? c.issuer) : parsed.issuer,
    number: parsed.number,
    year: parsed.year,
    subject: parsed.subject,
  };
  return [{ ...fixed, key: citationKey(fixed) }];
}

/**
 * Parses one legal-basis item. `… sebagaimana telah diubah dengan <citation>` also yields the
 * amending regulation(s) in `amendments`. With `{ amended: true }` the result also carries
 * `amended`: the regulation the item itself amends (`tentang Perubahan atas …`, see
 * `amendedRegulations`); without it the result is exactly as before (the record's fields). Never
 * throws; an item without a recognisable regulation gets type `other` and the number and year it
 * holds, if any.
 */
export function parseCitation(written: string, ctx?: CitationContext): ParsedCitation;
export function parseCitation(written: string, ctx: CitationContext, options: { amended: true }): ParsedCitationWithAmended;
export function parseCitation(written: string, ctx: CitationContext = {}, options: { amended?: boolean } = {}): ParsedCitation | ParsedCitationWithAmended {
  // remembered per text and region (src/memo.ts): the same regulations are cited across a batch; callers must not change the answer
  if (!options.amended) return parseCitationRemembered(ctx.region ?? '', written);
  return parseCitationUncached(written, ctx, options);
}

const parseCitationRemembered = memoizeIn((region: string, written: string): ParsedCitation => parseCitationUncached(written, { region: region || null }, {}), 500);

function parseCitationUncached(written: string, ctx: CitationContext, options: { amended?: boolean }): ParsedCitation | ParsedCitationWithAmended {
  const parts = squash(written).split(AMENDED);
  const primary = parseOne(written, ctx);
  // the subject ends where the amendment clause begins
  if (parts.length > 1 && primary.subject) {
    const cut = primary.subject.split(AMENDED)[0]!.replace(/[\s;,.]+$/, '').trim();
    primary.subject = cut || null;
  }
  const amendments = parts
    .slice(1)
    .flatMap((p) => p.split(/\s*(?:;|\bdan\b(?=\s+(?:Peraturan|Undang|UU|PP|Perpres|Perda|Permen)))\s*/i))
    .map((p) => parseOne(p, ctx))
    .filter((c) => c.type !== 'other' && c.number !== null);
  if (options.amended) return { ...primary, amendments, amended: amendedRegulations(primary, ctx) };
  return { ...primary, amendments };
}

/** True when the text reads as a regulation citation (a type word, or `Nomor … Tahun …`). */
export function looksLikeCitation(text: string): boolean {
  const t = clean(text).replace(LEADIN, '');
  if (citationType(t) !== 'other') return /\d/.test(t) || /\btentang\b/i.test(t);
  return /\b(?:Nomor|No)\b\.?\s*:?\s*\S+\s+Tahun\s+\d{4}/i.test(t);
}
