/**
 * Labels of the SOP AP identity table (Permenpan RB 35/2012, Lampiran; DOMAIN.md §1) with the
 * variants met in documents: `No. Dok.`, `Tgl Pembuatan`, `Tanggal Revisi 1`, `Judul SOP`,
 * `KUALITAS PELAKSANA` (dev-doc 06), `Pencatatan dan Pendapatan` (seed 000), `PEDATAAN` (dev-doc
 * 06), labels cut at the start by a web copy (`MOR SOP`, `ERKAITAN`: dev-doc 10) or at the end
 * (`PERALATAN/`: dev-doc 02).
 */

import { repairOcrWords } from '../normalise/text.js';
import { memoize } from '../memo.js';

/** Identity fields holding one value. */
export type ScalarField = 'number' | 'createdDate' | 'revisedDate' | 'effectiveDate' | 'approvedDate' | 'approver' | 'title';
/** Identity fields holding a list. */
export type ListField = 'legalBases' | 'qualifications' | 'relatedSops' | 'equipment' | 'warnings' | 'recordKeeping';
export type IdentityField = ScalarField | ListField;

export const LIST_FIELDS: readonly ListField[] = ['legalBases', 'qualifications', 'relatedSops', 'equipment', 'warnings', 'recordKeeping'];

export function isListField(f: IdentityField): f is ListField {
  return (LIST_FIELDS as readonly string[]).includes(f);
}

interface LabelDef {
  field: IdentityField;
  /** Pattern for the label phrase (no anchors). */
  src: string;
  /** May be found inside running text (distinctive phrases only; `Nomor` alone is not). */
  inline: boolean;
}

const T = '(?:Tanggal|Tgl\\.?)';
/** The start of a month's name (Indonesian or English), after a day. */
const MONTH_START = '(?:Jan|Feb|Peb|Mar|Apr|Mei|May|Jun|Jul|Agu|Aug|Sep|Okt|Oct|Nov|Nop|Des|Dec)';
const LABELS: LabelDef[] = [
  { field: 'number', src: '(?:(?:No(?:mor)?|MOR)\\.?\\s*SOP|No\\.?\\s*Dok(?:umen)?\\.?)', inline: true },
  { field: 'number', src: '(?:Nomor|No\\.)', inline: false },
  { field: 'createdDate', src: `${T}\\s*(?:Pembuatan|Dibuat|Penyusunan)`, inline: true },
  // the revision's number, not a date's day (`Tanggal Revisi 12 Maret 2022`, `… 05-01-2023`)
  { field: 'revisedDate', src: `(?:${T}\\s*Revisi(?:\\s*(?:ke\\s*-?\\s*)?\\d+(?![\\d./-]|\\s*${MONTH_START}))?|Revisi\\s+ke\\s*-?\\s*\\d*)`, inline: true },
  { field: 'effectiveDate', src: `(?:${T}\\s*(?:Efektif|Berlaku|Mulai\\s+Berlaku)|Mulai\\s+Berlaku)`, inline: true },
  { field: 'approvedDate', src: `${T}\\s*(?:Pengesahan|Disahkan|Penetapan|Ditetapkan)`, inline: true },
  { field: 'approver', src: '(?:Disahkan|Ditetapkan|Disyahkan)(?:\\s+Oleh)?', inline: true },
  { field: 'title', src: '(?:Nama|Judul)\\s+(?:SOP|Prosedur|Standar\\s+Operasional\\s+Prosedur)', inline: true },
  { field: 'title', src: 'Judul', inline: false },
  { field: 'legalBases', src: 'Dasar\\s+Hukum', inline: true },
  { field: 'qualifications', src: '(?:Kualifikasi|Kualitas)\\s+Pelaksana(?:an)?', inline: true },
  { field: 'relatedSops', src: '(?:K?eterkaitan|ERKAITAN|Keterkaitan\\s+(?:dengan\\s+)?(?:SOP|Prosedur)(?:\\s+Lain)?)', inline: true },
  { field: 'equipment', src: '(?:Peralatan\\s*/\\s*Perlengkapan|Peralatan\\s+(?:dan\\s+)?Perlengkapan|Peralatan\\s*/|Peralatan|Perlengkapan)', inline: true },
  { field: 'warnings', src: 'Peringatan', inline: true },
  { field: 'recordKeeping', src: 'Pencatatan\\s+dan\\s+(?:Pendataan|Pendapatan|Pedataan|Pendatan)|Pencatatan', inline: true },
];

const WHOLE = LABELS.map((l) => ({ field: l.field, re: new RegExp(`^\\s*(?:\\d{1,2}\\.\\s*)?${l.src}\\s*[:.]?\\s*$`, 'i') }));
const LEADING = LABELS.map((l) => ({ field: l.field, re: new RegExp(`^\\s*${l.src}\\s*:\\s*`, 'i') }));
const INLINE_RE = new RegExp(`(?<![\\p{L}])(${LABELS.filter((l) => l.inline).map((l) => `(?:${l.src})`).join('|')})(?![\\p{L}])\\s*:?`, 'giu');
const INLINE_DEFS = LABELS.filter((l) => l.inline).map((l) => ({ field: l.field, re: new RegExp(`^${l.src}$`, 'i') }));

/** Words of the labels, for repairing a label OCR misread by a letter (`Disankan Oleh`, dev-doc 08). */
const LABEL_WORDS = [
  'Tanggal', 'Pembuatan', 'Revisi', 'Efektif', 'Pengesahan', 'Disahkan', 'Dasar', 'Hukum', 'Kualifikasi', 'Kualitas',
  'Pelaksana', 'Keterkaitan', 'Peralatan', 'Perlengkapan', 'Peringatan', 'Pencatatan', 'Pendataan', 'Judul',
];

/** The field a whole cell names (`Nomor SOP`, `Dasar Hukum :`), or null. */
export const labelOf: (text: string) => IdentityField | null = memoize(labelOfUncached);

function labelOfUncached(text: string): IdentityField | null {
  const t = text.replace(/\s+/g, ' ');
  if (t.length > 45) return null;
  for (const l of WHOLE) if (l.re.test(t)) return l.field;
  const repaired = repairOcrWords(t, LABEL_WORDS);
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
    const hit = leadingLabel(text);
    if (hit && NUMBER_OR_DATE.has(hit.field) && /^\d/.test(text.slice(hit.end))) {
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
