/**
 * The OCR cache shared by the machines of a queued import: results by page-image key (read/ocr.ts
 * `imageKey`: the engine, its languages and settings, the image's pixels) kept in Redis, so that a
 * page OCRed on one machine is OCRed on no other. Each worker also returns the results a job used
 * (read or found) to the collector, which keeps them in the database's own cache
 * (store/ocr-cache.ts) as an in-process import does. An import through the queue first copies into
 * Redis what the database holds and Redis lacks (entries newer than the last copy for that
 * database: each entry is sent at most once more, by the import after the one that wrote it), so
 * that nothing OCRed before, in-process or before Redis lost its data, is OCRed again.
 *
 * Redis keys: `sop:ocr:<key>` → the OCR result as JSON (about 40 KB a page), kept OCR_TTL_SECONDS;
 * `sop:ocr-copied:<database>` → the `created_at` of the newest database entry copied, expiring with
 * the oldest entry it covers (when it is gone, everything is copied again).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { imageKey, readingThrough, type OcrEngine, type OcrResult } from '../read/ocr.js';
import type { Db } from '../store/db.js';
import { KEY_PREFIX } from './jobs.js';

/** How long Redis keeps an OCR result (30 days); the database keeps it for good. */
export const OCR_TTL_SECONDS = 30 * 24 * 3600;

const resultKey = (key: string): string => `${KEY_PREFIX}:ocr:${key}`;

/**
 * What one job's OCR did: the results it used, read or found in the cache (for the collector's
 * database, which then holds every result its records were made from), and the images asked for.
 */
export interface OcrTally {
  used: Array<[string, OcrResult]>;
  calls: number;
  cached: number;
}

/**
 * Wraps `engine` (shared by the jobs of a worker) for one job: each image is looked up in Redis
 * first (a batch's images in one round trip, its misses read in one engine call); a result made
 * here is written there; either is noted in `tally.used`. Redis errors while it is away are waited
 * out (the client's commands wait for it to come back: connection.ts).
 */
export function sharedCache(engine: OcrEngine, redis: Redis, tally: OcrTally): OcrEngine {
  return readingThrough(engine, async (reqs) => {
    tally.calls += reqs.length;
    const keys = reqs.map((r) => imageKey(r.img, engine, r.layout ?? 'page', r.dpi ?? 300, r.languages));
    const hits = await redis.mget(keys.map(resultKey));
    const out: Array<OcrResult | null> = hits.map((hit) => (hit ? (JSON.parse(hit) as OcrResult) : null));
    tally.cached += out.filter(Boolean).length;
    const missing = out.flatMap((hit, i) => (hit ? [] : [i]));
    if (missing.length) {
      const results = await engine.recognizeMany(missing.map((i) => reqs[i]!));
      for (const [k, i] of missing.entries()) {
        out[i] = results[k]!;
        await redis.set(resultKey(keys[i]!), JSON.stringify(results[k]), 'EX', OCR_TTL_SECONDS);
      }
    }
    out.forEach((r, i) => tally.used.push([keys[i]!, r!]));
    return out as OcrResult[];
  });
}

/** Entries copied per round trip. */
const COPY_BATCH = 200;

/**
 * Copies into Redis the OCR results of the database's cache (store/ocr-cache.ts) newer than the
 * last copy for this database (`dbKey`: its real path), without overwriting what Redis holds.
 * Returns the number of entries copied. Errors: Redis's or SQLite's, as thrown.
 */
export async function copyOcrCache(db: Db, redis: Redis, dbKey: string): Promise<number> {
  const marker = `${KEY_PREFIX}:ocr-copied:${createHash('sha256').update(dbKey).digest('hex').slice(0, 32)}`;
  const since = (await redis.get(marker)) ?? '';
  // pages of rows by (created_at, key), none held open across the awaits; from `since` itself,
  // which other entries written in the same millisecond may share (NX leaves those copied alone)
  const page = db.prepare('SELECT key, result, created_at FROM ocr_cache WHERE (created_at, key) > (?, ?) ORDER BY created_at, key LIMIT ?');
  let copied = 0;
  let after: [string, string] = [since, ''];
  for (;;) {
    const rows = page.all(after[0], after[1], COPY_BATCH) as Array<{ key: string; result: string; created_at: string }>;
    if (rows.length === 0) break;
    const batch = redis.pipeline();
    for (const row of rows) batch.set(resultKey(row.key), row.result, 'EX', OCR_TTL_SECONDS, 'NX');
    await batch.exec();
    copied += rows.length;
    const last = rows[rows.length - 1]!;
    after = [last.created_at, last.key];
  }
  const newest = after[0];
  if (copied === 0) return 0;
  // the first copy sets the marker's lifetime to the entries' own; later ones keep it
  if (since) await redis.set(marker, newest, 'KEEPTTL');
  else await redis.set(marker, newest, 'EX', OCR_TTL_SECONDS);
  return copied;
}
