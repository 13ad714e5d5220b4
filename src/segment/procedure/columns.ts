/**
 * The column model of a procedure table: which column holds the number, the activity, each actor
 * (Pelaksana) and each Mutu Baku part, from the header of a gridded table (cells with a grid column)
 * or of a positioned one (cells with x positions), and where a positioned cell belongs.
 */
import type { LayoutCell } from '../../read/layout.js';
import { headerRole, headerRoleText, isColumnNumbering, rolesInRow, type Role } from './header.js';
import type { StreamRow } from '../stream.js';
import { QUALITY_STANDARD } from '../../vocabulary/index.js';


export interface Column {
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

export interface Table {
  columns: Column[];
  gridded: boolean;
  durationHeader: string | null;
}

export function byRole(t: Table, role: Role): Column | undefined {
  return t.columns.find((c) => c.role === role);
}

/** Index in `t.columns` of the column holding `role`, or -1. */
export function colIndex(t: Table, role: Role): number {
  const c = byRole(t, role);
  return c ? t.columns.indexOf(c) : -1;
}

/** Columns of a gridded header: roles from the last (most detailed) header row, then the rows above. */
export function gridColumns(header: StreamRow[]): Table {
  const byCol = new Map<number, string[]>();
  // labels of cells spanning several columns: a group's name over actor columns labelled below it
  // (`PN. JAWAB PELAKSANA` over `SEKRETARIS PPID | PPID PELAKSANA | …`, wild 013/018), no actor's
  const spanning = new Set<string>();
  for (const r of header) for (const c of r.cells) {
    if (c.shape || isColumnNumbering(r)) continue;
    const list = byCol.get(c.col!) ?? [];
    const text = c.text.replace(/\s+/g, ' ').trim();
    list.push(text);
    byCol.set(c.col!, list);
    if ((c.span ?? 1) > 1) spanning.add(text);
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
  const mutuSpan = spanOf(QUALITY_STANDARD);
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
      const own = (byCol.get(c) ?? []).filter((t) => !headerRole(t));
      const label = glueBrokenWord((own.some((t) => !spanning.has(t)) ? own.filter((t) => !spanning.has(t)) : own).flatMap((t) => t.split('\n')));
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

export function overlap(a0: number, a1: number, b0: number, b1: number): number {
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

/** Whether a header text names no column of its own: no role, or only a group (`Mutu`, `Pelaksana`). */
function namesNoColumn(text: string): boolean {
  const role = headerRole(text);
  return role === null || role === 'group';
}

/**
 * The header rows with a label that wrapped onto the next line joined into one cell when its lines
 * name no column apart and do together (`Mutu` / `Baku/Output`, `Dokumen` / `Pendukung`: Politeknik
 * Negeri Lampung, wild 021), placed on the upper line.
 */
function joinStackedLabels(header: StreamRow[]): StreamRow[] {
  // a blank between two lines of a label is no break in it (headerBlock)
  const rows = header.filter((r) => r.cells.length > 0).map((r) => ({ ...r, cells: [...r.cells] }));
  for (let i = 0; i + 1 < rows.length; i++) {
    rows[i]!.cells = rows[i]!.cells.map((c) => {
      if (c.shape || !namesNoColumn(c.text)) return c;
      const below = rows[i + 1]!.cells.find((d) => !d.shape && overlap(c.x, c.x + c.width, d.x, d.x + d.width) > 0 && namesNoColumn(d.text));
      const joined = below ? `${c.text} ${below.text}` : '';
      if (!below || namesNoColumn(joined)) return c;
      rows[i + 1]!.cells = rows[i + 1]!.cells.filter((d) => d !== below);
      const x = Math.min(c.x, below.x);
      return { ...c, text: joined, x, width: Math.max(c.x + c.width, below.x + below.width) - x };
    });
  }
  return rows.filter((r) => r.cells.length > 0);
}

/**
 * Columns of a positioned header. The detailed row (the one naming Kelengkapan/Waktu/Output) gives
 * the columns; rows above and below add No, Uraian and Keterangan, and the parts of actor labels
 * that wrap over two lines. A label of two lines centred on a one-line neighbour is printed half a
 * line above and half below it (`Kepala Bagian` … `Umum`, dev-docs 01–02): a fragment above and one
 * below that pair up around the detailed row make one label.
 */
export function positionedColumns(rows: StreamRow[]): Table {
  const header = joinStackedLabels(rows);
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
    // a symbol drawn in the header (a step's flowchart reaching up, a stamp's box) labels no column
    for (const c of r.cells.filter((x) => !x.shape).flatMap(splitHeaderWords)) {
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
  // the label right after Waktu is the Output by the order Permenpan RB 35/2012 fixes (Kelengkapan,
  // Waktu, Output), when OCR garbled it (`Qulout`: Diskominfo Kaltim's picture, wild 013)
  const duration = roleCol('duration');
  if (duration && !roleCol('output')) {
    const notes = roleCol('notes');
    const after = frags.filter((f) => f.x0 >= duration.x1 - 1 && (!notes || f.x1 <= notes.x0 + 1) && /\p{L}{3}/u.test(f.text)).sort((a, b) => a.x0 - b.x0)[0];
    if (after) columns.push({ role: 'output', label: after.text, col: -1, x0: after.x0, x1: after.x1 });
  }
  // `Mutu Baku` alone, with no Kelengkapan, Waktu or Output under it, heads the column of what a
  // step yields (`Laporan Inventaris dan SO`: Politeknik Negeri Lampung, wild 021 part C)
  const standard = mutu.length ? undefined : header.flatMap((r) => r.cells).find((c) => !c.shape && QUALITY_STANDARD.test(headerRoleText(c.text)));
  if (standard) columns.push({ role: 'output', label: standard.text, col: -1, x0: standard.x, x1: standard.x + standard.width });
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
export function learnExtents(t: Table, rows: StreamRow[]): void {
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
 * the one whose data starts where the cell starts (within one of its characters' width: a
 * character of text, some points of a PDF, some pixels of a scan); else the one column whose data
 * extent holds it; else the nearest header.
 */
export function columnOf(t: Table, x0: number, x1: number): number {
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
  // where a column's data starts, within a character's width (a character in the column's own unit)
  const aligned = t.columns.findIndex((c) => c.dx0 !== undefined && Math.abs(c.dx0 - x0) <= Math.max(1, c.dChars ? c.dWidth! / c.dChars : 1));
  if (aligned >= 0) return aligned;
  // within the data of exactly one column (a word of a justified line that pdf.js gave alone, far
  // from its centred header: `jadwal` under `Deskripsi`, Politeknik Negeri Lampung, wild 021)
  const within = t.columns.filter((c) => c.dx0 !== undefined && c.dx1 !== undefined && x0 >= c.dx0 - 1 && x1 <= c.dx1 + 1);
  if (within.length === 1) return t.columns.indexOf(within[0]!);
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

