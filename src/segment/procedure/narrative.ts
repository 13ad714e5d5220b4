/**
 * The narrative strategy: a procedure written as a numbered list under a heading, without a table
 * (ISO-style and university SOPs: `C. PROSEDUR PEMAKAIAN LABORATORIUM` / `Persiapan` / `1. Dosen …`
 * at Politeknik Negeri Lampung; `PROSEDUR` / `1. Mahasiswa menentukan …` in ITS's DOCX SOP, both in
 * ../shared/wild). Each numbered item at the list's own indentation is a step; lettered items,
 * bullets and lines under it go on its activity; a short sub-heading (`Persiapan`, `Pelaksanaan`)
 * between items is skipped. The list ends at the next section heading; a second procedure heading
 * after steps ends it too (a file of several procedures gives its first). Such a list says nothing of
 * actors, Mutu Baku or durations, so it scores below any table read with them (score.ts).
 */
import { anyPhrase, NARRATIVE_PROCEDURE_HEADINGS } from '../../vocabulary/index.js';
import { isBlank, textOf, type StreamRow } from '../stream.js';
import type { RawStep } from '../types.js';
import { isHeaderRow } from './header.js';
import type { DocumentStrategy } from './strategy.js';

/** A section marker before a heading: `C.`, `C.1`, `C.2.`, `4.`, `IV.` */
const SECTION = '(?:(?:[A-Z]|[IVX]{1,4}|\\d{1,2})(?:\\.\\d{1,2})*\\.?\\s+)';
const HEADING = new RegExp(`^${SECTION}?${anyPhrase(NARRATIVE_PROCEDURE_HEADINGS)}\\b`, 'i');
/** A heading of another section: a section marker and words, or a line in capitals alone. */
const OTHER_SECTION = new RegExp(`^(?:[A-Z]|[IVX]{1,4})(?:\\.\\d{1,2})*\\.?\\s+\\p{Lu}`, 'u');
const ITEM = /^(\d{1,2})[.)]\s+(.+)$/s;
/** A section marker that is no list item's number: a letter, a Roman numeral or a nested number (`C.1`, `4.2`). */
const LETTERED_SECTION = /^(?:(?:[A-Z]|[IVX]{1,4})(?:\.\d{1,2})*\.?|\d{1,2}\.\d{1,2}\.?)\s+/;

/** A bullet leading a line under an item. */
const BULLET = /^[-–•*·▪➢►✓]\s*/;

/** Most steps a narrative list gives (a hostile text may number on for ever). */
const MAX_STEPS = 300;

/** A line short enough to be a heading: a title, not a sentence. */
function headingLike(text: string): boolean {
  return text.length <= 100 && !/[.;:,]$/.test(text);
}

/**
 * A procedure heading as headings are written: in capitals, after a section marker (`C.1 Prosedur
 * …`), in bold, or the heading's words alone; a sentence starting with them (`Tata cara pelaksanaan
 * kegiatan Tugas Akhir …` in a Ruang Lingkup list) is none.
 */
function procedureHeading(row: StreamRow, text: string): boolean {
  if (!HEADING.test(text) || !headingLike(text) || isHeaderRow(row)) return false;
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters === letters.toUpperCase() || LETTERED_SECTION.test(text) || row.cells.some((c) => c.emphasis) || text.split(/\s+/).length <= 3;
}

/** A sub-heading inside the list: one to three words, capitalised, no marker, no final stop (`Persiapan`). */
function subHeading(text: string): boolean {
  return /^\p{Lu}[\p{L}-]*(?:\s+[\p{L}-]+){0,2}$/u.test(text);
}

/** Capitals alone (`ALUR`, `REFERENSI`): the heading of the next section. */
function capitalsAlone(text: string): boolean {
  return /^[\p{Lu}\s/&-]{3,60}$/u.test(text) && !/\d/.test(text);
}

function readNarrative(rows: StreamRow[], from: number, until: number): { steps: RawStep[]; start: number; end: number } | null {
  let start = -1;
  let steps: RawStep[] = [];
  let current: RawStep | null = null;
  let itemX: number | null = null;
  let end = from;
  for (let i = from; i < until; i++) {
    const row = rows[i]!;
    if (isBlank(row)) continue;
    const text = textOf(row).replace(/\s+/g, ' ').trim();
    if (procedureHeading(row, text)) {
      if (steps.length) break;
      start = i;
      current = null;
      continue;
    }
    if (start < 0) continue;
    if (steps.length && (OTHER_SECTION.test(text) || capitalsAlone(text)) && headingLike(text) && !ITEM.test(text)) break;
    const item = ITEM.exec(text);
    const x = row.cells[0]!.x;
    if (item && (itemX === null || Math.abs(x - itemX) <= 2)) {
      if (steps.length >= MAX_STEPS) break;
      itemX ??= x;
      current = { number: Number(item[1]), activity: item[2]!.trim(), marks: [], shapes: [], requirements: null, duration: null, output: null, notes: null, page: row.page };
      steps.push(current);
      end = i + 1;
      continue;
    }
    if (subHeading(text)) {
      // a part of the procedure begins (`Pelaksanaan`): what follows before its first item is its introduction
      current = null;
      continue;
    }
    if (current) {
      // a bulleted line under the item goes on its activity without its bullet
      current.activity = `${current.activity} ${text.replace(BULLET, '')}`;
      end = i + 1;
    }
  }
  if (!steps.length) return null;
  steps = steps.map((s) => ({ ...s, activity: s.activity.replace(/\s+/g, ' ').trim() }));
  return { steps, start, end };
}

export const narrativeStrategy: DocumentStrategy = {
  name: 'narrative',
  read(rows, from, until) {
    const found = readNarrative(rows, from, until);
    if (!found) return null;
    return {
      strategy: 'narrative',
      procedure: { actors: [], durationHeader: null, steps: found.steps },
      start: found.start,
      spans: [[found.start, found.end]],
      roles: new Set(),
      diagnostics: [{ level: 'warning', code: 'procedure-narrative', message: 'the procedure was read from a numbered list under its heading, not from a table: its steps name no actor column, Waktu or Output' }],
    };
  },
};
