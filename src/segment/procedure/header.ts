/**
 * The procedure table's header (Permenpan RB 35/2012, Lampiran; DOMAIN.md §2): the roles its cells
 * name (No, Uraian Prosedur, Pelaksana, Mutu Baku: Kelengkapan, Waktu, Output, Keterangan), which
 * rows are header rows, and the block of rows a header spans. Shared by every strategy that reads a
 * table with a header.
 */
import { looksLikeDuration } from '../../normalise/duration.js';
import { memoize } from '../../memo.js';
import { repairOcrWords } from '../../normalise/text.js';
import { isBlank, stepNumberOf, type StreamRow } from '../stream.js';
import { anyPhrase, escapeRe, HEADER_WORDS, SENTENCE_WORDS, type HeaderRole } from '../../vocabulary/index.js';

export type Role = HeaderRole;

/** A header cell naming a role: the role's words (vocabulary), the Waktu column with its unit in brackets (`Waktu (menit)`). */
const KEYWORDS: Array<[Role, RegExp]> = HEADER_WORDS.map(([role, words]) => [
  role,
  new RegExp(`^${anyPhrase(words)}${role === 'duration' ? '(?:\\s*\\(\\s*[\\p{L}.]+\\s*\\))?' : ''}\\s*:?$`, 'iu'),
]);

/** A header cell's text without spacing and the OCR specks and dashes around it (`— Kelengkapan`). */
export function headerRoleText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/^[-–—|:;,.'"*]+\s*|\s*[-–—|:;,.'"*]+$/g, '');
}

/** A line of one or two characters without a letter: OCR's reading of a speck, a rule's end or a dash. */
const OCR_SPECK = /^[^\p{L}]{1,2}$/u;

/** The role a header cell names, or null when it is an actor label or other text. */
export const headerRole: (text: string) => Role | null = memoize(headerRoleUncached);

function headerRoleUncached(text: string): Role | null {
  const t = headerRoleText(text);
  for (const [role, re] of KEYWORDS) if (re.test(t)) return role;
  // no header word holds a digit: a digit or two glued to or between its words is a speck OCR read
  // (`Uraian5 Prosedur` for `Uraian Prosedur`, mojibake rendition page 1)
  const unspecked = t.replace(/(?<=\p{L})\d{1,2}(?=\s|$)|(?<=\s)\d{1,2}(?=\s)/gu, '').replace(/\s+/g, ' ');
  if (unspecked !== t && /\p{L}{2}/u.test(unspecked)) {
    for (const [role, re] of KEYWORDS) if (role !== 'no' && re.test(unspecked)) return role;
  }
  // a header cell of a few lines named by its first one (`Waktu` / `(menit)`, with OCR noise between);
  // a line of a speck or two without letters (`5` read from a rule's end in a scan) is no line of it
  const all = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const lines = all.filter((l) => !OCR_SPECK.test(l));
  if (lines.length === 1 && all.length > 1) return headerRole(lines[0]!);
  if (lines.length > 1 && lines.length <= 4) {
    for (const [role, re] of KEYWORDS) if (role !== 'group' && re.test(lines[0]!)) return role;
  }
  // OCR's misreading by a letter of words of one role, run together by a stray mark
  // (`Persyaratanf:kelengkajan` for `Persyaratan/Kelengkapan`: Diskominfo Kaltim's picture, wild 013);
  // never with a figure (`Waktu 2` is a step's cell)
  if (lines.length === 1 && !/\d/.test(t)) {
    const words = repairOcrWords(t, HEADER_WORD_LIST).split(/[^\p{L}]+/u).filter(Boolean);
    const roles = new Set(words.map((w) => KEYWORDS.find(([, re]) => re.test(w))?.[0] ?? null));
    const [only] = roles;
    if (words.length && roles.size === 1 && only && only !== 'group' && only !== 'no' && words.some((w) => w.length >= 5)) return only;
  }
  return null;
}

/** The single words of the header vocabulary, for repairing OCR's misreadings. */
const HEADER_WORD_LIST = [...new Set(HEADER_WORDS.flatMap(([, ws]) => ws.flatMap((w) => w.split(/[^\p{L}]+/u)).filter((w) => w.length >= 5)))];

/** Roles named by the cells of a row (several words of one cell are tried one by one too). */
export function rolesInRow(row: StreamRow): Set<Role> {
  const roles = new Set<Role>();
  for (const c of row.cells) {
    for (const line of c.text.split('\n')) {
      const r = headerRole(line);
      if (r) roles.add(r);
      else if (line.length < 60) {
        // `No Aktivitas`, `Kelengkapan Waktu Output` when the extractor kept them in one cell: every
        // word a header word (a step's `Usulan kegiatan` or `hasil survei` names no column)
        const words = line.split(/\s+/).filter(Boolean);
        if (words.length < 2) continue;
        const found: Role[] = [];
        for (const w of words) {
          const rw = headerRole(w);
          if (rw === null) break;
          found.push(rw);
        }
        if (found.length === words.length) for (const rw of found) if (rw !== 'group' && rw !== 'no') roles.add(rw);
      }
    }
  }
  return roles;
}

/**
 * True for the row numbering the columns under a header (`1 2 3 … 9`, common in SOP AP tables):
 * four or more cells holding integers only, rising from left to right from 1 or 2, by one at a time
 * but for a number lost here and there (`1 2 3 4 5 7 8 9`, the 6 of an empty actor column lost to
 * OCR, repeated at the top of a continuation page: wild 006). It is part of the header, not step 1.
 */
export function isColumnNumbering(row: StreamRow): boolean {
  const numbers = row.cells.filter((c) => !c.shape).map((c) => stepNumberOf(c.text));
  if (numbers.length < 4 || numbers.some((n) => n === null) || numbers[0]! > 2) return false;
  const rising = numbers.every((n, i) => i === 0 || n! > numbers[i - 1]!);
  const skipped = numbers.reduce<number>((sum, n, i) => (i === 0 ? 0 : sum + n! - numbers[i - 1]! - 1), 0);
  return rising && skipped <= Math.floor(numbers.length / 4);
}

/** True for a row that is (part of) a procedure table header (the answer is kept per row). */
export function isHeaderRow(row: StreamRow): boolean {
  let known = headerRows.get(row);
  if (known === undefined) headerRows.set(row, (known = headerRowUncached(row)));
  return known;
}

const headerRows = new WeakMap<StreamRow, boolean>();

/** The roles that make a row a procedure header (with one other role beside them). */
const STRONG_ROLES: readonly Role[] = ['activity', 'description', 'requirements', 'duration', 'output'];

/**
 * A word every header with a strong role holds (the first words of those roles' phrases): most
 * rows of a document hold none and need no closer look.
 */
const STRONG_HINT = new RegExp(
  [...new Set(HEADER_WORDS.filter(([r]) => STRONG_ROLES.includes(r)).flatMap(([, ws]) => ws.map((w) => w.split(/[\s/]+/)[0]!.replace(/\.$/, '').toLowerCase())))].map(escapeRe).join('|'),
  'i',
);

/** A cell holding one word of running text (SENTENCE_WORDS). */
const SENTENCE_WORD = new RegExp(`^(?:${SENTENCE_WORDS.join('|')})$`, 'i');

function headerRowUncached(row: StreamRow): boolean {
  if (!row.cells.some((c) => STRONG_HINT.test(c.text))) return false;
  if (row.cells.some((c) => SENTENCE_WORD.test(c.text.trim()))) return false;
  const roles = rolesInRow(row);
  const strong = STRONG_ROLES.filter((r) => roles.has(r)).length;
  return roles.size >= 2 && strong >= 1;
}


/** Header block: the header row and its neighbours that carry actor labels, up to the first step. */
export function headerBlock(rows: StreamRow[], at: number): { start: number; end: number } {
  let start = at;
  // a group row above (`Pelaksana … Mutu Baku`) belongs to the header, and so does an `Uraian
  // Prosedur` row above the first lines of wrapped actor labels (`Front Desk/` over `Sekretariat`:
  // OCR lines of a scanned header, Banyuwangi)
  const upper = (r: StreamRow): boolean => [...rolesInRow(r)].some((x) => x === 'group' || x === 'no' || x === 'activity' || x === 'notes' || x === 'description');
  for (let k = at - 1, labels = 0; k >= 0 && !isBlank(rows[k]!) && !firstStepNumber(rows[k]!); k--) {
    if (upper(rows[k]!)) {
      start = k;
      labels = 0;
    } else if (shortLabels(rows[k]!) && labels < 2) labels++;
    else break;
  }
  let end = at + 1;
  const detailed = (): boolean => rows.slice(start, end).some((r) => [...rolesInRow(r)].some((x) => x === 'requirements' || x === 'duration' || x === 'output'));
  while (end < rows.length) {
    let r = rows[end]!;
    if (isBlank(r)) {
      // a header split by blank lines (`Uraian Prosedur … Ket`, blank, `Pengguna … Kelengkapan Waktu Output`: dev-doc 03)
      let k = end;
      while (k < rows.length && k - end < 3 && isBlank(rows[k]!)) k++;
      // a header cell's second line one blank away (OCR's lines are as tall as their ink, so the
      // lines of a header set 1.5 apart stand a blank apart: `Pihak` / `Terlibat`, wild 021 as a scan)
      if (k - end === 1 && k < rows.length && completesLabels(rows.slice(start, end), rows[k]!)) {
        end = k + 1;
        continue;
      }
      if (detailed() || k >= rows.length || k - end >= 3 || firstStepNumber(rows[k]!) !== null) break;
      if (!isHeaderRow(rows[k]!) && ![...rolesInRow(rows[k]!)].length && !shortLabels(rows[k]!)) break;
      end = k;
      r = rows[end]!;
    }
    if (isColumnNumbering(r)) {
      end++;
      continue;
    }
    if (firstStepNumber(r) !== null) break;
    if (isHeaderRow(r) || [...rolesInRow(r)].length > 0) {
      end++;
      continue;
    }
    // a line of short labels only (a wrapped actor name: `Umum`, `Layanan`) continues the header
    if (shortLabels(r)) {
      end++;
      continue;
    }
    if (r.gridded && r.cells.every((c) => (c.col ?? 0) >= 2) && r.cells.every((c) => !looksLikeDuration(c.text))) {
      end++;
      continue;
    }
    break;
  }
  return { start, end };
}

/**
 * Whether every cell of positioned line `r` lies under a cell of the header lines `block` whose
 * label names no column until the cell's text is added to it (`Pihak` + `Terlibat`).
 */
function completesLabels(block: StreamRow[], r: StreamRow): boolean {
  if (r.gridded || !r.cells.length) return false;
  const above = block.filter((b) => !b.gridded).flatMap((b) => b.cells);
  return r.cells.every((c) => above.some((h) => h.x < c.x + c.width && c.x < h.x + h.width && headerRole(h.text) === null && headerRole(`${h.text} ${c.text}`) !== null));
}

/** A positioned line holding only short labels (a wrapped actor name: `Umum`, `Layanan`). */
function shortLabels(r: StreamRow): boolean {
  return !r.gridded && r.cells.length > 0 && r.cells.length <= 6 && r.cells.every((c) => c.text.length <= 30 && !/\d/.test(c.text) && !looksLikeDuration(c.text));
}

/** The step number of a row: its first cell when that is a bare number, or a number leading the first cell. */
export function firstStepNumber(row: StreamRow): number | null {
  const first = row.cells[0];
  if (!first) return null;
  if (row.gridded && (first.col ?? 0) > 1) return null;
  const n = stepNumberOf(first.text);
  if (n !== null) return n;
  return null;
}
