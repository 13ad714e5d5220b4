/**
 * Normalisation: the segmented parts of an SOP → a validated SOP record (SOP-RECORD.md), with the
 * confidence of every field (confidence.ts) and where it was read (provenance.ts).
 */
import type { Diagnostic, LayoutDocument } from '../read/layout.js';
import { actorRefs, kindOfMark, subjectActors, type ActorRef } from '../normalise/actors.js';
import { bracketedName, parseApprover, type ApproverEvidence } from '../normalise/approver.js';
import { dateLine, parseDate } from '../normalise/date.js';
import { DEFAULT_WORKING_TIME, headerUnit, parseDuration, type WorkingTime } from '../normalise/duration.js';
import { findRegion, legalBasisItems, parseCitation } from '../normalise/legal.js';
import { decodeNip } from '../normalise/nip.js';
import { rankGradeMismatch } from '../normalise/rank.js';
import { findOrganisation } from '../normalise/organisation.js';
import { isBlankValue, squash, titleCaseIfUpper } from '../normalise/text.js';
import { LIST_FIELDS, looksLikeNumberValue, type ListField } from '../segment/labels.js';
import { splitItems } from '../segment/lists.js';
import type { FreeLine, Origin, RawSop, RawStep } from '../segment/types.js';
import { APPROVER_CONFIDENCE, BASE_CONFIDENCE, ocrFactor, plausibilityFactor, probability, recordConfidence, STEP_CONFIDENCE } from './confidence.js';
import { ProvenanceBuilder } from './provenance.js';
import { SCHEMA_VERSION, validateRecord, type LegalBasis, type SopRecord, type SourceRef, type Step } from './schema.js';

export interface SourceInfo {
  path: string;
  sha256: string;
  /** Every file the SOP was read from, when more than one (page images of one SOP). */
  sources?: SourceRef[];
}

export interface BuildOptions {
  workingTime?: WorkingTime;
}

function cleanValue(s: string | undefined): string | null {
  if (s === undefined) return null;
  const v = squash(s).replace(/^[:\s]+/, '').replace(/[\s:]+$/, '');
  return isBlankValue(v) ? null : v;
}

/** Who does a step, where that was read, its symbol's kind; `named` when a column names the people in words. */
interface StepWho {
  actors: string[];
  from: Step['actorsFrom'];
  kind: Step['kind'];
  named?: boolean;
}

function stepActors(step: RawStep, actors: ActorRef[], worksheet: Map<number, string>): StepWho {
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
  if (named.length) return { actors: named, from: 'text', kind: null, named: true };
  const fromText = subjectActors(step.activity, actors);
  if (fromText.length) return { actors: fromText.map((i) => actors[i]!.label), from: 'text', kind: null };
  const sentence = step.number !== null ? worksheet.get(step.number) : undefined;
  if (sentence) {
    const fromSheet = subjectActors(sentence, actors);
    if (fromSheet.length) return { actors: fromSheet.map((i) => actors[i]!.label), from: 'worksheet', kind: null };
  }
  return { actors: [], from: null, kind: null };
}

/** The lowest OCR word confidence among origins (undefined for a text layer or no origin). */
function ocrOf(origins: readonly Origin[] | undefined): number | undefined {
  const confs = (origins ?? []).map((o) => o.conf).filter((c): c is number => c !== undefined);
  return confs.length ? Math.min(...confs) : undefined;
}

/** The free line holding a value found in the text around the tables (organisation, unit). */
function lineHolding(lines: readonly FreeLine[], value: string | null): FreeLine | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase();
  return lines.find((l) => l.text.toLowerCase().replace(/\s+/g, ' ').includes(v));
}

/**
 * Builds the record of one segmented SOP. Throws nothing: what cannot be read becomes a null field
 * and a diagnostic. The record carries each field's confidence and provenance (schema version 2)
 * and is validated against the schema before it is returned.
 */
export function buildRecord(raw: RawSop, doc: LayoutDocument, source: SourceInfo, options: BuildOptions = {}): SopRecord {
  const diagnostics: Diagnostic[] = [...doc.diagnostics, ...raw.diagnostics];
  const wt = options.workingTime ?? DEFAULT_WORKING_TIME;
  const conf: Record<string, number> = {};
  const provenance = new ProvenanceBuilder(doc);
  const set = (path: string, value: number, origins?: readonly Origin[]): void => {
    conf[path] = probability(value * ocrFactor(ocrOf(origins)));
    provenance.add(path, origins);
  };
  const labelled = (field: keyof RawSop['origins']): number => (raw.guessed.has(field) ? BASE_CONFIDENCE.guessed : BASE_CONFIDENCE.labelled);

  const beforeTable = raw.procedureStart === null ? raw.freeLines : raw.freeLines.filter((l) => l.index < raw.procedureStart!);
  // the approver's cell names the unit its head leads (`Kepala Pusat …`)
  const position = raw.identity.approver ?? null;
  let org = findOrganisation(beforeTable.map((l) => l.text), position);
  if (!org.organization && !org.unit) org = findOrganisation(raw.freeLines.map((l) => l.text), position);
  else if (!org.organization || !org.unit) {
    const more = findOrganisation(raw.freeLines.map((l) => l.text), position);
    org = { organization: org.organization ?? more.organization, unit: org.unit ?? more.unit };
  }
  const region = findRegion(org.organization ?? '') ?? null;
  for (const f of ['organization', 'unit'] as const) {
    const line = lineHolding(raw.freeLines, org[f]);
    if (org[f]) set(`identity/${f}`, BASE_CONFIDENCE.guessed, line?.origin ? [line.origin] : undefined);
  }

  const titleRaw = cleanValue(raw.identity.title);
  const title = titleRaw ? titleCaseIfUpper(titleRaw) : null;
  if (title) set('identity/title', labelled('title'), raw.origins.title);

  const number = cleanValue(raw.identity.number);
  if (number) set('identity/number', looksLikeNumberValue(number) ? BASE_CONFIDENCE.labelled : BASE_CONFIDENCE.weakLabel, raw.origins.number);

  const dates = {} as Record<'createdDate' | 'revisedDate' | 'effectiveDate' | 'approvedDate', string | null>;
  for (const f of ['createdDate', 'revisedDate', 'effectiveDate', 'approvedDate'] as const) {
    const written = cleanValue(raw.identity[f]);
    dates[f] = parseDate(written);
    if (written && !dates[f]) diagnostics.push({ level: 'warning', code: 'date-unreadable', message: `${f}: "${written}" is not a date` });
    if (dates[f]) set(`identity/${f}`, labelled(f), raw.origins[f]);
  }

  // the cell's lines kept: a position and a name on lines of their own (dev-docs 01, BPS Provinsi Bengkulu);
  // a line that is only a date is the day it was signed, the approval date when no label gives one
  const approverLines = raw.identity.approver?.split('\n').map(squash).filter(Boolean) ?? [];
  const signedOn = approverLines.map(dateLine).find((d) => d !== null) ?? null;
  const approverCell = approverLines.filter((l) => dateLine(l) === null).join('\n');
  if (!dates.approvedDate && signedOn) {
    dates.approvedDate = signedOn;
    set('identity/approvedDate', BASE_CONFIDENCE.guessed, raw.origins.approver);
  }
  const evidence: ApproverEvidence = { name: null, nameWeak: false, position: null, nip: null };
  const approver = parseApprover(approverCell, raw.signature.map((l) => l.text), [org.organization, org.unit, region], diagnostics, evidence);
  const signatureOrigins = raw.signature.flatMap((l) => (l.origin ? [l.origin] : []));
  const whereApprover = (from: ApproverEvidence['name']): readonly Origin[] | undefined => (from === 'signature' ? signatureOrigins : raw.origins.approver);
  // a name in brackets that a flattened table ran into another field
  if (!approver.name) {
    approver.name = bracketedName([raw.identity.title, ...raw.freeLines.map((l) => l.text)]);
    if (approver.name) set('identity/approver/name', BASE_CONFIDENCE.guessed);
  } else set('identity/approver/name', evidence.nameWeak || evidence.name === 'signature' ? APPROVER_CONFIDENCE.nameWeak : APPROVER_CONFIDENCE.name, whereApprover(evidence.name));
  if (approver.position) set('identity/approver/position', APPROVER_CONFIDENCE.position, whereApprover(evidence.position));
  const mismatch = rankGradeMismatch(approver.rank, approver.grade);
  if (approver.rank) set('identity/approver/rank', mismatch ? APPROVER_CONFIDENCE.rankMismatch : APPROVER_CONFIDENCE.rank, raw.origins.approver ?? signatureOrigins);
  if (approver.grade) set('identity/approver/grade', mismatch ? APPROVER_CONFIDENCE.rankMismatch : APPROVER_CONFIDENCE.rank, raw.origins.approver ?? signatureOrigins);
  if (approver.nip) set('identity/approver/nip', decodeNip(approver.nip).valid ? APPROVER_CONFIDENCE.nipValid : APPROVER_CONFIDENCE.nipInvalid, whereApprover(evidence.nip));

  const lists = {} as Record<ListField, string[]>;
  for (const f of LIST_FIELDS) {
    lists[f] = raw.sections[f] ? splitItems(raw.sections[f]!, f) : [];
    if (f === 'legalBases') continue;
    const base = raw.guessed.has(f) ? BASE_CONFIDENCE.guessed : BASE_CONFIDENCE.listItem;
    lists[f].forEach((_, i) => set(`${f}/${i}`, base, raw.origins[f]));
  }

  const legalBases: LegalBasis[] = legalBasisItems(lists.legalBases).map((text, i) => {
    const c = parseCitation(text, { region });
    if (c.type === 'other' && c.number === null) diagnostics.push({ level: 'warning', code: 'legal-basis-unparsed', message: `legal basis "${text.slice(0, 80)}" names no regulation type or number` });
    const complete = c.type !== 'other' && c.number !== null && c.year !== null;
    set(`legalBases/${i}`, (complete ? BASE_CONFIDENCE.citation : BASE_CONFIDENCE.citationPartial) * (raw.guessed.has('legalBases') ? BASE_CONFIDENCE.guessed : 1), raw.origins.legalBases);
    return c;
  });

  const actors = actorRefs(raw.procedure?.actors ?? []);
  const plausibility = raw.procedureScore?.score ?? 0;
  const stepScale = plausibilityFactor(plausibility);
  actors.forEach((_, i) => set(`actors/${i}`, STEP_CONFIDENCE.cell * stepScale));
  const unit = headerUnit(raw.procedure?.durationHeader);
  const rawSteps = raw.procedure?.steps ?? [];
  // the steps after the numbering starts again at 1 (a further table)
  const restartAt = rawSteps.findIndex((s, i) => i > 0 && s.number === 1 && rawSteps.slice(0, i).some((p) => p.number !== null));
  const steps: Step[] = rawSteps.map((s, i) => {
    const scale = stepScale * (restartAt >= 0 && i >= restartAt ? STEP_CONFIDENCE.afterRestart : 1);
    const who = stepActors(s, actors, raw.worksheet);
    const duration = parseDuration(s.duration, unit, wt);
    if (s.duration && !duration) diagnostics.push({ level: 'warning', code: 'duration-unreadable', message: `step ${s.number ?? '?'}: Waktu "${s.duration}" is not a duration` });
    const o = s.origins ?? {};
    const p = `steps/${i}`;
    const prev = i > 0 ? rawSteps[i - 1]!.number : 0;
    if (s.number !== null) set(`${p}/number`, (s.numberInferred ? STEP_CONFIDENCE.numberInferred : prev !== null && s.number === prev + 1 ? STEP_CONFIDENCE.number : STEP_CONFIDENCE.cell) * scale, o.number);
    if (s.activity) set(`${p}/activity`, STEP_CONFIDENCE.cell * scale, o.activity);
    if (actors.length) set(`${p}/actors`, actorConfidence(who) * scale, o.actors);
    if (s.requirements) set(`${p}/requirements`, STEP_CONFIDENCE.cell * scale, o.requirements);
    if (s.output) set(`${p}/output`, STEP_CONFIDENCE.cell * scale, o.output);
    if (s.notes) set(`${p}/notes`, STEP_CONFIDENCE.cell * scale, o.notes);
    if (s.duration) set(`${p}/duration`, (!duration ? STEP_CONFIDENCE.durationUnreadable : duration.value === null ? STEP_CONFIDENCE.durationText : STEP_CONFIDENCE.duration) * scale, o.duration);
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
  for (const s of rawSteps) {
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
      number,
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
    confidence: { record: recordConfidence(conf, raw.procedure ? { plausibility } : null), fields: conf },
    provenance: provenance.build(),
    ...(source.sources ? { sources: source.sources } : {}),
  };
  return validateRecord(record);
}

/** The confidence of a step's actors by where they came from (record/confidence.ts STEP_CONFIDENCE). */
function actorConfidence(who: StepWho): number {
  if (who.actors.length === 0) return STEP_CONFIDENCE.actorsNone;
  if (who.named) return STEP_CONFIDENCE.actorsNamed;
  if ((who.from === 'shape' || who.from === 'mark') && who.actors.length > 1) return STEP_CONFIDENCE.actorsSeveral;
  switch (who.from) {
    case 'shape': return STEP_CONFIDENCE.actorsShape;
    case 'mark': return STEP_CONFIDENCE.actorsMark;
    case 'text': return STEP_CONFIDENCE.actorsText;
    default: return STEP_CONFIDENCE.actorsText;
  }
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
