/**
 * Finding the labels of the SOP AP identity table (Permenpan RB 35/2012, Lampiran; DOMAIN.md §1) in
 * cells and running text. The labels and their variants are vocabulary (IDENTITY_LABELS); this module
 * compiles them into the patterns of a whole label, a label leading its value, a label inside text.
 */

import { repairOcrWords } from '../normalise/text.js';
import { memoize } from '../memo.js';
import { IDENTITY_LABEL_WORDS, IDENTITY_LABELS, type IdentityField, type ListField } from '../vocabulary/index.js';

export type { ScalarField, ListField, IdentityField } from '../vocabulary/index.js';

export const LIST_FIELDS: readonly ListField[] = ['legalBases', 'qualifications', 'relatedSops', 'equipment', 'warnings', 'recordKeeping'];

export function isListField(f: IdentityField): f is ListField {
  return (LIST_FIELDS as readonly string[]).includes(f);
}

const LABELS = IDENTITY_LABELS;

/**
 * A whole cell or line naming a field: the label after an optional section marker (`3.`, `B.`,
 * `IV.`), with an optional second name after a slash (`DASAR HUKUM / REFERENSI`, `Sarana, Prasarana
 * dan / atau Fasilitas`: ISO-style section headings) and a colon or stop, or two marks a scan read
 * at its end (`DisahkanOleh).`: Banyuwangi, wild 063).
 */
const WHOLE = LABELS.map((l) => ({ field: l.field, re: new RegExp(`^\\s*(?:(?:\\d{1,2}|[A-Z]|[IVX]{1,4})\\.\\s*)${l.marked ? '' : '?'}${l.src}(?:\\s+(?:dan|atau))?(?:\\s*\\/\\s*\\p{L}[\\p{L}\\s]{0,40})?\\s*[:.;)]{0,2}\\s*$`, 'iu') }));
/**
 * A section heading naming a field in brackets after a name of its own (`5. DOKUMEN PENDUKUNG
 * (PENCATATAN DAN PENDATAAN)`: Politeknik Negeri Lampung's ISO-style SOPs, wild 022).
 */
const BRACKETED = LABELS.filter((l) => !l.weak && !l.marked).map((l) => ({ field: l.field, re: new RegExp(`^\\s*(?:(?:\\d{1,2}|[A-Z]|[IVX]{1,4})\\.\\s*)?\\p{L}[\\p{L}\\s]{1,30}\\(\\s*${l.src}\\s*\\)\\s*[:.]?\\s*$`, 'iu') }));
/** The longest whole cell a label is looked for in (a heading with a bracketed second name is longer). */
const LABEL_MAX = 45;
const BRACKETED_MAX = 70;
const LEADING = LABELS.filter((l) => !l.marked).map((l) => ({ field: l.field, re: new RegExp(`^\\s*${l.src}\\s*:\\s*`, 'i') }));
const INLINE_RE = new RegExp(`(?<![\\p{L}])(${LABELS.filter((l) => l.inline).map((l) => `(?:${l.src})`).join('|')})(?![\\p{L}])\\s*:?`, 'giu');
const INLINE_DEFS = LABELS.filter((l) => l.inline).map((l) => ({ field: l.field, re: new RegExp(`^${l.src}$`, 'i') }));


const WHOLE_STRONG = WHOLE.filter((_, i) => !LABELS[i]!.weak);

/**
 * True for a whole cell naming a field only by a short label common in other tables too (`No.`,
 * `Nomor`, `Judul`: vocabulary `weak`), whose value must then look like the field's.
 */
export function isWeakLabel(text: string): boolean {
  const t = text.replace(/\s+/g, ' ');
  return labelOf(t) !== null && !WHOLE_STRONG.some((l) => l.re.test(t));
}

/**
 * Whether a value may be a Nomor SOP: a code holding a digit, of at most four words and sixty
 * characters (`SOP-LAB-008`, `800/12/SOP/KEC 2021`), not a table header's words (`Aspek yang Diukur
 * Skala (1 = …)` under a `No.` column).
 */
export function looksLikeNumberValue(value: string): boolean {
  const v = value.trim().replace(/^:\s*/, '');
  return /\d/.test(v) && v.length <= 60 && v.split(/\s+/).length <= 4;
}

/**
 * The field a whole cell names (`Nomor SOP`, `Dasar Hukum :`), or null. A label's first letter is a
 * capital: a word of running text that a page cut at its word gaps gave a cell of its own
 * (`peralatan` in a Ruang Lingkup paragraph, wild 022) names no field.
 */
export const labelOf: (text: string) => IdentityField | null = memoize(labelOfUncached);

function labelOfUncached(text: string): IdentityField | null {
  const t = text.replace(/\s+/g, ' ');
  if (!/^[^\p{L}]*\p{Lu}/u.test(t)) return null;
  if (t.length > BRACKETED_MAX) return null;
  if (t.includes('(')) for (const l of BRACKETED) if (l.re.test(t)) return l.field;
  if (t.length > LABEL_MAX) return null;
  for (const l of WHOLE) if (l.re.test(t)) return l.field;
  const repaired = repairOcrWords(t, IDENTITY_LABEL_WORDS);
  if (repaired !== t) for (const l of WHOLE) if (l.re.test(repaired)) return l.field;
  return null;
}

export interface LabelHit {
  field: IdentityField;
  /** Offset of the label in the text. */
  start: number;
  /** Offset just after the label and its colon. */
  end: number;
}

/**
 * Finds identity labels inside a longer text: a label written at the start of a cell with a colon
 * (`Nomor : 800/04`) or, for a number or date, before a figure (`Tanggal Efektif 1 November 2021`), or a distinctive label phrase in running text whose table was flattened
 * (`… Tanggal Revisi - Tanggal Efektif 2 Januari 2013 Disahkan Oleh …`, dev-doc 12). Inline labels
 * count only where they are written as labels: in capitals, or starting with a capital and followed
 * by a colon, a value-like token or the end. Labels in the middle of a text are taken only when the
 * text holds two or more different ones: one word like `Perlengkapan` inside a list item is not a label.
 */
export const findLabels: (text: string) => readonly LabelHit[] = memoize(findLabelsUncached);

function findLabelsUncached(text: string): LabelHit[] {
  const hits: LabelHit[] = [];
  let colon = false;
  let glued = false;
  for (const l of LEADING) {
    const m = l.re.exec(text);
    if (m) {
      hits.push({ field: l.field, start: 0, end: m[0].length });
      colon = true;
      break;
    }
  }
  if (!colon) {
    // a number or date label glued to its value by one space (`Tanggal Efektif 1 November 2021`:
    // pdftotext of a borderless Word table, seed 004): a label when a figure follows it; it counts
    // with the inline labels after it (`… 2021 Disahkan oleh …` on a flattened line)
    // and a Nomor SOP label before a code (`Dokumen No. SOP-LAB-001`: Politeknik Negeri Lampung's document box)
    const hit = leadingLabel(text);
    const value = hit ? text.slice(hit.end) : '';
    if (hit && NUMBER_OR_DATE.has(hit.field) && (/^\d/.test(value) || (hit.field === 'number' && !isWeakLabel(text.slice(0, hit.end)) && looksLikeNumberValue(value.split('\n')[0]!)))) {
      hits.push(hit);
      glued = true;
    }
  }
  for (const m of text.matchAll(INLINE_RE)) {
    const phrase = m[1]!;
    const start = m.index!;
    if (hits.some((h) => start < h.end)) continue;
    if (!/^[A-Z]/.test(phrase)) continue;
    const def = INLINE_DEFS.find((d) => d.re.test(phrase.replace(/\s+/g, ' ')));
    if (!def) continue;
    hits.push({ field: def.field, start, end: start + m[0].length });
  }
  const leading = colon || glued ? hits.slice(0, 1) : [];
  const inline = colon ? hits.slice(1) : hits;
  const keep = new Set(inline.map((h) => h.field)).size >= 2 ? hits : leading;
  return keep.sort((a, b) => a.start - b.start);
}

/** Fields whose value is a number or a date. */
const NUMBER_OR_DATE = new Set<IdentityField>(['number', 'createdDate', 'revisedDate', 'effectiveDate', 'approvedDate']);

const LEADING_PHRASE = new RegExp(`^(?:${LABELS.filter((l) => l.inline).map((l) => `(?:${l.src})`).join('|')})(?![\\p{L}])\\s*:?\\s*`, 'iu');

/**
 * A distinctive label phrase at the start of a text followed by its value without a colon
 * (`Disahkan oleh EMIRDA ZISWATI,`: the gap between the label and value cells lost), or null.
 */
export function leadingLabel(text: string): LabelHit | null {
  const m = LEADING_PHRASE.exec(text);
  if (!m || !/^[A-Z]/.test(m[0])) return null;
  const def = INLINE_DEFS.find((d) => d.re.test(m[0].replace(/\s*:?\s*$/, '').replace(/\s+/g, ' ')));
  return def ? { field: def.field, start: 0, end: m[0].length } : null;
}
