/**
 * The SOP AP flowchart (Permenpan RB 35/2012, Lampiran: diagram alir) drawn as SVG from the
 * record: one symbol per step in its actor's column (`steps[].actors`; a step with several actors
 * has the symbol in each, joined), of its kind (`steps[].kind`: terminator capsule, process
 * rectangle, decision diamond; an unknown kind dashed), joined by connectors from step to step and,
 * for a decision, its Ya/Tidak branches to the steps `steps[].next` names.
 *
 * The chart is drawn row by row, in the procedure table's own rows, so that it stays beside its
 * step however the table's text wraps: each row's actor cells hold one SVG stretched to the row
 * (connectors, in units of 100 per actor column and 100 for the row's height, strokes not scaled)
 * and symbols of fixed size at the middle of their column. A branch to a step that is not the
 * next one runs in a lane right of the actor columns (its own narrow cell in every row it
 * crosses).
 */
import type { Step } from '../record/schema.js';
import { html, raw, type Html } from './html.js';

/** A branch drawn from one step to another. */
interface Edge {
  from: number;
  to: number;
  label: string | null;
  /** Lane index for a jump (a branch to any step but the next one); null for the next step. */
  lane: number | null;
}

/** What one step's row holds. */
export interface FlowRow {
  /** The actor cells' content: connectors and symbols. */
  actors: Html;
  /** The lane cell's content, when the chart has lanes. */
  lanes: Html | null;
}

export interface Flowchart {
  rows: FlowRow[];
  /** Lanes right of the actor columns (0: no lane cell). */
  lanes: number;
  /** What could not be drawn, in words (a branch to a step number the table does not have). */
  notes: string[];
}

const LANE_WIDTH = 12;

/** Index of each step's first actor among `actors` (the actor columns), or null. */
function columnsOf(steps: readonly Step[], actors: readonly string[]): Array<number[]> {
  return steps.map((s) => s.actors.map((a) => actors.indexOf(a)).filter((c) => c >= 0).sort((a, b) => a - b));
}

/** The branches of the chart: the next step, or a decision's Ya/Tidak targets; the last terminator ends the flow. */
function edgesOf(steps: readonly Step[], notes: string[]): Edge[] {
  const byNumber = new Map<number, number>();
  steps.forEach((s, i) => {
    if (s.number !== null && !byNumber.has(s.number)) byNumber.set(s.number, i);
  });
  const edges: Edge[] = [];
  steps.forEach((s, i) => {
    const branches = s.kind === 'decision' && s.next ? ([['Ya', s.next.yes], ['Tidak', s.next.no]] as const) : [];
    const drawn = branches.filter(([label, target]) => {
      if (target === null) return false;
      const j = byNumber.get(target);
      if (j === undefined || j === i) {
        notes.push(`step ${s.number ?? i + 1}: the ${label} branch leads to step ${target}, which the table does not have`);
        return false;
      }
      edges.push({ from: i, to: j, label, lane: null });
      return true;
    });
    const ends = s.kind === 'terminator' && i > 0;
    if (drawn.length === 0 && !ends && i + 1 < steps.length) edges.push({ from: i, to: i + 1, label: null, lane: null });
  });
  return edges;
}

/** Gives each jump (a branch to any step but the next) the lowest lane free over the rows it spans. */
function assignLanes(edges: Edge[]): void {
  const taken: Array<Array<[number, number]>> = [];
  for (const e of edges.filter((x) => x.to !== x.from + 1).sort((a, b) => Math.abs(a.to - a.from) - Math.abs(b.to - b.from))) {
    const [lo, hi] = [Math.min(e.from, e.to), Math.max(e.from, e.to)];
    let k = 0;
    while (taken[k]?.some(([a, b]) => a <= hi && lo <= b)) k++;
    (taken[k] ??= []).push([lo, hi]);
    e.lane = k;
  }
}

interface Symbol {
  kind: Step['kind'];
  column: number;
  /** The first of a step's columns: the one connectors reach. */
  primary: boolean;
  arrowTop: boolean;
  arrowRight: boolean;
  labelBottom: string | null;
  labelRight: string | null;
}

/** Shape right edge and top, in the symbol's 84×60 box centred at (42, 30). */
const SHAPES: Record<'terminator' | 'process' | 'decision' | 'unknown', { svg: string; top: number; right: number }> = {
  terminator: { svg: '<rect class="shape" x="12" y="18" width="60" height="24" rx="12"/>', top: 18, right: 72 },
  process: { svg: '<rect class="shape" x="12" y="16" width="60" height="28"/>', top: 16, right: 72 },
  decision: { svg: '<polygon class="shape" points="42,10 68,30 42,50 16,30"/>', top: 10, right: 68 },
  unknown: { svg: '<rect class="shape unknown" x="12" y="16" width="60" height="28"/>', top: 16, right: 72 },
};

function symbolSvg(s: Symbol, columns: number): Html {
  const shape = SHAPES[s.kind ?? 'unknown'];
  const title = s.kind === null ? 'symbol not read' : s.kind;
  const left = ((s.column + 0.5) / columns) * 100;
  return html`<svg class="symbol${s.primary ? '' : ' co'}" data-kind="${s.kind ?? 'unknown'}" style="left:${left.toFixed(3)}%" width="84" height="60" viewBox="0 0 84 60" aria-label="${title}"><title>${title}</title>${raw(shape.svg)}${
    s.arrowTop ? raw(`<polygon class="head" points="37,${shape.top - 7} 47,${shape.top - 7} 42,${shape.top}"/>`) : ''
  }${s.arrowRight ? raw(`<polygon class="head" points="${shape.right + 7},25 ${shape.right + 7},35 ${shape.right},30"/>`) : ''}${
    s.labelBottom ? html`<text class="branch" x="46" y="${shape === SHAPES.decision ? 59 : 57}">${s.labelBottom}</text>` : ''
  }${s.labelRight ? html`<text class="branch" x="${shape.right + 2}" y="24">${s.labelRight}</text>` : ''}</svg>`;
}

/**
 * The flowchart of `steps` over the actor columns `actors` (labels, in column order). Pure.
 * Connector coordinates: x = 100 per column (centre of column c at 100c + 50), y = 0–100 over
 * the row's height; a connector enters a step at the top of its symbol (from the previous row,
 * turning at a fifth of the row) or at its right side (from a lane), and leaves a decision by its
 * bottom (to the next step) or its right corner (into a lane). Only steps whose actor is known
 * are joined: no line is drawn through a step without a symbol.
 */
export function flowchart(steps: readonly Step[], actors: readonly string[]): Flowchart {
  const notes: string[] = [];
  const columns = Math.max(1, actors.length);
  const cols = columnsOf(steps, actors);
  // connectors join steps whose actor is known: a step without one has no symbol, and no line is guessed through it
  const at = cols.map((c) => c[0] ?? null);
  if (steps.length && at.every((c) => c === null)) notes.push('no step\'s actor was read: the flowchart cannot be drawn');
  const x = (i: number): number => at[i]! * 100 + 50;
  const edges = edgesOf(steps, notes).filter((e) => at[e.from] !== null && at[e.to] !== null);
  assignLanes(edges);
  const lanes = edges.reduce((n, e) => (e.lane === null ? n : Math.max(n, e.lane + 1)), 0);
  const laneX = (k: number): number => LANE_WIDTH / 2 + LANE_WIDTH * k;
  const right = columns * 100;

  const wires: string[][] = steps.map(() => []);
  const laneWires: string[][] = steps.map(() => []);
  const symbols: Symbol[][] = steps.map((s, i) =>
    cols[i]!.map((c, k) => ({ kind: s.kind, column: c, primary: k === 0, arrowTop: false, arrowRight: false, labelBottom: null, labelRight: null })),
  );
  const primary = (i: number): Symbol | undefined => symbols[i]![0];

  steps.forEach((_, i) => {
    const cs = cols[i]!;
    if (cs.length > 1) wires[i]!.push(`M${cs[0]! * 100 + 50} 50H${cs[cs.length - 1]! * 100 + 50}`);
  });
  for (const e of edges) {
    if (e.lane === null) {
      wires[e.from]!.push(`M${x(e.from)} 50V100`);
      wires[e.to]!.push(`M${x(e.from)} 0V20H${x(e.to)}V50`);
      if (primary(e.to)) primary(e.to)!.arrowTop = true;
      if (e.label && primary(e.from)) primary(e.from)!.labelBottom = e.label;
      continue;
    }
    const lx = laneX(e.lane);
    const up = e.to < e.from;
    wires[e.from]!.push(`M${x(e.from)} 50H${right}`);
    laneWires[e.from]!.push(`M0 50H${lx}V${up ? 0 : 100}`);
    for (let r = Math.min(e.from, e.to) + 1; r < Math.max(e.from, e.to); r++) laneWires[r]!.push(`M${lx} 0V100`);
    laneWires[e.to]!.push(`M${lx} ${up ? 100 : 0}V50H0`);
    wires[e.to]!.push(`M${right} 50H${x(e.to)}`);
    if (primary(e.to)) primary(e.to)!.arrowRight = true;
    if (e.label && primary(e.from)) primary(e.from)!.labelRight = e.label;
  }

  const grid = Array.from({ length: columns - 1 }, (_, c) => `M${(c + 1) * 100} 0V100`).join('');
  const rows: FlowRow[] = steps.map((_, i) => ({
    actors: html`<svg class="wires" viewBox="0 0 ${right} 100" preserveAspectRatio="none" aria-hidden="true">${
      grid ? raw(`<path class="grid" d="${grid}"/>`) : ''
    }${wires[i]!.length ? raw(`<path class="wire" d="${wires[i]!.join('')}"/>`) : ''}</svg>${symbols[i]!.map((s) => symbolSvg(s, columns))}`,
    lanes: lanes
      ? html`<svg class="wires" viewBox="0 0 ${lanes * LANE_WIDTH} 100" preserveAspectRatio="none" aria-hidden="true">${
        laneWires[i]!.length ? raw(`<path class="wire" d="${laneWires[i]!.join('')}"/>`) : ''
      }</svg>`
      : null,
  }));
  return { rows, lanes, notes };
}

/** Width of the lane cell, CSS pixels (one lane is as wide in the lane SVG's units). */
export const laneCellWidth = (lanes: number): number => lanes * LANE_WIDTH;
