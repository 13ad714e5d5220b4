/**
 * What an SOP says outside its labels, read where no label gives it: the title from the title
 * block, the signature block under the procedure table, warning and record-keeping paragraphs that
 * lost their label, citations written outside a Dasar Hukum list. Each value found this way is a
 * guess: it is marked in `RawSop.guessed`, and the record gives it a lower confidence.
 */
import { looksLikeCitation } from '../normalise/legal.js';
import { isBlankValue, squash } from '../normalise/text.js';
import { NIP_LABEL } from '../vocabulary/index.js';
import { splitCitations, splitItems } from './lists.js';
import type { FreeLine, RawSop } from './types.js';

const TITLE_LINE = /^(?:STANDAR\s+OPERASIONAL\s+PROSEDUR\s*(?:\(\s*SOP\s*\))?|SOP|PROSEDUR)\s*[:\-]?\s*(.*)$/i;
const TITLE_HEADING = /^STANDAR\s+OPERASIONAL\s+PROSEDUR\s*(?:\(\s*SOP\s*\))?\s*$/i;

/** The SOP title from the title block (`SOP PEMANTAUAN KINERJA`, or the line under `STANDAR OPERASIONAL PROSEDUR`: seed 002), and its line. */
export function titleFromLines(lines: readonly FreeLine[]): { text: string; line: FreeLine } | null {
  for (const line of lines) {
    for (const text of line.text.split('\n')) {
      const m = TITLE_LINE.exec(text.trim());
      const rest = m?.[1]?.trim();
      if (rest && rest.length > 3) return { text: rest, line };
    }
  }
  for (let i = 0; i < lines.length; i++) {
    const parts = lines[i]!.text.split('\n');
    const at = parts.findIndex((p) => TITLE_HEADING.test(p.trim()));
    if (at < 0) continue;
    const own = parts[at + 1];
    const next = own ?? lines[i + 1]?.text.split('\n')[0];
    if (next && next.trim().length > 3) return { text: next.trim(), line: own !== undefined ? lines[i]! : lines[i + 1]! };
  }
  return null;
}

const NIP_WORD = new RegExp(`\\b${NIP_LABEL}`, 'i');

/**
 * The signature block: the NIP line after the procedure table and up to three lines above it
 * (name, position), stopping at a place-and-date line (`Painan, 13 Agustus 2024`) or a gap of more
 * than four rows (seeds 001, 002).
 */
export function signatureBlock(lines: readonly FreeLine[], after: number | null): FreeLine[] {
  const tail = after === null ? lines : lines.filter((l) => l.index > after);
  const nipAt = tail.findIndex((l) => NIP_WORD.test(l.text));
  if (nipAt < 0) return [];
  const out = [tail[nipAt]!];
  for (let i = nipAt - 1; i >= 0 && out.length < 4; i--) {
    const t = tail[i]!.text.trim();
    if (/\d{4}\s*$/.test(t) && /,/.test(t)) break;
    out.unshift(tail[i]!);
    if (tail[i + 1] && tail[i + 1]!.index - tail[i]!.index > 4) break;
  }
  return out;
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
