/**
 * Near-duplicate clusters: seeds 001 and 002 (one template, two kecamatan) form the only cluster
 * of the corpus; on synthetic families the clusters are the families, found without comparing all
 * pairs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../src/import/importer.js';
import { banding, findSimilar, jaccard, shingles } from '../src/query/similar.js';
import { openDatabase, type Db } from '../src/store/db.js';
import { loadSeedRecords, storeRecords, syntheticRecords } from '../scripts/bench/synthetic.js';

const corpus = fileURLToPath(new URL('../corpus/', import.meta.url));
const file = (path: string): string => path.split('/').pop()!;
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sop-similar-'));
  db = openDatabase(join(dir, 'sop.db'));
  await importPaths(db, [corpus]);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('shingles and Jaccard', () => {
  it('reduces affixes and ignores numbers', () => {
    expect(jaccard(shingles(['Menyusun laporan 2024']), shingles(['Penyusunan laporan']))).toBe(1);
    expect(jaccard(shingles(['Menyusun laporan kinerja']), shingles(['Menyusun laporan keuangan']))).toBeCloseTo(1 / 3, 5);
    expect(jaccard(shingles([]), shingles([]))).toBe(0);
  });

  it('bands for at least 98% recall at the threshold', () => {
    for (const t of [0.3, 0.5, 0.7, 0.9]) {
      const b = banding(t);
      expect(b.bands * b.rows).toBeLessThanOrEqual(96);
      expect(b.recallAtThreshold).toBeGreaterThanOrEqual(0.98);
    }
    expect(banding(0.5)).toMatchObject({ bands: 32, rows: 3 });
  });
});

describe('findSimilar on the corpus', () => {
  it('clusters seeds 001 and 002 and nothing else', () => {
    const r = findSimilar(db);
    expect(r.sops).toBe(5);
    expect(r.clusters).toHaveLength(1);
    const c = r.clusters[0]!;
    expect(c.members.map((m) => [file(m.path), m.unit, m.similarity])).toEqual([
      ['001_51dbded0528e22f1.txt', 'Kecamatan Silaut', 1],
      ['002_73c36ed984910bbc.txt', 'Kecamatan IV Jurai', 0.58],
    ]);
    expect(c.units).toBe(2);
  });

  it('keeps the other seeds apart even at a low threshold, and refuses a bad one', () => {
    const low = findSimilar(db, { threshold: 0.2 });
    expect(low.clusters.map((c) => c.members.map((m) => file(m.path).slice(0, 3)))).toEqual([['001', '002']]);
    expect(findSimilar(db, { threshold: 0.9 }).clusters).toEqual([]);
    expect(() => findSimilar(db, { threshold: 0 })).toThrow(RangeError);
  });
});

describe('findSimilar on synthetic families', () => {
  it('recovers the families without comparing all pairs', async () => {
    const seeds = await loadSeedRecords(corpus);
    const syn = openDatabase(':memory:');
    try {
      storeRecords(syn, syntheticRecords(seeds, { count: 400, seed: 3, meanFamilySize: 8 }));
      const r = findSimilar(syn);
      const family = (path: string): string => path.split('/')[1]!;
      // no cluster mixes two families, except the families of seeds 001 and 002 (f000001, f000002), one template
      for (const c of r.clusters) {
        const families = new Set(c.members.map((m) => family(m.path)));
        if (families.size > 1) expect([...families].sort()).toEqual(['f000001', 'f000002']);
      }
      // every family of two or more members is one cluster
      const sizes = new Map<string, number>();
      const { rows } = syn.prepare('SELECT COUNT(*) AS rows FROM sops').get() as { rows: number };
      expect(rows).toBe(400);
      for (const p of syn.prepare('SELECT path FROM documents').pluck().all() as string[]) sizes.set(family(p), (sizes.get(family(p)) ?? 0) + 1);
      const clusterOf = new Map<string, Set<number>>();
      r.clusters.forEach((c, i) => c.members.forEach((m) => clusterOf.set(family(m.path), (clusterOf.get(family(m.path)) ?? new Set()).add(i))));
      for (const [f, n] of sizes) if (n >= 2) expect(clusterOf.get(f)?.size, f).toBe(1);
      expect(r.verified).toBeLessThan((400 * 399) / 2 / 10);
    } finally {
      syn.close();
    }
  });
});
