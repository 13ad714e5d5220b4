/**
 * The OCR cache kept in the SOP database (table `ocr_cache`, migration 003): page image hash →
 * words. Written outside the per-file transaction, so a kill during a long file keeps the pages
 * already read.
 */
import type { OcrCache, OcrResult } from '../read/ocr.js';
import type { Db } from './db.js';

export function databaseOcrCache(db: Db): OcrCache {
  const get = db.prepare('SELECT result FROM ocr_cache WHERE key = ?');
  const set = db.prepare('INSERT OR REPLACE INTO ocr_cache (key, result, created_at) VALUES (?, ?, ?)');
  return {
    get: (key) => {
      const row = get.get(key) as { result: string } | undefined;
      return row ? (JSON.parse(row.result) as OcrResult) : undefined;
    },
    set: (key, result) => {
      set.run(key, JSON.stringify(result), new Date().toISOString());
    },
  };
}
