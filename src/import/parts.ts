/**
 * One SOP in several files: page images of one SOP as separate files (`…-p1.jpg` its identity
 * table, `…-p2.jpg` its procedure table: Banyuwangi's SOPs in ../shared/wild; a scanner's
 * `page-1.png`, `page-2.png`). Files are page parts of one document when their names differ only in
 * a page number after a page word (vocabulary PAGE_WORDS), the pages run 1, 2, 3 … and they are of
 * one kind (images, or PDFs); whether they are read as one SOP is decided from their contents
 * (pipeline.ts, processParts).
 */
import { basename, dirname, extname } from 'node:path';
import { PAGE_WORDS } from '../vocabulary/index.js';

/** `<stem><separator><page word><number>`, or a page word and number alone (`page-1`); `sop2` is no page. */
const PAGE_NAME = new RegExp(`^(?:(.*?)[-_ .]+)?(?:${PAGE_WORDS.join('|')})[-_ .]?(\\d{1,2})$`, 'i');
const IMAGE = /^\.(?:jpe?g|png|tiff?|bmp|gif|webp)$/i;
const ORDERING_PREFIX = /^\d{1,4}[_. -]+/;

/** A file's place in a series of page files: the series' key and the page number; null for a file of no series. */
export function pageOf(path: string): { key: string; page: number } | null {
  const ext = extname(path);
  const m = PAGE_NAME.exec(basename(path, ext));
  if (!m) return null;
  const kind = IMAGE.test(ext) ? 'image' : ext.toLowerCase();
  // a running number before the name orders a folder's files (`061_…-p1`, `062_…-p2`): no part of the name
  const stem = (m[1] ?? '').replace(ORDERING_PREFIX, '').toLowerCase();
  return { key: `${dirname(path)}\u0000${stem}\u0000${kind}`, page: Number(m[2]) };
}

/**
 * Gathers page files into series as a walk yields them: `add` returns the files to import now (a
 * file of no series at once; a series when a file of another series or none comes after it, the
 * walk having moved on), `end` the series still held. A series is returned whole, in page order,
 * when its pages run 1..n; otherwise each of its files alone.
 */
export class PageSeries {
  private held = new Map<string, Array<{ path: string; page: number }>>();

  add(path: string): string[][] {
    const at = pageOf(path);
    const out = this.releaseExcept(at?.key ?? null);
    if (!at) return [...out, [path]];
    const list = this.held.get(at.key) ?? [];
    list.push({ path, page: at.page });
    this.held.set(at.key, list);
    return out;
  }

  end(): string[][] {
    return this.releaseExcept(null);
  }

  private releaseExcept(key: string | null): string[][] {
    const out: string[][] = [];
    for (const [k, files] of this.held) {
      if (k === key) continue;
      this.held.delete(k);
      const sorted = [...files].sort((a, b) => a.page - b.page);
      const runs = sorted.length >= 2 && sorted.every((f, i) => f.page === i + 1);
      if (runs) out.push(sorted.map((f) => f.path));
      else out.push(...sorted.map((f) => [f.path]));
    }
    return out;
  }
}
