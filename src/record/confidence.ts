/**
 * How far each field of a record can be trusted (SOP-RECORD.md `confidence`): a probability that the
 * value is right, from what the pipeline knows of how it was read: beside its label or guessed from
 * the text around it, from a text layer or by OCR and with what word confidence, whether it passed
 * its own check (a date that parses, a valid NIP, a duration with a unit), and how plausible the
 * procedure table's parse was (procedure/score.ts). The numbers are named in the tables below and
 * calibrated on the gold records (`npm run calibrate`): fields given 0.9 or more were right at least
 * 95% of the time there (README, Confidence).
 */

/** What a value starts from, by how it was found. */
export const BASE_CONFIDENCE = {
  /** a value beside its label in the identity table */
  labelled: 0.96,
  /** a value whose label is a short word common to other tables (`No.`) */
  weakLabel: 0.7,
  /** a value read from the text around the tables where no label gives it (title block, letterhead) */
  guessed: 0.6,
  /** an item of a list section under its label */
  listItem: 0.9,
  /** a legal basis whose type, number and year were read */
  citation: 0.95,
  /** a legal basis missing its type, number or year */
  citationPartial: 0.45,
} as const;

/** The approver's parts, by how they were found (normalise/approver.ts). */
export const APPROVER_CONFIDENCE = {
  /** a name found by its academic titles, a prefix title or its NIP line */
  name: 0.93,
  /** a name found only by its position on the line (no titles), or in the signature block */
  nameWeak: 0.75,
  position: 0.9,
  rank: 0.93,
  /** a rank that does not fit its grade */
  rankMismatch: 0.5,
  nipValid: 0.97,
  nipInvalid: 0.3,
} as const;

/** Steps, by how their parts were read, before the procedure's plausibility scales them. */
export const STEP_CONFIDENCE = {
  /** the responsible actor from a flowchart symbol drawn in one column */
  actorsShape: 0.96,
  /** from a mark (glyph, tick, Mulai) in one actor column */
  actorsMark: 0.9,
  /** from a column naming the party in words */
  actorsNamed: 0.85,
  /** from the step's sentence or the worksheet */
  actorsText: 0.6,
  /** symbols or marks in several columns: the extra columns may be connectors' ends */
  actorsSeveral: 0.75,
  /** no actor found in a table with actor columns */
  actorsNone: 0.35,
  /** a Waktu cell read as an amount and a unit */
  duration: 0.95,
  /** a Waktu cell that names no amount (`Setiap Saat`) */
  durationText: 0.8,
  /** a Waktu cell that could not be read */
  durationUnreadable: 0.3,
  /** an activity, requirements, output or note cell of a table row */
  cell: 0.95,
  /** a number read from the No column, following the one before */
  number: 0.97,
  /** a number inferred from the order of the rows */
  numberInferred: 0.5,
  /**
   * what is left of a step's confidence once the numbering starts again at 1: a further table,
   * which may be the same procedure's next phase or another procedure (BPS Bengkulu's payment SOP
   * holds eight, one per budget account)
   */
  afterRestart: 0.6,
} as const;

/**
 * What an OCR word confidence (0–100, the lowest of the words read) leaves of a value's confidence:
 * a factor 0–1. A text layer (undefined) leaves it whole.
 */
export function ocrFactor(conf: number | undefined): number {
  if (conf === undefined) return 1;
  if (conf >= 90) return 0.97;
  if (conf >= 75) return 0.88;
  if (conf >= 60) return 0.75;
  if (conf >= 40) return 0.6;
  return 0.45;
}

/**
 * What the procedure's plausibility (0–1, procedure/score.ts) leaves of a step part's confidence:
 * 0.55 for a parse that met none of the format's invariants, 1 for one that met them all.
 */
export function plausibilityFactor(plausibility: number): number {
  return 0.55 + 0.45 * Math.max(0, Math.min(1, plausibility));
}

/** A probability rounded to two decimals and kept within 0–1. */
export function probability(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;
}

/**
 * The record's confidence: the mean of its fields' (a record with few sure fields is no sure
 * record), lowered when the SOP has no procedure table (a partial record) and by the procedure's
 * plausibility when it has one.
 */
export function recordConfidence(fields: Readonly<Record<string, number>>, procedure: { plausibility: number } | null): number {
  const values = Object.values(fields);
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
  return probability(procedure ? mean * plausibilityFactor(procedure.plausibility) : mean * 0.5);
}
