/**
 * Flowchart symbols (Permenpan RB 35/2012: terminator capsule, process rectangle, decision diamond)
 * from the contours of vector paths in a PDF. Symbols come drawn in several ways:
 * - stroked closed paths, with Bézier curves for a capsule's ends (Word's own PDF export, dev-docs 01–03);
 * - a stroke turned into a filled outline: the shape's outer contour and, inset by the line's width,
 *   its inner contour, filled together, with curves flattened into many short segments (PDF printers
 *   that outline strokes; seen in BPS Provinsi Bengkulu's 2025 SOPs of ../shared/wild).
 * Both give one closed contour to classify by its corners.
 */
import { bboxOf, type Box, type Rule, type Shape, type ShapeKind, type Word } from './geometry.js';

type Point = readonly [number, number];

/** Symbol sizes in points: a flowchart symbol fits an actor column and a table row. */
export const SYMBOL_SIZE = { minWidth: 6, minHeight: 4, maxWidth: 200, maxHeight: 120 } as const;

/** Widest band between an outline's outer and inner contours (a stroke of up to 3 pt, in points). */
const MAX_OUTLINE_BAND = 3;

/** A turn smaller than this (radians) is no corner: a flattened curve or a straight run. */
const CORNER_TURN = 0.35;

/** A capsule is wider than tall by this ratio at least; a circle is a connector, not a terminator. */
const CAPSULE_RATIO = 1.3;

/** Whether a box has the size of a flowchart symbol. */
export function symbolSized(b: Box): boolean {
  const w = b.x1 - b.x0;
  const h = b.y1 - b.y0;
  return w >= SYMBOL_SIZE.minWidth && h >= SYMBOL_SIZE.minHeight && w <= SYMBOL_SIZE.maxWidth && h <= SYMBOL_SIZE.maxHeight;
}

/** Turns of a closed contour at each vertex (radians, 0 for a straight run), repeated points dropped. */
function turns(points: readonly Point[]): Array<{ at: Point; turn: number }> {
  const pts: Point[] = [];
  for (const p of points) {
    const last = pts[pts.length - 1];
    if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) > 0.05) pts.push(p);
  }
  if (pts.length > 1 && Math.hypot(pts[0]![0] - pts[pts.length - 1]![0], pts[0]![1] - pts[pts.length - 1]![1]) <= 0.05) pts.pop();
  const n = pts.length;
  if (n < 3) return pts.map((at) => ({ at, turn: Math.PI }));
  return pts.map((b, i) => {
    const a = pts[(i + n - 1) % n]!;
    const c = pts[(i + 1) % n]!;
    let turn = Math.abs(Math.atan2(c[1] - b[1], c[0] - b[0]) - Math.atan2(b[1] - a[1], b[0] - a[0]));
    if (turn > Math.PI) turn = 2 * Math.PI - turn;
    return { at: b, turn };
  });
}

/** The vertices of a closed contour where it turns sharply (straight runs and flattened curves dropped). */
export function sharpCorners(points: readonly Point[]): Point[] {
  return turns(points).filter((t) => t.turn >= CORNER_TURN).map((t) => t.at);
}

/** A flattened curve turns a little at each of many vertices; a straight run does not turn. */
const GENTLE_TURN = 0.03;
const CURVE_VERTICES = 4;

/**
 * The flowchart symbol a closed contour draws, or null: four sharp corners on the axes are a process
 * rectangle, four off them a decision diamond; a contour of curves (Bézier, or flattened into short
 * segments) at least 1.3 times wider than tall is a terminator capsule (rounded corners on a long
 * box included). A circle (an on-page connector) and other polygons are none.
 */
export function contourKind(points: readonly Point[], curved: boolean): ShapeKind | null {
  const b = bboxOf(points as Array<[number, number]>);
  if (!symbolSized(b)) return null;
  const w = b.x1 - b.x0;
  const h = b.y1 - b.y0;
  const corners = sharpCorners(points);
  const smooth = curved || turns(points).filter((t) => t.turn > GENTLE_TURN && t.turn < CORNER_TURN).length >= CURVE_VERTICES;
  if (!smooth && corners.length === 4) {
    const axis = corners.every(([x, y], k) => {
      const [nx, ny] = corners[(k + 1) % 4]!;
      return Math.abs(nx - x) < 0.5 || Math.abs(ny - y) < 0.5;
    });
    if (axis) return 'process';
    return isDiamond(corners, b) ? 'decision' : null;
  }
  if (smooth && w / h >= CAPSULE_RATIO) return 'terminator';
  return null;
}

/** How far from the middle of its side of the box a diamond's corner may lie, as a fraction of the side. */
const DIAMOND_OFFSET = 0.2;

/**
 * Whether four corners make a diamond: each on a different side of their box, near its middle (an
 * arrowhead drawn as a four-point dart has two corners at one end and one inside).
 */
function isDiamond(corners: readonly Point[], b: Box): boolean {
  const w = b.x1 - b.x0;
  const h = b.y1 - b.y0;
  const tolX = DIAMOND_OFFSET * w;
  const tolY = DIAMOND_OFFSET * h;
  const midX = (b.x0 + b.x1) / 2;
  const midY = (b.y0 + b.y1) / 2;
  const on = (test: (p: Point) => boolean): boolean => corners.some(test);
  return on(([x, y]) => Math.abs(y - b.y0) <= tolY && Math.abs(x - midX) <= tolX)
    && on(([x, y]) => Math.abs(y - b.y1) <= tolY && Math.abs(x - midX) <= tolX)
    && on(([x, y]) => Math.abs(x - b.x0) <= tolX && Math.abs(y - midY) <= tolY)
    && on(([x, y]) => Math.abs(x - b.x1) <= tolX && Math.abs(y - midY) <= tolY);
}

/**
 * Whether contour `inner` is contour `outer` inset by a thin band on every side: the two contours of
 * a stroke turned into a filled outline.
 */
export function isOutlineOf(outer: readonly Point[], inner: readonly Point[]): boolean {
  const o = bboxOf(outer as Array<[number, number]>);
  const i = bboxOf(inner as Array<[number, number]>);
  const insets = [i.x0 - o.x0, o.x1 - i.x1, i.y0 - o.y0, o.y1 - i.y1];
  return insets.every((d) => d > 0 && d <= MAX_OUTLINE_BAND);
}

/** Edges closer than this (points) touch: cells drawn one by one share their edges. */
const EDGE_TOUCH = 1.5;

/**
 * Which of the rectangles drawn on a page are table cells rather than process symbols: a table
 * drawn cell by cell (each cell its own stroked rectangle, as drawing programs and some PDF
 * printers write tables: BPS Provinsi Bengkulu, ../shared/wild 032) tiles the page, each cell
 * sharing an edge with a neighbour along at least half of it; a flowchart symbol stands alone
 * inside a cell. Returns one flag per rectangle, true for a cell.
 */
export function tiledRectangles(boxes: readonly Box[]): boolean[] {
  const shares = (a: Box, b: Box): boolean => {
    const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
    const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
    const side = (Math.abs(a.x1 - b.x0) <= EDGE_TOUCH || Math.abs(b.x1 - a.x0) <= EDGE_TOUCH) && h >= 0.5 * Math.min(a.y1 - a.y0, b.y1 - b.y0);
    const top = (Math.abs(a.y1 - b.y0) <= EDGE_TOUCH || Math.abs(b.y1 - a.y0) <= EDGE_TOUCH) && w >= 0.5 * Math.min(a.x1 - a.x0, b.x1 - b.x0);
    return side || top;
  };
  // sorted by left edge, a rectangle's neighbours are looked for among those starting before its right edge
  const order = boxes.map((b, i) => i).sort((i, j) => boxes[i]!.x0 - boxes[j]!.x0);
  const tiled = boxes.map(() => false);
  for (let k = 0; k < order.length; k++) {
    const a = boxes[order[k]!]!;
    for (let m = k + 1; m < order.length; m++) {
      const b = boxes[order[m]!]!;
      if (b.x0 > a.x1 + EDGE_TOUCH) break;
      if (shares(a, b)) tiled[order[k]!] = tiled[order[m]!] = true;
    }
  }
  return tiled;
}

/**
 * The least share of its box a solid symbol covers: a diamond covers half, a capsule or a box
 * nearly all; a connector or an elbow arrow drawn as a filled outline (dev-docs 01, Word's bent
 * connectors) covers a thin strip of it.
 */
export const SOLID_FILL = 0.4;

/** The area a closed path encloses (shoelace), as a share of its box's area. */
export function enclosedShare(points: ReadonlyArray<Point>, b: Box): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i]!;
    const [x1, y1] = points[(i + 1) % points.length]!;
    twice += x0 * y1 - x1 * y0;
  }
  return Math.abs(twice) / 2 / Math.max((b.x1 - b.x0) * (b.y1 - b.y0), 1e-6);
}

/** How near (points) a shading's edge lies to a rule of its cell. */
const SHADING_EDGE = 1.5;

/**
 * The solid shapes that are flowchart symbols: those holding no word (a symbol's text is written
 * in the Uraian column; a shaded cell holds its label) and not laid on a cell's rules on three sides
 * or more (a cell's shading), and not under a symbol already found (a fill beneath its outline).
 * Seen in Politeknik Negeri Lampung's `Bagan Alir` tables (wild 026): coloured boxes without outlines.
 */
export function solidSymbols(solids: readonly Shape[], words: readonly Word[], rules: readonly Rule[], shapes: readonly Shape[]): Shape[] {
  const inside = (b: Box, x: number, y: number): boolean => x > b.x0 && x < b.x1 && y > b.y0 && y < b.y1;
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= SHADING_EDGE;
  return solids.filter((s) => {
    const b = s.box;
    if (words.some((w) => inside(b, (w.box.x0 + w.box.x1) / 2, (w.box.y0 + w.box.y1) / 2))) return false;
    if (shapes.some((o) => inside(o.box, (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2))) return false;
    const onRule = (edge: 'x0' | 'x1' | 'y0' | 'y1'): boolean =>
      rules.some((r) => (edge[0] === 'x' ? r.orientation === 'v' && near((r.box.x0 + r.box.x1) / 2, b[edge]) : r.orientation === 'h' && near((r.box.y0 + r.box.y1) / 2, b[edge])));
    return (['x0', 'x1', 'y0', 'y1'] as const).filter(onRule).length < 3;
  });
}
