/**
 * Comparing a record with a gold record (fixtures/gold) field by field, text compared as score.py
 * compares it (NFKC, case, spaces and edge punctuation ignored).
 */
import { LevenshteinDistance } from 'natural/lib/natural/distance/index.js';
import type { SopRecord } from '../../src/record/schema.js';

export function norm(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.normalize('NFKC').replace(/<[^>]+>/g, ' ').toLowerCase().replace(/[\s\u00a0]+/g, ' ').trim().replace(/^[ .,;:-]+|[ .,;:-]+$/g, '');
  return s || null;
}

export interface Gold {
  file: string;
  identity: Record<string, unknown> & { approver: Record<string, unknown> };
  legalBases: Array<{ text: string; type: string; issuer: string | null; number: string | null; year: number | null }>;
  actors: string[];
  steps: Array<{ number: number; activity: string; actors: string[]; requirements: string | null; duration: { text: string; value: number; valueMax: number | null; unit: string } | null; output: string | null }>;
  [list: string]: unknown;
}

/** [field path, value of the record, value of the gold] for every gold field. */
export function fields(r: SopRecord, g: Gold): Array<[string, unknown, unknown]> {
  const out: Array<[string, unknown, unknown]> = [];
  for (const k of ['title', 'number', 'organization', 'unit', 'createdDate', 'revisedDate', 'effectiveDate', 'approvedDate'] as const) {
    out.push([`identity.${k}`, norm(r.identity[k]), norm(g.identity[k])]);
  }
  for (const k of ['name', 'position', 'rank', 'grade', 'nip'] as const) out.push([`identity.approver.${k}`, norm(r.identity.approver[k]), norm(g.identity.approver[k])]);
  for (const k of ['qualifications', 'relatedSops', 'equipment', 'warnings', 'recordKeeping'] as const) {
    out.push([k, r[k].map(norm), (g[k] as string[]).map(norm)]);
  }
  out.push(['legalBases.length', r.legalBases.length, g.legalBases.length]);
  g.legalBases.forEach((l, i) => {
    const p = r.legalBases[i];
    out.push([`legalBases[${i}]`, p && { text: norm(p.text), type: p.type, issuer: p.issuer, number: p.number, year: p.year }, { text: norm(l.text), type: l.type, issuer: l.issuer, number: l.number, year: l.year }]);
  });
  out.push(['actors', r.actors.map((a) => norm(a.label)), g.actors.map(norm)]);
  out.push(['steps.length', r.steps.length, g.steps.length]);
  g.steps.forEach((s, i) => {
    const p = r.steps[i];
    const at = `steps[${i}] (no. ${s.number})`;
    out.push([`${at}.number`, p?.number, s.number]);
    out.push([`${at}.activity`, norm(p?.activity), norm(s.activity)]);
    out.push([`${at}.actors`, p?.actors.map(norm), s.actors.map(norm)]);
    out.push([`${at}.requirements`, norm(p?.requirements), norm(s.requirements)]);
    out.push([`${at}.output`, norm(p?.output), norm(s.output)]);
    const d = p?.duration;
    out.push([`${at}.duration`, d ? { text: norm(d.text), value: d.value, valueMax: d.valueMax, unit: d.unit } : null, s.duration ? { ...s.duration, text: norm(s.duration.text) } : null]);
  });
  return out;
}

/** Equal as OCR output can be: strings within 15% edit distance, arrays and objects element by element, the rest exactly. */
export function similar(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return 1 - LevenshteinDistance(a, b) / Math.max(a.length, b.length, 1) >= 0.85;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => similar(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => similar((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}
