/**
 * Corpus statistics for researchers: SOPs per organisation and unit, the distributions of step
 * counts and of total durations (working minutes, src/normalise/duration.ts), the most cited
 * regulations and the actors by canonical role. Aggregated in SQL over the store's tables.
 *
 * An SOP is counted once however many files hold it (renditions, src/store/renditions.ts): its
 * first record (the smallest id of its group) stands for it in the distributions, units and
 * roles. Organisations are counted by canonical key (`organisationKey`: `Kabupaten Pesisir
 * Selatan` and `Pemerintah Kabupaten Pesisir Selatan` are one body), shown by their most common
 * spelling.
 */
import type { Db } from '../store/db.js';
import { roleKey } from '../normalise/role.js';
import { organisationKey } from '../normalise/organisation.js';

/** Five-number summary and mean of a sample; every field null for an empty sample. */
export interface Distribution {
  n: number;
  min: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  max: number | null;
  mean: number | null;
}

/** Quantiles by linear interpolation between closest ranks (R's type 7). `values` need not be sorted. */
export function distribution(values: number[]): Distribution {
  const v = Float64Array.from(values).sort();
  const n = v.length;
  if (n === 0) return { n, min: null, p25: null, median: null, p75: null, max: null, mean: null };
  const q = (p: number): number => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return v[lo]! + (h - lo) * ((v[Math.min(lo + 1, n - 1)] ?? v[lo]!) - v[lo]!);
  };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  return { n, min: v[0]!, p25: q(0.25), median: q(0.5), p75: q(0.75), max: v[n - 1]!, mean: Math.round(mean * 100) / 100 };
}

export interface CorpusStats {
  sops: number;
  /** Distinct (organisation key, unit) pairs. */
  units: number;
  /** SOPs per (organisation key, unit), most first, at most `top`; `organization` is the key's most common spelling. */
  byUnit: Array<{ organizationKey: string | null; organization: string | null; unit: string | null; sops: number }>;
  /** Steps per SOP. */
  steps: Distribution;
  /** Total duration per SOP (sum of known step durations), working minutes; SOPs with no known duration left out. */
  totalMinutes: Distribution;
  topRegulations: Array<{ key: string; type: string; number: string | null; year: number | null; subject: string | null; sops: number }>;
  /** Canonical roles (spellings merged by `roleKey`) with the SOPs and steps they act in. */
  roles: Array<{ role: string; sops: number; steps: number; labels: number }>;
}

export interface StatsFilter {
  /** Only the SOPs of this organisation, however written (matched by `organisationKey`). */
  organization?: string;
}

/**
 * The statistics of the store, or of one organisation's SOPs. `top` caps the unit, regulation and
 * role lists (default 10; 0: all).
 */
export function corpusStats(db: Db, top = 10, filter: StatsFilter = {}): CorpusStats {
  const cap = top > 0 ? top : -1;
  const org = filter.organization ? organisationKey(filter.organization) : null;
  // one record per SOP group (renditions), of the organisation asked
  const rep = `rep AS (SELECT MIN(sop_id) AS id, organization_key FROM sop_groups WHERE @org IS NULL OR organization_key = @org GROUP BY group_id)`;
  const sops = db.prepare(`WITH ${rep} SELECT COUNT(*) FROM rep`).pluck().get({ org }) as number;
  const spellings = db
    .prepare(`WITH ${rep} SELECT rep.organization_key AS organizationKey, s.organization, s.unit, COUNT(*) AS sops FROM rep JOIN sops s ON s.id = rep.id GROUP BY rep.organization_key, s.unit, s.organization`)
    .all({ org }) as CorpusStats['byUnit'];
  const units = mergeSpellings(spellings);
  const byUnit = top > 0 ? units.slice(0, top) : units;
  const steps = distribution(db.prepare(`WITH ${rep} SELECT s.step_count FROM rep JOIN sops s ON s.id = rep.id`).pluck().all({ org }) as number[]);
  const totalMinutes = distribution(db.prepare(`WITH ${rep} SELECT s.total_minutes FROM rep JOIN sops s ON s.id = rep.id WHERE s.total_minutes IS NOT NULL`).pluck().all({ org }) as number[]);
  const topRegulations = db
    .prepare(
      `SELECT b.key, b.type, b.number, b.year, b.subject, COUNT(DISTINCT l.group_id) AS sops
       FROM sop_legal_bases l JOIN legal_bases b ON b.key = l.key
       WHERE l.relation IN ('cited', 'amendment') AND (@org IS NULL OR l.sop_id IN (SELECT sop_id FROM sop_groups WHERE organization_key = @org))
       GROUP BY b.key ORDER BY sops DESC, b.key LIMIT @cap`,
    )
    .all({ org, cap }) as CorpusStats['topRegulations'];

  // per canonical spelling, then merged by roleKey in JS (roleKey is not SQL)
  const stepCounts = new Map(
    db
      .prepare(`WITH ${rep} SELECT y.canonical, COUNT(*) FROM rep JOIN step_actors x ON x.sop_id = rep.id JOIN actors y ON y.sop_id = x.sop_id AND y.position = x.actor_position GROUP BY y.canonical`)
      .raw()
      .all({ org }) as Array<[string, number]>,
  );
  const roleSpellings = (
    db.prepare(`WITH ${rep} SELECT a.canonical, COUNT(DISTINCT a.sop_id) AS sops, COUNT(DISTINCT a.label) AS labels FROM rep JOIN actors a ON a.sop_id = rep.id GROUP BY a.canonical`).all({ org }) as Array<{ canonical: string; sops: number; labels: number }>
  ).map((s) => ({ ...s, steps: stepCounts.get(s.canonical) ?? 0 }));
  const merged = new Map<string, { role: string; sops: number; steps: number; labels: number; best: number }>();
  for (const s of roleSpellings) {
    const k = roleKey(s.canonical);
    const m = merged.get(k);
    if (!m) merged.set(k, { role: s.canonical, sops: s.sops, steps: s.steps, labels: s.labels, best: s.sops });
    else {
      // an SOP naming one role in two spellings is rare; counts add up (an upper bound in that case)
      m.sops += s.sops;
      m.steps += s.steps;
      m.labels += s.labels;
      if (s.sops > m.best) {
        m.role = s.canonical;
        m.best = s.sops;
      }
    }
  }
  const roles = [...merged.values()]
    .map(({ best: _best, ...r }) => r)
    .sort((a, b) => b.sops - a.sops || b.steps - a.steps || a.role.localeCompare(b.role));
  return { sops, units: units.length, byUnit, steps, totalMinutes, topRegulations, roles: top > 0 ? roles.slice(0, top) : roles };
}

/**
 * Counts per (organisation key, unit) from counts per spelling: summed, each organisation shown by
 * its most common spelling over all its units (the longest of equally common ones: `Pemerintah
 * Kabupaten …` over `Kabupaten …`), most SOPs first.
 */
function mergeSpellings(spellings: CorpusStats['byUnit']): CorpusStats['byUnit'] {
  const uses = new Map<string, Map<string, number>>();
  for (const s of spellings) {
    if (s.organizationKey === null || s.organization === null) continue;
    const names = uses.get(s.organizationKey) ?? new Map<string, number>();
    names.set(s.organization, (names.get(s.organization) ?? 0) + s.sops);
    uses.set(s.organizationKey, names);
  }
  const shown = new Map([...uses].map(([key, names]) => [key, [...names].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || a[0].localeCompare(b[0]))[0]![0]]));
  const merged = new Map<string, CorpusStats['byUnit'][number]>();
  for (const s of spellings) {
    const k = `${s.organizationKey ?? ''}\u0000${s.unit ?? ''}`;
    const m = merged.get(k);
    if (m) m.sops += s.sops;
    else merged.set(k, { ...s, organization: s.organizationKey === null ? s.organization : shown.get(s.organizationKey) ?? s.organization });
  }
  return [...merged.values()].sort((a, b) => b.sops - a.sops || (a.organization ?? '').localeCompare(b.organization ?? '') || (a.unit ?? '').localeCompare(b.unit ?? ''));
}
