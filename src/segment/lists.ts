/**
 * Splitting the identity table's list sections (Dasar Hukum, Kualifikasi Pelaksana, Keterkaitan,
 * Peralatan/Perlengkapan, Peringatan, Pencatatan dan Pendataan) into items.
 *
 * Lists come numbered (`1.`, `1`, `a.`), as HTML `<li>`, or run together on one line (DOMAIN.md §1):
 * `a. Peraturan … b. Peraturan …` and `1 Memahami … 2 Memahami …` (seed 004), `<ol>` without `<li>`
 * (seed 000: `SOP Surat Masuk SOP Surat Keluar SOP Pelaporan SKPD`), citations one after another
 * (seed 000, dev-doc 12).
 */
import { NON_FINAL_WORDS } from '../normalise/text.js';
import type { ListField } from './labels.js';
import type { SectionPiece } from './types.js';

/** A list marker at the start of a line: `1.`, `1)`, `a.`, `(a)`, `-`, `•`; `2:` is an OCR reading of `2.`. */
const LINE_MARKER = /^\s*(?:\(?(\d{1,2})[.):]|\(?([a-zA-Z])[.)]|\((\d{1,2}|[a-z])\)|[-–•*·▪➢►✓])\s+/;

interface Marker {
  /** Offset of the marker in the text. */
  at: number;
  /** Offset of the item text after the marker. */
  body: number;
  /** Ordinal value: 1 for `1.`/`a.`. */
  value: number;
  kind: 'number' | 'letter';
  dotted: boolean;
}

/** Words after which a bare number is a value, not a list marker (`Nomor 7`, `Tahun 2008`). */
const NUMBER_CONTEXT = /(?:\bNo(?:mor)?\.?|\bTahun|\bPasal|\bayat|\bangka|\bhuruf|\bRp\.?|\bke-?|\bminimal|\bmaksimal|\bpaling\s+lambat|\bselama|\bdalam|\bsetiap|\blampiran|\bjam|\bpukul|\b[Kk]elas|\blantai|\blt\.?)\s*$/i;

/** All candidate markers inside a text. */
function candidateMarkers(text: string): Marker[] {
  const out: Marker[] = [];
  const re = /(^|[\s;,.:])(\(?(\d{1,2})([.)])?|\(?([a-z])([.)]))\s+(?=[\p{L}(“"'])/gu;
  for (const m of text.matchAll(re)) {
    const at = m.index! + m[1]!.length;
    const body = m.index! + m[0].length;
    const before = text.slice(Math.max(0, at - 24), at);
    if (m[3] !== undefined) {
      const dotted = m[4] !== undefined;
      const next = text.charAt(body);
      if (NUMBER_CONTEXT.test(before)) continue;
      if (!dotted && !/\p{Lu}/u.test(next)) continue;
      // a number inside a figure (`2.000`, `1.5`) is not a marker
      if (dotted && /\d/.test(text.charAt(at + m[3].length + 1))) continue;
      out.push({ at, body, value: Number(m[3]), kind: 'number', dotted });
    } else if (m[5] !== undefined) {
      // single letters only with a dot or bracket, and not initials inside names (`S.H.`)
      if (/\p{L}\.?$/u.test(before.trimEnd()) && !/[;.:,]$/.test(before.trimEnd()) && before.trim() !== '') {
        // a letter marker normally follows the end of the previous item: `…; b.` or `… RPJPD; b.`
        if (!/\s$/.test(before)) continue;
      }
      const next = text.charAt(body);
      if (!/\p{Lu}/u.test(next)) continue;
      out.push({ at, body, value: m[5].charCodeAt(0) - 96, kind: 'letter', dotted: true });
    }
  }
  return out;
}

/**
 * The longest chain of markers numbered 1, 2, 3… (or a, b, c…) in order inside `text`, of the
 * same kind and punctuation. Null when no chain of two or more exists. With `firstValue` > 1 the
 * chain continues a list whose first items came before `text` (one marker is then enough).
 */
export function enumerationChain(text: string, startAt = 0, firstValue = 1): Marker[] | null {
  const cands = candidateMarkers(text).filter((m) => m.at >= startAt);
  let best: Marker[] | null = null;
  const minLength = firstValue === 1 ? 2 : 1;
  for (const first of cands) {
    if (first.value !== firstValue) continue;
    const chain = [first];
    let last = first;
    for (const c of cands) {
      if (c.at <= last.at) continue;
      if (c.kind === first.kind && c.dotted === first.dotted && c.value === last.value + 1) {
        chain.push(c);
        last = c;
      }
    }
    if (chain.length >= minLength && (!best || chain.length > best.length)) best = chain;
  }
  return best;
}

/**
 * Cuts a text at its enumeration markers. The last item of a run-together list may carry the
 * paragraph written after the list (`… 3 Kasubbag … : Lembar Disposisi; Paraf Setiap tahap
 * terdokumentasi …`, seed 004): when the last item repeats the last two words of the item before it
 * and goes on with a capitalised sentence of three words or more, that sentence is an item of its own.
 */
function cutAtChain(text: string, chain: Marker[]): string[] {
  const items: string[] = [];
  const lead = text.slice(0, chain[0]!.at).trim();
  if (lead) items.push(lead);
  chain.forEach((m, i) => {
    const end = i + 1 < chain.length ? chain[i + 1]!.at : text.length;
    items.push(text.slice(m.body, end).trim());
  });
  const listed = items.slice(lead ? 1 : 0);
  if (listed.length >= 2) {
    // the last two words of the item before, repeated in the last item and followed by a new sentence
    const tail = listed[listed.length - 2]!.split(/\s+/).slice(-2);
    const words = listed[listed.length - 1]!.split(/\s+/);
    for (let at = words.length - 5; tail.length === 2 && at >= 1; at--) {
      if (words[at - 1] === tail[0] && words[at] === tail[1] && /^\p{Lu}/u.test(words[at + 1] ?? '')) {
        items[items.length - 1] = words.slice(0, at + 1).join(' ');
        items.push(words.slice(at + 1).join(' '));
        break;
      }
    }
  }
  return items;
}

const CITATION_HEAD = /(?:Undang-Undang|Undang\s*-\s*Undang|UU|PP|Peraturan|Perda|Perbup|Perwal|Perwako|Pergub|Permen\w*|Perpres|Keppres|Kepres|Inpres|Keputusan|Instruksi|Surat\s+Edaran|Kepmen\w*|Perka\w*|SE)\b/;
const CITATION_CONNECTORS = new Set([
  'atas', 'dengan', 'tentang', 'pelaksanaan', 'perubahan', 'dan', 'terhadap', 'dari', 'sebagaimana', 'diubah',
  'yaitu', 'mengenai', 'pertama', 'kedua', 'ketiga', 'keempat', 'kelima', 'terakhir', 'juncto', 'jo', 'jo.',
  'kali', 'beberapa', 'berdasarkan', 'menurut', 'dalam', 'sesuai', 'amanat', 'penjelasan', 'lampiran',
  'petunjuk', 'teknis', 'pedoman', 'turunan', 'serta', 'atau', 'pengganti', 'dicabut', 'mencabut', 'oleh',
]);

/**
 * Splits citations written one after another (`… Kabupaten Pesisir Selatan Peraturan Bupati …`,
 * seed 000; `… Nasional UU NO. 32 Tahun 2004 …`, dev-doc 12). A new citation starts at a regulation
 * type (or at `No. … Tahun …` without one) once the current one has its year, unless the word before
 * links the two (`Perubahan atas Peraturan …`, `Pelaksanaan Undang-Undang …`), and only when a
 * number follows within a few words.
 */
export function splitCitations(text: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`(?<=\\s)(?:${CITATION_HEAD.source}|(?:Nomor|No\\.?)\\s*:?\\s*\\d)`, 'g');
  let start = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index!;
    const current = text.slice(start, at);
    if (!/\b(?:Tahun\s*\d{4}|\/\s*\d{4})\b/i.test(current)) continue;
    const prevWord = (current.trim().split(/\s+/).pop() ?? '').toLowerCase().replace(/[,;]$/, '');
    if (CITATION_CONNECTORS.has(prevWord) || NON_FINAL_WORDS.has(prevWord)) continue;
    const ahead = text.slice(at, at + 140);
    if (!/^(?:\S+\s+){0,10}?(?:Nomor|No\.?)\s*:?\s*\d|^\S+\s+\d+\s*\/\s*\d{4}/i.test(ahead)) continue;
    if (/^(?:Nomor|No)/i.test(m[0])) {
      // a bare `No. 2 Tahun 2009` starts a citation only when no type word stands right before it
      const tail = current.trim().split(/\s+/).slice(-3).join(' ');
      if (CITATION_HEAD.test(tail)) continue;
    }
    out.push(text.slice(start, at).trim());
    start = at;
  }
  out.push(text.slice(start).trim());
  return out.filter(Boolean);
}

/** Head nouns that take the next word in equipment lists (`Perangkat Komputer`, `Alat Tulis Kantor`). */
const EQUIPMENT_HEADS = new Set(['perangkat', 'alat', 'tulis', 'buku', 'jaringan', 'mesin', 'ruang', 'ruangan', 'kertas', 'lembar', 'kendaraan', 'aplikasi', 'sistem', 'data', 'dokumen', 'formulir', 'blanko', 'papan', 'kotak', 'map', 'meja', 'lemari', 'printer']);

/**
 * Splits one run-together item with no markers: at each repetition of its first word (`SOP …
 * SOP …`, `Memiliki … Memiliki …`), else at sentence boundaries (a lower-case word that can end a
 * sentence followed by a capitalised one). An equipment line of capitalised words only (`Renstra
 * Renja DPA Perangkat Komputer`, seed 000) is split into words, head nouns keeping their complement.
 */
export function splitRunTogether(text: string, field: ListField): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length < 3) return [text];
  const first = words[0]!;
  if (/^\p{Lu}/u.test(first) && first.length >= 3) {
    const parts: string[][] = [[]];
    words.forEach((w, i) => {
      const prev = (words[i - 1] ?? '').toLowerCase();
      if (i > 0 && w === first && !NON_FINAL_WORDS.has(prev) && !CITATION_CONNECTORS.has(prev)) parts.push([]);
      parts[parts.length - 1]!.push(w);
    });
    if (parts.length > 1 && parts.every((p) => p.length >= 2)) return parts.map((p) => p.join(' '));
  }
  const sentences = splitSentences(text, false);
  if (sentences.length > 1) return sentences;
  if (field === 'equipment' && words.every((w) => /^[\p{Lu}\d]/u.test(w)) && words.length <= 10) {
    const items: string[] = [];
    for (let i = 0; i < words.length; i++) {
      let item = words[i]!;
      while (EQUIPMENT_HEADS.has(words[i]!.toLowerCase().replace(/[,;]$/, '')) && i + 1 < words.length) item += ` ${words[++i]}`;
      items.push(item);
    }
    return items;
  }
  return [text];
}

/**
 * Splits text at sentence boundaries that lost their punctuation: a lower-case word that is not a
 * conjunction or preposition, followed by a capitalised word (`… kerja Dicatat …`), or by an
 * acronym when `acronyms` is set (`… tahun sebelumnya RKA dan …`, dev-doc 12).
 */
export function splitSentences(text: string, acronyms: boolean): string[] {
  const start = acronyms ? /^\p{Lu}/u : /^\p{Lu}\p{Ll}/u;
  const words = text.split(/\s+/).filter(Boolean);
  const parts: string[][] = [[]];
  words.forEach((w, i) => {
    const prev = words[i - 1];
    if (prev && /^\p{Ll}[\p{Ll}\-]*[.,;:]?$/u.test(prev) && start.test(w) && !NON_FINAL_WORDS.has(prev.replace(/[.,;:]$/, '')) && !/[,:]$/.test(prev)) {
      if (parts[parts.length - 1]!.length >= 2) parts.push([]);
    } else if (prev && /[.]$/.test(prev) && /^\p{Lu}/u.test(w) && !/^(?:\p{Lu}\.|No\.|Kab\.|Prov\.|dll\.|dsb\.)$/u.test(prev) && prev.length > 3) {
      if (parts[parts.length - 1]!.length >= 2) parts.push([]);
    }
    parts[parts.length - 1]!.push(w);
  });
  return parts.map((p) => p.join(' ')).filter(Boolean);
}

function cleanItem(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/^[\s:;,\-–•*·]+/, '').replace(/[\s;,]+$/, '').trim();
}

interface Line {
  text: string;
  hard: boolean;
}

/** How far apart (in the page unit) two list markers may start and still stand in one column. */
const COLUMN_TOLERANCE = { char: 3, pt: 12, px: 40 } as const;

/**
 * The pieces of a list printed in two or more columns side by side (`- Lapangan Parkir …` at the left,
 * `- Komputer (unit PC)` at the right: a Sarana list of Diskominfo Kalimantan Timur), in reading
 * order: down the first column, then down the next. Columns start where two or more items' markers
 * start; a line without a marker belongs to the column it stands in. Pieces without positions, or a
 * list in one column, are returned as they are.
 */
function inColumnOrder(given: SectionPiece[]): SectionPiece[] {
  if (given.length < 4 || given.some((p) => p.x === undefined || p.unit === undefined)) return given;
  const tol = COLUMN_TOLERANCE[given[0]!.unit!];
  // a line the extractor kept whole across narrow gaps (`- Ruang Rapat - Telepon … - Petunjuk …`):
  // its dashed items, each at the place its text puts it
  const pieces = given.flatMap((p) => {
    const parts = [...p.text.matchAll(/(?:^|\s)[-–•]\s*(?=\p{L})/gu)];
    if (parts.length < 2 || !p.width || !p.text.length) return [p];
    const scale = p.width / p.text.length;
    return parts.map((m, k) => {
      const at = m.index! + (m[0].startsWith(' ') ? 1 : 0);
      const end = k + 1 < parts.length ? parts[k + 1]!.index! : p.text.length;
      return { ...p, text: p.text.slice(at, end).trim(), x: p.x! + at * scale, width: (end - at) * scale };
    });
  });
  const starts: number[][] = [];
  for (const x of pieces.filter((p) => LINE_MARKER.test(p.text)).map((p) => p.x!).sort((a, b) => a - b)) {
    const last = starts[starts.length - 1];
    if (last && x - last[last.length - 1]! <= tol) last.push(x);
    else starts.push([x]);
  }
  const columns = starts.filter((c) => c.length >= 2).map((c) => c[0]!);
  if (columns.length < 2) return given;
  const columnOf = (x: number): number => {
    let k = 0;
    columns.forEach((start, i) => {
      if (x >= start - tol) k = i;
    });
    return k;
  };
  return pieces.map((p, i) => ({ p, i, c: columnOf(p.x!) })).sort((a, b) => a.c - b.c || a.i - b.i).map((e) => e.p);
}

/** The numbers 1..n alone, in order, on one line or one per line: a list's numbering printed in its own column. */
function isNumberColumn(text: string): boolean {
  const nums = text.trim().split(/\s+/);
  return nums.length >= 2 && nums.every((n, i) => n === String(i + 1));
}

/** A number and a space before an item's first letter: a marker without its dot (`1 Memahami …`). */
const BARE_MARKER = /^\s*(\d{1,2})\s+(?=\p{L})/u;

/**
 * The lines that start with a bare number when those numbers run 1, 2, 3… down the lines (two or
 * more): markers written without a dot (`1 Memahami regulasi …` / `2 Memahami tata cara …`).
 * A number inside the text (`3 hari kerja`) starts no such run.
 */
function bareNumbered(lines: readonly Line[]): Set<Line> {
  const starts = lines.filter((l) => BARE_MARKER.test(l.text));
  const run: Line[] = [];
  for (const l of starts) {
    if (Number(BARE_MARKER.exec(l.text)![1]) === run.length + 1) run.push(l);
  }
  return new Set(run.length >= 2 ? run : []);
}

/**
 * Splits the pieces of one list section into items. Line breaks inside a piece from an HTML list
 * or a table cell separate items; lines of a positioned page continue the item above unless they
 * start with a marker.
 */
export function splitItems(given: SectionPiece[], field: ListField): string[] {
  const pieces = inColumnOrder(given);
  const lines: Line[] = [];
  let lone = '';
  for (const p of pieces) {
    // the list's numbers in a column of their own (`1 2 3 4 5 6` beside six citations: Kemenag
    // Jombang) number the items; they are no item
    if (isNumberColumn(p.text)) continue;
    for (const raw of p.text.split('\n')) {
      const text = raw.trim();
      // a marker alone belongs to the line after it (`1.` | `1. Memiliki …`: Word's own numbering
      // in one cell, the typed number in the next, as a Word export prints them)
      if (LINE_MARKER.test(`${text} `) && !LINE_MARKER.test(text)) lone = `${lone}${text} `;
      else if (text) {
        lines.push({ text: `${lone}${text}`, hard: p.hardBreaks });
        lone = '';
      }
    }
  }
  const items: Array<{ text: string; marker: number | null }> = [];
  const bare = bareNumbered(lines);
  for (const l of lines) {
    if (!l.text) continue;
    const m = LINE_MARKER.exec(l.text) ?? (bare.has(l) ? BARE_MARKER.exec(l.text) : null);
    if (m) {
      const value = m[1] ? Number(m[1]) : m[2] ? m[2].toLowerCase().charCodeAt(0) - 96 : null;
      let text = l.text.slice(m[0].length);
      // the same number typed again after the automatic one (`1. 1. Renstra`)
      const again = LINE_MARKER.exec(text);
      if (again && again[0].trim() === m[0].trim()) text = text.slice(again[0].length);
      items.push({ text, marker: value });
    } else if (l.hard || items.length === 0) {
      items.push({ text: l.text, marker: null });
    } else {
      const last = items[items.length - 1]!;
      last.text = `${last.text} ${l.text}`;
    }
  }
  let out: string[] = [];
  for (const it of items) {
    // `1. A 2. B 3. C` on one line: the first marker was taken off the line, the rest continue it
    const chain = it.marker !== null ? enumerationChain(it.text, 1, it.marker + 1) : enumerationChain(it.text);
    if (chain) out.push(...cutAtChain(it.text, chain));
    else out.push(it.text);
  }
  if (field === 'legalBases') out = out.flatMap(splitCitations);
  else if (items.length === 1 && items[0]!.marker === null && out.length === 1 && (field === 'qualifications' || field === 'relatedSops' || field === 'equipment')) out = splitRunTogether(out[0]!, field);
  // items numbered in two columns (`1. Alat Tulis   4. Printer`) are read row by row: restore their order
  const numbered = items.length === out.length && items.every((it) => it.marker !== null) && new Set(items.map((it) => it.marker)).size === items.length;
  const cleaned = out.map(cleanItem);
  if (numbered) {
    const order = items.map((it, i) => ({ m: it.marker!, i })).sort((a, b) => a.m - b.m);
    return order.map((o) => cleaned[o.i]!).filter(Boolean);
  }
  return cleaned.filter(Boolean);
}

/**
 * Divides the text shared by two labels written side by side with their contents run together
 * (`Dasar Hukum Kualifikasi Pelaksana UU No. 25 … 1. Memiliki …`, dev-doc 12): at the start of a
 * numbered list that follows other text, at a restart of the numbering, or at the first sentence
 * boundary. Returns [first, second]; the first may be empty when nothing tells them apart.
 */
export function divideShared(text: string): [string, string] {
  const chain = enumerationChain(text);
  if (chain && chain[0]!.at > 0) return [text.slice(0, chain[0]!.at).trim(), text.slice(chain[0]!.at).trim()];
  if (chain) {
    const restart = enumerationChain(text, chain[chain.length - 1]!.body);
    if (restart) return [text.slice(0, restart[0]!.at).trim(), text.slice(restart[0]!.at).trim()];
    // a single `1 …` item before another list: `1 Standar … Masuk. 1 Alat …`
    const again = candidateMarkers(text).find((m) => m.at > chain[0]!.at && m.value === 1 && m.kind === chain[0]!.kind);
    if (again) return [text.slice(0, again.at).trim(), text.slice(again.at).trim()];
  }
  const ones = candidateMarkers(text).filter((m) => m.value === 1);
  if (ones.length >= 2) return [text.slice(0, ones[1]!.at).trim(), text.slice(ones[1]!.at).trim()];
  const sentences = splitSentences(text, true);
  if (sentences.length > 1) return [sentences[0]!, sentences.slice(1).join(' ')];
  return ['', text];
}
