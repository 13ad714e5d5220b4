/**
 * The procedure table ("diagram alir", Permenpan RB 35/2012 Lampiran; DOMAIN.md §2): columns No,
 * Uraian Prosedur / Kegiatan / Aktivitas, one column per Pelaksana (actor), then Mutu Baku
 * (Kelengkapan, Waktu, Output) and Keterangan.
 *
 * Two kinds of rows converge here:
 * - gridded rows (tab-separated text, HTML/DOCX tables) whose cells carry their column index. Rows
 *   may be shifted by a cell against the header (seed 002) or the header may hold a spurious empty
 *   column (seed 000): the Waktu cell is found by its content and Output is read next to it.
 * - positioned rows (space-aligned text, PDF, OCR): columns come from the header cells' positions,
 *   each line's cells are assigned to columns, and lines are grouped into table rows between the
 *   step numbers (cells may be top-aligned or vertically centred: dev-docs 01–03).
 */
import type { LayoutCell } from '../read/layout.js';
import type { ShapeKind } from '../read/geometry.js';
import { headerUnit, isUnitWord, leadingDuration, looksLikeDuration } from '../normalise/duration.js';
import { isSymbolOnly } from '../normalise/actors.js';
import { NON_FINAL_WORDS } from '../normalise/text.js';
import { labelOf } from './labels.js';
import { memoize } from '../memo.js';
import { isBlank, least, most, stepNumberOf, textOf, type StreamRow } from './stream.js';
import type { RawProcedure, RawStep } from './types.js';

type Role = 'no' | 'activity' | 'group' | 'requirements' | 'duration' | 'output' | 'notes';

const KEYWORDS: Array<[Role, RegExp]> = [
  ['no', /^(?:No|NO|Nomor|No\s*Urut)\s*\.?$/],
  ['activity', /^(?:Uraian(?:\s+(?:Prosedur|Kegiatan|Tugas|Aktivitas))?|Kegiatan|Aktivitas|Aktifitas|Prosedur|Langkah(?:\s+Kegiatan)?|Uraian\s+Proses)\s*:?$/i],
  ['group', /^(?:Pelaksana|PELAKSANA|Mutu\s+Ba[kh]u|Mutu\s+Buku|Mutu|Baku)\s*:?$/i],
  // `Kelengkapa` / `n`: Word breaks the word in a narrow column
  ['requirements', /^(?:Kelengkapa|Kelengkapan(?:\s+dan\s+Peralatan)?|Persyaratan(?:\s*\/\s*Kelengkapan)?|Syarat|Kelengkapan\s*\/\s*Persyaratan|Input)\s*:?$/i],
  ['duration', /^(?:Waktu|Wkt\.?)(?:\s*\(\s*[\p{L}.]+\s*\))?\s*:?$/iu],
  ['output', /^(?:Output|Ouput|Out\s*put|Outpu|Hasil|Keluaran)\s*:?$/i],
  ['notes', /^(?:Keterangan|Ket\.?|Catatan)\s*:?$/i],
];

/** A header cell's text without spacing and the OCR specks and dashes around it (`— Kelengkapan`). */
function headerRoleText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/^[-–—|:;,.'"*]+\s*|\s*[-–—|:;,.'"*]+$/g, '');
}

/** The role a header cell names, or null when it is an actor label or other text. */
export const headerRole: (text: string) => Role | null = memoize(headerRoleUncached);

function headerRoleUncached(text: string): Role | null {
  const t = headerRoleText(text);
  for (const [role, re] of KEYWORDS) if (re.test(t)) return role;
  // a header cell of a few lines named by its first one (`Waktu` / `(menit)`, with OCR noise between)
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length > 1 && lines.length <= 4) {
    for (const [role, re] of KEYWORDS) if (role !== 'group' && re.test(lines[0]!)) return role;
  }
  return null;
}

/** Roles named by the cells of a row (several words of one cell are tried one by one too). */
function rolesInRow(row: StreamRow): Set<Role> {
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
 * four or more cells holding consecutive integers from left to right. It is part of the header,
 * not step 1.
 */
export function isColumnNumbering(row: StreamRow): boolean {
  const numbers = row.cells.filter((c) => !c.shape).map((c) => stepNumberOf(c.text));
  if (numbers.length < 4 || numbers.some((n) => n === null)) return false;
  return numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);
}

/** True for a row that is (part of) a procedure table header (the answer is kept per row). */
export function isHeaderRow(row: StreamRow): boolean {
  let known = headerRows.get(row);
  if (known === undefined) headerRows.set(row, (known = headerRowUncached(row)));
  return known;
}

const headerRows = new WeakMap<StreamRow, boolean>();

/**
 * A word every header with a strong role holds (a superset of the activity, requirements, duration
 * and output keywords): most rows of a document hold none and need no closer look.
 */
const STRONG_HINT = /uraian|kegiatan|aktivitas|aktifitas|prosedur|langkah|kelengkapan|syarat|input|waktu|wkt|outpu|ouput|out\s*put|hasil|keluaran/i;

function headerRowUncached(row: StreamRow): boolean {
  if (!row.cells.some((c) => STRONG_HINT.test(c.text))) return false;
  const roles = rolesInRow(row);
  const strong = ['activity', 'requirements', 'duration', 'output'].filter((r) => roles.has(r as Role)).length;
  return roles.size >= 2 && strong >= 1;
}

// ---------------------------------------------------------------------------------------------
// Column model

interface Column {
  role: Role | 'actor';
  /** Header label (actor columns: the actor's name as written). */
  label: string;
  /** Grid column (gridded tables). */
  col: number;
  /** Horizontal extent (positioned tables). */
  x0: number;
  x1: number;
  /** Extent of the data cells that lie under the header label (positioned tables), once learnt. */
  dx0?: number;
  dx1?: number;
  /** Characters and width of those cells, for the column's character width in the page unit. */
  dChars?: number;
  dWidth?: number;
}

interface Table {
  columns: Column[];
  gridded: boolean;
  durationHeader: string | null;
}

function byRole(t: Table, role: Role): Column | undefined {
  return t.columns.find((c) => c.role === role);
}

/** Header block: the header row and its neighbours that carry actor labels, up to the first step. */
function headerBlock(rows: StreamRow[], at: number): { start: number; end: number } {
  let start = at;
  // a group row above (`Pelaksana … Mutu Baku`) belongs to the header
  while (start > 0 && !isBlank(rows[start - 1]!) && [...rolesInRow(rows[start - 1]!)].some((r) => r === 'group' || r === 'no' || r === 'activity' || r === 'notes') && !firstStepNumber(rows[start - 1]!)) start--;
  let end = at + 1;
  const detailed = (): boolean => rows.slice(start, end).some((r) => [...rolesInRow(r)].some((x) => x === 'requirements' || x === 'duration' || x === 'output'));
  while (end < rows.length) {
    let r = rows[end]!;
    if (isBlank(r)) {
      // a header split by blank lines (`Uraian Prosedur … Ket`, blank, `Pengguna … Kelengkapan Waktu Output`: dev-doc 03)
      let k = end;
      while (k < rows.length && k - end < 3 && isBlank(rows[k]!)) k++;
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

/** A positioned line holding only short labels (a wrapped actor name: `Umum`, `Layanan`). */
function shortLabels(r: StreamRow): boolean {
  return !r.gridded && r.cells.length > 0 && r.cells.length <= 6 && r.cells.every((c) => c.text.length <= 30 && !/\d/.test(c.text) && !looksLikeDuration(c.text));
}

/** The step number of a row: its first cell when that is a bare number, or a number leading the first cell. */
function firstStepNumber(row: StreamRow): number | null {
  const first = row.cells[0];
  if (!first) return null;
  if (row.gridded && (first.col ?? 0) > 1) return null;
  const n = stepNumberOf(first.text);
  if (n !== null) return n;
  return null;
}

/** Columns of a gridded header: roles from the last (most detailed) header row, then the rows above. */
function gridColumns(header: StreamRow[]): Table {
  const byCol = new Map<number, string[]>();
  for (const r of header) for (const c of r.cells) {
    if (c.shape || isColumnNumbering(r)) continue;
    const list = byCol.get(c.col!) ?? [];
    list.push(c.text.replace(/\s+/g, ' ').trim());
    byCol.set(c.col!, list);
  }
  const maxCol = Math.max(...byCol.keys());
  const roleAt = new Map<number, Role>();
  let durationHeader: string | null = null;
  // detailed roles (requirements, duration, output) win over group labels written above them
  for (let ri = header.length - 1; ri >= 0; ri--) {
    for (const c of header[ri]!.cells) {
      const role = headerRole(c.text);
      if (!role || role === 'group' || roleAt.has(c.col!)) continue;
      if ([...roleAt.values()].includes(role)) continue;
      // `Uraian Prosedur` over the number column and the activity column, with no `No` header (dev-doc 03)
      if (role === 'activity' && (c.span ?? 1) > 1 && !header.some((h) => h.cells.some((x) => headerRole(x.text) === 'no'))) {
        roleAt.set(c.col!, 'no');
        roleAt.set(c.col! + (c.span ?? 1) - 1, 'activity');
        continue;
      }
      roleAt.set(c.col!, role);
      if (role === 'duration') durationHeader = c.text;
    }
  }
  // the group headers span their columns (Permenpan RB 35/2012): `Pelaksana` over the actors (no
  // actor column comes after it), `Mutu Baku` over Kelengkapan, Waktu and Output, which their order
  // names when OCR garbled them
  const spanOf = (re: RegExp): [number, number] | null => {
    for (const r of header) for (const c of r.cells) if ((c.span ?? 1) > 1 && re.test(headerRoleText(c.text))) return [c.col!, c.col! + (c.span ?? 1)];
    return null;
  };
  const actorSpan = spanOf(/^pelaksana$/i);
  const mutuSpan = spanOf(/^mutu\s+b[ua][kh]u$/i);
  if (mutuSpan && mutuSpan[1] - mutuSpan[0] >= 3) {
    (['requirements', 'duration', 'output'] as Role[]).forEach((role, k) => {
      const col = mutuSpan[0] + k;
      if (![...roleAt.values()].includes(role) && !roleAt.has(col)) roleAt.set(col, role);
    });
    if (!durationHeader) durationHeader = (byCol.get(mutuSpan[0] + 1) ?? []).filter((t) => !/mutu/i.test(t)).join(' ') || null;
  }
  const activityCol = [...roleAt].find(([, r]) => r === 'activity')?.[0] ?? 1;
  const mutuCols = [...roleAt].filter(([, r]) => r === 'requirements' || r === 'duration' || r === 'output').map(([c]) => c);
  const firstMutu = mutuCols.length ? Math.min(...mutuCols) : maxCol + 1;
  const columns: Column[] = [];
  for (let c = 0; c <= maxCol; c++) {
    const role = roleAt.get(c);
    if (role) {
      columns.push({ role, label: (byCol.get(c) ?? []).join(' '), col: c, x0: c, x1: c + 1 });
      continue;
    }
    // the span ends the actors (a column after it is Mutu Baku even when its label was misread)
    const isActor = c > activityCol && c < firstMutu && (!actorSpan || c < actorSpan[1]);
    if (isActor) {
      const label = glueBrokenWord((byCol.get(c) ?? []).filter((t) => !headerRole(t)).flatMap((t) => t.split('\n')));
      if (label) columns.push({ role: 'actor', label, col: c, x0: c, x1: c + 1 });
    }
  }
  if (!columns.some((c) => c.role === 'no')) columns.unshift({ role: 'no', label: '', col: 0, x0: 0, x1: 1 });
  if (!columns.some((c) => c.role === 'activity')) columns.push({ role: 'activity', label: '', col: activityCol, x0: activityCol, x1: activityCol + 1 });
  columns.sort((a, b) => a.col - b.col);
  return { columns, gridded: true, durationHeader };
}

interface Frag {
  text: string;
  x0: number;
  x1: number;
  line: number;
}

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

/** Indonesian words of one or two letters that may end a role name's line (`Petugas di`, `… ke`). */
const SHORT_WORDS = new Set(['di', 'ke', 'ya']);

/**
 * Joins the lines of an actor label, gluing back the end of a word that a narrow column wrapped
 * onto a line by itself: `Sekretari` / `s` (Word breaks a word wider than its cell; seen in
 * pdftotext's text of a Word export, fixtures/renditions/001) → `Sekretaris`. Only a line that is a
 * lone lower-case fragment of one or two letters, after a line ending in a letter, is glued, and
 * not an Indonesian word of that length (`di`, `ke`, `ya`).
 */
export function glueBrokenWord(lines: readonly string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    out = /\p{L}$/u.test(out) && /^\p{Ll}{1,2}$/u.test(line) && !SHORT_WORDS.has(line) ? out + line : out ? `${out} ${line}` : line;
  }
  return out;
}

/**
 * Splits an actor-label fragment whose words belong to two or more columns: labels of narrow
 * columns printed with one space between them (`Sekretaris Asisten` over `Daerah` and `III`,
 * pdftotext of a Word export, seed 000). When a line within two of the fragment's holds two or more
 * separate fragments under it, each word goes with the one nearest its centre; words going with
 * the same one stay together.
 */
function splitOverColumns(frags: Frag[]): Frag[] {
  // a header has tens of fragments; the pairwise look is skipped for a hostile line of thousands
  if (frags.length > 200) return frags;
  return frags.flatMap((f) => {
    const words = [...f.text.matchAll(/\S+/g)];
    if (words.length < 2) return [f];
    const scale = (f.x1 - f.x0) / f.text.length;
    let best: Frag[] = [];
    for (const line of new Set(frags.map((g) => g.line))) {
      if (line === f.line || Math.abs(line - f.line) > 2) continue;
      const under = frags.filter((g) => g.line === line && overlap(g.x0, g.x1, f.x0, f.x1) > 0);
      if (under.length > best.length) best = under;
    }
    if (best.length < 2) return [f];
    const out: Frag[] = [];
    let owner: Frag | undefined;
    for (const w of words) {
      const x0 = f.x0 + w.index! * scale;
      const x1 = x0 + w[0].length * scale;
      const mid = (x0 + x1) / 2;
      const near = best.reduce((a, b) => (Math.abs((b.x0 + b.x1) / 2 - mid) < Math.abs((a.x0 + a.x1) / 2 - mid) ? b : a));
      const last = out[out.length - 1];
      if (last && near === owner) {
        last.text = `${last.text} ${w[0]}`;
        last.x1 = x1;
      } else out.push({ text: w[0], x0, x1, line: f.line });
      owner = near;
    }
    return out;
  });
}

/**
 * A positioned header cell holding several header words separated by single spaces (`Kelengkapan
 * Waktu Output`, `Kelengkapa Waktu` where the columns are narrow) as one cell per word, each at its
 * place in the text; any other cell as it is.
 */
function splitHeaderWords(c: LayoutCell): LayoutCell[] {
  if (headerRole(c.text) !== null || c.text.includes('\n')) return [c];
  const words = [...c.text.matchAll(/\S+/g)];
  if (words.length < 2 || !words.every((w) => headerRole(w[0]) !== null && headerRole(w[0]) !== 'group')) return [c];
  const scale = c.text.length ? c.width / c.text.length : 1;
  return words.map((w) => ({ ...c, text: w[0], x: c.x + w.index! * scale, width: w[0].length * scale }));
}

/**
 * Columns of a positioned header. The detailed row (the one naming Kelengkapan/Waktu/Output) gives
 * the columns; rows above and below add No, Uraian and Keterangan, and the parts of actor labels
 * that wrap over two lines. A label of two lines centred on a one-line neighbour is printed half a
 * line above and half below it (`Kepala Bagian` … `Umum`, dev-docs 01–02): a fragment above and one
 * below that pair up around the detailed row make one label.
 */
function positionedColumns(header: StreamRow[]): Table {
  let main = 0;
  let best = -1;
  header.forEach((r, i) => {
    const roles = rolesInRow(r);
    const score = ['requirements', 'duration', 'output'].filter((x) => roles.has(x as Role)).length * 2 + roles.size;
    if (score > best) {
      best = score;
      main = i;
    }
  });
  const columns: Column[] = [];
  let durationHeader: string | null = null;
  const frags: Frag[] = [];
  header.forEach((r, i) => {
    for (const c of r.cells.flatMap(splitHeaderWords)) {
      const role = headerRole(c.text);
      // below the detailed row, `Pelaksana` ends a wrapped actor label (`Jabatan / Pelaksana`)
      if (role && !(role === 'group' && i > main)) {
        if (role !== 'group' && !columns.some((k) => k.role === role)) {
          columns.push({ role, label: c.text, col: -1, x0: c.x, x1: c.x + c.width });
          if (role === 'duration') durationHeader = c.text;
        }
        continue;
      }
      frags.push({ text: c.text, x0: c.x, x1: c.x + c.width, line: i });
    }
  });
  const roleCol = (role: Role): Column | undefined => columns.find((c) => c.role === role);
  const activity = roleCol('activity');
  const mutu = ['requirements', 'duration', 'output'].map((r) => roleCol(r as Role)).filter((c): c is Column => !!c);
  const left = activity ? activity.x1 : -Infinity;
  const right = mutu.length ? Math.min(...mutu.map((c) => c.x0)) : Infinity;
  // under a Mutu Baku label is its own rest (`Kelengkapa` / `n`), not an actor
  const actorFrags = splitOverColumns(frags.filter((f) => f.x0 >= left - 1 && f.x1 <= right + 1 && !mutu.some((c) => (f.x0 + f.x1) / 2 >= c.x0 && (f.x0 + f.x1) / 2 < c.x1)));
  const mainFrags = actorFrags.filter((f) => f.line === main);
  const otherFrags = actorFrags.filter((f) => f.line !== main);
  const actors: Array<{ parts: Frag[]; x0: number; x1: number }> = mainFrags.map((f) => ({ parts: [f], x0: f.x0, x1: f.x1 }));
  const used = new Set<Frag>();
  // pair a fragment above the main row with one below it when neither lies over a main-row label
  const free = (f: Frag): boolean => !actors.some((a) => overlap(a.x0, a.x1, f.x0, f.x1) > 0);
  for (const f of otherFrags) {
    if (used.has(f) || f.line >= main || !free(f)) continue;
    const mate = otherFrags
      .filter((g) => !used.has(g) && g.line === main + (main - f.line))
      .sort((a, b) => Math.abs((a.x0 + a.x1) / 2 - (f.x0 + f.x1) / 2) - Math.abs((b.x0 + b.x1) / 2 - (f.x0 + f.x1) / 2))[0];
    if (mate && Math.abs((mate.x0 + mate.x1) / 2 - (f.x0 + f.x1) / 2) < 12) {
      used.add(f);
      used.add(mate);
      actors.push({ parts: [f, mate], x0: Math.min(f.x0, mate.x0), x1: Math.max(f.x1, mate.x1) });
    }
  }
  for (const f of otherFrags) {
    if (used.has(f)) continue;
    const below = otherFrags.find((g) => g !== f && !used.has(g) && g.line === f.line + 1 && overlap(g.x0, g.x1, f.x0, f.x1) > 0);
    const target = actors.find((a) => overlap(a.x0, a.x1, f.x0, f.x1) > 0);
    if (target) {
      target.parts.push(f);
      target.x0 = Math.min(target.x0, f.x0);
      target.x1 = Math.max(target.x1, f.x1);
    } else if (below && !actors.some((a) => overlap(a.x0, a.x1, below.x0, below.x1) > 0)) {
      used.add(below);
      actors.push({ parts: [f, below], x0: Math.min(f.x0, below.x0), x1: Math.max(f.x1, below.x1) });
    } else {
      actors.push({ parts: [f], x0: f.x0, x1: f.x1 });
    }
    used.add(f);
  }
  for (const a of actors) {
    const label = glueBrokenWord(a.parts.sort((p, q) => p.line - q.line || p.x0 - q.x0).map((p) => p.text));
    columns.push({ role: 'actor', label, col: -1, x0: a.x0, x1: a.x1 });
  }
  columns.sort((a, b) => a.x0 - b.x0);
  columns.forEach((c, i) => (c.col = i));
  // the unit on the line under `Waktu` (`(menit)`), which no actor label takes
  const waktu = roleCol('duration');
  const unit = waktu && frags.find((f) => overlap(f.x0, f.x1, waktu.x0, waktu.x1) > 0 && /^\(\s*[\p{L}.]+\s*\)$/u.test(f.text));
  if (unit) durationHeader = `${durationHeader} ${unit.text}`;
  return { columns, gridded: false, durationHeader };
}

/**
 * Learns where each column's data lies: the extent of the cells that overlap its header label.
 * Data is often left-aligned while the header is centred, so a short cell (`sebelumnya` in a notes
 * column, dev-doc 03) can miss the label but still start where the column's other lines start.
 */
function learnExtents(t: Table, rows: StreamRow[]): void {
  for (const r of rows) for (const c of r.cells) {
    const hits = t.columns.filter((k) => overlap(k.x0, k.x1, c.x, c.x + c.width) > 0);
    if (hits.length !== 1) continue;
    const k = hits[0]!;
    k.dx0 = Math.min(k.dx0 ?? Infinity, c.x);
    k.dx1 = Math.max(k.dx1 ?? -Infinity, c.x + c.width);
    k.dChars = (k.dChars ?? 0) + c.text.length;
    k.dWidth = (k.dWidth ?? 0) + c.width;
  }
}

/**
 * Index of the column a positioned cell belongs to: the one whose header it overlaps most; else
 * the one whose data starts where the cell starts; else the nearest header.
 */
function columnOf(t: Table, x0: number, x1: number): number {
  let bestI = 0;
  let bestOverlap = 0;
  t.columns.forEach((c, i) => {
    const o = overlap(c.x0, c.x1, x0, x1);
    if (o > bestOverlap) {
      bestOverlap = o;
      bestI = i;
    }
  });
  if (bestOverlap > 0) return bestI;
  const aligned = t.columns.findIndex((c) => c.dx0 !== undefined && Math.abs(c.dx0 - x0) <= 1);
  if (aligned >= 0) return aligned;
  let bestD = Infinity;
  t.columns.forEach((c, i) => {
    const d = x1 <= c.x0 ? c.x0 - x1 : x0 - c.x1;
    if (d < bestD) {
      bestD = d;
      bestI = i;
    }
  });
  return bestI;
}

// ---------------------------------------------------------------------------------------------
// Rows → steps

/** A table row reduced to texts by column index (index into `Table.columns` for positioned tables). */
interface GridRow {
  cells: Map<number, string[]>;
  /** Flowchart symbols drawn in the row, by column (PDF vector shapes, ink in a scan). */
  shapes?: Map<number, ShapeKind[]>;
  page: number;
  /** The step number when the row was grouped around it (positioned tables); undefined for gridded rows. */
  number?: number | null;
}

const DECISION_LABELS = /^(?:ya|tidak|yes|no|y|t|tdk)$/i;

/**
 * Joins the lines of one cell. Activity, Waktu and Output lines are one text (space). Kelengkapan
 * lines are items joined with "; " (dev-docs README), numbered or dashed lines keep their markers;
 * a line continues the one before when it starts in lower case, or, in a positioned table whose
 * column is `width` wide, when its first word would not have fitted on the line before (a wrap).
 * A word hyphenated at a line's end joins the next line's lower-case start without a space
 * (`e-` / `monev` → `e-monev`: seed 000 as a Word export prints it).
 */
function cellText(parts: string[] | undefined, join: 'space' | 'list', width?: number): string | null {
  if (!parts || parts.length === 0) return null;
  const lines = parts.flatMap((p) => p.split('\n')).map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return null;
  // a word hyphenated at the line's end runs on (`aplikasi e-` / `monev`, `perundang-` / `undangan`)
  if (join === 'space' || lines.length === 1) return lines.map((l, i) => (i > 0 && /\p{L}-$/u.test(lines[i - 1]!) && /^\p{Ll}/u.test(l) ? l : ` ${l}`)).join('').trim().replace(/\s+/g, ' ');
  const marked = lines.some((l) => /^(?:\d+[.)]|[-•*])\s/.test(l));
  let out = lines[0]!;
  let prev = lines[0]!;
  for (const l of lines.slice(1)) {
    const wrapped = width !== undefined && prev.length + 1 + (l.split(/\s+/)[0] ?? '').length > width;
    out += marked || wrapped || /^[a-z(]/.test(l) || /[,/&]$/.test(prev) ? ` ${l}` : `; ${l}`;
    prev = l;
  }
  return out.replace(/\s+/g, ' ');
}

/**
 * Width of a positioned column's data (its longest line) in characters, for telling wrapped lines
 * from items: a PDF page's points are turned into characters by the column's own mean character
 * width (a Kelengkapan cell `Konsep Surat` / `Pengantar` of a Word export is one wrapped item).
 */
function dataWidth(t: Table, col: number | undefined): number | undefined {
  if (t.gridded || col === undefined) return undefined;
  const c = t.columns[col];
  if (!c || c.dx0 === undefined || c.dx1 === undefined || !c.dChars || !c.dWidth) return undefined;
  return ((c.dx1 - c.dx0) * c.dChars) / c.dWidth;
}

function stepFromGrid(t: Table, g: GridRow, shiftFromContent: boolean): RawStep | null {
  const at = (col: number): string[] | undefined => g.cells.get(col);
  const colOf = (role: Role): number | undefined => byRole(t, role)?.col;
  const noCol = colOf('no') ?? 0;
  const activityCol = colOf('activity') ?? noCol + 1;
  let number: number | null = null;
  let activityParts = at(activityCol) ? [...at(activityCol)!] : [];
  const noText = g.number !== undefined ? null : cellText(at(noCol), 'space');
  if (g.number !== undefined) number = g.number;
  else if (noText !== null) {
    number = stepNumberOf(noText);
    if (number === null) {
      const lead = /^(\d{1,3})[.)]?\s+(.+)$/s.exec(noText);
      if (lead) {
        number = Number(lead[1]);
        activityParts = [lead[2]!, ...activityParts];
      } else if (noCol !== activityCol) {
        activityParts = [noText, ...activityParts];
      }
    }
  }
  // the activity cell may start with the number when the extractor joined them (`1 Membuat …`)
  if (number === null && g.number === undefined && activityParts.length > 0) {
    const lead = /^(\d{1,3})[.)]?\s+(\p{Lu}.*)$/su.exec(activityParts[0]!);
    if (lead) {
      number = Number(lead[1]);
      activityParts[0] = lead[2]!;
    }
  }
  const durCol = colOf('duration');
  const bareAllowed = headerUnit(t.durationHeader) !== null || t.durationHeader !== null;
  let shift = 0;
  let durFound: number | undefined;
  if (durCol !== undefined) {
    const tries = shiftFromContent ? [0, 1, -1, 2, -2] : [0];
    for (const s of tries) {
      const c = durCol + s;
      if (c <= activityCol) continue;
      const text = cellText(at(c), 'space');
      // a Waktu cell is short: a long text mentioning `1 jam` is a note, not a duration
      if (text && text.length <= 40 && looksLikeDuration(text, bareAllowed)) {
        shift = s;
        durFound = c;
        break;
      }
    }
  }
  const reqCol = colOf('requirements');
  const outCol = colOf('output');
  const notesCol = colOf('notes');
  let requirements: string | null = null;
  let duration: string | null = null;
  let output: string | null = null;
  let notes: string | null = null;
  if (t.gridded) {
    if (durFound !== undefined) {
      duration = cellText(at(durFound), 'space');
      output = cellText(at(durFound + 1), 'space');
      // Kelengkapan: the nearest filled cell left of Waktu that is not an actor column
      const reqAt = reqCol !== undefined ? reqCol + shift : durFound - 1;
      requirements = cellText(at(reqAt), 'list') ?? (reqAt !== durFound - 1 ? cellText(at(durFound - 1), 'list') : null);
      const notesParts: string[] = [];
      for (const [c, parts] of g.cells) if (c > durFound + 1) notesParts.push(...parts);
      notes = cellText(notesParts, 'space');
    } else {
      requirements = reqCol !== undefined ? cellText(at(reqCol), 'list') : null;
      duration = durCol !== undefined ? cellText(at(durCol), 'space') : null;
      const outAt = durCol !== undefined ? durCol + 1 : outCol;
      output = outAt !== undefined ? cellText(at(outAt), 'space') : null;
      const notesParts: string[] = [];
      if (outAt !== undefined) for (const [c, parts] of g.cells) if (c > outAt) notesParts.push(...parts);
      notes = cellText(notesParts, 'space');
    }
  } else {
    requirements = reqCol !== undefined ? cellText(at(reqCol), 'list', dataWidth(t, reqCol)) : null;
    duration = durCol !== undefined ? cellText(at(durCol), 'space') : null;
    output = outCol !== undefined ? cellText(at(outCol), 'space') : null;
    notes = notesCol !== undefined ? cellText(at(notesCol), 'space') : null;
  }
  const marks: Array<string | null> = [];
  const shapes: Array<ShapeKind | null> = [];
  for (const a of t.columns.filter((c) => c.role === 'actor')) {
    const parts = (at(a.col + shift) ?? []).flatMap((p) => p.split('\n')).filter((p) => !DECISION_LABELS.test(p.trim()));
    marks.push(parts.length ? parts.join(' ') : null);
    shapes.push(g.shapes?.get(a.col + shift)?.[0] ?? null);
  }
  const activity = cellText(activityParts, 'space') ?? '';
  if (!activity && number === null && !requirements && !duration && !output) return null;
  return { number, activity, marks, shapes, requirements, duration, output, notes, page: g.page };
}

// ---------------------------------------------------------------------------------------------
// Positioned rows: lines → table rows

/** A text page's own columns (see pageColumns). */
interface PageColumn {
  /** A cell's column index on the page, or undefined to place it by the header. */
  column: (c: LayoutCell) => number | undefined;
  /** Where the page's bare step numbers start: a cell starting there with a number and words is a step's number and activity. */
  numberX: number | undefined;
}

/**
 * Finds a text page's own columns when they do not line up with the header's. pdftotext -layout
 * prints each page at its own character positions and squeezes empty space, so a procedure table
 * continued on a page without its header (Word repeats none unless told) has its columns
 * elsewhere: in pdftotext's text of a Word export (fixtures/renditions/000, steps 9–13)
 * Kelengkapan starts at character 57 instead of 105, and the activity column is narrower (001:
 * Kelengkapan at 33, inside the first page's activity). When the page's durations (bare numbers
 * too when the Waktu header gives the unit) do not lie under the Waktu header, the page's cells
 * are placed by the order Permenpan RB 35/2012 fixes: the cells starting left of the first gap of
 * 8 characters between cell starts are the step number and activity; text between them and the
 * durations is Kelengkapan; the durations are Waktu; text after them Output (a Keterangan on such
 * a page is not told from a centred Output, and goes with it); a mark (flowchart symbol, tick,
 * Ya/Tidak) goes to the actor column at the same fraction of the actor columns' width as it lies
 * between the activity and Kelengkapan on its page. Returns undefined when the page lines up or
 * has no duration, or the table has no Waktu or activity column.
 */
function pageColumns(t: Table, rows: StreamRow[]): PageColumn | undefined {
  const waktu = byRole(t, 'duration');
  const activity = byRole(t, 'activity');
  if (!waktu || !activity) return undefined;
  const cells = rows.flatMap((r) => r.cells);
  const texts = cells.filter((c) => !isMark(c.text));
  if (!texts.length) return undefined;
  // the step number and activity: cell starts up to the first wide gap
  const starts = [...new Set(texts.map((c) => c.x))].sort((a, b) => a - b);
  let leftEnd = starts[starts.length - 1]!;
  for (let i = 1; i < starts.length; i++) {
    if (starts[i]! - starts[i - 1]! >= 8) {
      leftEnd = starts[i - 1]!;
      break;
    }
  }
  const bare = headerUnit(t.durationHeader) !== null;
  const durations = texts.filter((c) => c.x > leftEnd && (looksLikeDuration(c.text, bare) || isUnitWord(c.text)));
  if (!durations.length) return undefined;
  const w0 = least(durations.map((c) => c.x));
  const w1 = most(durations.map((c) => c.x + c.width));
  const wStartMax = most(durations.map((c) => c.x));
  if (overlap(w0, w1, Math.min(waktu.x0, waktu.dx0 ?? waktu.x0), Math.max(waktu.x1, waktu.dx1 ?? waktu.x1)) > 0) return undefined;
  const index = (c: Column | undefined): number | undefined => (c ? t.columns.indexOf(c) : undefined);
  const mutu = t.columns.filter((c) => c.role === 'requirements' || c.role === 'duration' || c.role === 'output' || c.role === 'notes').sort((a, b) => a.x0 - b.x0);
  const k = mutu.indexOf(waktu);
  const before = mutu[k - 1];
  const after = mutu[k + 1];
  const activityEnd = most(texts.filter((c) => c.x <= leftEnd).map((c) => c.x + c.width));
  const mutuStart = least([w0, ...texts.filter((c) => c.x > leftEnd && c.x < w0 - 1).map((c) => c.x)]);
  const actors = t.columns.filter((c) => c.role === 'actor').sort((a, b) => a.x0 - b.x0);
  // where the page's step numbers start: bare numbers, else numbers glued to their activity (`1 Membuat …`)
  const firsts = rows.map((r) => r.cells[0]).filter((c): c is LayoutCell => c !== undefined && c.x <= leftEnd);
  const numbers = firsts.filter((c) => stepNumberOf(c.text) !== null);
  const leftmost = least(firsts.map((f) => f.x));
  const glued = firsts.filter((c) => /^\d{1,3}\s+\p{L}/u.test(c.text) && c.x === leftmost);
  const numberX = numbers.length ? least(numbers.map((c) => c.x)) : glued.length ? least(glued.map((c) => c.x)) : undefined;
  const column = (c: LayoutCell): number | undefined => {
    if (isMark(c.text)) {
      if (!actors.length || mutuStart <= activityEnd) return undefined;
      const f = Math.min(1, Math.max(0, (c.x + c.width / 2 - activityEnd) / (mutuStart - activityEnd)));
      const at = actors[0]!.x0 + f * (actors[actors.length - 1]!.x1 - actors[0]!.x0);
      const nearest = actors.reduce((a, b) => (Math.abs((b.x0 + b.x1) / 2 - at) < Math.abs((a.x0 + a.x1) / 2 - at) ? b : a));
      return index(nearest);
    }
    // a bare step number keeps the header's No column (assignLine reads it)
    if (c.x <= leftEnd) return stepNumberOf(c.text) !== null ? undefined : index(activity);
    if (c.x < w0 - 1) return index(before);
    if (c.x <= wStartMax + 1) return index(waktu);
    return index(after);
  };
  return { column, numberX };
}

/** A cell that marks an actor column rather than holding text: a flowchart symbol's glyph, a tick, a decision's Ya/Tidak. */
function isMark(text: string): boolean {
  return isSymbolOnly(text) || DECISION_LABELS.test(text.trim()) || /^\s*[√✓✔]\s*$/u.test(text);
}

interface Line {
  row: StreamRow;
  /** column index → texts on this line */
  cols: Map<number, string[]>;
  number: number | null;
}

function assignLine(t: Table, row: StreamRow, pageColumn?: PageColumn): Line {
  const cols = new Map<number, string[]>();
  const activity = byRole(t, 'activity');
  const noCol = byRole(t, 'no');
  const waktuAt = colIndex(t, 'duration');
  let number: number | null = null;
  const add = (col: number, text: string): void => {
    const list = cols.get(col) ?? [];
    list.push(text);
    cols.set(col, list);
  };
  row.cells.forEach((c, i) => {
    let ci = pageColumn?.column(c) ?? columnOf(t, c.x, c.x + c.width);
    const n = stepNumberOf(c.text);
    // a bare number left of the activity column is the step number even without a No header (dev-doc 03)
    if (n !== null && i === 0 && activity && c.x + c.width <= activity.x0 + 2) {
      number = n;
      ci = noCol ? t.columns.indexOf(noCol) : -1;
      if (ci >= 0) add(ci, c.text);
      return;
    }
    // `1 Membuat surat tugas`: number and activity in one cell; on a page with its own columns, a
    // cell where the page's numbers start (`10 kinerja kepada …`: the number and a wrapped activity line)
    const atNumbers = pageColumn?.numberX !== undefined && c.x <= pageColumn.numberX;
    const lead = /^(\d{1,3})\s+(\p{Lu}.*)$/u.exec(c.text) ?? (atNumbers ? /^(\d{1,3})\s+(\p{L}.*)$/u.exec(c.text) : null);
    if (lead && i === 0 && activity && noCol && (pageColumn ? atNumbers : c.x < activity.x0 && ci === t.columns.indexOf(noCol))) {
      number = Number(lead[1]);
      const ai = t.columns.indexOf(activity);
      cols.set(t.columns.indexOf(noCol), [lead[1]!]);
      cols.set(ai, [...(cols.get(ai) ?? []), lead[2]!]);
      return;
    }
    if (noCol && ci === t.columns.indexOf(noCol) && n !== null) number = n;
    const run = ci === waktuAt ? durationRunOn(t, c) : null;
    if (run) {
      add(ci, run.duration);
      add(colIndex(t, 'output'), run.output);
      return;
    }
    add(ci, c.text);
  });
  return { row, cols, number };
}

/**
 * A Waktu cell run together with the Output beside it by a single space (`15 menit disposisi`,
 * seed 002 as a Word export prints it): the duration and the words after it, when those words
 * start where the Output column's data starts (within 3 characters' width). Null otherwise: a
 * duration with its own qualifier (`1 hari kerja`, `15 menit per berkas`) ends before Output.
 */
function durationRunOn(t: Table, c: LayoutCell): { duration: string; output: string } | null {
  const output = byRole(t, 'output');
  if (!output || output.dx0 === undefined || !c.text.length) return null;
  const split = leadingDuration(c.text);
  if (!split) return null;
  const perChar = c.width / c.text.length;
  const restX = c.x + (c.text.length - split[1].length) * perChar;
  return Math.abs(restX - output.dx0) <= 3 * perChar ? { duration: split[0], output: split[1] } : null;
}

function colIndex(t: Table, role: Role): number {
  const c = byRole(t, role);
  return c ? t.columns.indexOf(c) : -1;
}

/** First text of a column on a line. */
function lineCol(l: Line, i: number): string | null {
  if (i < 0) return null;
  const parts = l.cols.get(i);
  return parts && parts.length ? parts.join(' ') : null;
}

/**
 * What blank lines before a line weigh for a row starting there: the lines of one row follow each
 * other, and a gap of two lines or more (cells centred vertically, as Word exports them) outweighs
 * the cells that start on the row's middle line.
 */
function gapWeight(blanks: number): number {
  return blanks >= 2 ? 8 : 1.5 * blanks;
}

function blanksBefore(lines: Array<Line | null>, p: number): number {
  let n = 0;
  for (let i = p - 1; i >= 0 && lines[i] === null; i--) n++;
  return n;
}

/**
 * How strongly a table row starts at line `p` (between two step numbers): a new sentence in the
 * activity column, a Kelengkapan or Waktu cell starting after lines without one, a blank line
 * before it; against it, text continuing in lower case.
 */
function boundaryScore(t: Table, lines: Array<Line | null>, p: number, rowHasDuration: boolean): number {
  const cur = lines[p];
  if (!cur) return -Infinity;
  let prevIdx = p - 1;
  let blanks = 0;
  while (prevIdx >= 0 && lines[prevIdx] === null) {
    blanks++;
    prevIdx--;
  }
  const prev = prevIdx >= 0 ? lines[prevIdx] : null;
  let score = gapWeight(blanks);
  const ai = colIndex(t, 'activity');
  const act = lineCol(cur, ai);
  if (act) {
    if (/^\p{Lu}/u.test(act)) {
      const before = prev ? lineCol(prev, ai) : null;
      const lastWord = before?.split(/\s+/).pop()?.toLowerCase() ?? '';
      score += before && (NON_FINAL_WORDS.has(lastWord) || /[,(]$/.test(before)) ? 0 : 2;
    } else score -= 3;
  }
  for (const role of ['requirements', 'duration', 'output', 'notes'] as Role[]) {
    const i = colIndex(t, role);
    const text = lineCol(cur, i);
    if (!text) continue;
    const before = prev ? lineCol(prev, i) : null;
    if (/^[\p{Ll}]/u.test(text) && before) score -= 3;
    else if (!before) score += role === 'duration' ? 1 : 1;
    if (role === 'duration' && looksLikeDuration(text)) score += rowHasDuration ? 3 : 1;
  }
  if (cur.number !== null) score += 1;
  return score;
}

function groupLines(t: Table, lines: Array<Line | null>): GridRow[] {
  const anchors: number[] = [];
  lines.forEach((l, i) => {
    if (l && l.number !== null) anchors.push(i);
  });
  if (anchors.length === 0) return [];
  const di = colIndex(t, 'duration');
  // durationsBefore[i]: lines before i whose Waktu cell reads as a duration (a row's test in O(1))
  const durationsBefore = [0];
  lines.forEach((l, i) => durationsBefore.push(durationsBefore[i]! + (l && looksLikeDuration(lineCol(l, di)) ? 1 : 0)));
  const hasDuration = (from: number, to: number): boolean => to > from && durationsBefore[to]! - durationsBefore[from]! > 0;
  // row starts: the first row begins after the header (lines above a centred number belong to it)
  const starts: number[] = [lines.findIndex((l) => l !== null)];
  for (let k = 0; k + 1 < anchors.length; k++) {
    const a = anchors[k]!;
    const b = anchors[k + 1]!;
    let bestP = b;
    let bestS = -Infinity;
    const scores: Array<[number, number]> = [];
    for (let p = a + 1; p <= b; p++) {
      const s = boundaryScore(t, lines, p, hasDuration(Math.max(a - 3, starts[starts.length - 1]!), p));
      scores.push([p, s]);
      if (s >= bestS) {
        bestS = s;
        bestP = p;
      }
    }
    // an unnumbered row between two numbered ones: a second strong start (its own Waktu, dev-doc 03)
    // before the start of the numbered row (a number centred below that start is inside its row);
    // a gap alone (a paragraph break inside a cell) makes none
    const extra = scores.filter(([p, s]) => s - gapWeight(blanksBefore(lines, p)) >= 4 && p < bestP - 1);
    // every start found here lies after the anchor `a`, past all earlier starts: the list stays sorted
    for (const [p] of extra) starts.push(p);
    starts.push(bestP);
  }
  const rows: GridRow[] = [];
  const uniq = [...new Set(starts)].sort((x, y) => x - y);
  for (let k = 0; k < uniq.length; k++) {
    const from = uniq[k]!;
    const to = k + 1 < uniq.length ? uniq[k + 1]! : lines.length;
    const cells = new Map<number, string[]>();
    let page = 0;
    let number: number | null = null;
    const noCol = colIndex(t, 'no');
    for (let i = from; i < to; i++) {
      const l = lines[i];
      if (!l) continue;
      page = page || l.row.page;
      if (number === null && l.number !== null) number = l.number;
      for (const [c, parts] of l.cols) {
        if (c === noCol) continue;
        const list = cells.get(c);
        if (list) list.push(...parts);
        else cells.set(c, [...parts]);
      }
    }
    if (cells.size) rows.push({ cells, page, number });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------

export interface ProcedureSegment {
  procedure: RawProcedure;
  /** Stream index of the first header row. */
  start: number;
  /** Stream index just past the table. */
  end: number;
}

/**
 * Repairs a step number OCR misread (`4` for `1`): when its neighbours' numbers leave exactly one
 * value for it, it takes that value and is marked as inferred.
 */
function repairNumbering(steps: RawStep[]): void {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const prev = i > 0 ? steps[i - 1]!.number : 0;
    const next = i + 1 < steps.length ? steps[i + 1]!.number : null;
    if (prev === null || next === null || s.number === null) continue;
    const expected = prev + 1;
    if (next === expected + 1 && s.number !== expected) {
      s.number = expected;
      s.numberInferred = true;
    }
  }
}

/** A table row and the step it belongs to (null: a header, a row that made no step, the row ending the table). */
interface Anchor {
  step: RawStep | null;
  page: number;
  y: number;
}

/**
 * Turns the branches drawn from a decision (a vertical position on a page, flow.ts) into step
 * numbers: the step whose row holds that position, i.e. the last row starting above it on the same
 * page. A branch into a row that is no numbered step (a header, an unnumbered row, below the
 * table) or onto another page stays null.
 */
function resolveBranches(branches: Map<RawStep, Array<{ answer: 'yes' | 'no'; page: number; y: number }>>, anchors: Anchor[]): void {
  for (const [step, bs] of branches) {
    const next: { yes: number | null; no: number | null } = { yes: null, no: null };
    for (const b of bs) {
      let at: Anchor | undefined;
      for (const a of anchors) if (a.page === b.page && a.y <= b.y && (!at || a.y >= at.y)) at = a;
      if (at?.step && at.step !== step && at.step.number !== null) next[b.answer] = at.step.number;
    }
    if (next.yes !== null || next.no !== null) step.next = next;
  }
}

/** True for a row that ends a procedure table: an identity label, a worksheet heading, a NIP line. */
function endsTable(row: StreamRow): boolean {
  const text = textOf(row);
  if (row.cells.some((c) => labelOf(c.text) !== null && labelOf(c.text) !== 'number')) return true;
  if (/LEMBAR\s+KERJA|IDENTIFIKASI\s+KEGIATAN/i.test(text)) return true;
  if (/\bNIP\b\.?\s*:?\s*\d/i.test(text)) return true;
  return false;
}

/**
 * Finds the procedure table that starts at or after stream index `from` and reads its steps.
 * Returns null when no header is found. Headers repeated on later pages are skipped; a table
 * continued on the next page without a header goes on.
 */
export function readProcedure(rows: StreamRow[], from: number, until: number): ProcedureSegment | null {
  let at = -1;
  for (let i = from; i < until; i++) {
    if (isHeaderRow(rows[i]!)) {
      at = i;
      break;
    }
  }
  if (at < 0) return null;
  const block = headerBlock(rows, at);
  const header = rows.slice(block.start, block.end);
  const gridded = header.every((r) => r.gridded || isBlank(r));
  let table = gridded ? gridColumns(header) : positionedColumns(header);
  const actors = table.columns.filter((c) => c.role === 'actor').map((c) => c.label.replace(/\s+/g, ' ').trim());
  const steps: RawStep[] = [];
  let i = block.end;
  let end = block.end;
  const ocrSteps = new Set<RawStep>();
  // where each step's rows sit, and the branches its decision symbol draws (gridded tables from PDFs)
  const anchors: Anchor[] = [];
  const branches = new Map<RawStep, Array<{ answer: 'yes' | 'no'; page: number; y: number }>>();
  if (gridded) {
    let blankRun = 0;
    for (; i < until; i++) {
      const r = rows[i]!;
      if (isBlank(r)) {
        blankRun++;
        if (blankRun > 6) break;
        continue;
      }
      if (isHeaderRow(r)) {
        anchors.push({ step: null, page: r.page, y: r.y });
        const b = headerBlock(rows, i);
        table = { ...gridColumns(rows.slice(b.start, b.end)) };
        // keep the first header's actor labels: repeated headers name the same actors
        i = b.end - 1;
        continue;
      }
      if (endsTable(r)) {
        anchors.push({ step: null, page: r.page, y: r.y });
        break;
      }
      const first = r.cells[0]!;
      const number = firstStepNumber(r);
      const activityCol = byRole(table, 'activity')?.col ?? 1;
      if (number === null && r.cells.length === 1 && (first.col ?? 0) < activityCol) {
        anchors.push({ step: null, page: r.page, y: r.y });
        break;
      }
      if (number === null && r.cells.every((c) => (c.col ?? 0) <= activityCol) && steps.length > 0 && !/^\d/.test(first.text)) {
        // a line that continues the previous step's activity
        const prev = steps[steps.length - 1]!;
        prev.activity = `${prev.activity} ${r.cells.map((c) => c.text).join(' ')}`.replace(/\s+/g, ' ').trim();
        anchors.push({ step: prev, page: r.page, y: r.y });
        end = i + 1;
        continue;
      }
      const cells = new Map<number, string[]>();
      const shapes = new Map<number, ShapeKind[]>();
      for (const c of r.cells) {
        if (c.shape) shapes.set(c.col!, [...(shapes.get(c.col!) ?? []), c.shape]);
        else cells.set(c.col!, [...(cells.get(c.col!) ?? []), c.text]);
      }
      const step = stepFromGrid(table, { cells, shapes, page: r.page }, true);
      // an OCRed row whose number was not read continues the numbering (the step numbers are sequential)
      if (step && step.number === null && step.activity && r.cells.some((c) => c.conf !== undefined)) {
        const prev = [...steps].reverse().find((x) => x.number !== null);
        step.number = prev ? prev.number! + 1 : 1;
        step.numberInferred = true;
      }
      if (step) {
        if (r.cells.some((c) => c.conf !== undefined)) ocrSteps.add(step);
        steps.push(step);
        anchors.push({ step, page: r.page, y: r.y });
        const drawn = r.cells.flatMap((c) => (c.shape === 'decision' && c.branches ? c.branches : []));
        if (drawn.length) branches.set(step, drawn.map((b) => ({ ...b, page: r.page })));
      } else anchors.push({ step: null, page: r.page, y: r.y });
      blankRun = 0;
      end = i + 1;
    }
  } else {
    let stop = block.end;
    while (stop < until && !endsTable(rows[stop]!)) stop++;
    const body = rows.slice(block.end, stop).filter((r) => !isHeaderRow(r));
    // a text page is printed at its own character positions: only the header's page tells its
    // columns' data (the first page of the body when the header ends its page)
    const learnPage = body.some((r) => r.page === rows[at]!.page) ? rows[at]!.page : body[0]?.page;
    learnExtents(table, body.filter((r) => r.unit !== 'char' || r.page === learnPage));
    const pageRows = new Map<number, StreamRow[]>();
    for (const r of body) {
      const list = pageRows.get(r.page);
      if (list) list.push(r);
      else pageRows.set(r.page, [r]);
    }
    const byPage = new Map<number, PageColumn | undefined>();
    const pageColumn = (r: StreamRow): PageColumn | undefined => {
      if (r.unit !== 'char' || r.page === learnPage) return undefined;
      if (!byPage.has(r.page)) byPage.set(r.page, pageColumns(table, pageRows.get(r.page) ?? []));
      return byPage.get(r.page);
    };
    const lines: Array<Line | null> = [];
    let blankRun = 0;
    for (; i < until; i++) {
      const r = rows[i]!;
      if (isBlank(r)) {
        blankRun++;
        if (blankRun > 5 && lines.some((l) => l && l.number !== null)) break;
        lines.push(null);
        continue;
      }
      blankRun = 0;
      if (isHeaderRow(r)) {
        const b = headerBlock(rows, i);
        i = b.end - 1;
        continue;
      }
      if (endsTable(r)) break;
      lines.push(assignLine(table, r, pageColumn(r)));
      end = i + 1;
    }
    while (lines.length && lines[lines.length - 1] === null) lines.pop();
    for (const g of groupLines(table, lines)) {
      const step = stepFromGrid(table, g, false);
      if (step) steps.push(step);
    }
  }
  repairNumbering(steps.filter((s) => ocrSteps.has(s)));
  resolveBranches(branches, anchors);
  return { procedure: { actors, durationHeader: table.durationHeader, steps }, start: block.start, end: Math.max(end, block.end) };
}
