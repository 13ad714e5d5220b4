/**
 * The identity table ("identitas SOP") and the text around the tables: labels and their values,
 * list sections, the title block and the signature block.
 *
 * A label owns the cells to its right on its row; a list label written without a value owns the
 * column under it on the following rows, until another label takes the column. Two labels side by
 * side (`Dasar Hukum | Kualifikasi Pelaksana`) split the width between them. Text that no label
 * owns is kept as free lines: the organisation, unit and title block, and the signature block.
 */
import { findLabels, isListField, isWeakLabel, labelOf, leadingLabel, looksLikeNumberValue, type IdentityField, type ListField, type ScalarField } from './labels.js';
import { divideShared } from './lists.js';
import { isBlank, least, most, originOf, type StreamRow } from './stream.js';
import type { FreeLine, Origin, RawSop, SectionPiece } from './types.js';
import type { LayoutCell } from '../read/layout.js';

interface Token {
  kind: 'label' | 'text';
  /** Where the token lies on its page (null on a page without positions). */
  origin: Origin | null;
  field?: IdentityField;
  text: string;
  x0: number;
  x1: number;
  col: number | undefined;
  emphasis: boolean;
}

/** Splits a row's cells into label and text tokens, cutting cells at labels found inside them. */
function tokenize(row: StreamRow): Token[] {
  const tokens: Token[] = [];
  for (const c of row.cells) {
    const cellOrigin = originOf(row, c);
    const at = (x0: number, x1: number): Origin | null => (cellOrigin ? { ...cellOrigin, x0, x1 } : null);
    // a drawn symbol (a stamp's outline in a scan) is no text of the identity table
    if (c.shape) continue;
    const emphasis = !!c.emphasis;
    const whole = labelOf(c.text);
    if (whole) {
      tokens.push({ origin: at(c.x, c.x + c.width), kind: 'label', field: whole, text: c.text, x0: c.x, x1: c.x + c.width, col: c.col, emphasis });
      continue;
    }
    // a cell of several labels, each on its line with its value on the lines after it (`Nomor SOP` /
    // `: SOP-254/…` / `Tanggal Pembuatan` / `: 2 Januari 2024` …: BPS Provinsi Bengkulu's procurement SOPs)
    const stacked = stackedLabels(c.text);
    if (stacked) {
      for (const part of stacked) {
        tokens.push({ origin: at(c.x, c.x + c.width), kind: 'label', field: part.field, text: part.label, x0: c.x, x1: c.x + c.width, col: c.col, emphasis });
        if (part.value) tokens.push({ origin: at(c.x, c.x + c.width), kind: 'text', text: part.value, x0: c.x, x1: c.x + c.width, col: c.col, emphasis });
      }
      continue;
    }
    // a cell whose first line is a label and the rest its value (`Dasar Hukum` / `1. …`: PDF, scan)
    const [first, ...after] = c.text.split('\n');
    const head = after.length ? labelOf(first!) : null;
    if (head) {
      tokens.push({ origin: at(c.x, c.x + c.width), kind: 'label', field: head, text: first!, x0: c.x, x1: c.x + c.width, col: c.col, emphasis });
      tokens.push({ origin: at(c.x, c.x + c.width), kind: 'text', text: after.join('\n'), x0: c.x, x1: c.x + c.width, col: c.col, emphasis });
      continue;
    }
    const hits = findLabels(c.text);
    if (hits.length === 0) {
      tokens.push({ origin: at(c.x, c.x + c.width), kind: 'text', text: c.text, x0: c.x, x1: c.x + c.width, col: c.col, emphasis });
      continue;
    }
    const scale = c.text.length ? c.width / c.text.length : 1;
    let pos = 0;
    for (const h of hits) {
      const before = c.text.slice(pos, h.start).trim();
      if (before) tokens.push({ origin: at(c.x + pos * scale, c.x + h.start * scale), kind: 'text', text: before, x0: c.x + pos * scale, x1: c.x + h.start * scale, col: c.col, emphasis });
      tokens.push({ origin: at(c.x + h.start * scale, c.x + h.end * scale), kind: 'label', field: h.field, text: c.text.slice(h.start, h.end), x0: c.x + h.start * scale, x1: c.x + h.end * scale, col: c.col, emphasis });
      pos = h.end;
    }
    const rest = c.text.slice(pos).trim();
    if (rest) tokens.push({ origin: at(c.x + pos * scale, c.x + c.width), kind: 'text', text: rest, x0: c.x + pos * scale, x1: c.x + c.width, col: c.col, emphasis });
  }
  return tokens.filter((t) => t.kind === 'label' || !/^[:.\s]*$/.test(t.text));
}

/**
 * A cell's lines as label–value parts when two or more of its lines start with an identity label
 * (a whole-line label, or a label and its value after a colon) and the first line is one of them
 * (with two lines, both);
 * null otherwise (a cell with one label is read as label and value by the caller).
 */
function stackedLabels(text: string): Array<{ field: IdentityField; label: string; value: string }> | null {
  const lines = text.split('\n');
  if (lines.length < 2) return null;
  const heads = lines.map((l) => {
    const whole = labelOf(l);
    if (whole) return { field: whole, label: l.trim(), rest: '' };
    const lead = findLabels(l)[0];
    return lead && lead.start === 0 && /:/.test(l.slice(0, lead.end)) ? { field: lead.field, label: l.slice(0, lead.end).trim(), rest: l.slice(lead.end).trim() } : null;
  });
  // two lines are both labels (`No Dokumen :` / `Tanggal Terbit :` of a document box left blank, Politeknik Negeri Lampung)
  if (!heads[0] || heads.filter(Boolean).length < 2) return null;
  const parts: Array<{ field: IdentityField; label: string; value: string }> = [];
  lines.forEach((l, i) => {
    const h = heads[i];
    if (h) parts.push({ field: h.field, label: h.label, value: h.rest });
    else {
      const last = parts[parts.length - 1]!;
      last.value = last.value ? `${last.value}\n${l}` : l;
    }
  });
  for (const p of parts) p.value = p.value.replace(/^\s*:\s*/, '').trim();
  return parts;
}

/** A column of the page owned by an open field. */
interface Region {
  field: ListField | 'approver' | 'title';
  /** Gridded: column range [c0, c1); positioned: x range [x0, x1). */
  c0: number;
  c1: number;
  x0: number;
  x1: number;
  gridded: boolean;
  /** Positioned: where the region's label ends (a label further right starts a column beside it). */
  labelX1: number;
  /** Stream index of the label's row. */
  row: number;
  /** 1-based page of the label's row. */
  page: number;
  /** Pieces added since the region opened. */
  filled: number;
  /** Gridded approver or title: its value stood beside its label, in a column right of it. */
  valueBeside?: boolean;
}

function inRegion(r: Region, t: Token): boolean {
  if (r.gridded) return t.col !== undefined && t.col >= r.c0 && t.col < r.c1;
  const mid = (t.x0 + Math.min(t.x1, t.x0 + 12)) / 2;
  return mid >= r.x0 && mid < r.x1;
}

/** An open list region of positioned text lying wholly right of a row's labels. */
function besideLabels(r: Region, labels: Token[]): boolean {
  return !r.gridded && isListField(r.field as IdentityField) && labels.every((l) => l.x1 < r.x0);
}

/** A heading in capitals or bold (`SOP PEMANTAUAN KINERJA`, `PROSEDUR …`): it closes open lists. */
function isHeading(t: Token): boolean {
  // a code in brackets beside a list item (`(SOP-PPID-02)`) is no heading
  if (/^\(.*\)$/.test(t.text.trim())) return false;
  // letters and capitals counted in one pass (ASCII directly, other letters by Unicode class)
  let letters = 0;
  let upper = 0;
  for (const ch of t.text) {
    const c = ch.charCodeAt(0);
    if (c >= 65 && c <= 90) upper++;
    else if (!(c >= 97 && c <= 122) && (c < 128 || !/\p{L}/u.test(ch))) continue;
    else if (c >= 128 && /\p{Lu}/u.test(ch)) upper++;
    letters++;
  }
  if (letters < 6) return false;
  return upper / letters > 0.85 || (t.emphasis && t.text.length < 80);
}

const LEADING_MARKER = /^\s*(\d{1,2})[.)]\s/;

/** The number of the last numbered piece of a section, or 0. */
function lastMarker(pieces: SectionPiece[] | undefined): number {
  let last = 0;
  for (const p of pieces ?? []) for (const line of p.text.split('\n')) {
    const m = LEADING_MARKER.exec(line);
    if (m) last = Number(m[1]);
  }
  return last;
}

/**
 * Cuts positioned text that runs from one open column into the next one, which happens when the
 * extractor leaves a single space between two columns (dev-docs 01, 02):
 * - at the column boundary, when a word starts there (`… tugas, - Disimpan …`);
 * - at a list marker that continues the right column's numbering (`… tentang 4. Memahami …` when
 *   the right column's list is at 3).
 */
function splitAcrossRegions(tokens: Token[], open: Region[], sections: Partial<Record<ListField, SectionPiece[]>>): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const home = open.find((r) => inRegion(r, t));
    const next = open.filter((r) => r !== home && r.x0 > t.x0).sort((a, b) => a.x0 - b.x0)[0];
    const byMarker = home && next && next.field !== 'approver' && next.field !== 'title' && !tokens.some((o) => o !== t && inRegion(next, o)) ? markerSplit(t, home, next, sections) : null;
    if (byMarker) {
      out.push(...byMarker);
      continue;
    }
    const right = next && next.x0 < t.x1 ? next : undefined;
    if (!home || !right) {
      out.push(t);
      continue;
    }
    const scale = t.text.length ? (t.x1 - t.x0) / t.text.length : 1;
    const offset = Math.round((right.x0 + 2 - t.x0) / scale);
    let cut = -1;
    for (let d = 0; d <= 3 && cut < 0; d++) {
      for (const o of [offset - d, offset + d]) if (o > 0 && o < t.text.length && t.text[o - 1] === ' ' && t.text[o] !== ' ') cut = cut < 0 ? o : cut;
    }
    if (cut < 0) {
      out.push(t);
      continue;
    }
    out.push({ ...t, text: t.text.slice(0, cut).trim(), x1: t.x0 + cut * scale, origin: t.origin && { ...t.origin, x1: t.x0 + cut * scale } });
    out.push({ ...t, text: t.text.slice(cut).trim(), x0: t.x0 + cut * scale, origin: t.origin && { ...t.origin, x0: t.x0 + cut * scale } });
  }
  return out;
}

function markerSplit(t: Token, home: Region, next: Region, sections: Partial<Record<ListField, SectionPiece[]>>): Token[] | null {
  if (home.field === 'approver' || home.field === 'title') return null;
  const want = lastMarker(sections[next.field as ListField]) + 1;
  if (want < 2) return null;
  const re = new RegExp(`\\s(${want})[.)]\\s+(?=\\p{Lu})`, 'gu');
  for (const m of t.text.matchAll(re)) {
    if (m.index! === 0) continue;
    const cut = m.index! + 1;
    const scale = t.text.length ? (t.x1 - t.x0) / t.text.length : 1;
    return [
      { ...t, text: t.text.slice(0, cut).trim(), x1: t.x0 + cut * scale, origin: t.origin && { ...t.origin, x1: t.x0 + cut * scale } },
      { ...t, text: t.text.slice(cut).trim(), x0: next.x0 + 2, x1: Math.max(next.x0 + 3, t.x1), origin: t.origin && { ...t.origin, x0: t.x0 + cut * scale } },
    ];
  }
  return null;
}

/**
 * The open regions that stay beside a row's labels and new regions. Every label closes the column
 * it sits in and new regions replace the open ones they overlap, except, in positioned text, a
 * list label standing beside an open list region's label, a line or two below it, rather than
 * under it: two list sections side by side whose labels are a line apart (`Dasar Hukum :` on one line, `Kualifikasi Pelaksana :` on
 * the next, as pdftotext prints a borderless Word table) split the width between them.
 */
function placeRegions(open: Region[], labels: Token[], newRegions: Region[], rowIndex: number): Region[] {
  const kept: Region[] = [];
  for (const r of open) {
    let closed = false;
    for (const l of labels) {
      if (r.gridded) closed ||= l.col !== undefined && l.col >= r.c0 && l.col < r.c1;
      else if (l.x0 >= r.x0 && l.x0 < r.x1) {
        // a list label beside the region's own, a line or two below it: the region ends there
        const beside = l.x0 > r.labelX1 && isListField(r.field as IdentityField) && isListField(l.field!) && rowIndex - r.row <= 2;
        if (beside) r.x1 = l.x0 - 2;
        else closed = true;
      }
    }
    for (const n of newRegions) {
      if (n.gridded) closed ||= n.c0 < r.c1 && r.c0 < n.c1;
      else if (n.x0 < r.x1 && r.x0 < n.x1) {
        if (!r.gridded && n.labelX1 < r.x0) n.x1 = Math.min(n.x1, r.x0); // a new region beside it, to the left
        else closed = true;
      }
    }
    if (!closed) kept.push(r);
  }
  return kept;
}

/**
 * A run of seven to twelve lines holding two or more labels (`Tanggal Efektif -` two lines above
 * `Disahkan oleh` and its five lines of value, with the title block beside them and no blank line
 * between: pdftotext of a borderless Word table, seed 003): each line goes with the nearest line
 * holding a label (a whole one, or one glued to its value; a tie goes to the later label, whose
 * value, centred on it, starts above it), and each part is joined on its own. A label keeps the
 * lines above it only when as many lines of its part lie below it (a centred value); otherwise
 * they go back to the label before (a value written from its label's line down). Longer runs, or
 * runs with fewer labels, stay as they are.
 */
function splitBlock(block: StreamRow[]): StreamRow[] {
  if (block.length > 12) return block;
  const labelled = block.map((row, i) => (row.cells.some((c) => labelOf(c.text) !== null || leadingLabel(c.text) !== null) ? i : -1)).filter((i) => i >= 0);
  if (labelled.length < 2) return block;
  const owner = block.map((_, i) => {
    let best = 0;
    labelled.forEach((l, k) => {
      if (Math.abs(l - i) <= Math.abs(labelled[best]! - i)) best = k;
    });
    return best;
  });
  for (let k = 1; k < labelled.length; k++) {
    const above = owner.filter((o, i) => o === k && i < labelled[k]!).length;
    const below = owner.filter((o, i) => o === k && i > labelled[k]!).length;
    if (above > below) owner.forEach((o, i) => {
      if (o === k && i < labelled[k]!) owner[i] = k - 1;
    });
  }
  const parts: StreamRow[][] = labelled.map(() => []);
  block.forEach((row, i) => parts[owner[i]!]!.push(row));
  return parts.flatMap((part) => (part.length > 6 ? part : joinBlock(part)));
}

/** Identity fields whose value a centred label may have above and below it. */
const CENTRED_FIELDS = new Set<IdentityField>(['number', 'createdDate', 'revisedDate', 'effectiveDate', 'approvedDate', 'approver', 'title']);

interface Placed {
  row: StreamRow;
  cell: LayoutCell;
}

/**
 * Joins the lines of one identity-table row that Word centred vertically, in positioned text
 * (a PDF without table rules, or pdftotext's dump of any PDF): the label on the middle line with its
 * value's lines above and below it (`00.8.3.3 / / KEU -` / `Nomor SOP` / `2023`), or a label
 * broken over the lines around its value (`Tanggal` / `22 Desember 2023` / `Pembuatan`). A run of
 * two to six lines between blank lines becomes one line `label | value` when exactly one scalar
 * label is in it and the rest of its text stands to the label's right, in lines that run on from
 * the label's own; other text (the title block beside the table, a note under it) keeps its lines.
 * Seen in the seed renditions exported by LibreOffice (fixtures/renditions/*.export.pdf).
 */
function joinCentredRows(rows: StreamRow[], skip: (index: number) => boolean): StreamRow[] {
  const out: StreamRow[] = [];
  let block: StreamRow[] = [];
  const flush = (): void => {
    out.push(...joinBlock(block));
    block = [];
  };
  for (const r of rows) {
    if (r.gridded || skip(r.index) || isBlank(r)) {
      flush();
      out.push(r);
    } else {
      // a block ends at a page's end as at a blank line
      if (block.length && block[block.length - 1]!.page !== r.page) flush();
      block.push(r);
    }
  }
  flush();
  return out;
}

function joinBlock(block: StreamRow[]): StreamRow[] {
  if (block.length > 6) return splitBlock(block);
  if (block.length < 2) return block;
  const tol = block[0]!.unit === 'char' ? 2 : 6;
  const placed: Placed[] = block.flatMap((row) => row.cells.filter((c) => !c.shape).map((cell) => ({ row, cell })));
  // a column of cells at one x whose text together is a label, or one cell that starts with a label
  const columns: Placed[][] = [];
  for (const p of placed) {
    const col = columns.find((c) => Math.abs(c[0]!.cell.x - p.cell.x) <= tol);
    if (col) col.push(p);
    else columns.push([p]);
  }
  let label: { text: string; x0: number; x1: number; parts: Placed[]; rest: Placed | null } | null = null;
  let labels = 0;
  for (const col of columns) {
    const joined = col.map((p) => p.cell.text).join(' ');
    const whole = col.length > 1 ? labelOf(joined) : null;
    if (whole) {
      labels++;
      if (CENTRED_FIELDS.has(whole)) label = { text: joined, x0: col[0]!.cell.x, x1: most(col.map((p) => p.cell.x + p.cell.width)), parts: col, rest: null };
      continue;
    }
    for (const p of col) {
      const text = p.cell.text;
      const whole = labelOf(text);
      const lead = whole ? null : leadingLabel(text);
      if (!whole && !lead) {
        labels += findLabels(text).length;
        continue;
      }
      labels++;
      const field = whole ?? lead!.field;
      if (!CENTRED_FIELDS.has(field)) continue;
      const end = lead ? lead.end : text.length;
      const scale = text.length ? p.cell.width / text.length : 1;
      const restText = text.slice(end).trim();
      label = {
        text: text.slice(0, end).trim(), x0: p.cell.x, x1: p.cell.x + end * scale, parts: [p],
        rest: restText ? { row: p.row, cell: { ...p.cell, text: restText, x: p.cell.x + end * scale } } : null,
      };
    }
  }
  if (!label || labels !== 1) return block;
  const found = label;
  // the value's lines run on from the label's lines without a line that holds none of them between
  const near = new Set<StreamRow>(found.parts.map((p) => p.row));
  const inValue = (p: Placed): boolean => !found.parts.includes(p) && p.cell.x >= found.x1 - tol;
  const at = block.indexOf(found.parts[0]!.row);
  for (let i = at - 1; i >= 0 && (near.has(block[i]!) || placed.some((p) => p.row === block[i] && inValue(p))); i--) near.add(block[i]!);
  for (let i = at + 1; i < block.length && (near.has(block[i]!) || placed.some((p) => p.row === block[i] && inValue(p))); i++) near.add(block[i]!);
  const values = placed.filter((p) => inValue(p) && near.has(p.row));
  if (found.rest) values.push(found.rest);
  const home = found.parts[0]!.row;
  if (!values.some((v) => v.row !== home)) return block;
  // the lines of one cell start at one x (a signature's name further right above `Nama SOP` is not its value)
  // (a value glued to its label, `Disahkan oleh EMIRDA …`, has no x of its own)
  const own = values.filter((v) => v !== found.rest);
  const left = own.find((v) => v.row === home)?.cell.x ?? own[0]?.cell.x ?? 0;
  if (own.some((v) => Math.abs(v.cell.x - left) > tol)) return block;
  values.sort((a, b) => a.row.y - b.row.y || a.cell.x - b.cell.x);
  const valueX = least(values.map((v) => v.cell.x));
  const valueX1 = most(values.map((v) => v.cell.x + v.cell.width));
  const consumed = (c: LayoutCell): boolean => placed.some((p) => p.cell === c && (found.parts.includes(p) || values.includes(p)));
  const joinedRow = (row: StreamRow): StreamRow => {
    // lines the value does not run through, and every other cell, stay as they were
    if (!near.has(row)) return row;
    const kept = row.cells.filter((c) => !consumed(c));
    if (row !== home) return { ...row, cells: kept };
    const label: LayoutCell = { text: found.text, x: found.x0, width: found.x1 - found.x0, ...(found.parts[0]!.cell.emphasis ? { emphasis: true } : {}) };
    const value: LayoutCell = { text: values.map((v) => v.cell.text).join('\n'), x: valueX, width: valueX1 - valueX };
    return { ...row, cells: [...kept, label, value].sort((a, b) => a.x - b.x) };
  };
  return block.map(joinedRow).filter((r) => r.cells.length > 0);
}

export interface IdentityResult {
  /** Where each field's value was read (pages with positions only). */
  origins: Partial<Record<IdentityField, Origin[]>>;
  identity: Partial<Record<ScalarField, string>>;
  sections: Partial<Record<ListField, SectionPiece[]>>;
  freeLines: FreeLine[];
}

/**
 * Walks the rows outside the procedure table and the worksheet, collecting labelled values, list
 * sections and free lines. `skip` holds stream indices that belong to tables.
 */
export function readIdentity(rows: StreamRow[], skip: (index: number) => boolean): IdentityResult {
  const identity: Partial<Record<ScalarField, string>> = {};
  const sections: Partial<Record<ListField, SectionPiece[]>> = {};
  const freeLines: FreeLine[] = [];
  let open: Region[] = [];

  const origins: Partial<Record<IdentityField, Origin[]>> = {};
  const at = (field: IdentityField, from: ReadonlyArray<Token>): void => {
    for (const t of from) if (t.origin) (origins[field] ??= []).push(t.origin);
  };
  const addPiece = (field: ListField, text: string, hard: boolean, from: ReadonlyArray<Token>, row?: StreamRow): void => {
    const list = sections[field] ?? [];
    const first = from[0];
    list.push({ text, hardBreaks: hard, ...(row && !row.gridded && first ? { x: first.x0, width: first.x1 - first.x0, unit: row.unit } : {}) });
    sections[field] = list;
    at(field, from);
  };
  const setScalar = (field: ScalarField, text: string, append: boolean, from: ReadonlyArray<Token>): void => {
    const v = text.trim();
    if (!v) return;
    if (identity[field] === undefined) identity[field] = v;
    else if (append) identity[field] = `${identity[field]}\n${v}`;
    else return;
    at(field, from);
  };
  // the label row of the region an approver or title was read under: a second signature block
  // (the procedure page's `Disetujui Oleh :` after the cover's, wild 018) adds nothing to the first
  const readUnder: Partial<Record<'approver' | 'title', number>> = {};
  const addToRegion = (region: Region & { field: 'approver' | 'title' }, t: Token): void => {
    if ((readUnder[region.field] ??= region.row) !== region.row) return;
    setScalar(region.field, t.text, true, [t]);
  };
  const free = (t: Token, index: number): void => {
    freeLines.push({ text: t.text, index, emphasis: t.emphasis, ...(t.origin ? { origin: t.origin } : {}) });
  };

  let prevWasSkipped = false;
  for (const row of joinCentredRows(rows, skip)) {
    if (skip(row.index)) {
      // a table between identity parts closes every open section
      if (!prevWasSkipped) open = [];
      prevWasSkipped = true;
      continue;
    }
    prevWasSkipped = false;
    if (isBlank(row)) continue;
    // a signature or title block ends with its page (a list cell may run on into the next page's table;
    // a signature column does not: the cover's `DISETUJUI OLEH :` column of wild 013/018 over the
    // running headers of the pages after it)
    open = open.filter((r) => (r.field !== 'approver' && r.field !== 'title') || r.page === row.page);
    let tokens = tokenize(row);
    const labels = tokens.filter((t) => t.kind === 'label');
    // on a label's row, the values of an open list region to the right of every label stay that
    // region's (`Keterkaitan :` beside the first item of `Peralatan/Perlengkapan`, whose label
    // stands two lines above at the right: pdftotext of a borderless Word table, seed renditions 003, 004)
    const aside = new Set(row.gridded || labels.length === 0 ? [] : tokens.filter((t) => t.kind !== 'label' && open.some((r) => besideLabels(r, labels) && inRegion(r, t))));
    if (aside.size) tokens = tokens.filter((t) => !aside.has(t));
    if (labels.length === 0) {
      // a gridded row with text where an approver's or title's label stands beside its value is a
      // row of its own whose label a scan did not read (`=` for `Nama SOP`, Banyuwangi, wild 063):
      // it closes that region, and its value is free
      if (row.gridded) open = open.filter((r) => !r.valueBeside || !tokens.some((t) => t.col === r.c0));
      for (const t of row.gridded ? tokens : splitAcrossRegions(tokens, open, sections)) {
        const region = open.find((r) => inRegion(r, t));
        if (region && isHeading(t) && region.filled > 0 && region.field !== 'approver') {
          open = [];
          free(t, row.index);
          continue;
        }
        if (!region) {
          free(t, row.index);
          continue;
        }
        region.filled++;
        if (region.field === 'approver' || region.field === 'title') addToRegion(region as Region & { field: 'approver' | 'title' }, t);
        else addPiece(region.field, t.text, row.gridded, [t], row);
      }
      continue;
    }
    // text before the first label is free (the title block sharing the row: seed 000)
    const firstLabel = tokens.indexOf(labels[0]!);
    tokens.slice(0, firstLabel).forEach((t) => free(t, row.index));
    const newRegions: Region[] = [];
    for (let li = 0; li < labels.length; li++) {
      const label = labels[li]!;
      const next = labels[li + 1];
      const from = tokens.indexOf(label) + 1;
      const to = next ? tokens.indexOf(next) : tokens.length;
      const values = tokens.slice(from, to);
      const field = label.field!;
      const valueText = values.map((v) => v.text).join(row.gridded ? '\n' : ' ');
      // a bare `No.` over a column of numbers is another table's header, not the Nomor SOP
      if (field === 'number' && isWeakLabel(label.text) && !looksLikeNumberValue(valueText)) {
        for (const t of [label, ...values]) free(t, row.index);
        continue;
      }
      // two list labels side by side whose contents are run together after the second one
      if (isListField(field) && values.length === 0 && next && isListField(next.field!) && !row.gridded && row.cells.length === 1) {
        const nextFrom = tokens.indexOf(next) + 1;
        const nextNext = labels[li + 2];
        const nextTo = nextNext ? tokens.indexOf(nextNext) : tokens.length;
        const shared = tokens.slice(nextFrom, nextTo).map((v) => v.text).join(' ');
        if (shared) {
          const [a, b] = divideShared(shared);
          const sharedTokens = tokens.slice(nextFrom, nextTo);
          if (a) addPiece(field, a, false, sharedTokens);
          if (b) addPiece(next.field as ListField, b, false, sharedTokens);
          li++;
          continue;
        }
      }
      if (isListField(field)) {
        if (valueText) addPiece(field, valueText, row.gridded, values);
      } else {
        if ((field === 'approver' || field === 'title') && valueText) readUnder[field] ??= row.index;
        setScalar(field as ScalarField, valueText, false, values);
      }
      const region: Region = {
        field: isListField(field) ? field : field === 'approver' || field === 'title' ? field : 'title',
        c0: label.col ?? 0,
        c1: next?.col ?? Number.POSITIVE_INFINITY,
        x0: label.x0 - 2,
        x1: next ? next.x0 - 2 : Number.POSITIVE_INFINITY,
        gridded: row.gridded,
        labelX1: label.x1,
        row: row.index,
        page: row.page,
        filled: valueText ? 1 : 0,
        ...(row.gridded && (field === 'approver' || field === 'title') && values.some((v) => (v.col ?? 0) > (label.col ?? 0)) ? { valueBeside: true } : {}),
      };
      if (isListField(field) || field === 'approver' || (field === 'title' && !valueText)) newRegions.push(region);
    }
    open = placeRegions(open, labels, newRegions, row.index);
    for (const t of aside) {
      const region = open.find((r) => besideLabels(r, labels) && inRegion(r, t));
      if (!region) {
        free(t, row.index);
        continue;
      }
      region.filled++;
      addPiece(region.field as ListField, t.text, false, [t], row);
    }
    open.push(...newRegions);
  }
  return { identity, sections, freeLines, origins };
}

/** Collects the parts of one SOP from its rows (without the procedure table). */
export function emptySop(index: number): RawSop {
  return { index, identity: {}, sections: {}, freeLines: [], signature: [], guessed: new Set(), origins: {}, procedure: null, procedureStart: null, procedureScore: null, worksheet: new Map(), pages: 0, diagnostics: [] };
}
