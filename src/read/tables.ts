/**
 * Page geometry → layout rows, shared by the PDF text layer and OCR: tables are rebuilt from their
 * ruling lines (vector rules in a PDF, pixel rules in a scan) into gridded rows with merged cells;
 * the text outside tables becomes positioned lines. Flowchart symbols become cells of their grid
 * cell carrying `shape`.
 *
 * Why rules and not text positions: column bounds guessed from header labels fail on left-aligned
 * cells, while the ruling lines of the operator list rebuild the grid exactly (TOOLCHAIN.md).
 */
import type { LayoutCell, LayoutPage, LayoutRow, LayoutUnit } from './layout.js';
import { centre, height, overlap1, union, type Box, type Rule, type Shape, type ShapeKind, type Word } from './geometry.js';
import { SYMBOL_GLYPH } from '../vocabulary/index.js';

export interface PageContent {
  number: number;
  unit: LayoutUnit;
  width: number;
  height: number;
  words: Word[];
  rules: Rule[];
  shapes: Shape[];
}

/** Text of a drawn symbol in a cell (the layout model's cells carry text): the vocabulary's glyph of its kind. */
export const SHAPE_TEXT: Readonly<Record<ShapeKind, string>> = SYMBOL_GLYPH;

export interface Region {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
  box: Box;
  words: Word[];
  shapes: Shape[];
}

export interface Grid {
  box: Box;
  xs: number[];
  ys: number[];
  regions: Region[];
  /** The ruling lines the grid was built from. */
  rules: Rule[];
}

/** Clusters sorted values closer than `tol` and returns the cluster means. */
function clusterValues(values: number[], tol: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last && v - last[last.length - 1]! <= tol) last.push(v);
    else out.push([v]);
  }
  return out.map((c) => c.reduce((s, v) => s + v, 0) / c.length);
}

/**
 * Joins collinear rules that touch, overlap or nearly meet (a line drawn in pieces, a faded scanned
 * line, a table drawn cell by cell whose edges repeat each other at half-point offsets). Rules are
 * grouped by position (a chain of positions each within `tol` of the next), then each group's
 * extents are swept in order of their start and joined across gaps of up to 8 × `tol`; the join is
 * transitive, whatever the order the rules were drawn in.
 */
function mergeRules(rules: Rule[], tol: number): Rule[] {
  const bridge = tol * 8;
  const out: Rule[] = [];
  for (const o of ['h', 'v'] as const) {
    const list = rules.filter((r) => r.orientation === o);
    const pos = (r: Rule): number => (o === 'h' ? (r.box.y0 + r.box.y1) / 2 : (r.box.x0 + r.box.x1) / 2);
    const start = (b: Box): number => (o === 'h' ? b.x0 : b.y0);
    const end = (b: Box): number => (o === 'h' ? b.x1 : b.y1);
    list.sort((a, b) => pos(a) - pos(b));
    const groups: Rule[][] = [];
    for (const r of list) {
      const g = groups[groups.length - 1];
      if (g && pos(r) - pos(g[g.length - 1]!) <= tol) g.push(r);
      else groups.push([r]);
    }
    for (const g of groups) {
      g.sort((a, b) => start(a.box) - start(b.box));
      let cur: Box | null = null;
      for (const r of g) {
        if (cur && start(r.box) <= end(cur) + bridge) cur = union(cur, r.box);
        else {
          if (cur) out.push({ box: cur, orientation: o });
          cur = { ...r.box };
        }
      }
      if (cur) out.push({ box: cur, orientation: o });
    }
  }
  return out;
}

/** Groups rules into tables: connected sets of horizontal and vertical rules that cross or touch. */
function tablesOf(rules: Rule[], tol: number): Rule[][] {
  const parent = rules.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const meets = (a: Rule, b: Rule): boolean =>
    a.box.x0 <= b.box.x1 + tol && b.box.x0 <= a.box.x1 + tol && a.box.y0 <= b.box.y1 + tol && b.box.y0 <= a.box.y1 + tol;
  for (let i = 0; i < rules.length; i++) for (let j = i + 1; j < rules.length; j++) if (meets(rules[i]!, rules[j]!)) parent[find(i)] = find(j);
  const groups = new Map<number, Rule[]>();
  rules.forEach((r, i) => {
    const k = find(i);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  });
  return [...groups.values()].filter((g) => g.filter((r) => r.orientation === 'h').length >= 2 && g.filter((r) => r.orientation === 'v').length >= 2);
}

function buildGrid(rules: Rule[], tol: number): Grid | null {
  const h = rules.filter((r) => r.orientation === 'h');
  const v = rules.filter((r) => r.orientation === 'v');
  // a double line (two rules a millimetre or two apart) is one boundary
  const xs = clusterValues(v.map((r) => (r.box.x0 + r.box.x1) / 2), tol * 4);
  const ys = clusterValues(h.map((r) => (r.box.y0 + r.box.y1) / 2), tol * 4);
  if (xs.length < 2 || ys.length < 2) return null;
  // an outer column without its outer rule (a table drawn without side borders, a scan cut at the
  // page's edge: Banyuwangi's procedure page): the row rules running on past the last divider bound it
  const beyond = (edge: number, side: -1 | 1): number | null => {
    // as far as two rules reach: the second furthest end (one stray stroke reaches no further)
    const ends = h.map((r) => (side < 0 ? r.box.x0 : r.box.x1)).filter((x) => side * (x - edge) > tol * 8).sort((a, b) => side * (b - a));
    return ends.length >= 2 ? ends[1]! : null;
  };
  const left = beyond(xs[0]!, -1);
  if (left !== null) xs.unshift(left);
  const right = beyond(xs[xs.length - 1]!, 1);
  if (right !== null) xs.push(right);
  // a row the page break cut has no bottom rule (Word draws none where a row goes on over the
  // page: Diskominfo Kaltim's tables, wild 018): the column rules running on past the last row rule bound it
  const below = v.map((r) => r.box.y1).filter((y) => y - ys[ys.length - 1]! > tol * 8).sort((a, b) => b - a);
  if (below.length >= 2) ys.push(below[1]!);
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  const vAt = (j: number, i: number): boolean => {
    const y0 = ys[i]!;
    const y1 = ys[i + 1]!;
    return v.some((r) => Math.abs((r.box.x0 + r.box.x1) / 2 - xs[j]!) <= tol * 4 && overlap1(r.box.y0, r.box.y1, y0, y1) >= 0.6 * (y1 - y0));
  };
  const hAt = (i: number, j: number): boolean => {
    const x0 = xs[j]!;
    const x1 = xs[j + 1]!;
    return h.some((r) => Math.abs((r.box.y0 + r.box.y1) / 2 - ys[i]!) <= tol * 4 && overlap1(r.box.x0, r.box.x1, x0, x1) >= 0.6 * (x1 - x0));
  };
  const id = (i: number, j: number): number => i * cols + j;
  const parent = Array.from({ length: rows * cols }, (_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k]!)));
  const join = (a: number, b: number): void => {
    parent[find(a)] = find(b);
  };
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (j + 1 < cols && !vAt(j + 1, i)) join(id(i, j), id(i, j + 1));
      if (i + 1 < rows && !hAt(i + 1, j)) join(id(i, j), id(i + 1, j));
    }
  }
  const byRoot = new Map<number, Region>();
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const root = find(id(i, j));
      const r = byRoot.get(root);
      if (r) {
        r.r0 = Math.min(r.r0, i);
        r.r1 = Math.max(r.r1, i);
        r.c0 = Math.min(r.c0, j);
        r.c1 = Math.max(r.c1, j);
      } else byRoot.set(root, { r0: i, r1: i, c0: j, c1: j, box: { x0: 0, y0: 0, x1: 0, y1: 0 }, words: [], shapes: [] });
    }
  }
  const regions = [...byRoot.values()];
  for (const r of regions) r.box = { x0: xs[r.c0]!, x1: xs[r.c1 + 1]!, y0: ys[r.r0]!, y1: ys[r.r1 + 1]! };
  return { box: { x0: xs[0]!, x1: xs[cols]!, y0: ys[0]!, y1: ys[rows]! }, xs, ys, regions, rules };
}

function regionAt(g: Grid, x: number, y: number): Region | undefined {
  if (x < g.box.x0 || x > g.box.x1 || y < g.box.y0 || y > g.box.y1) return undefined;
  return g.regions.find((r) => x >= r.box.x0 && x <= r.box.x1 && y >= r.box.y0 && y <= r.box.y1);
}

interface Line {
  words: Word[];
  box: Box;
}

/** Groups words into text lines by their vertical centres. */
export function toLines(words: Word[]): Line[] {
  const sorted = [...words].sort((a, b) => centre(a.box).y - centre(b.box).y || a.box.x0 - b.box.x0);
  const lines: Line[] = [];
  for (const w of sorted) {
    const cy = centre(w.box).y;
    const line = lines.find((l) => Math.abs(centre(l.box).y - cy) <= Math.max(2, 0.45 * Math.min(height(l.box), height(w.box))) && overlap1(l.box.y0, l.box.y1, w.box.y0, w.box.y1) > 0);
    if (line) {
      line.words.push(w);
      line.box = { x0: Math.min(line.box.x0, w.box.x0), y0: Math.min(line.box.y0, w.box.y0), x1: Math.max(line.box.x1, w.box.x1), y1: Math.max(line.box.y1, w.box.y1) };
    } else lines.push({ words: [w], box: { ...w.box } });
  }
  for (const l of lines) l.words.sort((a, b) => a.box.x0 - b.box.x0);
  return lines.sort((a, b) => a.box.y0 - b.box.y0);
}

/**
 * Splits a line into pieces at gaps wider than five times its height (columns of text side by side,
 * `1. Alat Tulis        4. Printer`; the gaps of justified text are narrower), joining the words of
 * each piece with single spaces.
 */
function linePieces(l: Line, maxGap = 5 * (height(l.box) || 1)): Line[] {
  const pieces: Line[] = [];
  for (const w of l.words) {
    const last = pieces[pieces.length - 1];
    if (last && w.box.x0 - last.box.x1 <= maxGap) {
      last.words.push(w);
      last.box = { ...last.box, x1: Math.max(last.box.x1, w.box.x1), y0: Math.min(last.box.y0, w.box.y0), y1: Math.max(last.box.y1, w.box.y1) };
    } else pieces.push({ words: [w], box: { ...w.box } });
  }
  return pieces;
}

/** The median width of a character in these words (their boxes over their lengths). */
function charWidth(words: Word[]): number {
  const ws = words.filter((w) => w.text.length > 0).map((w) => (w.box.x1 - w.box.x0) / w.text.length).sort((a, b) => a - b);
  return ws[Math.floor(ws.length / 2)] ?? 1;
}

function pieceText(l: Line): string {
  let out = '';
  let prev: Word | null = null;
  const h = height(l.box) || 1;
  for (const w of l.words) {
    if (prev) out += w.box.x0 - prev.box.x1 < 0.12 * h && !/\s$/.test(prev.text) ? '' : ' ';
    out += w.text;
    prev = w;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * The text of a cell (between `left` and `right`): its lines in order. A line that only wrapped
 * (its first word would not have fitted at the end of the line above, a character's padding inside
 * the cell's right edge) is joined with a space; a word broken because it was wider than the cell
 * (`Sekretari` / `s` in a narrow actor column, as Word breaks it) or hyphenated at the line's end
 * (`Bagian-` / `bagian`) is joined without one; other line breaks are kept as `\n` (separate
 * items, as in an HTML cell).
 */
export function cellText(words: Word[], right: number, left?: number): string {
  const lines = toLines(words).flatMap((l) => linePieces(l));
  let out = '';
  let prev: Line | null = null;
  let prevText = '';
  for (const l of lines) {
    const text = pieceText(l);
    if (!text) continue;
    if (prev) {
      const first = l.words[0]!;
      const firstWord = first.text.split(/\s+/)[0] ?? '';
      const charW = (first.box.x1 - first.box.x0) / Math.max(1, first.text.length);
      const needed = prev.box.x1 + charW * (1 + firstWord.length);
      const sameColumn = Math.abs(l.box.x0 - prev.box.x0) < 3 * (height(l.box) || 1);
      const wrapped = sameColumn && needed > right - charW * 1.5;
      // a word broken for want of room fills the cell's width (less a character of padding each side)
      const broken = wrapped && !/\s/.test(prevText) && /\p{Ll}$/u.test(prevText) && /^\p{Ll}/u.test(text) && left !== undefined && prev.box.x1 - prev.box.x0 >= 0.85 * (right - left - 2 * charW);
      const hyphen = wrapped && /\p{L}-$/u.test(prevText);
      out += broken || hyphen ? '' : wrapped ? ' ' : '\n';
    }
    out += text;
    prev = l;
    prevText = text;
  }
  return out;
}

/** Lowest OCR confidence among words, undefined for a text layer. */
function lowestConf(words: Word[]): number | undefined {
  const confs = words.map((w) => w.conf).filter((c): c is number => c !== undefined);
  return confs.length ? Math.min(...confs) : undefined;
}

/**
 * Keeps the rules that belong to a table's grid. Column dividers run down most of the table (half
 * its height at least, or a fifth when both their ends meet horizontal rules already kept: the
 * dividers under a group header); row boundaries run across a third of it, or end on kept
 * dividers at both ends (the line under `Pelaksana`). A flowchart box's edges, a connector, a
 * strike-through under a word are shorter and end nowhere on the grid: they are dropped.
 */
function gridSkeleton(rules: Rule[], tol: number): Rule[] {
  const h = rules.filter((r) => r.orientation === 'h');
  const v = rules.filter((r) => r.orientation === 'v');
  if (h.length < 2 || v.length < 2) return [];
  const width = Math.max(...h.map((r) => r.box.x1)) - Math.min(...h.map((r) => r.box.x0));
  const height = Math.max(...v.map((r) => r.box.y1)) - Math.min(...v.map((r) => r.box.y0));
  const reach = tol * 3;
  const touches = (x: number, y: number, r: Rule): boolean => x >= r.box.x0 - reach && x <= r.box.x1 + reach && y >= r.box.y0 - reach && y <= r.box.y1 + reach;
  const endsOn = (r: Rule, on: Rule[]): boolean => {
    const ends = r.orientation === 'h'
      ? [[r.box.x0, (r.box.y0 + r.box.y1) / 2], [r.box.x1, (r.box.y0 + r.box.y1) / 2]]
      : [[(r.box.x0 + r.box.x1) / 2, r.box.y0], [(r.box.x0 + r.box.x1) / 2, r.box.y1]];
    return ends.every(([x, y]) => on.some((k) => touches(x!, y!, k)));
  };
  const keptV = v.filter((r) => r.box.y1 - r.box.y0 >= height / 2);
  const keptH = h.filter((r) => r.box.x1 - r.box.x0 >= width / 3 || endsOn(r, keptV));
  keptV.push(...v.filter((r) => !keptV.includes(r) && r.box.y1 - r.box.y0 >= height / 5 && endsOn(r, keptH)));
  keptH.push(...h.filter((r) => !keptH.includes(r) && endsOn(r, keptV)));
  return [...keptV, ...keptH];
}

/**
 * The narrowest table, in inches: strokes of a logo or a seal read as rules make a small grid (a
 * university's emblem beside its letterhead, wild 022 as a scan), and no table of an SOP is so narrow.
 */
const MIN_TABLE_WIDTH_IN = 1.2;

/**
 * The tables of a page, rebuilt from its ruling lines (tolerance in page units). `perInch`: page
 * units per inch (72 for points; a scan's dpi), for leaving out grids narrower than a table can be.
 */
export function findGrids(rawRules: Rule[], unit: LayoutUnit, perInch: number | undefined = unit === 'pt' ? 72 : undefined): Grid[] {
  const tol = unit === 'pt' ? 1.5 : 5;
  const rules = mergeRules(rawRules, tol);
  const minWidth = perInch === undefined ? 0 : MIN_TABLE_WIDTH_IN * perInch;
  const grids = tablesOf(rules, tol)
    .map((t) => buildGrid(gridSkeleton(t, tol), tol))
    .filter((g): g is Grid => g !== null && g.xs.length >= 3 && g.regions.length >= 2 && g.box.x1 - g.box.x0 >= minWidth);
  // strokes of words read as rules make small grids inside a table's cells: the table holds them
  const inside = (a: Grid, b: Grid): boolean => a !== b && a.box.x0 >= b.box.x0 - tol && a.box.x1 <= b.box.x1 + tol && a.box.y0 >= b.box.y0 - tol && a.box.y1 <= b.box.y1 + tol;
  return grids.filter((g) => !grids.some((o) => inside(g, o)));
}

/**
 * Lays out one page: tables from rules into gridded rows, the rest into positioned lines, all in
 * reading order (top to bottom).
 */
export function layoutPage(c: PageContent, known?: Grid[]): LayoutPage {
  const grids: Grid[] = (known ?? findGrids(c.rules, c.unit)).map((g) => ({ ...g, regions: g.regions.map((r): Region => ({ ...r, words: [], shapes: [] })) }));
  const free: Word[] = [];
  for (const w of c.words) {
    const { x, y } = centre(w.box);
    let region: Region | undefined;
    for (const g of grids) {
      region = regionAt(g, x, y);
      if (region) break;
    }
    if (region) region.words.push(w);
    else free.push(w);
  }
  for (const s of c.shapes) {
    const { x, y } = centre(s.box);
    for (const g of grids) {
      const region = regionAt(g, x, y);
      if (region) {
        region.shapes.push(s);
        break;
      }
    }
  }
  const gridRows: LayoutRow[] = [];
  for (const g of grids) {
    for (let i = 0; i < g.ys.length - 1; i++) {
      const cells: LayoutCell[] = [];
      for (const r of g.regions.filter((x) => x.r0 === i).sort((a, b) => a.c0 - b.c0)) {
        const text = cellText(r.words, r.box.x1, r.box.x0);
        const base = { x: r.box.x0, width: r.box.x1 - r.box.x0, y: r.box.y0, height: r.box.y1 - r.box.y0, col: r.c0, span: r.c1 - r.c0 + 1 };
        const conf = lowestConf(r.words);
        if (text) cells.push({ ...base, text, ...(conf !== undefined ? { conf } : {}) });
        for (const s of r.shapes) {
          // a branch counts when it leads into a cell of the same table
          const branches = (s.branches ?? []).filter((b) => regionAt(g, b.x, b.y)).map((b) => ({ answer: b.answer, y: b.y }));
          cells.push({ ...base, text: SHAPE_TEXT[s.kind], shape: s.kind, ...(branches.length ? { branches } : {}) });
        }
      }
      if (cells.length) gridRows.push({ y: g.ys[i]!, height: g.ys[i + 1]! - g.ys[i]!, cells });
    }
  }
  // text outside tables: positioned lines, with a blank row where a line gap is left (as pdftotext prints it)
  const freeRows = positionedRows(free, [], grids.length ? undefined : 'chars', []);
  const rows = [...gridRows, ...freeRows].sort((a, b) => a.y - b.y);
  // a scanned table's row rules are often faint or broken while its column rules hold: the page is
  // also given as positioned lines, cut at the column rules, for the positioned strategy to read;
  // a born-digital page's text outside its tables is cut at wide gaps (columns of free text side by
  // side), which runs the columns of a table without rules together where justified text fills
  // them (`1 Identifikasi PLP mengidentifikasi … Alat ukur`, wild 022): the page is also given with
  // that text cut at every word gap, when that cuts some line
  let alternative: LayoutRow[] | null = null;
  if (grids.length && c.unit === 'px') alternative = positionedRows(c.words, c.shapes, 'chars', grids.flatMap((g) => g.xs));
  else if (grids.length && free.length) {
    const cut = positionedRows(free, [], 'chars', []);
    // cutting only ever splits cells, on the same lines: as many cells is the same reading
    if (cellCount(cut) > cellCount(freeRows)) alternative = [...gridRows, ...cut].sort((a, b) => a.y - b.y);
  }
  return { number: c.number, unit: c.unit, width: c.width, height: c.height, rows, ...(alternative ? { positioned: alternative } : {}) };
}

/** Cells in `rows`. */
function cellCount(rows: LayoutRow[]): number {
  return rows.reduce((n, r) => n + r.cells.length, 0);
}

/**
 * Words as positioned lines, each line cut into cells at wide gaps (`'chars'`: wider than a
 * character; else five line heights) and at the column rules `dividers`, with a blank row per line
 * height of gap between lines (up to three, as pdftotext prints them). Symbols go on the line their
 * centre lies on, or on a row of their own.
 */
function positionedRows(words: Word[], shapes: Shape[], gap: 'chars' | undefined, dividers: number[]): LayoutRow[] {
  const rows: LayoutRow[] = [];
  const lines = toLines(words);
  const placed = new Set<Shape>();
  let prevBottom: number | null = null;
  for (const l of lines) {
    const pieces = linePieces(l, gap === 'chars' ? charWidth(l.words) : undefined).flatMap((p) => cutAt(p, dividers));
    const cells: LayoutCell[] = pieces
      .map((p) => {
        const conf = lowestConf(p.words);
        return { text: pieceText(p), x: p.box.x0, width: p.box.x1 - p.box.x0, ...(conf !== undefined ? { conf } : {}) };
      })
      .filter((x) => x.text);
    for (const sh of shapes) {
      const { y } = centre(sh.box);
      if (!placed.has(sh) && y >= l.box.y0 && y <= l.box.y1) {
        placed.add(sh);
        cells.push({ text: SHAPE_TEXT[sh.kind], x: sh.box.x0, width: sh.box.x1 - sh.box.x0, shape: sh.kind });
      }
    }
    if (!cells.length) continue;
    if (prevBottom !== null) {
      const space = l.box.y0 - prevBottom;
      const blanks = Math.min(3, Math.floor(space / (0.8 * (height(l.box) || 1))));
      for (let k = 1; k <= blanks; k++) rows.push({ y: prevBottom + (space * k) / (blanks + 1), cells: [] });
    }
    rows.push({ y: l.box.y0, height: height(l.box), cells: cells.sort((a, b) => a.x - b.x) });
    prevBottom = l.box.y1;
  }
  for (const sh of shapes) if (!placed.has(sh)) rows.push({ y: sh.box.y0, height: sh.box.y1 - sh.box.y0, cells: [{ text: SHAPE_TEXT[sh.kind], x: sh.box.x0, width: sh.box.x1 - sh.box.x0, shape: sh.kind }] });
  return rows.sort((a, b) => a.y - b.y);
}

/** A piece of a line cut where a column rule runs between two of its words. */
function cutAt(p: Line, dividers: number[]): Line[] {
  if (!dividers.length) return [p];
  const out: Line[] = [];
  for (const w of p.words) {
    const last = out[out.length - 1];
    const prev = last?.words[last.words.length - 1];
    if (last && prev && !dividers.some((d) => d > prev.box.x1 - 1 && d < w.box.x0 + 1)) {
      last.words.push(w);
      last.box = { ...last.box, x1: Math.max(last.box.x1, w.box.x1), y0: Math.min(last.box.y0, w.box.y0), y1: Math.max(last.box.y1, w.box.y1) };
    } else out.push({ words: [w], box: { ...w.box } });
  }
  return out;
}
