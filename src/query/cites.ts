/**
 * The legal-basis index as an auditor asks it: which SOPs rest on a regulation, however the
 * regulation is written (`PP 60/2008`, `Peraturan Pemerintah Nomor 60 Tahun 2008`, `PermenPAN-RB
 * 35/2012`: parsed with `parseCitation` to the canonical key of DOMAIN.md §5), and the regulations
 * of the corpus filtered by type and year with their counts.
 */
import type { Db } from '../store/db.js';
import { collapseRenditions, type SopSource } from '../store/read.js';
import { issuerKey, parseCitation, type Citation, type ParsedCitationWithAmended } from '../normalise/legal.js';

/** How an SOP relates to a regulation: cites it, cites a regulation it amends, or cites one amending it. */
export type CitationRelation = 'cited' | 'amendment' | 'amended';

export interface CitingSop {
  id: string;
  title: string | null;
  path: string;
  unit: string | null;
  /** 'cited': the Dasar Hukum item names it; 'amendment': an item names it as amending the cited one (`sebagaimana telah diubah dengan`); 'amended': an item amends it (`tentang Perubahan atas`). */
  relation: CitationRelation;
  /** The Dasar Hukum item as written. */
  text: string;
  /** The other files (records) of this SOP: its renditions (src/store/renditions.ts). */
  renditions: SopSource[];
}

export interface RegulationUse {
  key: string;
  /** Why this regulation is listed: the one asked, an amendment named in the question, or the one the asked regulation amends. */
  asked: 'asked' | 'amendment' | 'amended';
  type: string;
  issuer: string | null;
  number: string | null;
  year: number | null;
  /** The subject as stored (the first SOP's wording); null when no SOP cites the regulation. */
  subject: string | null;
  /** Number of distinct SOPs relating to it (an SOP in several renditions once). */
  total: number;
  /** The SOPs, at most `limit`, in the order of their group ids, each with its renditions. */
  sops: CitingSop[];
}

export interface CitesResult {
  /** The question as parsed. */
  query: { text: string; key: string; type: string; issuer: string | null; number: string | null; year: number | null };
  regulations: RegulationUse[];
}

/** A citation `sop cites` cannot look up: what is missing, and how to write it. */
export class CitationError extends Error {}

const HOW_TO_WRITE = 'write it as e.g. "PP 60/2008", "UU 23 Tahun 2014" or "Peraturan Pemerintah Nomor 60 Tahun 2008"';

/**
 * The stored regulations a parsed citation names. Its own key when stored; else, as auditors
 * shorten citations, the stored regulations of the same type (any type for a citation without
 * one), number and year whose issuer ends with the issuer written (`Perda Pesisir Selatan 8/2016`
 * → `perda:kabupaten-pesisir-selatan:8:2016`) or, when none is written, of any issuer. Its own
 * key (cited by no SOP) when nothing is stored.
 */
function storedKeys(db: Db, c: Citation): string[] {
  if (c.number === null || c.year === null || db.prepare('SELECT 1 FROM legal_bases WHERE key = ?').get(c.key)) return [c.key];
  const number = c.number.toLowerCase().replace(/\s+/g, '');
  const issuer = c.issuer ? issuerKey(c.issuer) : '';
  const keys = (db
    .prepare(`SELECT key FROM legal_bases WHERE year = ? AND lower(replace(number, ' ', '')) = ? AND (? = 'other' OR type = ?) ORDER BY key`)
    .pluck()
    .all(c.year, number, c.type, c.type) as string[])
    .filter((k) => issuer === '' || k.split(':')[1] === issuer || k.split(':')[1]!.endsWith(`-${issuer}`));
  return keys.length ? keys : [c.key];
}

/**
 * The SOPs resting on a regulation. `citation` is any spelling `parseCitation` reads (README:
 * "How citations may be written"); a citation shortened as auditors type it is matched to the
 * stored regulations it can only mean (`storedKeys`); an amended citation (`PP 11/2017 sebagaimana
 * telah diubah dengan PP 17/2020`) or an amending one (`Perda 2/2021 tentang Perubahan atas Perda
 * 8/2016`) yields both regulations. `limit` caps the SOPs listed per regulation (0: all); `total`
 * always counts them all. Uses the index on `sop_legal_bases(key)`: no scan. Errors: a
 * CitationError, saying what is missing, when no regulation number or no year can be read (never
 * a silent 0).
 */
export function citesOf(db: Db, citation: string, limit = 100): CitesResult {
  const q: ParsedCitationWithAmended = parseCitation(citation, {}, { amended: true });
  if (q.number === null || q.year === null) {
    const missing = !/\d/.test(citation) ? 'a regulation number and year' : q.year === null ? 'the year of the regulation (Tahun)' : `a regulation number (the year ${q.year} was read)`;
    throw new CitationError(`cannot read ${missing} in "${citation}": ${HOW_TO_WRITE}`);
  }
  const wanted: Array<[Citation, RegulationUse['asked']]> = [
    ...storedKeys(db, q).map((key): [Citation, 'asked'] => [{ ...q, key }, 'asked']),
    ...q.amendments.flatMap((a) => storedKeys(db, a).map((key): [Citation, 'amendment'] => [{ ...a, key }, 'amendment'])),
    ...q.amended.flatMap((a) => storedKeys(db, a).map((key): [Citation, 'amended'] => [{ ...a, key }, 'amended'])),
  ];
  const law = db.prepare('SELECT type, issuer, number, year, subject FROM legal_bases WHERE key = ?');
  const count = db.prepare('SELECT COUNT(DISTINCT group_id) FROM sop_legal_bases WHERE key = ?').pluck();
  // the first `limit` SOP groups citing the key, and every row of their renditions
  const uses = db.prepare(
    `SELECT s.id, l.group_id AS groupId, s.title, d.path, s.unit, l.relation, l.text FROM sop_legal_bases l
     JOIN sops s ON s.id = l.sop_id JOIN documents d ON d.id = s.document_id
     WHERE l.key = @key AND l.group_id IN (SELECT DISTINCT group_id FROM sop_legal_bases WHERE key = @key ORDER BY group_id LIMIT @limit)
     ORDER BY l.group_id, l.sop_id, l.position`,
  );
  const seen = new Set<string>();
  const regulations: RegulationUse[] = [];
  for (const [c, asked] of wanted) {
    if (seen.has(c.key)) continue;
    seen.add(c.key);
    const stored = law.get(c.key) as Omit<RegulationUse, 'key' | 'asked' | 'total' | 'sops'> | undefined;
    // one line per SOP: an SOP citing the same regulation in two items, or held by several files, is listed once
    const sops = collapseRenditions(uses.all({ key: c.key, limit: limit > 0 ? limit : -1 }) as Array<Omit<CitingSop, 'renditions'> & { groupId: string }>);
    regulations.push({
      key: c.key, asked,
      type: stored?.type ?? c.type, issuer: stored?.issuer ?? c.issuer, number: stored?.number ?? c.number, year: stored?.year ?? c.year,
      subject: stored?.subject ?? c.subject,
      total: count.get(c.key) as number,
      sops,
    });
  }
  return { query: { text: citation, key: q.key, type: q.type, issuer: q.issuer, number: q.number, year: q.year }, regulations };
}

export interface LegalBasisFilter {
  /** Regulation type (`pp`, `permen`, … as in the record). */
  type?: string;
  year?: number;
  /** Keep regulations related to at least this many SOPs (default 1). */
  minSops?: number;
  /** Also count SOPs that only cite a regulation amending this one ('amended', see `citesOf`). */
  withAmended?: boolean;
}

export interface LegalBasisCount {
  key: string;
  type: string;
  issuer: string | null;
  number: string | null;
  year: number | null;
  subject: string | null;
  /** Distinct SOPs citing it (directly or as an amendment of a cited one; with `withAmended`, also as amended); an SOP in several renditions once. */
  count: number;
  sops: Array<{ id: string; title: string | null; path: string; relation: CitationRelation; renditions: SopSource[] }>;
}

/**
 * Each regulation of the corpus with the number of SOPs citing it and those SOPs, most cited
 * first, filtered by type, year and a minimum count. The default relations are those of
 * `legalBasisIndex` (src/store/read.ts), so the unfiltered list is the same.
 */
export function legalBasisCounts(db: Db, filter: LegalBasisFilter = {}): LegalBasisCount[] {
  const relations = filter.withAmended ? "('cited', 'amendment', 'amended')" : "('cited', 'amendment')";
  const laws = db
    .prepare(
      `SELECT b.key, b.type, b.issuer, b.number, b.year, b.subject, COUNT(DISTINCT l.group_id) AS count
       FROM legal_bases b JOIN sop_legal_bases l ON l.key = b.key
       WHERE l.relation IN ${relations} AND (@type IS NULL OR b.type = @type) AND (@year IS NULL OR b.year = @year)
       GROUP BY b.key HAVING count >= @min ORDER BY count DESC, b.year, b.type, b.key`,
    )
    .all({ type: filter.type ?? null, year: filter.year ?? null, min: filter.minSops ?? 1 }) as Array<Omit<LegalBasisCount, 'sops'>>;
  const uses = db.prepare(
    `SELECT DISTINCT s.id, l.group_id AS groupId, s.title, d.path, l.relation FROM sop_legal_bases l
     JOIN sops s ON s.id = l.sop_id JOIN documents d ON d.id = s.document_id
     WHERE l.key = ? AND l.relation IN ${relations} ORDER BY d.path, s.idx`,
  );
  return laws.map((law) => ({ ...law, sops: collapseRenditions(uses.all(law.key) as Array<Omit<LegalBasisCount['sops'][number], 'renditions'> & { groupId: string }>) }));
}
