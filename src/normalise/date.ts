import { repairOcrWords } from './text.js';
import { MONTH_NAMES, MONTH_NUMBER, MONTH_SOURCE } from '../vocabulary/index.js';

/**
 * Dates of the identity table (Tanggal Pembuatan, Revisi, Efektif, Pengesahan) → ISO strings.
 *
 * Output: `yyyy-mm-dd`; `yyyy-mm` when only a month and year are written (dev-docs README
 * convention: "Agustus 2023" → `2023-08`); `yyyy` when only a year is written (seed 003: "2021").
 * Month names per DOMAIN.md §6, with the variants met in documents: Nopember (dev-doc 12), Pebruari,
 * Agt/Ags/Agu, Sept, and a long month name OCR misread by one letter (`Aqustus`). A value that is not a date (`-`, empty, text) gives `null`, and so does one
 * naming several months (`04 Januari Desember Januari 2016`: three dates run together, dev-doc 10).
 */
/** Month names long enough to repair when OCR misread one letter (`Aqustus`); `Mei`, `Juni`, `Juli` are too short to tell. */
const REPAIRABLE_MONTHS = MONTH_NAMES.filter((m) => m.length >= 5);

const MONTH_RE = MONTH_SOURCE.slice(3, -1);

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

function plausibleYear(y: number): boolean {
  return y >= 1945 && y <= 2100;
}

const MONTH_WORDS = new RegExp(`(?<![\\p{L}])(?:${MONTH_RE})(?![\\p{L}])`, 'giu');
const DAY_MONTH_YEAR = new RegExp(`(?:^|[^\\p{L}\\d])(\\d{1,2})\\s*[-.\\s/]?\\s*(${MONTH_RE})\\.?\\s*[-.\\s/]?\\s*(\\d{4})(?!\\d)`, 'iu');
const MONTH_YEAR = new RegExp(`(?:^|[^\\p{L}])(${MONTH_RE})\\.?\\s*[-,/]?\\s*(\\d{4})(?!\\d)`, 'iu');

/**
 * Parses one date as written in an SOP: `22 Desember 2023`, `01-11-2021`, `1/11/2021`,
 * `2021-11-01`, `13 Agustus 2024`, `Agustus 2023`, `2021`. Returns the ISO form or `null` when the
 * text holds no date (or an impossible one, like 31 Februari).
 */
export function parseDate(text: string | null | undefined): string | null {
  if (!text) return null;
  // OCR misreads a month name by a letter (`Aqustus`, `Janvari`: dev-docs 06, 08)
  const s = repairOcrWords(text.replace(/[\s\u00a0]+/g, ' ').trim(), REPAIRABLE_MONTHS);
  if (!s) return null;
  // several month names: dates run together by a flattened table (dev-doc 10), none can be placed
  const months = s.match(MONTH_WORDS) ?? [];
  if (months.length > 1) return null;
  let m = DAY_MONTH_YEAR.exec(s);
  if (m) {
    const d = Number(m[1]);
    const mo = MONTH_NUMBER.get(m[2]!.toLowerCase())!;
    const y = Number(m[3]);
    return plausibleYear(y) && validDay(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
  }
  m = /(?:^|\D)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    return plausibleYear(y) && validDay(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
  }
  m = /(?:^|\D)(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{4}|\d{2})(?!\d)/.exec(s);
  if (m) {
    const d = Number(m[1]);
    const mo = Number(m[2]);
    let y = Number(m[3]);
    if (m[3]!.length === 2) y += y < 50 ? 2000 : 1900;
    return plausibleYear(y) && validDay(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
  }
  m = MONTH_YEAR.exec(s);
  if (m) {
    const y = Number(m[2]);
    return plausibleYear(y) ? `${y}-${pad(MONTH_NUMBER.get(m[1]!.toLowerCase())!)}` : null;
  }
  m = /^(?:tahun\s+)?(\d{4})$/i.exec(s);
  if (m && plausibleYear(Number(m[1]))) return m[1]!;
  return null;
}

/**
 * A line that is a date and nothing else, optionally after the place of signing
 * (`13 Februari 2022`, `13/02/2022`, `Jombang, 2 Januari 2023`): the date under a signature in the
 * approver's column (`DISETUJUI OLEH :` / name / position / date, wild 013 and 018 of Diskominfo
 * Kaltim). Returns the ISO date (as parseDate) or null when the line holds any other word.
 */
export function dateLine(line: string): string | null {
  const rest = line.trim().replace(/^\p{Lu}[\p{L} .'-]*,\s*(?=\d)/u, '');
  const iso = parseDate(rest);
  if (!iso || iso.length < 10) return null;
  return rest.replace(MONTH_WORDS, '').replace(/[\d\s.,/-]/g, '') === '' ? iso : null;
}
