/**
 * Normalisation: the segmented parts of an SOP → a validated SOP record (SOP-RECORD.md).
 */
import type { Diagnostic, LayoutDocument } from '../read/layout.js';
import { NIP_LABEL } from '../vocabulary/index.js';
import { actorRefs, kindOfMark, subjectActors, type ActorRef } from '../normalise/actors.js';
import { bracketedName, parseApprover } from '../normalise/approver.js';
import { parseDate } from '../normalise/date.js';
import { DEFAULT_WORKING_TIME, headerUnit, parseDuration, type WorkingTime } from '../normalise/duration.js';
import { findRegion, looksLikeCitation, parseCitation } from '../normalise/legal.js';
import { findOrganisation } from '../normalise/organisation.js';
import { isBlankValue, squash, titleCaseIfUpper } from '../normalise/text.js';
import { LIST_FIELDS, type ListField } from '../segment/labels.js';
import { splitCitations, splitItems } from '../segment/lists.js';
import type { FreeLine, RawSop, RawStep } from '../segment/types.js';
import { SCHEMA_VERSION, validateRecord, type LegalBasis, type SopRecord, type Step } from './schema.js';

export interface SourceInfo {
  path: string;
  sha256: string;
}

export interface BuildOptions {
  workingTime?: WorkingTime;
}

const TITLE_LINE = /^(?:STANDAR\s+OPERASIONAL\s+PROSEDUR\s*(?:\(\s*SOP\s*\))?|SOP|PROSEDUR)\s*[:\-]?\s*(.*)$/i;

/** The SOP title from the title block when no Nama/Judul SOP label gives it (seed 002). */
function titleFromLines(lines: FreeLine[]): string | null {
  for (let i = 0; i < lines.length; i++) {
    for (const text of lines[i]!.text.split('\n')) {
      const m = TITLE_LINE.exec(text.trim());
      if (!m) continue;
      const rest = m[1]!.trim();
      if (rest && rest.length > 3) return rest;
    }
  }
  for (let i = 0; i < lines.length; i++) {
    const parts = lines[i]!.text.split('\n');
    const at = parts.findIndex((p) => /^STANDAR\s+OPERASIONAL\s+PROSEDUR\s*(?:\(\s*SOP\s*\))?\s*$/i.test(p.trim()));
    if (at < 0) continue;
    const next = parts[at + 1] ?? lines[i + 1]?.text.split('\n')[0];
    if (next && next.trim().length > 3) return next.trim();
  }
  return null;
}

function cleanValue(s: string | undefined): string | null {
  if (s === undefined) return null;
  const v = squash(s).replace(/^[:\s]+/, '').replace(/[\s:]+$/, '');
  return isBlankValue(v) ? null : v;
}

const NIP_WORD = new RegExp(`\\b${NIP_LABEL}`, 'i');

/** The signature block: the NIP line after the procedure table and the lines above it (name, position). */
function signatureLines(lines: FreeLine[], after: number | null): string[] {
  const tail = after === null ? lines : lines.filter((l) => l.index > after);
  const nipAt = tail.findIndex((l) => NIP_WORD.test(l.text));
  if (nipAt < 0) return [];
  const out = [tail[nipAt]!.text];
  for (let i = nipAt - 1; i >= 0 && out.length < 4; i--) {
    const t = tail[i]!.text.trim();
    if (/\d{4}\s*$/.test(t) && /,/.test(t)) break; // place and date line: `Painan, 13 Agustus 2024`
    out.unshift(t);
    if (tail[i + 1] && tail[i + 1]!.index - tail[i]!.index > 4) break;
  }
  return out;
}

/** Paragraphs without a label that read as a warning or a record-keeping rule (seed 002 lost its labels). */
const WARNING_SENTENCE = /^(?:jika|apabila|bila|bilamana|kalau)\b.*\b(?:tidak|belum)\b/i;
const RECORD_SENTENCE = /^(?:disimpan|dicatat|diarsipkan|didokumentasikan|diarsip|direkam|dibukukan)\b/i;

function stepActors(step: RawStep, actors: ActorRef[], worksheet: Map<number, string>): { actors: string[]; from: Step['actorsFrom']; kind: Step['kind'] } {
  const drawn = step.shapes.flatMap((k, i) => (k && actors[i] ? [{ label: actors[i]!.label, kind: k }] : []));
  if (drawn.length) return { actors: drawn.map((d) => d.label), from: 'shape', kind: drawn[0]!.kind };
  const marked: string[] = [];
  let kind: Step['kind'] = null;
  step.marks.forEach((m, i) => {
    if (m && actors[i]) {
      marked.push(actors[i]!.label);
      kind = kind ?? kindOfMark(m);
    }
  });
  if (marked.length) return { actors: marked, from: 'mark', kind };
  // the people a Pihak Terlibat column names (its actors are those names: procedure/index.ts)
  const named = (step.named ?? []).filter((n) => actors.some((a) => a.label === n));
  if (named.length) return { actors: named, from: 'text', kind: null };
  const fromText = subjectActors(step.activity, actors);
  if (fromText.length) return { actors: fromText.map((i) => actors[i]!.label), from: 'text', kind: null };
  const sentence = step.number !== null ? worksheet.get(step.number) : undefined;
  if (sentence) {
    const fromSheet = subjectActors(sentence, actors);
    if (fromSheet.length) return { actors: fromSheet.map((i) => actors[i]!.label), from: 'worksheet', kind: null };
  }
  return { actors: [], from: null, kind: null };
}

/**
 * Builds the record of one segmented SOP. Throws nothing: what cannot be read becomes a null field
 * and a diagnostic. The record is validated against the schema before it is returned.
 */
export function buildRecord(raw: RawSop, doc: LayoutDocument, source: SourceInfo, options: BuildOptions = {}): SopRecord {
  const diagnostics: Diagnostic[] = [...doc.diagnostics, ...raw.diagnostics];
  const wt = options.workingTime ?? DEFAULT_WORKING_TIME;
  const beforeTable = raw.procedureStart === null ? raw.freeLines : raw.freeLines.filter((l) => l.index < raw.procedureStart!);
  let org = findOrganisation(beforeTable.map((l) => l.text));
  if (!org.organization && !org.unit) org = findOrganisation(raw.freeLines.map((l) => l.text));
  else if (!org.organization || !org.unit) {
    const more = findOrganisation(raw.freeLines.map((l) => l.text));
    org = { organization: org.organization ?? more.organization, unit: org.unit ?? more.unit };
  }
  const region = findRegion(org.organization ?? '') ?? null;

  const titleRaw = cleanValue(raw.identity.title) ?? titleFromLines(raw.freeLines);
  const title = titleRaw ? titleCaseIfUpper(titleRaw) : null;

  const dates = {} as Record<'createdDate' | 'revisedDate' | 'effectiveDate' | 'approvedDate', string | null>;
  for (const f of ['createdDate', 'revisedDate', 'effectiveDate', 'approvedDate'] as const) {
    const written = cleanValue(raw.identity[f]);
    dates[f] = parseDate(written);
    if (written && !dates[f]) diagnostics.push({ level: 'warning', code: 'date-unreadable', message: `${f}: "${written}" is not a date` });
  }

  const signature = signatureLines(raw.freeLines, raw.procedureStart);
  // the cell's lines kept: a position and a name on lines of their own (dev-docs 01, BPS Provinsi Bengkulu)
  const approverCell = raw.identity.approver?.split('\n').map(squash).filter(Boolean).join('\n');
  const approver = parseApprover(approverCell, signature, [org.organization, org.unit, region], diagnostics);
  // a name in brackets that a flattened table ran into another field
  approver.name ??= bracketedName([raw.identity.title, ...raw.freeLines.map((l) => l.text)]);

  const lists = {} as Record<ListField, string[]>;
  for (const f of LIST_FIELDS) lists[f] = raw.sections[f] ? splitItems(raw.sections[f]!, f) : [];
  // paragraphs that lost their label
  for (const l of beforeTable) {
    const t = squash(l.text);
    if (lists.warnings.length === 0 && WARNING_SENTENCE.test(t)) lists.warnings.push(t);
    else if (lists.recordKeeping.length === 0 && RECORD_SENTENCE.test(t)) lists.recordKeeping.push(t);
  }

  let citationItems = lists.legalBases;
  if (!citationItems.some(looksLikeCitation)) {
    // no readable Dasar Hukum list: take citations written elsewhere in the identity part (dev-doc 10)
    const pool = [...Object.values(raw.identity), ...raw.freeLines.filter((l) => raw.procedureStart === null || l.index < raw.procedureStart).map((l) => l.text)]
      .filter((s): s is string => !!s)
      .flatMap((s) => splitCitations(squash(s)));
    const found = pool.filter(looksLikeCitation).map((s) => trimCitationTail(s));
    if (found.length) {
      citationItems = [...citationItems, ...found];
      diagnostics.push({ level: 'warning', code: 'legal-basis-unlabelled', message: `${found.length} citation(s) found outside a Dasar Hukum list` });
    }
  }
  const legalBases: LegalBasis[] = citationItems.map((text) => {
    const c = parseCitation(text, { region });
    if (c.type === 'other' && c.number === null) diagnostics.push({ level: 'warning', code: 'legal-basis-unparsed', message: `legal basis "${text.slice(0, 80)}" names no regulation type or number` });
    return c;
  });

  const actors = actorRefs(raw.procedure?.actors ?? []);
  const unit = headerUnit(raw.procedure?.durationHeader);
  const steps: Step[] = (raw.procedure?.steps ?? []).map((s) => {
    const who = stepActors(s, actors, raw.worksheet);
    const duration = parseDuration(s.duration, unit, wt);
    if (s.duration && !duration) diagnostics.push({ level: 'warning', code: 'duration-unreadable', message: `step ${s.number ?? '?'}: Waktu "${s.duration}" is not a duration` });
    return {
      number: s.number,
      activity: s.activity,
      actors: who.actors,
      actorsFrom: who.from,
      kind: who.kind,
      next: who.kind === 'decision' && s.next ? s.next : null,
      requirements: s.requirements,
      duration: duration ? { text: duration.text, value: duration.value, valueMax: duration.valueMax, unit: duration.unit, minutes: duration.minutes, approximate: duration.approximate } : null,
      output: s.output,
      notes: s.notes,
    };
  });
  for (const s of raw.procedure?.steps ?? []) {
    if (s.numberInferred) diagnostics.push({ level: 'warning', code: 'step-number-inferred', message: `page ${s.page}: the number of step ${s.number} was not read; it follows the order of the rows` });
  }
  checkNumbering(steps, diagnostics);
  if (!raw.procedure) diagnostics.push({ level: 'error', code: 'no-procedure', message: 'no procedure table (No / Uraian Prosedur / Pelaksana / Mutu Baku) was found' });
  else if (steps.length === 0) diagnostics.push({ level: 'error', code: 'no-steps', message: 'the procedure table has a header but no steps' });

  const record: SopRecord = {
    schemaVersion: SCHEMA_VERSION,
    id: `${source.sha256.slice(0, 16)}-${raw.index}`,
    source: { path: source.path, sha256: source.sha256, format: doc.format, textLayer: doc.textLayer, pages: raw.pages, ocr: doc.ocr },
    identity: {
      title,
      number: cleanValue(raw.identity.number),
      organization: org.organization,
      unit: org.unit,
      ...dates,
      approver,
    },
    legalBases,
    qualifications: lists.qualifications,
    relatedSops: lists.relatedSops,
    equipment: lists.equipment,
    warnings: lists.warnings,
    recordKeeping: lists.recordKeeping,
    actors,
    steps,
    diagnostics,
  };
  return validateRecord(record);
}

/** Cuts a citation found in running text at the list that follows it (`… Tata Naskah Dinas 1 Lurah …`). */
function trimCitationTail(s: string): string {
  const m = /^(.*?\btentang\b.*?)(?:\s+\d{1,2}\s+\p{Lu}|\s+\(|$)/isu.exec(s);
  return (m ? m[1]! : s).trim();
}

/** Warns about gaps and repeats in step numbering (Permenpan RB 35/2012: steps are numbered in order). */
function checkNumbering(steps: Step[], diagnostics: Diagnostic[]): void {
  const numbers = steps.map((s) => s.number).filter((n): n is number => n !== null);
  for (let i = 1; i < numbers.length; i++) {
    if (numbers[i] !== numbers[i - 1]! + 1) {
      diagnostics.push({ level: 'warning', code: 'step-numbering', message: `step ${numbers[i]} follows step ${numbers[i - 1]}` });
    }
  }
}
