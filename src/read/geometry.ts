/**
 * Page geometry shared by the PDF and OCR readers: boxes in page units with the origin at the top
 * left and y growing downwards (points for PDF, pixels for images).
 */

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A run of text with its box: a PDF text item or an OCR word. */
export interface Word {
  text: string;
  box: Box;
  /** OCR confidence 0–100; undefined for a text layer. */
  conf?: number;
}

/** A flowchart symbol drawn in an actor column (Permenpan RB 35/2012: capsule, rectangle, diamond). */
export type ShapeKind = 'terminator' | 'process' | 'decision';

/** Where one branch of a decision leads: its answer (Ya / Tidak) and the centre of the target symbol. */
export interface Branch {
  answer: 'yes' | 'no';
  x: number;
  y: number;
}

export interface Shape {
  kind: ShapeKind;
  box: Box;
  /** For a decision: its branches, where the drawing shows them (vector connectors, flow.ts). */
  branches?: Branch[];
}

/** A ruling line of a table, as a thin box. */
export interface Rule {
  box: Box;
  orientation: 'h' | 'v';
}

/** The box around points given as [x, y]. */
export function bboxOf(points: ReadonlyArray<readonly [number, number]>): Box {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return { x0, y0, x1, y1 };
}

export function width(b: Box): number {
  return b.x1 - b.x0;
}

export function height(b: Box): number {
  return b.y1 - b.y0;
}

export function centre(b: Box): { x: number; y: number } {
  return { x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2 };
}

export function union(a: Box, b: Box): Box {
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

export function contains(outer: Box, x: number, y: number): boolean {
  return x >= outer.x0 && x <= outer.x1 && y >= outer.y0 && y <= outer.y1;
}

/** Overlap of two intervals, 0 when they do not meet. */
export function overlap1(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}
