/**
 * Comparing two SOPs field by field, for an auditor checking a copy against its template or two
 * units' versions of one procedure: identity differences, legal bases in common and in one only
 * (by canonical key), actors mapped by canonical role (`roleKey`), and the procedure steps aligned
 * by their activity text with a global sequence alignment (Needleman–Wunsch), so that a step
 * inserted or dropped in one SOP does not shift every step after it; durations compared per
 * aligned step and in total (working minutes, src/normalise/duration.ts).
 */
import type { SopRecord } from '../record/schema.js';
import { roleKey } from '../normalise/role.js';
import { stemWord, words } from './stem.js';

export interface IdentityDifference {
  /** Record field path: `identity.title`, `identity.approver.nip`, … */
  field: string;
  a: string | null;
  b: string | null;
  same: boolean;
}

export interface StepSide {
  /** Index in the record's `steps`, 0-based. */
  position: number;
  number: number | null;
  activity: string;
  minutes: number | null;
}

export type AlignmentStatus = 'same' | 'similar' | 'changed' | 'only-a' | 'only-b';

export interface AlignedStep {
  a: StepSide | null;
  b: StepSide | null;
  /** Similarity of the two activities, 0..1 (`activitySimilarity`); null for a step in one SOP only. */
  similarity: number | null;
  /** same ≥ 0.95, similar ≥ 0.5, changed below (aligned all the same, as the best alignment); only-a / only-b: no counterpart. */
  status: AlignmentStatus;
  /** b − a in working minutes; null unless both durations are known. */
  minutesDelta: number | null;
}

export interface Comparison {
  a: { id: string; path: string; title: string | null };
  b: { id: string; path: string; title: string | null };
  identity: IdentityDifference[];
  legalBases: {
    common: Array<{ key: string; a: string; b: string }>;
    onlyA: Array<{ key: string; text: string }>;
    onlyB: Array<{ key: string; text: string }>;
  };
  actors: {
    /** Roles in both, by canonical name (of A), with each side's labels as written. */
    common: Array<{ role: string; a: string[]; b: string[] }>;
    onlyA: Array<{ role: string; labels: string[] }>;
    onlyB: Array<{ role: string; labels: string[] }>;
  };
  steps: AlignedStep[];
  durations: {
    /** Sum of the known step durations, working minutes. */
    totalA: number;
    totalB: number;
    delta: number;
    /** Steps whose duration is unknown (not written or unreadable). */
    unknownA: number;
    unknownB: number;
  };
  summary: Record<AlignmentStatus, number>;
}

const IDENTITY_FIELDS = ['title', 'number', 'organization', 'unit', 'createdDate', 'revisedDate', 'effectiveDate', 'approvedDate'] as const;
const APPROVER_FIELDS = ['name', 'position', 'rank', 'grade', 'nip'] as const;

function stemSet(text: string): Set<string> {
  return new Set(words(text).map(stemWord));
}

/**
 * Similarity of two activity texts, 0..1: the Dice coefficient of their sets of Indonesian word
 * stems (`Menyusun draf laporan` and `Penyusunan draft laporan` share `susun` and `lapor`). Word
 * stems separate unrelated steps better than character bigrams, which any two Indonesian sentences
 * share many of. Two empty texts are equal (1).
 */
export function activitySimilarity(a: string, b: string): number {
  return diceOf(stemSet(a), stemSet(b));
}

function diceOf(a: Set<string>, b: Set<string>): number {
  if (a.size + b.size === 0) return 1;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return (2 * common) / (a.size + b.size);
}

/** Score of aligning two steps: positive above a similarity of 0.5. */
const matchScore = (similarity: number): number => similarity - 0.5;
/** Score of a step with no counterpart: two gaps (−0.2) beat a pair whose similarity is below 0.3. */
const GAP = -0.1;

/**
 * Global alignment (Needleman–Wunsch) of two sequences given their pairwise similarity matrix
 * `sim[i][j]` (0..1). Returns index pairs in order; `null` on one side is a gap. O(n·m) time and
 * memory; ties prefer a match, then a gap in B.
 */
export function alignSequences(sim: number[][], n: number, m: number): Array<[number | null, number | null]> {
  const score: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  const move: Uint8Array[] = Array.from({ length: n + 1 }, () => new Uint8Array(m + 1)); // 0 diag, 1 up (gap in B), 2 left (gap in A)
  for (let i = 1; i <= n; i++) {
    score[i]![0] = i * GAP;
    move[i]![0] = 1;
  }
  for (let j = 1; j <= m; j++) {
    score[0]![j] = j * GAP;
    move[0]![j] = 2;
  }
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const diag = score[i - 1]![j - 1]! + matchScore(sim[i - 1]![j - 1]!);
      const up = score[i - 1]![j]! + GAP;
      const left = score[i]![j - 1]! + GAP;
      const best = Math.max(diag, up, left);
      score[i]![j] = best;
      move[i]![j] = best === diag ? 0 : best === up ? 1 : 2;
    }
  }
  const out: Array<[number | null, number | null]> = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const mv = move[i]![j]!;
    if (mv === 0) out.push([--i, --j]);
    else if (mv === 1) out.push([--i, null]);
    else out.push([null, --j]);
  }
  return out.reverse();
}

function side(r: SopRecord, position: number): StepSide {
  const s = r.steps[position]!;
  return { position, number: s.number, activity: s.activity, minutes: s.duration?.minutes ?? null };
}

function legalKeys(r: SopRecord): Map<string, string> {
  const keys = new Map<string, string>();
  for (const l of r.legalBases) {
    if (!keys.has(l.key)) keys.set(l.key, l.text);
    for (const a of l.amendments) if (!keys.has(a.key)) keys.set(a.key, a.text);
  }
  return keys;
}

function rolesOf(r: SopRecord): Map<string, { role: string; labels: string[] }> {
  const roles = new Map<string, { role: string; labels: string[] }>();
  for (const a of r.actors) {
    const k = roleKey(a.canonical || a.label);
    const entry = roles.get(k) ?? { role: a.canonical || a.label, labels: [] };
    entry.labels.push(a.label);
    roles.set(k, entry);
  }
  return roles;
}

/** Compares two records (A first, B second); pure, never throws. */
export function compareSops(a: SopRecord, b: SopRecord): Comparison {
  const identity: IdentityDifference[] = [
    ...IDENTITY_FIELDS.map((f) => ({ field: `identity.${f}`, a: a.identity[f], b: b.identity[f] })),
    ...APPROVER_FIELDS.map((f) => ({ field: `identity.approver.${f}`, a: a.identity.approver[f], b: b.identity.approver[f] })),
  ].map((d) => ({ ...d, same: d.a === d.b }));

  const ka = legalKeys(a);
  const kb = legalKeys(b);
  const legalBases = {
    common: [...ka].filter(([k]) => kb.has(k)).map(([key, text]) => ({ key, a: text, b: kb.get(key)! })),
    onlyA: [...ka].filter(([k]) => !kb.has(k)).map(([key, text]) => ({ key, text })),
    onlyB: [...kb].filter(([k]) => !ka.has(k)).map(([key, text]) => ({ key, text })),
  };

  const ra = rolesOf(a);
  const rb = rolesOf(b);
  const actors = {
    common: [...ra].filter(([k]) => rb.has(k)).map(([k, v]) => ({ role: v.role, a: v.labels, b: rb.get(k)!.labels })),
    onlyA: [...ra].filter(([k]) => !rb.has(k)).map(([, v]) => v),
    onlyB: [...rb].filter(([k]) => !ra.has(k)).map(([, v]) => v),
  };

  const sa = a.steps.map((s) => stemSet(s.activity));
  const sb = b.steps.map((s) => stemSet(s.activity));
  const sim = sa.map((x) => sb.map((y) => diceOf(x, y)));
  const steps: AlignedStep[] = alignSequences(sim, sa.length, sb.length).map(([i, j]) => {
    if (i === null) return { a: null, b: side(b, j!), similarity: null, status: 'only-b', minutesDelta: null };
    if (j === null) return { a: side(a, i), b: null, similarity: null, status: 'only-a', minutesDelta: null };
    const s = sim[i]![j]!;
    const left = side(a, i);
    const right = side(b, j);
    return {
      a: left, b: right, similarity: Math.round(s * 1000) / 1000,
      status: s >= 0.95 ? 'same' : s >= 0.5 ? 'similar' : 'changed',
      minutesDelta: left.minutes !== null && right.minutes !== null ? right.minutes - left.minutes : null,
    };
  });

  const total = (r: SopRecord): number => r.steps.reduce((t, s) => t + (s.duration?.minutes ?? 0), 0);
  const unknown = (r: SopRecord): number => r.steps.filter((s) => s.duration?.minutes == null).length;
  const summary: Record<AlignmentStatus, number> = { same: 0, similar: 0, changed: 0, 'only-a': 0, 'only-b': 0 };
  for (const s of steps) summary[s.status]++;
  return {
    a: { id: a.id, path: a.source.path, title: a.identity.title },
    b: { id: b.id, path: b.source.path, title: b.identity.title },
    identity, legalBases, actors, steps,
    durations: { totalA: total(a), totalB: total(b), delta: total(b) - total(a), unknownA: unknown(a), unknownB: unknown(b) },
    summary,
  };
}
