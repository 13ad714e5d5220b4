/**
 * Near-duplicate SOPs: clusters of SOPs whose procedures are copies or near-copies of each other,
 * typically one template filled in by several units (seeds 001 and 002: one procedure, two
 * kecamatan). Never compares all pairs: MinHash signatures and locality-sensitive hashing (LSH,
 * banding) propose candidate pairs, at most one per pair of clusters already formed in a bucket;
 * each is verified with the exact Jaccard similarity; clusters are the connected components
 * (union–find) of verified pairs.
 *
 * What is compared: the procedure's activity texts (Uraian Prosedur), as sets of word-stem bigrams
 * within each step (Indonesian stems, src/query/stem.ts; numbers dropped). Titles, units and names
 * are left out on purpose: they are what differs between copies.
 */
import type { Db } from '../store/db.js';
import { stemWord, words } from './stem.js';

/** Number of MinHash functions in a signature. */
export const SIGNATURE_SIZE = 96;
/** An SOP with fewer distinct shingles than this (a table of one or two steps) is not clustered. */
export const MIN_SHINGLES = 5;
/** Leaders kept per LSH bucket: a member is verified against at most this many (bounds the work of a huge bucket). */
const BUCKET_LEADERS = 16;
/** Cluster pairs remembered as dissimilar (bounds memory; forgetting only costs repeated checks). */
const FAILED_LIMIT = 4_000_000;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's 32-bit finaliser: a fast, well-mixing bijection on 32-bit integers. */
function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Fixed seeds of the hash family (h_i(x) = fmix32(x xor seed_i)): the same signature on every run. */
const SEEDS = Uint32Array.from({ length: SIGNATURE_SIZE }, (_, i) => fmix32(0x9e3779b9 + Math.imul(i + 1, 0x7f4a7c15)));

/** Word → hash of its stem (0 for a word with digits, which is dropped); memoised: vocabularies repeat. */
const wordHashes = new Map<string, number>();

function wordHash(word: string): number {
  let h = wordHashes.get(word);
  if (h === undefined) {
    h = /\d/.test(word) ? 0 : fnv1a(stemWord(word)) || 1;
    if (wordHashes.size >= 500_000) wordHashes.clear();
    wordHashes.set(word, h);
  }
  return h;
}

/**
 * The shingles of a procedure: hashes (32-bit) of the word-stem bigrams of each activity, sorted
 * and distinct. A one-word activity gives its word. Words with digits are dropped (step numbers,
 * years).
 */
export function shingles(activities: readonly string[]): Uint32Array {
  const set = new Set<number>();
  for (const a of activities) {
    const hs = words(a).map(wordHash).filter((h) => h !== 0);
    if (hs.length === 1) set.add(hs[0]!);
    for (let i = 0; i + 1 < hs.length; i++) set.add(fmix32(Math.imul(hs[i]!, 0x9e3779b1) ^ hs[i + 1]!));
  }
  return Uint32Array.from(set).sort();
}

/** Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted distinct shingle arrays (0 for two empty sets). */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! === b[j]!) {
      common++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  const union = a.length + b.length - common;
  return union === 0 ? 0 : common / union;
}

/** Writes the MinHash signature of `set` into `out` at `offset` (SIGNATURE_SIZE values). */
function signatureInto(set: Uint32Array, out: Uint32Array, offset: number): void {
  for (let k = 0; k < SIGNATURE_SIZE; k++) {
    const seed = SEEDS[k]!;
    let min = 0xffffffff;
    for (let i = 0; i < set.length; i++) {
      const h = fmix32(set[i]! ^ seed);
      if (h < min) min = h;
    }
    out[offset + k] = min;
  }
}

/**
 * LSH banding for a similarity threshold: `rows` hashes per band, `bands` bands (bands × rows ≤
 * SIGNATURE_SIZE). Takes the most selective banding whose probability of proposing a pair of
 * similarity exactly `threshold`, 1 − (1 − t^rows)^bands, is at least 0.98 (Leskovec, Rajaraman,
 * Ullman, Mining of Massive Datasets, §3.4).
 */
export function banding(threshold: number): { bands: number; rows: number; recallAtThreshold: number } {
  let chosen = { bands: SIGNATURE_SIZE, rows: 1, recallAtThreshold: 1 - (1 - threshold) ** SIGNATURE_SIZE };
  for (let rows = 2; rows <= 8; rows++) {
    const bands = Math.floor(SIGNATURE_SIZE / rows);
    const p = 1 - (1 - threshold ** rows) ** bands;
    if (p >= 0.98) chosen = { bands, rows, recallAtThreshold: p };
  }
  return chosen;
}

/**
 * The LSH band keys of a shingle set for a similarity threshold (`banding`): for each band, the
 * band's index · 2^32 + the hash of its rows of the MinHash signature. Two sets of Jaccard
 * similarity ≥ `threshold` share a key with probability ≥ 0.98; a stored index of these keys finds
 * near-identical procedures as they are stored (src/store/renditions.ts). [] for a set with fewer
 * than MIN_SHINGLES shingles.
 */
export function lshBands(set: Uint32Array, threshold: number): number[] {
  if (set.length < MIN_SHINGLES) return [];
  const { bands, rows } = banding(threshold);
  const signature = new Uint32Array(SIGNATURE_SIZE);
  signatureInto(set, signature, 0);
  const keys: number[] = [];
  for (let band = 0; band < bands; band++) {
    let h = 0x811c9dc5 ^ band;
    for (let r = 0; r < rows; r++) h = fmix32(h ^ signature[band * rows + r]!);
    keys.push(band * 2 ** 32 + h);
  }
  return keys;
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r]! !== r) r = this.parent[r]!;
    while (this.parent[x]! !== r) {
      const next = this.parent[x]!;
      this.parent[x] = r;
      x = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

export interface SimilarMember {
  id: string;
  path: string;
  title: string | null;
  organization: string | null;
  unit: string | null;
  /** Jaccard similarity of this member's procedure with the cluster's first member (1 for itself). */
  similarity: number;
}

export interface SimilarCluster {
  /** Members in file order; the first is the reference the similarities are measured against. */
  members: SimilarMember[];
  /** Distinct units (or organisations when the unit is unknown) among the members. */
  units: number;
  /** Lowest and mean similarity of the other members with the first. */
  minSimilarity: number;
  meanSimilarity: number;
}

export interface SimilarResult {
  threshold: number;
  bands: number;
  rows: number;
  /** SOPs clustered (those with at least MIN_SHINGLES shingles) and those left out. */
  sops: number;
  skipped: number;
  /** Candidate pairs verified with the exact Jaccard similarity (versus n(n−1)/2 for all pairs). */
  verified: number;
  clusters: SimilarCluster[];
}

interface Doc {
  id: string;
  path: string;
  title: string | null;
  organization: string | null;
  unit: string | null;
}

/**
 * The procedures of the store, in file order, one per SOP (renditions of one SOP in several files,
 * src/store/renditions.ts, are no copies: the first record of each group stands for it): one scan
 * of `sops` and one of `steps` (by primary key).
 */
function loadProcedures(db: Db): { docs: Doc[]; sets: Uint32Array[] } {
  const docs = db
    .prepare('SELECT s.id, d.path, s.title, s.organization, s.unit FROM sops s JOIN documents d ON d.id = s.document_id WHERE s.id IN (SELECT MIN(sop_id) FROM sop_groups GROUP BY group_id) ORDER BY d.path, s.idx')
    .all() as Doc[];
  const activities = new Map<string, string[]>();
  let current = '';
  let list: string[] = [];
  for (const row of db.prepare('SELECT sop_id, activity FROM steps ORDER BY sop_id, position').raw().iterate() as Iterable<[string, string]>) {
    if (row[0] !== current) {
      current = row[0];
      list = [];
      activities.set(current, list);
    }
    list.push(row[1]);
  }
  const sets = docs.map((d) => shingles(activities.get(d.id) ?? []));
  return { docs, sets };
}

export interface SimilarOptions {
  /** Minimum Jaccard similarity of two procedures to link them, 0 < t ≤ 1 (default 0.5). */
  threshold?: number;
}

/**
 * Clusters of near-duplicate SOPs, largest first. Cost: O(n · shingles · SIGNATURE_SIZE) for the
 * signatures, O(bands · n log n) for the buckets, and one exact Jaccard per verified candidate;
 * memory O(n · SIGNATURE_SIZE) 32-bit words. Errors: throws a RangeError for a threshold outside
 * (0, 1].
 */
export function findSimilar(db: Db, options: SimilarOptions = {}): SimilarResult {
  const threshold = options.threshold ?? 0.5;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
  const { docs, sets } = loadProcedures(db);
  const { bands, rows } = banding(threshold);

  const usable = sets.map((_, i) => i).filter((i) => sets[i]!.length >= MIN_SHINGLES);
  const n = usable.length;
  const signatures = new Uint32Array(n * SIGNATURE_SIZE);
  usable.forEach((doc, i) => signatureInto(sets[doc]!, signatures, i * SIGNATURE_SIZE));

  const uf = new UnionFind(n);
  let verified = 0;
  // bucket key (32 bits) and index packed in one float so that a native numeric sort groups a band's buckets
  const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const keyShift = 2 ** indexBits;
  const keyBits = Math.min(32, 53 - indexBits);
  const packed = new Float64Array(n);
  const leaders: number[] = [];
  const failed = new Set<number>();
  for (let band = 0; band < bands; band++) {
    for (let i = 0; i < n; i++) {
      let h = 0x811c9dc5 ^ band;
      for (let r = 0; r < rows; r++) h = fmix32(h ^ signatures[i * SIGNATURE_SIZE + band * rows + r]!);
      packed[i] = (keyBits < 32 ? h >>> (32 - keyBits) : h) * keyShift + i;
    }
    packed.sort();
    for (let start = 0; start < n; ) {
      const key = Math.floor(packed[start]! / keyShift);
      let end = start + 1;
      while (end < n && Math.floor(packed[end]! / keyShift) === key) end++;
      if (end - start > 1) {
        // one representative per cluster present in the bucket: members already joined cost nothing
        const reps = new Map<number, number>();
        for (let p = start; p < end; p++) {
          const m = packed[p]! % keyShift;
          const root = uf.find(m);
          if (!reps.has(root)) reps.set(root, m);
        }
        if (reps.size > 1) {
          leaders.length = 0;
          for (const m of reps.values()) {
            let joined = false;
            for (const l of leaders) {
              const rl = uf.find(l);
              const rm = uf.find(m);
              if (rl === rm) {
                joined = true;
                break;
              }
              // a pair of clusters found dissimilar in an earlier band is not verified again
              const pair = rl < rm ? rl * n + rm : rm * n + rl;
              if (failed.has(pair)) continue;
              verified++;
              if (jaccard(sets[usable[l]!]!, sets[usable[m]!]!) >= threshold) {
                uf.union(l, m);
                joined = true;
                break;
              }
              if (failed.size >= FAILED_LIMIT) failed.clear();
              failed.add(pair);
            }
            if (!joined && leaders.length < BUCKET_LEADERS) leaders.push(m);
          }
        }
      }
      start = end;
    }
  }

  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = uf.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  const clusters: SimilarCluster[] = [];
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const ref = sets[usable[g[0]!]!]!;
    const members = g.map((i) => {
      const d = docs[usable[i]!]!;
      return { ...d, similarity: Math.round(jaccard(ref, sets[usable[i]!]!) * 1000) / 1000 };
    });
    const others = members.slice(1).map((m) => m.similarity);
    clusters.push({
      members,
      units: new Set(members.map((m) => m.unit ?? m.organization ?? m.path)).size,
      minSimilarity: Math.min(...others),
      meanSimilarity: Math.round((others.reduce((a, b) => a + b, 0) / others.length) * 1000) / 1000,
    });
  }
  clusters.sort((a, b) => b.members.length - a.members.length || a.members[0]!.path.localeCompare(b.members[0]!.path));
  return { threshold, bands, rows, sops: n, skipped: docs.length - n, verified, clusters };
}
