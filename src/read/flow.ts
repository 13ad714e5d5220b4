/**
 * The branches of flowchart decisions, from vector drawings: which symbol each Ya/Tidak arrow of a
 * diamond points to. Permenpan RB 35/2012 (SOP AP) draws a decision as a diamond in the actor
 * column with two labelled connectors ("Ya", "Tidak") leading to other steps' symbols.
 *
 * What was seen in born-digital SOPs (BPS Bengkulu, Word exports, dev-docs 01–03): a connector is a
 * thin filled outline or a stroked polyline, elbowed, ending in a small filled triangle (the
 * arrowhead) next to the target symbol; one connector may join another one half-way (two branches
 * to one step); the labels are text near their connector's first segment, sometimes only one of
 * the two is written.
 */
import { bboxOf, centre, type Box, type Branch, type Shape, type Word } from './geometry.js';
import { DECISION_ANSWERS } from '../vocabulary/index.js';

/** A drawn path that is neither a table rule nor a flowchart symbol: a connector piece or an arrowhead. */
export interface PathPiece {
  /** Vertices in page units (points), in drawing order. */
  points: Array<[number, number]>;
  filled: boolean;
}

/** Distance within which two pieces, or a piece and a symbol, touch (points). */
const TOUCH = 2.5;
/** Farthest an answer label may sit from its connector (points). */
const LABEL_REACH = 30;
/** Largest side of an arrowhead (points). */
const ARROWHEAD_MAX = 12;
/**
 * Most pieces one connector is followed through: a connector is a few pieces; a walk that goes on
 * has wandered into other drawings (short rules, outlined glyphs) and is given up.
 */
const WALK_MAX = 60;

const YES = new RegExp(`^(?:${DECISION_ANSWERS.yes.join('|')})$`, 'i');
const NO = new RegExp(`^(?:${DECISION_ANSWERS.no.join('|')})$`, 'i');

type Point = [number, number];

/** A piece with its segments and box computed once. */
interface Geo {
  piece: PathPiece;
  segments: Array<[Point, Point]>;
  box: Box;
  head: boolean;
}

function distToSegment(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function segmentsOf(piece: PathPiece): Array<[Point, Point]> {
  const out: Array<[Point, Point]> = [];
  const pts = piece.points;
  for (let i = 1; i < pts.length; i++) out.push([pts[i - 1]!, pts[i]!]);
  if (piece.filled && pts.length > 2) out.push([pts[pts.length - 1]!, pts[0]!]);
  if (pts.length === 1) out.push([pts[0]!, pts[0]!]);
  return out;
}

function distToGeo(p: Point, g: Geo): number {
  if (distToBox(p, g.box) > LABEL_REACH) return Number.POSITIVE_INFINITY;
  let best = Number.POSITIVE_INFINITY;
  for (const [a, b] of g.segments) best = Math.min(best, distToSegment(p, a, b));
  return best;
}

function near(p: Point, g: Geo): boolean {
  if (distToBox(p, g.box) > TOUCH) return false;
  for (const [a, b] of g.segments) if (distToSegment(p, a, b) <= TOUCH) return true;
  return false;
}

function touches(a: Geo, b: Geo): boolean {
  if (a.box.x0 - TOUCH > b.box.x1 || b.box.x0 - TOUCH > a.box.x1 || a.box.y0 - TOUCH > b.box.y1 || b.box.y0 - TOUCH > a.box.y1) return false;
  return a.piece.points.some((p) => near(p, b)) || b.piece.points.some((p) => near(p, a));
}

function distToBox(p: Point, b: Box): number {
  const dx = Math.max(b.x0 - p[0], 0, p[0] - b.x1);
  const dy = Math.max(b.y0 - p[1], 0, p[1] - b.y1);
  return Math.hypot(dx, dy);
}

/** A small filled triangle: three distinct corners (a closing point repeated is dropped). */
export function isArrowhead(piece: PathPiece): boolean {
  if (!piece.filled || piece.points.length > 8) return false;
  const corners: Point[] = [];
  for (const p of piece.points) {
    if (corners.some((c) => Math.abs(c[0] - p[0]) < 0.05 && Math.abs(c[1] - p[1]) < 0.05)) continue;
    corners.push(p);
    if (corners.length > 3) return false;
  }
  if (corners.length !== 3) return false;
  const b = bboxOf(corners);
  return Math.max(b.x1 - b.x0, b.y1 - b.y0) <= ARROWHEAD_MAX && Math.max(b.x1 - b.x0, b.y1 - b.y0) >= 1.5;
}

/** The symbol an arrowhead points into: the nearest one within reach of its corners, or null. */
function arrowTarget(head: PathPiece, shapes: Shape[], from: Shape): Shape | null {
  let best: Shape | null = null;
  let bestD = TOUCH + 1.5;
  for (const s of shapes) {
    if (s === from) continue;
    const d = Math.min(...head.points.map((p) => distToBox(p, s.box)));
    if (d < bestD) {
      bestD = d;
      best = s;
    }
  }
  return best;
}

interface Walk {
  /** The piece that leaves the decision: its label is written along it. */
  first: Geo;
  target: Shape;
}

/**
 * Follows each connector that leaves `decision` (a piece touching its box that is not an
 * arrowhead) through the pieces it touches, up to the arrowheads met; a branch is a walk whose
 * arrowheads all point into one other symbol. Arrowheads pointing back into the decision are
 * its incoming connectors, not branches. Cost: each walk visits at most WALK_MAX pieces, each
 * compared with the page's pieces by their boxes first.
 */
function walks(decision: Shape, shapes: Shape[], geos: Geo[]): Walk[] {
  const out: Walk[] = [];
  const used = new Set<Geo>();
  for (const start of geos) {
    if (start.head || used.has(start)) continue;
    if (start.box.x0 - TOUCH > decision.box.x1 || decision.box.x0 - TOUCH > start.box.x1 || start.box.y0 - TOUCH > decision.box.y1 || decision.box.y0 - TOUCH > start.box.y1) continue;
    if (!start.piece.points.some((p) => distToBox(p, decision.box) <= TOUCH)) continue;
    const seen = new Set<Geo>([start]);
    const queue = [start];
    const targets = new Set<Shape>();
    let wandered = false;
    while (queue.length && !wandered) {
      const cur = queue.shift()!;
      if (cur.head) {
        const t = arrowTarget(cur.piece, shapes, decision);
        if (t) targets.add(t);
        continue; // an arrowhead ends the connector
      }
      for (const next of geos) {
        if (seen.has(next) || !touches(cur, next)) continue;
        seen.add(next);
        queue.push(next);
        if (seen.size > WALK_MAX) wandered = true;
      }
    }
    for (const g of seen) if (!g.head) used.add(g);
    if (!wandered && targets.size === 1) out.push({ first: start, target: [...targets][0]! });
  }
  return out;
}

/**
 * Finds the Ya/Tidak branches of every decision symbol on a page. Input: the page's symbols, its
 * other drawn pieces (connectors, arrowheads, and short rules, as a straight connector is drawn
 * like one) and its words (for the labels). Output: for each decision that has any, its branches (at most one per answer), keyed
 * by the decision's index in `shapes`. A branch whose label cannot be told gets the answer the
 * other branch does not have; a decision whose two branches carry the same answer, or whose
 * answers are other words (`Tatap muka` / `Kotak Pengaduan`), gets none.
 */
export function decisionBranches(shapes: Shape[], pieces: PathPiece[], words: Word[]): Map<number, Branch[]> {
  const result = new Map<number, Branch[]>();
  if (!shapes.some((s) => s.kind === 'decision')) return result;
  // a symbol's own fill, or marks drawn inside it, are no connectors
  const geos: Geo[] = pieces
    .filter((p) => p.points.length > 0 && !shapes.some((s) => p.points.every((q) => distToBox(q, s.box) <= 1)))
    .map((piece) => ({ piece, segments: segmentsOf(piece), box: bboxOf(piece.points), head: isArrowhead(piece) }));
  const labels = words
    .map((w) => ({ answer: YES.test(w.text.trim()) ? ('yes' as const) : NO.test(w.text.trim()) ? ('no' as const) : null, at: centre(w.box) }))
    .filter((l): l is { answer: 'yes' | 'no'; at: { x: number; y: number } } => l.answer !== null);
  const all: Array<{ decision: number; walk: Walk; answers: Set<'yes' | 'no'> }> = [];
  shapes.forEach((s, i) => {
    if (s.kind !== 'decision') return;
    for (const walk of walks(s, shapes, geos)) all.push({ decision: i, walk, answers: new Set() });
  });
  // each label goes to the connector whose first piece (the one leaving its decision) is nearest
  for (const l of labels) {
    let best: (typeof all)[number] | null = null;
    let bestD = LABEL_REACH;
    for (const b of all) {
      const d = distToGeo([l.at.x, l.at.y], b.walk.first);
      if (d < bestD) {
        bestD = d;
        best = b;
      }
    }
    best?.answers.add(l.answer);
  }
  const byDecision = new Map<number, typeof all>();
  for (const b of all) byDecision.set(b.decision, [...(byDecision.get(b.decision) ?? []), b]);
  for (const [i, bs] of byDecision) {
    if (bs.length > 2) continue;
    const told = bs.map((b) => (b.answers.size === 1 ? [...b.answers][0]! : null));
    if (bs.length === 2) {
      if (told[0] && !told[1]) told[1] = told[0] === 'yes' ? 'no' : 'yes';
      else if (!told[0] && told[1]) told[0] = told[1] === 'yes' ? 'no' : 'yes';
      if (told[0] === told[1]) continue;
    }
    const branches: Branch[] = [];
    bs.forEach((b, k) => {
      const answer = told[k];
      if (answer) branches.push({ answer, ...centre(b.walk.target.box) });
    });
    if (branches.length) result.set(i, branches);
  }
  return result;
}
