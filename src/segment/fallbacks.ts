/**
 * What an SOP says outside its labels, read where no label gives it: the title from the title
 * block, the signature block under the procedure table, warning and record-keeping paragraphs that
 * lost their label, citations written outside a Dasar Hukum list. Each value found this way is a
 * guess: it is marked in `RawSop.guessed`, and the record gives it a lower confidence.
 */
import { looksLikeCitation } from '../normalise/legal.js';
import { startsOrganisationName } from '../normalise/organisation.js';
import { isBlankValue, squash } from '../normalise/text.js';
import { COPY_CERTIFICATION, NIP_LABEL, SIGNED_MARKS, escapeRe } from '../vocabulary/index.js';
import { findLabels, looksLikeNumberValue } from './labels.js';
import { splitCitations, splitItems } from './lists.js';
import type { FreeLine, Origin, RawSop } from './types.js';

const TITLE_LINE = /^(?:STANDAR\s+OPERASIONAL\s+PROSEDUR\s*(?:\(\s*SOP\s*\))?|SOP|PROSEDUR)\s*[:\-]?\s*(.*)$/i;
const TITLE_HEADING = /^STANDAR\s+OPERASIONAL\s+PROSEDUR\s*(?:\(\s*SOP\s*\))?\s*$/i;

/** Title lines under the heading: at most this many lines in capitals, each at most this many rows after the one before. */
const TITLE_MAX_LINES = 3;
const TITLE_MAX_ROW_GAP = 3;

function inCapitals(text: string): boolean {
  return /\p{Lu}/u.test(text) && text === text.toUpperCase();
}

/** A title without the unit written after it behind a comma (`SOP LABORATORIUM PERIKANAN, JURUSAN PERIKANAN …`, a running footer of wild 028). */
function withoutUnit(title: string): string {
  const comma = title.search(/,\s+\S/);
  return comma > 0 && startsOrganisationName(title.slice(comma + 1)) ? title.slice(0, comma).trim() : title;
}

/** Whether line b starts below line a by less than a's height (true when either has no position). */
function closeBelow(a: Origin | undefined, b: Origin | undefined): boolean {
  if (!a || !b) return true;
  return a.page === b.page && b.y0 - a.y1 < a.y1 - a.y0;
}

/**
 * The SOP title from the title block, and its first line: `SOP PEMANTAUAN KINERJA` (a title after
 * `SOP`/`PROSEDUR` starts with a capital or a digit and is no document number, `SOP-PPID-07`; `SOP ini diterapkan pada …` is a sentence,
 * wild 018), or the line under a heading `STANDAR OPERASIONAL PROSEDUR` (seed 002), with the lines in
 * capitals after it when it is in capitals too (a cover's title broken over two lines:
 * `PENYUSUNAN DAN PEMUTAKHIRAN` / `DAFTAR INFORMASI PUBLIK`, wild 018) up to a line naming a unit or
 * organisation (`JURUSAN PERIKANAN DAN KELAUTAN`, wild 028; a unit's word alone, `LABORATORIUM`, ends a title: wild 022). A unit after the title behind a comma
 * is cut off, and `SOP` alone over the title in one cell takes the cell's next lines.
 */
export function titleFromLines(lines: readonly FreeLine[]): { text: string; line: FreeLine } | null {
  for (const line of lines) {
    const parts = line.text.split('\n');
    for (const [k, text] of parts.entries()) {
      const m = TITLE_LINE.exec(text.trim());
      // `SOP` alone on a cell's line over the title (a document box, wild 026)
      const rest = m && !m[1]!.trim() && k + 1 < parts.length ? parts.slice(k + 1).join(' ').trim() : withoutUnit(m?.[1]?.trim() ?? '');
      if (rest && rest.length > 3 && /^[\p{Lu}\d"'(]/u.test(rest) && !looksLikeNumberValue(rest)) return { text: rest, line };
    }
  }
  for (let i = 0; i < lines.length; i++) {
    const parts = lines[i]!.text.split('\n');
    const at = parts.findIndex((p) => TITLE_HEADING.test(p.trim()));
    if (at < 0) continue;
    const own = parts[at + 1];
    const next = own ?? lines[i + 1]?.text.split('\n')[0];
    if (!next || next.trim().length <= 3) continue;
    const first = own !== undefined ? lines[i]! : lines[i + 1]!;
    const title = [next.trim()];
    if (own === undefined && inCapitals(next)) {
      for (let j = i + 2; j < lines.length && title.length < TITLE_MAX_LINES; j++) {
        const text = lines[j]!.text.trim();
        if (lines[j]!.index - lines[j - 1]!.index > TITLE_MAX_ROW_GAP || text.includes('\n') || !inCapitals(text) || findLabels(text).length || (startsOrganisationName(text) && /\s/.test(text))) break;
        // a row of several cells (the cover's `STATUS DOKUMEN | : | ASLI`, wild 013) or a line further
        // below the one before than a line's height is no part of the title
        if (lines[j + 1]?.index === lines[j]!.index || !closeBelow(lines[j - 1]!.origin, lines[j]!.origin)) break;
        title.push(text);
      }
    }
    return { text: title.join(' '), line: first };
  }
  return null;
}

const NIP_WORD = new RegExp(`\\b${NIP_LABEL}`, 'i');

/**
 * The signature block: the NIP line after the procedure table and up to three lines above it
 * (name, position), stopping at a place-and-date line (`Painan, 13 Agustus 2024`) or a gap of more
 * than four rows (seeds 001, 002). A block under `Salinan sesuai dengan aslinya` certifies a copy
 * and is passed over; without another, a signature marked `ttd` on a copy (`GUBERNUR SUMATERA
 * UTARA,` / `ttd` / `TENGKU ERRY NURADI`: a governor has no NIP, wild 006) gives its position and
 * name, the lines above and below the mark in its column.
 */
export function signatureBlock(lines: readonly FreeLine[], after: number | null): FreeLine[] {
  const tail = after === null ? lines : lines.filter((l) => l.index > after);
  for (let k = 0; k < tail.length; k++) {
    if (!NIP_WORD.test(tail[k]!.text) || NIP_FORM_FIELD.test(tail[k]!.text)) continue;
    const block = blockAbove(tail, k);
    // the block's lines follow each other in `tail`, up to the NIP line at k
    if (!certifiesCopy(tail, k - block.length + 1)) return block;
  }
  return signedOnCopy(tail);
}

/**
 * A blank form's field for an identity number among others (`NIM/NIK/NIP :` in a borrowing form
 * appended to the SOP: Politeknik Negeri Lampung, wild 026): no signature's NIP.
 */
const NIP_FORM_FIELD = new RegExp(`\\/\\s*${NIP_LABEL}|${NIP_LABEL}\\s*\\/`, 'i');

/** The NIP line at `nipAt` and up to three lines above it, to a place-and-date line or a gap. */
function blockAbove(tail: readonly FreeLine[], nipAt: number): FreeLine[] {
  const out = [tail[nipAt]!];
  for (let i = nipAt - 1; i >= 0 && out.length < 4; i--) {
    const t = tail[i]!.text.trim();
    if (/\d{4}\s*$/.test(t) && /,/.test(t)) break;
    out.unshift(tail[i]!);
    if (tail[i + 1] && tail[i + 1]!.index - tail[i]!.index > 4) break;
  }
  return out;
}

/** How many lines above a signature block a copy's certification may stand (its position line between). */
const CERTIFICATION_REACH = 4;

/** Whether a copy's certification stands in the block starting at `start` or just above it, on its page. */
function certifiesCopy(tail: readonly FreeLine[], start: number): boolean {
  const page = tail[start]?.origin?.page;
  for (let i = start; i >= Math.max(0, start - CERTIFICATION_REACH); i--) {
    if (page !== undefined && tail[i]!.origin && tail[i]!.origin!.page !== page) break;
    if (COPY_CERTIFICATION.test(tail[i]!.text)) return true;
  }
  return false;
}

const SIGNED_MARK = new RegExp(`^(?:${SIGNED_MARKS.map(escapeRe).join('|')})$`, 'i');

/**
 * A signature marked `ttd` / `dto` on a copy: the nearest line above the mark and the nearest below
 * it that lie in the mark's column (the same page, overlapping it across; the next lines where there
 * are no positions), when the lower holds no digit (a name, not a NIP or a date).
 */
function signedOnCopy(tail: readonly FreeLine[]): FreeLine[] {
  const at = tail.findIndex((l) => SIGNED_MARK.test(l.text.trim()));
  if (at < 0) return [];
  const mark = tail[at]!;
  const inColumn = (l: FreeLine): boolean =>
    !mark.origin || !l.origin || (l.origin.page === mark.origin.page && l.origin.x0 < mark.origin.x1 && l.origin.x1 > mark.origin.x0);
  const above = tail.slice(0, at).reverse().find(inColumn);
  const below = tail.slice(at + 1).find(inColumn);
  if (!above || !below || /\d/.test(below.text)) return [];
  return [above, below];
}

/** A line that is a NIP and nothing else (`NIP. 19660825 198802 1 001`). */
const NIP_LINE = new RegExp(`^${NIP_LABEL}\\.?\\s*:?\\s*[\\d\\s]{18,24}$`, 'i');

/**
 * The approver's NIP line read into the value of the row under the Disahkan-oleh cell (`Judul SOP`:
 * `NIP. 19660825 198802 1 001` / `PENGAJUAN PEMBAYARAN`, the row rule drawn above the cell's last
 * line: BPS Provinsi Bengkulu's payment SOPs, wild 032) goes back to the approver, when the approver
 * has no NIP line of its own.
 */
function moveNipToApprover(sop: RawSop): void {
  const approver = sop.identity.approver;
  if (approver === undefined || approver.split('\n').some((l) => NIP_WORD.test(l))) return;
  for (const field of ['title', 'number'] as const) {
    const lines = sop.identity[field]?.split('\n');
    if (!lines || lines.length < 2 || !NIP_LINE.test(lines[0]!.trim())) continue;
    sop.identity.approver = `${approver}\n${lines[0]!.trim()}`;
    sop.identity[field] = lines.slice(1).join('\n');
    return;
  }
}

/** Paragraphs without a label that read as a warning or a record-keeping rule (seed 002 lost its labels). */
const WARNING_SENTENCE = /^(?:jika|apabila|bila|bilamana|kalau)\b.*\b(?:tidak|belum)\b/i;
const RECORD_SENTENCE = /^(?:disimpan|dicatat|diarsipkan|didokumentasikan|diarsip|direkam|dibukukan)\b/i;

/** Cuts a citation found in running text at the list that follows it (`… Tata Naskah Dinas 1 Lurah …`). */
function trimCitationTail(s: string): string {
  const m = /^(.*?\btentang\b.*?)(?:\s+\d{1,2}\s+\p{Lu}|\s+\(|$)/isu.exec(s);
  return (m ? m[1]! : s).trim();
}

/**
 * Fills what the labels of `sop` did not give from its free lines, marking each such field in
 * `sop.guessed`: the title, the signature block, warnings and record keeping, legal bases written
 * outside a Dasar Hukum list (dev-doc 10). Adds the diagnostic `legal-basis-unlabelled` for the last.
 */
export function fillFromFreeLines(sop: RawSop): void {
  moveNipToApprover(sop);
  const beforeTable = sop.procedureStart === null ? sop.freeLines : sop.freeLines.filter((l) => l.index < sop.procedureStart!);
  if (sop.identity.title === undefined || isBlankValue(squash(sop.identity.title).replace(/^[:\s]+|[\s:]+$/g, ''))) {
    const found = titleFromLines(sop.freeLines);
    if (found) {
      sop.identity.title = found.text;
      sop.origins.title = found.line.origin ? [found.line.origin] : [];
      sop.guessed.add('title');
    }
  }
  sop.signature = signatureBlock(sop.freeLines, sop.procedureStart);
  for (const l of beforeTable) {
    const t = squash(l.text);
    const field = !sop.sections.warnings?.length && WARNING_SENTENCE.test(t) ? 'warnings' : !sop.sections.recordKeeping?.length && RECORD_SENTENCE.test(t) ? 'recordKeeping' : null;
    if (!field) continue;
    sop.sections[field] = [{ text: t, hardBreaks: true }];
    sop.origins[field] = l.origin ? [l.origin] : [];
    sop.guessed.add(field);
  }
  const listed = sop.sections.legalBases ? splitItems(sop.sections.legalBases, 'legalBases') : [];
  if (!listed.some(looksLikeCitation)) {
    const sources = [...Object.values(sop.identity), ...beforeTable.map((l) => l.text)].filter((s): s is string => !!s);
    const found = sources.flatMap((s) => splitCitations(squash(s))).filter(looksLikeCitation).map(trimCitationTail);
    if (found.length) {
      sop.sections.legalBases = [...(sop.sections.legalBases ?? []), { text: found.join('\n'), hardBreaks: true }];
      sop.guessed.add('legalBases');
      sop.diagnostics.push({ level: 'warning', code: 'legal-basis-unlabelled', message: `${found.length} citation(s) found outside a Dasar Hukum list` });
    }
  }
}
