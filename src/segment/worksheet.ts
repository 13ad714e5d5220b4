/**
 * The worksheet some SOPs carry after their tables, "Lembar Kerja Identifikasi Kegiatan"
 * (Permenpan RB 35/2012, Lampiran, the identification step of SOP drafting; seed 003): its part
 * "Identifikasi Langkah" lists each step as a sentence naming who does it
 * (`Langkah Awal | 1. | Sekretaris Daerah Memerintahkan …`).
 */
import { stepNumberOf, textOf, type StreamRow } from './stream.js';
import { anyPhrase, WORKSHEET_HEADINGS } from '../vocabulary/index.js';

const WORKSHEET_HEADING = new RegExp(`${anyPhrase(WORKSHEET_HEADINGS)}\\b`, 'i');

/** True for the worksheet's heading row. */
export function isWorksheetHeading(row: StreamRow): boolean {
  return WORKSHEET_HEADING.test(textOf(row)) && row.cells.length <= 2;
}

/**
 * Reads the numbered step sentences of a worksheet: rows holding a step number cell followed by a
 * text cell, or a cell starting with the number. Returns step number → sentence.
 */
export function readWorksheet(rows: StreamRow[]): Map<number, string> {
  const steps = new Map<number, string>();
  for (const row of rows) {
    const cells = row.cells;
    for (let i = 0; i < cells.length; i++) {
      const n = stepNumberOf(cells[i]!.text);
      if (n !== null && i + 1 < cells.length) {
        const text = cells.slice(i + 1).map((c) => c.text).join(' ').trim();
        if (text && !steps.has(n)) steps.set(n, text);
        break;
      }
      const lead = /^(\d{1,3})\.\s+(\p{Lu}.*)$/u.exec(cells[i]!.text);
      if (lead && i > 0) {
        const k = Number(lead[1]);
        if (!steps.has(k)) steps.set(k, lead[2]!);
        break;
      }
    }
  }
  return steps;
}
