/**
 * The approver (Disahkan oleh) → name, position, rank (pangkat), grade (golongan) and NIP.
 *
 * Often all in one cell (DOMAIN.md §1): `ASISTEN ADMINISTRASI UMUM EMIRDA ZISWATI, S.E.M.M PEMBINA ,
 * IV/C` (seed 000), `INSPEKTUR DAERAH KABUPATEN PESISIR SELATAN RUSDIYANTO, S.H., M.Hum. Pembina
 * Utama Muda (IV/c) NIP. 19641112 199203 1 008` (seed 004); or on separate lines (`Kepala BPS Provinsi
 * Bengkulu / Ir. Win Rizal, M.E. / NIP …`, dev-doc 01); or only a position in the table with the
 * name and NIP in the signature block under the procedure (seeds 001, 002).
 *
 * The name is found by its academic titles (S.E., M.Si, Drs., Ir. …, the Permendikbud 154/2014 list
 * of gelar) and by the words before them that are not words of positions or of the document's
 * region names. Nothing is guessed: a grade that is not written stays null even when the rank
 * implies it.
 */
import { decodeNip, findNip } from './nip.js';
import { escapeRe, MONTH_NAMES, NIP_LABEL, PREFIX_TITLES, SIGNATURE_OPENERS } from '../vocabulary/index.js';
import { findRankGrade, rankGradeMismatch } from './rank.js';
import { isRoleWord } from './role.js';
import { titleCaseIfUpper } from './text.js';
import type { Diagnostic } from '../read/layout.js';

/** Where a part of the approver was read: the Disahkan-oleh cell, the signature block under the table. */
export type ApproverSource = 'cell' | 'signature' | null;

/** How the approver's parts were found, for their confidence (record/confidence.ts). */
export interface ApproverEvidence {
  name: ApproverSource;
  /** The name was found only by its place (no academic title, no comma before titles). */
  nameWeak: boolean;
  position: ApproverSource;
  nip: ApproverSource;
}

export interface Approver {
  name: string | null;
  position: string | null;
  rank: string | null;
  grade: string | null;
  nip: string | null;
}

/** Lines opening a signature (`Mengetahui`, `Disahkan oleh`), which name no signatory. */
const SIGNATURE_OPENER = new RegExp(`^(?:${SIGNATURE_OPENERS.join('|')})\\b`, 'i');
/** A NIP label and its digits; a bare NIP label ending a position. */
const NIP_AND_DIGITS = new RegExp(`\\b${NIP_LABEL}\\.?\\s*[:.]?\\s*(?:\\d[\\s.]*)+`, 'gi');
const NIP_AT_END = new RegExp(`[\\s,;:]+${NIP_LABEL}\\.?\\s*:?$`, 'i');

/** Academic and religious titles written before a name. */
const PREFIX_TITLE = new RegExp(`^(?:${PREFIX_TITLES.map((t) => escapeRe(t).replace(/\\\.$/, /^(?:H|Hj|dr|drg)\.$/.test(t) ? '\\.' : '\\.?')).join('|')})$`);
/** A token that is (part of) an academic title after a name: `S.E.`, `M.Si`, `S.STP`, `S. Sos.`, `M.Hum.`. */
const SUFFIX_TITLE = /^(?:[A-Z]\.[A-Za-z.]*|S\.?(?:E|H|Sos|Pd|Kom|T|IP|STP|Ag|Ked|Kep|Psi|Si|Hut|Pt|Ak|AP|Tr)\.?[A-Za-z.]*|M\.?(?:M|Si|Hum|AP|Pd|Kes|Kom|T|H|E|Ec|PA|SP|Sc|Eng|Ak|Ag)\.?[A-Za-z.]*|SE|SH|MM|MH|MSi|MAP|MPd|SSTP|STP|SSos|SKom|SPd|ST|MT|MSc|PhD|Ph\.D\.?|Sos\.?|Hum\.?|Ak\.?|AMd|A\.Md\.?|B\.A\.?|BA|SIP|MSP|M\.SP|Kom\.?|STP\.?|Pd\.?|Si\.?)[,.]?$/;

/** A title token, or titles written without a space after their commas (`S.Sos,M.Si`, wild 018). */
function isSuffixTitle(word: string): boolean {
  return word.split(/,(?=\S)/).every((part) => SUFFIX_TITLE.test(part));
}

/** Words of region names (from the document's organisation) that belong to a position. */
function regionWordSet(regions: Array<string | null | undefined>): Set<string> {
  const set = new Set<string>();
  for (const r of regions) if (r) for (const w of r.split(/\s+/)) set.add(w.toLowerCase());
  for (const w of ['utara', 'selatan', 'timur', 'barat', 'tengah', 'tenggara', 'daya', 'raya', 'republik', 'indonesia', 'ri']) set.add(w);
  return set;
}

function positionWord(word: string, regions: Set<string>): boolean {
  const w = word.replace(/[.,;:()]/g, '').toLowerCase();
  return w === '' || isRoleWord(w) || regions.has(w) || /^(?:[ivx]+|plt|plh|pj|a\.?n|u\.?b)$/.test(w);
}

interface NameSpan {
  start: number;
  end: number;
  /** Found only by the titles after it (no prefix title, no `NAME, S.H.` comma): a signature's name is surer. */
  weak: boolean;
}

/**
 * Finds the person's name in a list of words: from a prefix title (`Drs.`) or from the first word
 * before the first comma that is not a position or region word, through the academic titles after
 * it.
 */
function findName(words: string[], regions: Set<string>): NameSpan | null {
  let start = words.findIndex((w) => PREFIX_TITLE.test(w));
  // the comma ending the name, after its prefix title (`Kepala Sub. Bagian Tata Usaha, Dr. Arif
  // Hidayatulloh, S.Ag.`: the position's own comma comes first, Kemenag Jombang, wild 075)
  let commaAt = words.findIndex((w, i) => i >= start && /,$/.test(w));
  let weak = false;
  if (start < 0) {
    // `NAME, S.H.`: the comma of a name is followed by an academic title (not by `NIP`)
    const titleAfter = (i: number): boolean => i + 1 < words.length && (isSuffixTitle(words[i + 1]!) || /^[A-Z][a-z]?\.[A-Za-z.]*,?$/.test(words[i + 1]!));
    if (commaAt < 0 || !titleAfter(commaAt)) {
      // no such comma (none, or the comma ends the position: `… Provinsi Kalimantan Barat, Suherman S.H.`
      // in an OCRed signature block, dev-docs 08): the name is the words before the first dotted title
      // (a middle initial, `Ahmad R. Hidayat`, is no title)
      const firstTitle = words.findIndex((w, i) => i > 0 && isSuffixTitle(w) && /\./.test(w) && !(/^[A-Z]\.$/.test(w) && /^\p{Lu}\p{Ll}/u.test(words[i + 1] ?? '') && !isSuffixTitle(words[i + 1]!)));
      if (firstTitle < 0) return null;
      commaAt = firstTitle - 1;
      weak = true;
    }
    if (!titleAfter(commaAt)) return null;
    start = commaAt;
    // back to the position's last word or a comma that ends it
    while (start > 0 && !positionWord(words[start - 1]!, regions) && !/,$/.test(words[start - 1]!) && commaAt - start < 3) start--;
    if (positionWord(words[start]!, regions) && start === commaAt) return null;
  }
  let end = Math.max(start, commaAt) + 1;
  if (commaAt < start) end = start + 1;
  // the name's own words after a prefix title run to the comma or the titles
  while (end < words.length && !isSuffixTitle(words[end]!) && commaAt < 0 && !positionWord(words[end]!, regions) && end - start < 5) end++;
  while (end < words.length && (isSuffixTitle(words[end]!) || /^[A-Z][a-z]?\.[A-Za-z.]*,?$/.test(words[end]!) || /^,$/.test(words[end]!))) end++;
  return { start, end, weak };
}

function clean(s: string): string | null {
  const t = s.replace(/\s+/g, ' ').replace(/^[\s,;:\-]+|[\s,;:\-(]+$/g, '').trim();
  return t || null;
}

/**
 * Reads the approver from the Disahkan-oleh cell and, for what it lacks, the signature block
 * (`signature`: the lines above and including the NIP line under the procedure table). `evidence`,
 * when given, is filled with where each part was found.
 * `regions` are the document's organisation and unit names, whose words belong to positions.
 * Adds a diagnostic for an invalid NIP (kept as written) and for a rank that does not fit its grade.
 */
export function parseApprover(cell: string | null | undefined, signature: string[], regions: Array<string | null>, diagnostics: Diagnostic[], evidence?: ApproverEvidence): Approver {
  const regionWords = regionWordSet(regions);
  const fromCell: Parts = cell ? readCell(cell, regionWords) : { ...emptyApprover(), nameWeak: false };
  const sig = signature.filter((l) => !SIGNATURE_OPENER.test(l.trim()));
  const fromSignature: Parts = sig.length && (!fromCell.name || fromCell.nameWeak || !fromCell.nip) ? readParts(sig.join('\n'), regionWords) : { ...emptyApprover(), nameWeak: false };
  // a name found only by its titles gives way to the signature's
  const nameFromCell = fromCell.nameWeak ? !fromSignature.name && !!fromCell.name : !!fromCell.name;
  const out: Approver = {
    name: nameFromCell ? fromCell.name : fromSignature.name,
    position: fromCell.position ?? fromSignature.position,
    rank: fromCell.rank ?? fromSignature.rank,
    grade: fromCell.grade ?? fromSignature.grade,
    nip: fromCell.nip ?? fromSignature.nip,
  };
  if (evidence) {
    const from = (inCell: boolean, value: string | null): ApproverSource => (value === null ? null : inCell ? 'cell' : 'signature');
    evidence.name = from(nameFromCell, out.name);
    evidence.nameWeak = out.name !== null && (nameFromCell ? fromCell.nameWeak : fromSignature.nameWeak);
    evidence.position = from(fromCell.position !== null, out.position);
    evidence.nip = from(fromCell.nip !== null, out.nip);
  }
  if (out.position) out.position = trimPosition(out.position);
  if (out.nip) {
    const info = decodeNip(out.nip);
    if (!info.valid) diagnostics.push({ level: 'warning', code: 'nip-invalid', message: `approver NIP ${out.nip} kept as written: ${info.problem}` });
  }
  if (rankGradeMismatch(out.rank, out.grade)) {
    diagnostics.push({ level: 'warning', code: 'rank-grade-mismatch', message: `approver rank ${out.rank} does not fit grade ${out.grade}` });
  }
  return out;
}

const MONTH = `(?:${MONTH_NAMES.join('|')})`;
/** Day numbers, month names and years before a position: the identity's dates run on by a flattened table. */
const LEADING_DATES = new RegExp(`^(?:(?:\\d{1,2}|\\d{4}|${MONTH})[\\s,./-]+)+(?=\\p{L})`, 'iu');
/**
 * A letterhead after a position: `PEMERINTAH KOTA MEDAN KELURAHAN …`, a government (Pemerintah
 * Kota/Kabupaten/Provinsi) and then an office of it. A position may end in its government alone
 * (`Sekretaris Daerah Pemerintah Provinsi Jawa Barat`).
 */
const LETTERHEAD_AFTER = /\s+Pemerintah\s+(?:Kota|Kabupaten|Kab\.|Provinsi|Prov\.)\s.*?\b(?:Kelurahan|Kecamatan|Desa|Dinas|Badan|Sekretariat|Inspektorat|Kantor|Bagian|Bidang|Satuan|Rumah\s+Sakit|Puskesmas)\b.*$/i;

/**
 * Cuts from a position what a flattened identity table runs onto it (dev-docs 10 and 12, web
 * copies): the dates before it (`04 Januari Desember Januari 2016 KEPALA KELURAHAN SEKIP`), a
 * letterhead after it (`… PEMERINTAH KOTA MEDAN KELURAHAN SEI PUTIH TIMUR-I …`), a bare `NIP`
 * label at its end, a unit in capitals after a position in mixed case (`Camat Ampenan SEKSI
 * PEMERINTAHAN`); then Title Case when it is all capitals. The letterhead is left when cutting it
 * would leave a single word, and the position as it was when the cuts leave nothing.
 */
export function trimPosition(position: string): string {
  let p = position.replace(LEADING_DATES, '');
  const head = p.replace(LETTERHEAD_AFTER, '');
  if (head.split(/\s+/).length >= 2) p = head;
  p = p.replace(NIP_AT_END, '');
  const cut = /^(.*?[a-z].*?)\s+(?:[A-Z]{2,}\s+)+[A-Z]{2,}$/.exec(p);
  if (cut) p = cut[1]!;
  return titleCaseIfUpper(p.trim() || position);
}

/**
 * A signatory's name written in brackets with its academic titles, as under a signature
 * (`(YUDA PRATIWI SETIAWAN, S.STP, M.SP)`), found anywhere in `texts`: for an approver whose
 * name a flattened table ran into another field (dev-docs 10, a web copy). The part before the
 * first comma must be words without digits and every part after it an academic title; null when no
 * bracket is such a name.
 */
export function bracketedName(texts: Array<string | null | undefined>): string | null {
  for (const text of texts) {
    if (!text) continue;
    for (const m of text.matchAll(/\(([^()]{3,120})\)/g)) {
      const [first, ...titles] = m[1]!.split(',').map((p) => p.trim());
      if (!first || !titles.length || !/^(?:(?:Prof|Dr|Drs|Dra|Ir|H|Hj)\.\s*)*\p{L}[\p{L}.' ]+$/u.test(first)) continue;
      if (titles.every((t) => t.split(/\s+/).every((w) => SUFFIX_TITLE.test(w)))) return clean(m[1]!);
    }
  }
  return null;
}

function emptyApprover(): Approver {
  return { name: null, position: null, rank: null, grade: null, nip: null };
}

/** Reads name, position, rank, grade and NIP from one text (a cell or a signature block). */
/** Approver parts, and whether the name was found only by the titles after it. */
type Parts = Approver & { nameWeak: boolean };

function readParts(text: string, regionWords: Set<string>): Parts {
  const out: Parts = { ...emptyApprover(), nameWeak: false };
  out.nip = findNip(text);
  const noNip = text.replace(NIP_AND_DIGITS, ' ');
  const rg = findRankGrade(noNip);
  out.rank = rg.rank;
  out.grade = rg.grade;
  let rest = withoutSpans(noNip, rg.spans);
  // a name in brackets: `KEPALA KELURAHAN (YUDA PRATIWI, S.STP)`
  const bracket = /\(([^()]*,[^()]*)\)/.exec(rest);
  if (bracket) {
    out.name = clean(bracket[1]!);
    rest = rest.replace(bracket[0], ' ');
  }
  const lines = rest.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const line of lines) {
    const words = line.replace(/\s+,/g, ',').split(/\s+/).filter(Boolean);
    const span = out.name ? null : findName(words, regionWords);
    if (span) {
      out.name = clean(words.slice(span.start, span.end).join(' '));
      out.nameWeak = span.weak;
      // the position before the name (`KEPALA … EMIRDA ZISWATI, S.E.`), or after it when the name comes first
      // (`Muhammad Faisal, S.Sos,M.Si Kepala Diskominfo Provinsi Kaltim`: a signature column's lines joined, wild 018)
      const before = clean(words.slice(0, span.start).join(' '));
      const after = clean(words.slice(span.end).join(' '));
      if (!out.position) out.position = before ?? after;
    } else if (!out.position) {
      out.position = clean(line);
    }
  }
  return out;
}

/**
 * Reads the Disahkan-oleh cell: its lines joined (a cell's lines are mostly one text wrapped), and,
 * when that finds no name, a last line (above its rank and NIP lines, if any) that is a name alone,
 * without titles, under the position (BPS Provinsi Bengkulu's 2025 template: `Kepala BPS Provinsi
 * Bengkulu` / `Win Rizal`).
 */
function readCell(cell: string, regionWords: Set<string>): Parts {
  const joined = readParts(cell.replace(/\s*\n\s*/g, ' '), regionWords);
  const lines = cell.split('\n').map((l) => l.trim()).filter(Boolean);
  // the name may stand above its rank and NIP lines (`BUDI SANTOSO` / `Pembina Tingkat I` / `NIP …`:
  // Kabupaten Banyuwangi's SOPs, wild 065)
  let end = lines.length;
  while (end > 1 && rankOrNipLine(lines[end - 1]!)) end--;
  const last = lines[end - 1];
  if (joined.name || end < 2 || !last || !bareName(last, regionWords)) return joined;
  const above = readParts([...lines.slice(0, end - 1), ...lines.slice(end)].join(' '), regionWords);
  return { ...above, name: clean(last), nameWeak: true };
}

/** A line holding only a NIP or only a rank and grade (`NIP 19740619 199302 1 002`, `Pembina Tingkat I`, `IV/b`). */
function rankOrNipLine(line: string): boolean {
  const noNip = line.replace(NIP_AND_DIGITS, ' ');
  const rest = withoutSpans(noNip, findRankGrade(noNip).spans);
  return rest.trim() !== line.trim() && !/\p{L}{2}/u.test(rest);
}

/** `text` with each `[start, end)` span replaced by a space (the rank and grade found in it). */
function withoutSpans(text: string, spans: ReadonlyArray<readonly [number, number]>): string {
  let rest = text;
  for (const [a, b] of [...spans].sort((x, y) => y[0] - x[0])) rest = rest.slice(0, a) + ' ' + rest.slice(b);
  return rest;
}

/**
 * A line that is a person's name alone: one to five capitalised words of letters (an initial or an
 * apostrophe allowed), none of them a word of positions or of the document's regions.
 */
function bareName(line: string, regionWords: Set<string>): boolean {
  const words = line.split(/\s+/);
  return words.length <= 5 && words.every((w) => /^\p{Lu}[\p{L}'’.-]*,?$/u.test(w) && !positionWord(w, regionWords));
}
