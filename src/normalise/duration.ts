/**
 * Durations of the procedure table's Waktu column (DOMAIN.md §4) → value, range maximum, unit and
 * minutes.
 *
 * Forms read: `10 Menit`, `15 mnt`, `2 Jam`, `3 Hari`, `1 minggu`, `1 bulan`, `30'`, `1-2 hari`,
 * `1 - 5 hari Kerja` (dev-doc 01), `± 30 menit`, `1 x 24 jam`, `3 (tiga) hari`, `½ hari`,
 * `setengah jam`, `tiga hari`, and a bare number whose unit is in the column header
 * (`Waktu (menit)` → `480` is 480 minutes; seeds 003, 004). A bare number under a header without a
 * unit keeps `unit: null` (dev-doc 10). Text with no number (`Setiap Saat`) keeps its text with
 * `value: null`.
 *
 * Minutes need a working-time convention, stated here and configurable ({@link WorkingTime}):
 * by default a working day is 8 hours, a week 5 working days, a month 4 weeks. `x 24 jam` is
 * calendar time and is counted as written (24 hours = 1440 minutes).
 */
import { repairOcrWords } from './text.js';
import { memoizeIn } from '../memo.js';
import { DURATION_UNITS, DURATION_UNIT_WORDS, NUMBER_SCALE_WORDS, NUMBER_WORDS, type DurationUnit } from '../vocabulary/index.js';

export type { DurationUnit };

export interface Duration {
  /** The cell as written, whitespace collapsed. */
  text: string;
  /** The number written (the lower bound of a range), or null when none is written. */
  value: number | null;
  /** The upper bound of a range (`1-2 hari` → 2), else null. */
  valueMax: number | null;
  unit: DurationUnit | null;
  /** `value` (the upper bound for a range) in working minutes, or null without unit or value. */
  minutes: number | null;
  /** Written as an estimate (`±`, `kurang lebih`, `maks.`)? */
  approximate: boolean;
}

/** The working-time convention used to turn days, weeks and months into minutes. */
export interface WorkingTime {
  hoursPerDay: number;
  daysPerWeek: number;
  weeksPerMonth: number;
}

export const DEFAULT_WORKING_TIME: WorkingTime = { hoursPerDay: 8, daysPerWeek: 5, weeksPerMonth: 4 };

/** Minutes in one `unit` under the convention `wt`. */
export function minutesPerUnit(unit: DurationUnit, wt: WorkingTime = DEFAULT_WORKING_TIME): number {
  switch (unit) {
    case 'minute': return 1;
    case 'hour': return 60;
    case 'day': return wt.hoursPerDay * 60;
    case 'week': return wt.daysPerWeek * wt.hoursPerDay * 60;
    case 'month': return wt.weeksPerMonth * wt.daysPerWeek * wt.hoursPerDay * 60;
  }
}

/** Every unit word, running-text and cell-only, → its unit. */
const UNIT_OF: ReadonlyMap<string, DurationUnit> = new Map(DURATION_UNITS.flatMap(([unit, words, cellOnly]) => [...words, ...cellOnly].map((w) => [w, unit] as const)));

function unitOf(word: string): DurationUnit | null {
  return UNIT_OF.get(word.replace(/\.$/, '').toLowerCase()) ?? null;
}

/**
 * Reads an Indonesian spelled number (`tiga`, `dua belas`, `dua puluh lima`, `setengah`).
 * Returns null when the words are not a number.
 */
export function parseSpelledNumber(words: string): number | null {
  const toks = words.toLowerCase().trim().split(/\s+/).filter(Boolean);
  if (toks.length === 0) return null;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const t of toks) {
    if (Object.hasOwn(NUMBER_WORDS, t) && t !== 'se') {
      current += NUMBER_WORDS[t]!;
      seen = true;
    } else if (t === NUMBER_SCALE_WORDS[1]) {
      current = (current || 1) + 10;
      seen = true;
    } else if (t === NUMBER_SCALE_WORDS[0]) {
      current = (current || 1) * 10;
      seen = true;
    } else if (t === NUMBER_SCALE_WORDS[2]) {
      total += (current || 1) * 100;
      current = 0;
      seen = true;
    } else {
      return null;
    }
  }
  return seen ? total + current : null;
}

const FRACTIONS: Record<string, number> = { '½': 0.5, '¼': 0.25, '¾': 0.75, '⅓': 1 / 3, '⅔': 2 / 3 };
/** Spelled numbers compiled from the vocabulary: digits with a scale word (`dua puluh lima`), whole words (`sepuluh`, `setengah`), digits. */
const DIGIT_WORDS = Object.entries(NUMBER_WORDS).filter(([w, n]) => w !== 'se' && Number.isInteger(n) && n >= 1 && n <= 9).map(([w]) => w).join('|');
const WHOLE_WORDS = Object.entries(NUMBER_WORDS).filter(([, n]) => n >= 10 || !Number.isInteger(n)).map(([w]) => w).join('|');
const SPELLED = `(?:(?:se|${DIGIT_WORDS})\\s+(?:${NUMBER_SCALE_WORDS.join('|')})(?:\\s+(?:${DIGIT_WORDS}))?|${WHOLE_WORDS}|${DIGIT_WORDS})`;
const NUM = `(\\d+(?:[.,]\\d+)?|[½¼¾⅓⅔]|\\d+\\s*[½¼¾]|${SPELLED})`;
const UNIT = `(${[...DURATION_UNIT_WORDS].sort((a, b) => b.length - a.length).join('|')})\\.?`;
/** `1-2 hari`, `1 - 5 hari kerja`, `1 s.d. 3 hari`, `1 sampai 2 jam`, `15-30 menit` */
const RANGE = new RegExp(`${NUM}\\s*(?:-|–|—|s\\.?\\s*d\\.?|s/d|sampai(?:\\s+dengan)?|hingga|sd)\\s*${NUM}\\s*${UNIT}`, 'i');
/** `10 menit`, `± 30 menit`, `½ hari`, `setengah jam`, `tiga hari` */
const AMOUNT = new RegExp(`${NUM}\\s*${UNIT}(?![a-z])`, 'i');
/** A duration at a text's start (its words after it are another cell's) */
const LEADING_DURATION = new RegExp(`^(?:${RANGE.source}|${AMOUNT.source})(?:\\s+kerja)?(?=\\s)(?!\\s+kerja\\b)`, 'i');
/** A unit alone, under its number on the line before (`30` / `menit`) */
const UNIT_ALONE = new RegExp(`^${UNIT}(?:\\s+kerja)?$`, 'i');
/** `menit: 15` */
const UNIT_FIRST = new RegExp(`${UNIT}\\s*[:=]?\\s*(\\d+(?:[.,]\\d+)?)$`, 'i');

function toNumber(tok: string): number | null {
  const t = tok.trim().toLowerCase();
  const mixed = /^(\d+)\s*([½¼¾])$/.exec(t);
  if (mixed) return Number(mixed[1]) + FRACTIONS[mixed[2]!]!;
  if (Object.hasOwn(FRACTIONS, t)) return FRACTIONS[t]!;
  if (/^\d+(?:[.,]\d+)?$/.test(t)) return Number(t.replace(',', '.'));
  return parseSpelledNumber(t);
}

/**
 * Finds the unit a column header states: `Waktu (menit)` → minute, `Waktu (Jam)` → hour,
 * `Waktu` → null.
 */
export function headerUnit(header: string | null | undefined): DurationUnit | null {
  if (!header) return null;
  const m = /\(\s*([a-z]+)\.?\s*\)|\b(menit|jam|hari|minggu|bulan)\b/i.exec(header.replace(/waktu/i, ''));
  const word = m?.[1] ?? m?.[2];
  return word ? unitOf(word) : null;
}

function build(text: string, value: number | null, valueMax: number | null, unit: DurationUnit | null, approximate: boolean, wt: WorkingTime, calendar = false): Duration {
  const top = valueMax ?? value;
  let minutes: number | null = null;
  if (top !== null && unit) minutes = calendar && unit === 'hour' ? top * 60 : top * minutesPerUnit(unit, wt);
  return { text, value, valueMax, unit, minutes: minutes === null ? null : Math.round(minutes * 1000) / 1000, approximate };
}

/**
 * Parses one Waktu cell. `defaultUnit` is the unit from the column header, used for bare numbers.
 *
 * Returns null for an empty cell or one that says nothing (`-`). Returns a duration with
 * `value: null` for text that names no amount (`Setiap Saat`, `Pada hari dan jam kerja`).
 * With the default working time the answer is remembered per cell text and unit (src/memo.ts: the
 * same Waktu cells come back across a batch); callers must not change it.
 */
export function parseDuration(text: string | null | undefined, defaultUnit: DurationUnit | null = null, wt: WorkingTime = DEFAULT_WORKING_TIME): Duration | null {
  if (text == null) return null;
  return wt === DEFAULT_WORKING_TIME ? parseDefault(defaultUnit ?? '', text) : parseDurationUncached(text, defaultUnit, wt);
}

const parseDefault = memoizeIn((unit: string, text: string) => parseDurationUncached(text, (unit || null) as DurationUnit | null, DEFAULT_WORKING_TIME));

function parseDurationUncached(text: string, defaultUnit: DurationUnit | null, wt: WorkingTime): Duration | null {
  const written = text.replace(/[\s\u00a0]+/g, ' ').trim();
  if (!written || /^[-–—_.…/]+$/.test(written)) return null;
  // OCR drops or swaps a letter of a unit (`10 Meni`, `15 Menil`: dev-doc 08)
  const s = repairOcrWords(written, ['menit', 'minggu', 'bulan'], 4).toLowerCase();
  const approximate = /±|\+\/-|\bkurang lebih\b|\bkl\.?\b|\bsekitar\b|\bmaks(?:imal)?\.?\b|\bparing lama\b|\bpaling lama\b/.test(s);

  // `1 x 24 jam`, `2x24 jam`: calendar time
  let m = /(\d+)\s*[x×]\s*24\s*jam/.exec(s);
  if (m) return build(written, Number(m[1]) * 24, null, 'hour', approximate, wt, true);

  // `30'` = 30 minutes; `30"` under a header naming the unit (`Waktu (Menit)`: wild 001, ESDM) is
  // that unit, the mark a decoration; without one it says nothing sure
  m = /^[±~]?\s*(\d+(?:[.,]\d+)?)\s*['’′]\s*$/.exec(s);
  if (m) return build(written, Number(m[1]!.replace(',', '.')), null, 'minute', approximate, wt);
  m = /^[±~]?\s*(\d+(?:[.,]\d+)?)\s*["”″]\s*$/.exec(s);
  if (m && defaultUnit) return build(written, Number(m[1]!.replace(',', '.')), null, defaultUnit, approximate, wt);

  // `3 (tiga) hari`: drop the spelled echo in brackets
  const t = s.replace(/\(\s*[a-z\s]+\s*\)/g, ' ').replace(/\s+/g, ' ').trim();

  // range: `1-2 hari`, `1 - 5 hari kerja`, `1 s.d. 3 hari`, `1 sampai 2 jam`, `15-30 menit`
  m = RANGE.exec(t);
  if (m) {
    const a = toNumber(m[1]!);
    const b = toNumber(m[2]!);
    const unit = unitOf(m[3]!);
    if (a !== null && b !== null && unit) return build(written, a, b > a ? b : null, unit, approximate, wt);
  }
  // single amount with a unit: `10 menit`, `± 30 menit`, `½ hari`, `setengah jam`, `tiga hari`
  m = AMOUNT.exec(t);
  if (m) {
    const v = toNumber(m[1]!);
    const unit = unitOf(m[2]!);
    if (v !== null && unit) return build(written, v, null, unit, approximate, wt);
  }
  // unit before number is rare but seen in forms: `menit: 15`
  m = UNIT_FIRST.exec(t);
  if (m) {
    const unit = unitOf(m[1]!);
    const v = toNumber(m[2]!);
    if (v !== null && unit) return build(written, v, null, unit, approximate, wt);
  }
  // bare number or bare range under the header's unit
  m = /^[±~]?\s*(\d+(?:[.,]\d+)?)\s*(?:(?:-|–|s\.?d\.?|s\/d)\s*(\d+(?:[.,]\d+)?))?$/.exec(t);
  if (m) {
    const a = Number(m[1]!.replace(',', '.'));
    const b = m[2] ? Number(m[2].replace(',', '.')) : null;
    return build(written, a, b !== null && b > a ? b : null, defaultUnit, approximate, wt);
  }
  // text with no amount
  if (/[a-z]/.test(t) && !/\d/.test(t)) return build(written, null, null, null, approximate, wt);
  return null;
}

/**
 * Splits a duration from the words run on after it by a lost column gap: `15 menit disposisi` →
 * [`15 menit`, `disposisi`], `2 hari kerja SK` → [`2 hari kerja`, `SK`] (seed 002 as pdftotext
 * prints a Word export). Null when the text does not start with an amount and its unit, or nothing
 * follows. Whether the rest belongs to another column is the caller's to tell (by its position).
 */
export function leadingDuration(text: string): [string, string] | null {
  const m = LEADING_DURATION.exec(text);
  if (!m) return null;
  const rest = text.slice(m[0].length).trim();
  return rest ? [m[0], rest] : null;
}

/** True when the text is a unit word alone (`menit`, `hari kerja`): a Waktu cell's second line. */
export function isUnitWord(text: string): boolean {
  return UNIT_ALONE.test(text.trim());
}

/** True when the cell reads as a duration with an amount (used to find the Waktu column). */
export function looksLikeDuration(text: string | null | undefined, allowBare = false): boolean {
  const d = parseDuration(text ?? null, allowBare ? 'minute' : null);
  if (!d || d.value === null) return false;
  return d.unit !== null || allowBare;
}
