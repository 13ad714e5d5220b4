/**
 * Renditions of one SOP: the same SOP as TXT and PDF, a scan and its DOCX, page images and their
 * Word file. Each is stored as it was read (its own record and file), and all share a group
 * (`sop_groups.group_id`, migration 005) so that `sop cites`, `sop legal-bases` and `sop stats` count
 * the SOP once, with its files as its sources (issue 12).
 *
 * Two SOPs are renditions of one when (a) their Nomor SOP, organisation (canonical key) and title
 * are the same, normalised (`identityKey`); or (b) their procedures are near-identical (Jaccard
 * similarity ≥ RENDITION_SIMILARITY of their step-text shingles, src/query/similar.ts, found by
 * LSH band keys without comparing all pairs) and nothing of their identity contradicts it: no two
 * different Nomor SOP, units or organisations (names compared with the Dice coefficient of their
 * letter pairs, so that an OCR slip is no contradiction). Copies of one template filled in by
 * several units (`sop similar`) differ in unit, organisation or number, and stay apart.
 */
import { DiceCoefficient } from 'natural/lib/natural/distance/index.js';
import type Database from 'better-sqlite3';
import type { Db } from './db.js';
import type { SopRecord } from '../record/schema.js';
import { organisationKey } from '../normalise/organisation.js';
import { jaccard, lshBands, shingles } from '../query/similar.js';

/** Step texts at least this similar (Jaccard of shingles) make renditions of one SOP. */
export const RENDITION_SIMILARITY = 0.9;
/** Names at least this similar (Dice of letter pairs) are the same name read twice (`Si1aut`, `Silaut`). */
const SAME_NAME = 0.8;
/** Candidates sharing a band key checked per SOP stored (bounds the work of a large family of copies). */
const MAX_CANDIDATES = 32;

/** What a record contributes to finding its renditions. */
export interface RenditionKeys {
  /** `organisationKey` of its organisation. */
  organizationKey: string | null;
  /** Nomor SOP, organisation key and title normalised; null without a number or a title. */
  identityKey: string | null;
  /** LSH band keys of its step texts (`lshBands` at RENDITION_SIMILARITY); [] for too few steps. */
  bands: number[];
}

/** Lower-case letters and digits, one space between words. */
function normal(s: string | null): string {
  return (s ?? '').toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, ' ').trim();
}

/** The identity key: `number|organisation key|title`, each normalised; null without a number or a title. */
export function identityKey(number: string | null, organizationKey: string | null, title: string | null): string | null {
  const n = normal(number).replace(/ /g, '');
  const t = normal(title);
  return n && t ? `${n}|${organizationKey ?? ''}|${t}` : null;
}

/** The rendition keys of a record. */
export function renditionKeys(r: SopRecord): RenditionKeys {
  const organizationKey = organisationKey(r.identity.organization);
  return {
    organizationKey,
    identityKey: identityKey(r.identity.number, organizationKey, r.identity.title),
    bands: lshBands(shingles(r.steps.map((s) => s.activity)), RENDITION_SIMILARITY),
  };
}

/** An SOP as the grouping compares it. */
export interface RenditionCandidate {
  id: string;
  number: string | null;
  unit: string | null;
  organizationKey: string | null;
}

/** True when two values are both known and differ (names: less similar than SAME_NAME). */
function differ(a: string | null, b: string | null, names: boolean): boolean {
  const x = normal(a);
  const y = normal(b);
  if (!x || !y || x === y) return false;
  return !names || DiceCoefficient(x, y) < SAME_NAME;
}

/** True when two SOPs' identities say they are different SOPs: another Nomor SOP, unit or organisation. */
export function contradicts(a: RenditionCandidate, b: RenditionCandidate): boolean {
  return differ(a.number?.replace(/\s+/g, '') ?? null, b.number?.replace(/\s+/g, '') ?? null, false) || differ(a.unit, b.unit, true) || differ(a.organizationKey, b.organizationKey, true);
}

const STATEMENTS = {
  byIdentity: 'SELECT group_id FROM sop_groups WHERE identity_key = ? LIMIT 1',
  byBands: `SELECT DISTINCT g.sop_id AS id, g.group_id AS groupId, g.number, g.unit, g.organization_key AS organizationKey
            FROM sop_bands b JOIN sop_groups g ON g.sop_id = b.sop_id
            WHERE b.band IN (SELECT value FROM json_each(?)) AND b.sop_id <> ? LIMIT ${MAX_CANDIDATES}`,
  activities: 'SELECT activity FROM steps WHERE sop_id = ? ORDER BY position',
} as const;

const prepared = new WeakMap<Db, Record<keyof typeof STATEMENTS, Database.Statement>>();

/**
 * The group of an SOP about to be stored (or grouped by a backfill): the group of a stored SOP
 * with its identity key, else of the first stored SOP sharing a band key whose identity does not
 * contradict it and whose steps are near-identical, else a group of its own (its id). Only SOPs
 * with a group already (a `sop_groups` row) are considered. `activities` are its step texts.
 */
export function renditionGroup(db: Db, sop: RenditionCandidate & { identityKey: string | null; bands: readonly number[]; activities: readonly string[] }): string {
  let st = prepared.get(db);
  if (!st) {
    st = Object.fromEntries(Object.entries(STATEMENTS).map(([k, sql]) => [k, db.prepare(sql)])) as Record<keyof typeof STATEMENTS, Database.Statement>;
    prepared.set(db, st);
  }
  if (sop.identityKey) {
    const group = st.byIdentity.pluck().get(sop.identityKey) as string | undefined;
    if (group) return group;
  }
  if (sop.bands.length === 0) return sop.id;
  const candidates = (st.byBands.all(JSON.stringify(sop.bands), sop.id) as Array<RenditionCandidate & { groupId: string }>).filter((c) => !contradicts(sop, c));
  if (candidates.length === 0) return sop.id;
  const own = shingles(sop.activities);
  for (const c of candidates) {
    const theirs = shingles(st.activities.pluck().all(c.id) as string[]);
    if (jaccard(own, theirs) >= RENDITION_SIMILARITY) return c.groupId;
  }
  return sop.id;
}
