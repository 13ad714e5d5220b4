/**
 * Pangkat (rank) and golongan/ruang (grade) of civil servants (PP 99/2000 on PNS promotion, Lampiran
 * I; DOMAIN.md §6): Juru Muda I/a … Pembina Utama IV/e.
 */

/** Grade → its rank, in the regulation's order. */
export const RANK_OF_GRADE: Readonly<Record<string, string>> = {
  'I/a': 'Juru Muda', 'I/b': 'Juru Muda Tingkat I', 'I/c': 'Juru', 'I/d': 'Juru Tingkat I',
  'II/a': 'Pengatur Muda', 'II/b': 'Pengatur Muda Tingkat I', 'II/c': 'Pengatur', 'II/d': 'Pengatur Tingkat I',
  'III/a': 'Penata Muda', 'III/b': 'Penata Muda Tingkat I', 'III/c': 'Penata', 'III/d': 'Penata Tingkat I',
  'IV/a': 'Pembina', 'IV/b': 'Pembina Tingkat I', 'IV/c': 'Pembina Utama Muda', 'IV/d': 'Pembina Utama Madya',
  'IV/e': 'Pembina Utama',
};

const RANKS = [...new Set(Object.values(RANK_OF_GRADE))].sort((a, b) => b.length - a.length);

/** Regex source matching a rank name, longest first (`Pembina Utama Muda` before `Pembina`). */
const RANK_RE = new RegExp(`\\b(${RANKS.map((r) => r.replace(/ Tingkat I$/, ' (?:Tingkat|Tk\\.?)\\s*I(?![IV])')).join('|')})\\b`, 'i');
const GRADE_RE = /\(?\b(IV|III|II|I)\s*[/\-.]\s*([a-e])\b\)?/i;

export interface RankGrade {
  rank: string | null;
  grade: string | null;
  /** The text span that held them, to be removed from the rest of a cell. */
  spans: Array<[number, number]>;
}

/** Canonical spelling of a rank (`PEMBINA UTAMA MUDA` → `Pembina Utama Muda`, `Tk. I` → `Tingkat I`). */
export function canonicalRank(raw: string): string | null {
  const norm = raw.replace(/\s+/g, ' ').replace(/\bTk\.?\s*/i, 'Tingkat ').trim().toLowerCase();
  return RANKS.find((r) => r.toLowerCase() === norm) ?? null;
}

/** Canonical grade (`IV/C` → `IV/c`, `III-b` → `III/b`), or null. */
export function canonicalGrade(raw: string): string | null {
  const m = GRADE_RE.exec(raw);
  return m ? `${m[1]!.toUpperCase()}/${m[2]!.toLowerCase()}` : null;
}

/**
 * Finds a rank and a grade in an approver cell (`PEMBINA , IV/C`, `Pembina Utama Muda (IV/c)`,
 * `Pembina Utama Madya`). Each is null when not written; neither is inferred from the other.
 */
export function findRankGrade(text: string): RankGrade {
  const spans: Array<[number, number]> = [];
  let rank: string | null = null;
  let grade: string | null = null;
  const r = RANK_RE.exec(text);
  if (r) {
    rank = canonicalRank(r[1]!);
    spans.push([r.index, r.index + r[0].length]);
  }
  const g = GRADE_RE.exec(text);
  if (g) {
    grade = canonicalGrade(g[0]);
    spans.push([g.index, g.index + g[0].length]);
  }
  return { rank, grade, spans };
}

/** True when a written rank and grade disagree (seed 000 writes `PEMBINA , IV/C`; IV/c is Pembina Utama Muda). */
export function rankGradeMismatch(rank: string | null, grade: string | null): boolean {
  if (!rank || !grade) return false;
  const expected = Object.hasOwn(RANK_OF_GRADE, grade) ? RANK_OF_GRADE[grade] : undefined;
  return expected !== undefined && expected !== rank;
}
