/**
 * Full-text search over the SOPs (FTS5 table `sop_search`: titles, step activities, requirements
 * and outputs, legal-basis subjects), ranked with bm25. Each word of the question matches its exact
 * form in the title or body, or (unless `exact`) its Indonesian stem in the `stems` column
 * (migration 002), so `pemantauan` also finds `memantau` and `dipantau`. The user's words are
 * reduced to letter/digit runs and quoted, so no input can reach FTS5's query syntax (whose errors
 * throw).
 */
import type { Db } from '../store/db.js';
import { stemWord, words } from './stem.js';

export interface SearchHit {
  id: string;
  path: string;
  title: string | null;
  unit: string | null;
  /** −bm25 (higher is better): title matches weigh 5, body 1, stems 0.5. */
  score: number;
  /** The line of the title or body that matches most of the question's stems. */
  context: string;
}

export interface SearchOptions {
  /** Only exact word forms: no stems (for measuring what stemming adds). */
  exact?: boolean;
  /** At most this many hits (default 20; 0: all). */
  limit?: number;
}

export interface SearchResult {
  /** The FTS5 MATCH expression run. */
  match: string;
  /** Number of matching SOPs (all, whatever the limit). */
  total: number;
  hits: SearchHit[];
}

function quote(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}

/**
 * The FTS5 expression for a question: every word required; a word matches its exact form in
 * title/body or its stem in `stems`. Null when the question holds no word.
 */
export function matchExpression(question: string, exact = false): string | null {
  const ws = [...new Set(words(question))];
  if (ws.length === 0) return null;
  return ws
    .map((w) => {
      const plain = `{title body} : ${quote(w)}`;
      return exact ? plain : `(${plain} OR stems : ${quote(stemWord(w))})`;
    })
    .join(' AND ');
}

/** The first line of `text` holding most of the `wanted` word forms (as `form` reduces each word). */
function bestLine(text: string, wanted: Set<string>, form: (w: string) => string): string {
  let best = '';
  let bestCount = 0;
  for (const line of text.split('\n')) {
    const n = new Set(words(line).map(form).filter((w) => wanted.has(w))).size;
    if (n > bestCount) {
      best = line;
      bestCount = n;
    }
  }
  return best;
}

/**
 * Searches the SOPs. Errors: throws when the question holds no word (only punctuation).
 */
export function searchSops(db: Db, question: string, options: SearchOptions = {}): SearchResult {
  const match = matchExpression(question, options.exact);
  if (match === null) throw new Error(`"${question}" holds no word to search for`);
  const limit = options.limit ?? 20;
  const total = db.prepare('SELECT COUNT(*) FROM sop_search WHERE sop_search MATCH ?').pluck().get(match) as number;
  const rows = db
    .prepare(
      `SELECT f.sop_id AS id, d.path, s.title, s.unit, -bm25(sop_search, 0, 5.0, 1.0, 0.5) AS score, f.title AS ftitle, f.body
       FROM sop_search f JOIN sops s ON s.id = f.sop_id JOIN documents d ON d.id = s.document_id
       WHERE sop_search MATCH ? ORDER BY bm25(sop_search, 0, 5.0, 1.0, 0.5), d.path LIMIT ?`,
    )
    .all(match, limit > 0 ? limit : -1) as Array<Omit<SearchHit, 'context'> & { ftitle: string; body: string }>;
  const form = options.exact ? (w: string): string => w : stemWord;
  const wanted = new Set(words(question).map(form));
  const hits = rows.map(({ ftitle, body, ...h }) => ({ ...h, score: Math.round(h.score * 1000) / 1000, context: bestLine(`${ftitle}\n${body}`, wanted, form) }));
  return { match, total, hits };
}
