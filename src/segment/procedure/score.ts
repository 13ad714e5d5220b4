/**
 * How plausible a parse of the procedure table is, from the invariants Permenpan RB 35/2012 sets
 * for it (DOMAIN.md §2): steps numbered 1..N in order, one responsible actor per step (a flowchart
 * symbol or a mark in exactly one Pelaksana column), a Waktu cell that reads as a duration, the Mutu
 * Baku columns (Kelengkapan, Waktu, Output) named by the header, an activity in every row. The score
 * chooses among the strategies' proposals and feeds the confidence of the procedure's fields.
 */
import { headerUnit, looksLikeDuration } from '../../normalise/duration.js';
import type { RawProcedure } from '../types.js';
import type { Role } from './header.js';

/** What each invariant contributes to the score, by weight (they sum to 1). */
export const PLAUSIBILITY_WEIGHTS = {
  /** steps numbered 1..N without gaps or repeats */
  numbering: 0.3,
  /** every step with an activity of the length of a sentence or a paragraph */
  activity: 0.2,
  /** Waktu cells that parse as durations */
  durations: 0.2,
  /** exactly one actor column marked per step (a symbol or a mark), under actor labels that read as roles */
  actors: 0.15,
  /** Kelengkapan, Waktu and Output named by the header */
  mutuBaku: 0.15,
} as const;

export type Invariant = keyof typeof PLAUSIBILITY_WEIGHTS;

export interface Plausibility {
  /** 0 (no steps, nothing holds) to 1 (every invariant holds for every step). */
  score: number;
  /** Each invariant's fraction met, 0–1. */
  parts: Record<Invariant, number>;
}

/** An activity longer than this swallowed other cells or rows (a step's text is a sentence or two). */
const MAX_ACTIVITY = 600;

/** An actor label longer than this swallowed header or data cells (a role is a few words). */
const MAX_ACTOR_LABEL = 60;

/** Steps a table needs before its numbering is trusted as a whole: one or two rows prove little. */
const FULL_EVIDENCE_STEPS = 3;

/**
 * Scores a proposed procedure. `roles` are the column roles its header named (empty for a parse
 * without a header). Returns score 0 for a procedure without steps.
 */
export function plausibility(p: RawProcedure, roles: ReadonlySet<Role>): Plausibility {
  const steps = p.steps;
  const parts: Record<Invariant, number> = { numbering: 0, activity: 0, durations: 0, actors: 0, mutuBaku: 0 };
  if (steps.length === 0) return { score: 0, parts };
  // numbering: numbered rows that follow their predecessor, the first being 1 (a number inferred
  // from the order of the rows proves nothing)
  const numbers = steps.filter((s) => !s.numberInferred).map((s) => s.number).filter((n): n is number => n !== null);
  let inOrder = numbers[0] === 1 ? 1 : 0;
  for (let i = 1; i < numbers.length; i++) if (numbers[i] === numbers[i - 1]! + 1) inOrder++;
  // out of the steps the numbers claim: a table whose numbers run 2..13 in 12 steps lost one (OCR
  // misread the `1`, and a reading ran its row into the next)
  parts.numbering = numbers.length ? inOrder / Math.max(steps.length, ...numbers) : 0;
  parts.activity = steps.filter((s) => s.activity.length >= 3 && s.activity.length <= MAX_ACTIVITY).length / steps.length;
  const bare = headerUnit(p.durationHeader) !== null;
  parts.durations = steps.filter((s) => looksLikeDuration(s.duration, bare)).length / steps.length;
  if (p.actors.length > 0) {
    const one = steps.filter((s) => {
      const drawn = s.shapes.filter((k) => k !== null).length;
      const marked = s.marks.filter((m) => m !== null).length;
      return drawn === 1 || (drawn === 0 && marked === 1);
    }).length;
    // actor labels that read as a role (a few words, no figures), not header and data cells run together
    const named = p.actors.filter((a) => a.length > 0 && a.length <= MAX_ACTOR_LABEL && !/\d/.test(a)).length / p.actors.length;
    parts.actors = (one / steps.length) * named;
  }
  parts.mutuBaku = (['requirements', 'duration', 'output'] as const).filter((r) => roles.has(r)).length / 3;
  let score = 0;
  for (const k of Object.keys(PLAUSIBILITY_WEIGHTS) as Invariant[]) score += PLAUSIBILITY_WEIGHTS[k] * parts[k];
  // a parse of one or two rows proves less than one of many
  score *= Math.sqrt(Math.min(1, steps.length / FULL_EVIDENCE_STEPS));
  return { score, parts };
}
