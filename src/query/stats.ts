/**
 * Corpus statistics for researchers: SOPs per organisation and unit, the distributions of step
 * counts and of total durations (working minutes, src/normalise/duration.ts), the most cited
 * regulations and the actors by canonical role. Aggregated in SQL over the store's tables.
 */
import type { Db } from '../store/db.js';
import { roleKey } from '../normalise/role.js';

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
  /** Distinct (organisation, unit) pairs. */
  units: number;
  /** SOPs per (organisation, unit), most first, at most `top`. */
  byUnit: Array<{ organization: string | null; unit: string | null; sops: number }>;
  /** Steps per SOP. */
  steps: Distribution;
  /** Total duration per SOP (sum of known step durations), working minutes; SOPs with no known duration left out. */
  totalMinutes: Distribution;
  topRegulations: Array<{ key: string; type: string; number: string | null; year: number | null; subject: string | null; sops: number }>;
  /** Canonical roles (spellings merged by `roleKey`) with the SOPs and steps they act in. */
  roles: Array<{ role: string; sops: number; steps: number; labels: number }>;
}

/**
 * The statistics of the whole store. `top` caps the unit, regulation and role lists (default 10; 0: all).
 */
export function corpusStats(db: Db, top = 10): CorpusStats {
  const cap = top > 0 ? top : -1;
  const sops = db.prepare('SELECT COUNT(*) FROM sops').pluck().get() as number;
  const units = db.prepare('SELECT COUNT(*) FROM (SELECT 1 FROM sops GROUP BY organization, unit)').pluck().get() as number;
  const byUnit = db
    .prepare('SELECT organization, unit, COUNT(*) AS sops FROM sops GROUP BY organization, unit ORDER BY sops DESC, organization, unit LIMIT ?')
    .all(cap) as CorpusStats['byUnit'];
  const steps = distribution(db.prepare('SELECT step_count FROM sops').pluck().all() as number[]);
  const totalMinutes = distribution(db.prepare('SELECT total_minutes FROM sops WHERE total_minutes IS NOT NULL').pluck().all() as number[]);
  const topRegulations = db
    .prepare(
      `SELECT b.key, b.type, b.number, b.year, b.subject, COUNT(DISTINCT l.sop_id) AS sops
       FROM sop_legal_bases l JOIN legal_bases b ON b.key = l.key
       WHERE l.relation IN ('cited', 'amendment') GROUP BY b.key ORDER BY sops DESC, b.key LIMIT ?`,
    )
    .all(cap) as CorpusStats['topRegulations'];

  // per canonical spelling, then merged by roleKey in JS (roleKey is not SQL)
  const stepCounts = new Map(
    db
      .prepare('SELECT y.canonical, COUNT(*) FROM step_actors x JOIN actors y ON y.sop_id = x.sop_id AND y.position = x.actor_position GROUP BY y.canonical')
      .raw()
      .all() as Array<[string, number]>,
  );
  const spellings = (
    db.prepare('SELECT canonical, COUNT(DISTINCT sop_id) AS sops, COUNT(DISTINCT label) AS labels FROM actors GROUP BY canonical').all() as Array<{ canonical: string; sops: number; labels: number }>
  ).map((s) => ({ ...s, steps: stepCounts.get(s.canonical) ?? 0 }));
  const merged = new Map<string, { role: string; sops: number; steps: number; labels: number; best: number }>();
  for (const s of spellings) {
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
  return { sops, units, byUnit, steps, totalMinutes, topRegulations, roles: top > 0 ? roles.slice(0, top) : roles };
}
