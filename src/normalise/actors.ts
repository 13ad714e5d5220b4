/**
 * Who does each step (SOP-RECORD.md `steps[].actors`, `actorsFrom`), from what the document keeps:
 * - `mark`: a flowchart symbol that survived extraction in an actor column (`□`, `MULAI`; seeds
 *   000, 002);
 * - `text`: the activity names its doer as the subject (`Kasubbag menyampaikan …`, seed 003), or a
 *   meeting of several (`Rapat Kepala bagian dengan kasubbag dan jabatan pelaksana …`);
 * - `worksheet`: the Lembar Kerja sentence for the same step number names its subject (seed 003).
 * A role named as the recipient (`… kepada Kasubbag`) is not the doer.
 */
import { canonicalRole, roleKey } from './role.js';
import { CONNECTOR_GLYPHS, HEAD_ABBREVIATIONS, SYMBOL_GLYPHS, TERMINATOR_WORDS } from '../vocabulary/index.js';

export interface ActorRef {
  label: string;
  canonical: string;
}

export type ActorsFrom = 'mark' | 'text' | 'worksheet' | 'shape';
export type StepKind = 'terminator' | 'process' | 'decision';

function words(s: string): string[] {
  return s.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean);
}

/** The word sequences that name an actor in running text: its label, canonical name, their first two words, abbreviations (kept per actor). */
function variants(actor: ActorRef): string[][] {
  let known = variantsOf.get(actor);
  if (!known) variantsOf.set(actor, (known = variantsUncached(actor)));
  return known;
}

const variantsOf = new WeakMap<ActorRef, string[][]>();

function variantsUncached(actor: ActorRef): string[][] {
  const out: string[][] = [];
  const add = (ws: string[]): void => {
    if (ws.length && !out.some((o) => o.join(' ') === ws.join(' '))) out.push(ws);
  };
  const label = words(actor.label);
  const canonical = words(actor.canonical);
  add(label);
  add(canonical);
  if (label.length > 2) add(label.slice(0, 2));
  if (canonical.length > 2) add(canonical.slice(0, 2));
  for (const [abbr, full] of HEAD_ABBREVIATIONS) {
    const f = full.split(' ');
    if (canonical.slice(0, f.length).join(' ') === full || label[0] === abbr) {
      add([abbr]);
      add(f);
    }
  }
  return out;
}

interface Mention {
  actor: number;
  at: number;
  length: number;
}

/**
 * Every mention of an actor in `text` (word positions), longest variant first, ambiguous ones
 * dropped; with `atStart`, only a mention at the first word.
 */
function mentions(text: string, actors: ActorRef[], atStart = false): Mention[] {
  const ws = words(text);
  const found: Mention[] = [];
  const vs = actors.map(variants);
  for (let i = 0; i < (atStart ? Math.min(1, ws.length) : ws.length); i++) {
    let best: Mention | null = null;
    let ambiguous = false;
    vs.forEach((list, a) => {
      for (const v of list) {
        if (v.every((w, k) => ws[i + k] === w)) {
          if (!best || v.length > best.length) {
            best = { actor: a, at: i, length: v.length };
            ambiguous = false;
          } else if (v.length === best.length && best.actor !== a) ambiguous = true;
        }
      }
    });
    if (best && !ambiguous) {
      found.push(best);
      i += (best as Mention).length - 1;
    }
  }
  return found;
}

const MEETING = /^(?:rapat|koordinasi|pertemuan|diskusi|pembahasan|musyawarah)\b/i;
const PURPOSE = /\b(?:untuk|guna|dalam rangka|agar)\b/i;

/**
 * Actors named as the doer of a step sentence: the role it starts with (after `Para`/`Seluruh`), or
 * all roles of a meeting before its purpose (`Rapat A dengan B dan C untuk …`). Returns indices
 * into `actors`, in the order named.
 */
export function subjectActors(text: string, actors: ActorRef[]): number[] {
  if (!text || actors.length === 0) return [];
  const t = text.replace(/^\s*(?:para|seluruh|semua)\s+/i, '');
  if (MEETING.test(t)) {
    const scope = t.split(PURPOSE)[0] ?? t;
    return [...new Set(mentions(scope, actors).map((m) => m.actor))];
  }
  const first = mentions(t, actors, true)[0];
  return first ? [first.actor] : [];
}

/** Marks that stand for a symbol kind: its glyphs (vocabulary), and for a terminator its words (Mulai, Selesai) and `⊂⊃`. */
const TERMINATOR = new RegExp(`\\b(?:${TERMINATOR_WORDS.join('|')})\\b|[${SYMBOL_GLYPHS.terminator}]|⊂⊃`, 'i');
const DECISION = new RegExp(`[${SYMBOL_GLYPHS.decision}]`);
const PROCESS = new RegExp(`[${SYMBOL_GLYPHS.process}]`);
const SYMBOL_ONLY = new RegExp(`^[\\s${SYMBOL_GLYPHS.process}${SYMBOL_GLYPHS.decision}${SYMBOL_GLYPHS.terminator}${CONNECTOR_GLYPHS}⊂⊃]+$`, 'u');

/** True when a cell holds nothing but flowchart symbol glyphs (`□`, `◇ ◇`, `⊂⊃`). */
export function isSymbolOnly(text: string): boolean {
  return SYMBOL_ONLY.test(text);
}

/** The flowchart symbol a mark stands for, or null when it cannot be told. */
export function kindOfMark(mark: string): StepKind | null {
  if (TERMINATOR.test(mark)) return 'terminator';
  if (DECISION.test(mark)) return 'decision';
  if (PROCESS.test(mark)) return 'process';
  return null;
}

/** Builds the actor list of a procedure header: labels as written with canonical names. */
export function actorRefs(labels: string[]): ActorRef[] {
  return labels.map((label) => ({ label, canonical: canonicalRole(label) }));
}

/** Groups actors whose canonical names share a key (the same role spelt twice in one header). */
export function sameRole(a: ActorRef, b: ActorRef): boolean {
  return roleKey(a.canonical) === roleKey(b.canonical);
}
