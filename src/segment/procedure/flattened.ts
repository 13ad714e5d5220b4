/**
 * A procedure table flattened into one paragraph (Tabel Prosedur without its columns): web-page
 * transcripts of SOP PDFs (docplayer "Transkripsi", fdokumen) give every cell of the table one
 * after the other, separated by single spaces, e.g. dev-docs 10 (Kelurahan Sei Putih Timur-I, Medan):
 *
 *   `PELAKSANA JFU sekretaris Lurah Kelengkapan Waktu Output 1 Menerima, mencatat dan melampirkan
 *   lembar disposisi. 1. Surat masuk; lembar disposisi Berkas surat dengan lembar disposisi. 2
 *   Memverifikasi surat masuk … Berkas surat dengan 5 lembar disposisi. Tidak Ya Berkas surat …`
 *
 * The header's words (Pelaksana, the actor labels, Kelengkapan, Waktu, Output) come first, then
 * each row: its number, the activity, the Kelengkapan, the Waktu number (often inside a neighbouring
 * cell's text, where the extractor met it on the page), the Output; decision labels (Ya / Tidak)
 * drawn in the actor columns fall between them. No column positions survive, so the cells are told
 * apart by the genre's writing: a cell starts with a capital (`Berkas surat …`) or a list marker
 * (`1.`), while a capital inside a cell follows a capitalised word (`Tata Naskah Dinas`) or a
 * preposition (`kepada Lurah`). The first cell is the activity, the last the output, the ones
 * between the requirements. Actor marks are lost, so steps carry none.
 *
 * The flattened strategy: its proposal competes with the other strategies' (index.ts).
 */
import { isBlank, textOf, type StreamRow } from '../stream.js';
import type { RawProcedure, RawStep } from '../types.js';
import { labelOf } from '../labels.js';
import { isRoleWord } from '../../normalise/role.js';
import type { DocumentStrategy } from './strategy.js';
import { COUNT_WORDS, DECISION_ANSWERS, DURATION_UNIT_WORDS, OTHER_TIME_WORDS } from '../../vocabulary/index.js';

/**
 * The flattened header: optional `Pelaksana` and the actor labels, optional `Mutu Baku`, then
 * Kelengkapan (Persyaratan), Waktu (with its unit in brackets) and Output (Keluaran, Hasil) in that
 * order, the Permenpan RB 35/2012 column order.
 */
const FLAT_HEADER = /(?:\bPelaksana\b\s*(?<actors>(?:(?!\b(?:Mutu|Kelengkapan|Persyaratan)\b)[^\n]){0,160}?)\s*)?(?:\bMutu\s+Baku\s+)?\b(?:Kelengkapan|Persyaratan)(?:\s*(?:dan|\/)\s*Peralatan)?\s+(?<waktu>Waktu(?:\s*\(\s*[\p{L}.]+\s*\))?)\s+(?:Output|Keluaran|Hasil)\b(?:\s+(?:Keterangan|Ket\.))?/iu;

/** The Mutu Baku words of the header, cheap to look for: the full header is tried only around them. */
const HEADER_ANCHOR = /\b(?:Kelengkapan|Persyaratan)(?:\s*(?:dan|\/)\s*Peralatan)?\s+Waktu\b/i;

/** Words that start a role name in an actor list (`Kepala …`, `Sekretaris …`, `JFU`), lower case. */
const ROLE_HEADS = new Set([
  'kepala', 'wakil', 'sekretaris', 'camat', 'lurah', 'bupati', 'walikota', 'wali', 'gubernur', 'inspektur', 'direktur',
  'ketua', 'koordinator', 'tim', 'jfu', 'jft', 'jf', 'staf', 'staff', 'pelaksana', 'petugas', 'pegawai', 'bendahara',
  'operator', 'pejabat', 'verifikator', 'arsiparis', 'pengelola', 'analis', 'auditor', 'resepsionis', 'pengadministrasi',
  'pemohon', 'masyarakat', 'pengguna', 'pelapor', 'pengadu', 'penerima', 'pimpinan', 'atasan', 'sekda', 'sekcam',
  'seklur', 'sekdes', 'kades', 'kaur', 'kasi', 'kasie', 'kasubag', 'kasubbag', 'kabag', 'kabid', 'kasubbid', 'kasubid',
  'kadis', 'kaban', 'irban', 'ppk', 'pptk',
]);

/** Role words that take the next role word as their complement (`Kepala Lurah` is not two actors). */
const OPEN_HEADS = /^(?:kepala|wakil|plt\.?|plh\.?|pj\.?)$/i;

/**
 * Splits the actor labels of a flattened header (`JFU sekretaris Lurah`, `Camat Sekretaris Camat
 * Kasi Pemerintahan`) into labels: a new label starts at each word that starts a role name; a label
 * that repeats an earlier one belongs to the one before it (`Sekretaris` + `Camat` after `Camat`).
 */
export function splitActorLabels(text: string): string[] {
  const groups: string[][] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const current = groups[groups.length - 1];
    const head = ROLE_HEADS.has(word.toLowerCase().replace(/[.,;:]/g, ''));
    if (!current || (head && !(current.length === 1 && OPEN_HEADS.test(current[0]!)))) groups.push([word]);
    else current.push(word);
  }
  const labels: string[] = [];
  for (const g of groups) {
    const label = g.join(' ');
    if (labels.length && labels.some((l) => l.toLowerCase() === label.toLowerCase())) labels[labels.length - 1] += ` ${label}`;
    else labels.push(label);
  }
  return labels;
}

/** Words a Waktu value or a quantity is written with: `5 Menit` is no step 5. */
const UNIT_WORDS = `(?:${[...DURATION_UNIT_WORDS.filter((w) => w.length > 2), ...OTHER_TIME_WORDS, ...COUNT_WORDS].join('|')})\\b`;

/**
 * Where each step starts: its running number (1, 2, 3 …; a bare one before a list marker `n.`)
 * before a capitalised word that is not a unit. The candidates are found in one pass.
 */
function stepStarts(text: string): Array<{ at: number; body: number }> {
  const candidates = new Map<number, Array<{ at: number; body: number; dotted: boolean }>>();
  const re = new RegExp(`(?<![\\p{L}\\p{N}.,/:-])(\\d{1,3})(\\.?)\\s+(?=\\p{Lu}\\p{Ll})(?!${UNIT_WORDS})`, 'gu');
  for (const m of text.matchAll(re)) {
    const n = Number(m[1]);
    if (n < 1 || n > MAX_STEPS) continue;
    const list = candidates.get(n) ?? [];
    list.push({ at: m.index!, body: m.index! + m[0].length, dotted: m[2] === '.' });
    candidates.set(n, list);
  }
  const starts: Array<{ at: number; body: number }> = [];
  for (let n = 1, pos = 0; n <= MAX_STEPS; n++) {
    const after = (candidates.get(n) ?? []).filter((c) => c.at >= pos);
    const pick = after.find((c) => !c.dotted) ?? after[0];
    if (!pick) break;
    starts.push(pick);
    pos = pick.body;
  }
  return starts;
}

/** Words before which a capitalised word stays in the same cell (a name after a preposition: `kepada Lurah`). */
const JOINERS = new Set(['kepada', 'kpd', 'ke', 'dari', 'oleh', 'dan', 'atau', 'serta', 'untuk', 'dengan', 'pada', 'di', 'tentang', 'yang', 'bagi', 'melalui', 'sesuai', 'antara', 'terhadap', 'dalam', 'oleh', 'u/', 'an.', 'a.n.']);

/** Role-vocabulary words that name things a cell starts with (`Laporan …`, `Program …`), not actors. */
const THING_WORDS = new Set(['laporan', 'rencana', 'bahan', 'program', 'kegiatan', 'informasi', 'perlengkapan', 'hukum', 'kerja', 'layanan', 'pelayanan']);

/** A word of an actor's name (`Kasubbag`, `Inspektur`, `Pelaksana`). */
function actorWord(word: string): boolean {
  return isRoleWord(word) && !THING_WORDS.has(word.toLowerCase().replace(/[.,;:]/g, ''));
}

/** A list marker written before an item: `1.`, `2)`, `a.`, `-`, `•`. */
const MARKER = /^(?:\d{1,2}[.)]|[a-z][.)]|[-•])$/;

/**
 * True when capitalised `word` goes on the cell `prev` is in: after a preposition (`kepada Lurah`),
 * inside a name of a thing (`Tata Naskah Dinas`; not after an acronym, `RT/RW Berkas …`), or inside
 * an actor's name (`Staf Pelayanan`, `Kasubbag Umum`).
 */
function joinsNext(prev: string, word: string): boolean {
  if (JOINERS.has(prev.toLowerCase())) return true;
  if (/[.;:]$/.test(prev)) return false;
  if (actorWord(prev)) return isRoleWord(word);
  if (/^\p{Lu}\p{Ll}/u.test(prev)) return true;
  return actorWord(word);
}

/** A Waktu value: a number or a range, with its unit when written (`5`, `15 menit`, `1 - 5 hari kerja`); a bare number before a thing counted (`2 lembar`) is none. */
const DURATION = new RegExp(`(?<![\\p{L}\\p{N}.,/])\\d+(?:[.,]\\d+)?(?:\\s*[-–]\\s*\\d+(?:[.,]\\d+)?)?(?:\\s+(?:hari\\s+kerja|${[...DURATION_UNIT_WORDS.filter((w) => w.length > 2), 'detik'].join('|')})\\b|(?![\\p{N}.])(?!\\s*(?:${COUNT_WORDS.join('|')})\\b))`, 'iu');

/** Words that make a following number part of a citation or a name, not a Waktu value. */
const NUMBER_CONTEXT = /(?:\b(?:nomor|no|tahun|pasal|ayat|angka|huruf|ke|rt|rw)\.?\s*|[-/]\s*)$/i;

/** Stands in the text where the Waktu value was taken out. */
const WAKTU_HERE = '\u0000';

/** A decision answer written out (`Ya`, `Tidak`: the first word of each list), not an abbreviation. */
const DECISION_FULL_WORD = new RegExp(`^(?:${DECISION_ANSWERS.yes[0]}|${DECISION_ANSWERS.no[0]})$`, 'i');

/** Drops the Ya / Tidak labels of a decision's connectors: a lone `Ya` or `Tidak` (not the first word) before a capital, a list marker or the end. */
function dropDecisionLabels(words: string[]): string[] {
  return words.filter((w, i) => i === 0 || !DECISION_FULL_WORD.test(w) || !(i + 1 === words.length || /^(?:\p{Lu}|\d+\.$)/u.test(words[i + 1]!)));
}

/**
 * One row of a flattened table: the text after its number → activity, requirements, Waktu, output.
 * Decision labels (`Tidak Ya`) are dropped; the first Waktu value after the activity's first word is
 * taken out of the text wherever it sits.
 */
export function flatStep(number: number, body: string, actorCount: number, page: number): RawStep {
  let text = body.replace(/\s+/g, ' ').trim();
  let duration: string | null = null;
  const re = new RegExp(DURATION.source, 'giu');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index === 0 || NUMBER_CONTEXT.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    duration = m[0].trim();
    // where the value stood: the Output column starts there when the next word is capitalised
    text = `${text.slice(0, m.index).trim()} ${WAKTU_HERE} ${text.slice(m.index + m[0].length).trim()}`.trim();
    break;
  }
  const words = dropDecisionLabels(text.split(' '));
  const cells: string[][] = [];
  // the number the next item of a numbered list opening the current cell would carry (`1. … 2. …`)
  let listNext: number | null = null;
  let afterWaktu = false;
  words.forEach((w, i) => {
    if (w === WAKTU_HERE) {
      afterWaktu = true;
      return;
    }
    const prev = words[i - 1] === WAKTU_HERE ? words[i - 2] : words[i - 1];
    const item = /^(\d{1,2})[.)]$/.exec(w);
    let starts: boolean;
    if (i === 0 || !prev || !cells.length) starts = true;
    else if (afterWaktu && (/^\p{Lu}/u.test(w) || item)) starts = true;
    else if (item) {
      // a numbered item starts a cell unless it goes on with the list the cell began with
      starts = Number(item[1]) !== listNext;
    } else if (MARKER.test(prev!)) starts = false;
    else if (/^\p{L}+$/u.test(w) && w.toLowerCase() === prev!.toLowerCase()) {
      // `dokumen dokumen`: one cell ends with the word the next one starts with
      starts = true;
    } else if (/^[-•]$/.test(w)) starts = /[.;:]$/.test(prev!);
    else starts = /^\p{Lu}\p{Ll}/u.test(w) && !joinsNext(prev!, w);
    afterWaktu = false;
    if (starts) {
      cells.push([w]);
      listNext = item ? Number(item[1]) + 1 : null;
    } else {
      cells[cells.length - 1]!.push(w);
      if (item) listNext = Number(item[1]) + 1;
    }
  });
  const joined = cells.map((c) => c.join(' '));
  const activity = joined[0] ?? '';
  const output = joined.length >= 2 ? joined[joined.length - 1]! : null;
  const requirements = joined.length >= 3 ? joined.slice(1, -1).join(' ') : null;
  return {
    number, activity, requirements, duration, output, notes: null, page,
    marks: new Array<string | null>(actorCount).fill(null),
    shapes: new Array<null>(actorCount).fill(null),
  };
}

/** Most steps read from one paragraph (an SOP has tens; a hostile text may count on for ever). */
const MAX_STEPS = 500;

/** Most characters of one flattened table read (a long SOP's table is a few thousand). */
const MAX_BODY = 200_000;

/**
 * Finds a flattened procedure table in stream rows [from, until): a row holding the flattened
 * header, its text after the header and the non-blank rows after it (up to a blank row or an
 * identity label). Returns null when there is no such header or no numbered step after it;
 * `before` is the text of the header's row before the header (a title, identity text run on).
 */
export function readFlattenedProcedure(rows: StreamRow[], from: number, until: number): { procedure: RawProcedure; start: number; end: number; before: string } | null {
  for (let i = from; i < until; i++) {
    // the header's words run together inside one cell (a table whose header has cells of its own is no flattened one)
    const cell = rows[i]!.cells.find((c) => HEADER_ANCHOR.test(c.text));
    if (!cell) continue;
    const text = textOf(rows[i]!);
    const anchor = HEADER_ANCHOR.exec(text)!;
    // `Pelaksana` and the actor labels stand at most a couple of hundred characters before the anchor
    const windowStart = Math.max(0, anchor.index - 200);
    const header = FLAT_HEADER.exec(text.slice(windowStart, anchor.index + anchor[0].length + 40));
    if (!header) continue;
    let body = text.slice(windowStart + header.index + header[0].length, windowStart + header.index + header[0].length + MAX_BODY);
    let end = i + 1;
    for (; end < until && !isBlank(rows[end]!) && !rows[end]!.cells.some((c) => labelOf(c.text) !== null) && body.length < MAX_BODY; end++) body += ` ${textOf(rows[end]!)}`;
    const starts = stepStarts(body);
    if (!starts.length) {
      // the rows after it belong to this header's paragraph: none of them starts another
      i = end - 1;
      continue;
    }
    const actors = splitActorLabels(header.groups?.actors ?? '');
    const steps = starts.map((s, k) => {
      let rowText = body.slice(s.body, starts[k + 1]?.at ?? body.length);
      // the Waktu column's total and a page number after the last row
      if (k === starts.length - 1) rowText = dropTrailingNumbers(rowText, 2);
      return flatStep(k + 1, rowText, actors.length, rows[i]!.page);
    });
    const waktu = header.groups?.waktu ?? null;
    return {
      procedure: { actors, durationHeader: waktu && /\(/.test(waktu) ? waktu : null, steps },
      start: i,
      end,
      before: text.slice(0, windowStart + header.index).trim(),
    };
  }
  return null;
}

/** The text without at most `count` bare numbers at its end. */
function dropTrailingNumbers(text: string, count: number): string {
  const words = text.trimEnd().split(' ');
  for (let k = 0; k < count && words.length > 1 && /^\d+$/.test(words[words.length - 1]!); k++) words.pop();
  return words.join(' ');
}

export const flattenedStrategy: DocumentStrategy = {
  name: 'flattened',
  read(rows, from, until) {
    const flat = readFlattenedProcedure(rows, from, until);
    if (!flat) return null;
    return {
      strategy: 'flattened',
      procedure: flat.procedure,
      start: flat.start,
      spans: [[flat.start, flat.end]],
      // the flattened header names Kelengkapan, Waktu and Output in their order (FLAT_HEADER)
      roles: new Set(['requirements', 'duration', 'output']),
      ...(flat.before ? { before: flat.before } : {}),
      diagnostics: [{ level: 'warning', code: 'procedure-flattened', message: 'the procedure table was read from one paragraph without columns: its cells were told apart by capitals and list markers' }],
    };
  },
};
