/**
 * Where each field of a record was read (SOP-RECORD.md `provenance`): field path → regions of pages,
 * in the page's own coordinates (PDF points of a text layer, pixels of an OCRed page image), from
 * the segmenter's origins. Sources without positions (text, HTML, DOCX, spreadsheets) give none.
 */
import type { LayoutDocument } from '../read/layout.js';
import type { Origin } from '../segment/types.js';
import type { Region } from './schema.js';

/** Boxes of one field on one page closer than this many of their own heights are one region (lines of one cell). */
const LINE_GAP = 1.5;

/** Rounds a coordinate to a tenth of the unit: positions are not measured finer. */
function round(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * The regions of a list of origins: boxes on one page that touch or lie a line apart joined into
 * one, in the unit of their page (`pt` for a text layer, `px` for OCR). Empty for pages without
 * positions.
 */
export function regionsOf(origins: readonly Origin[] | undefined, doc: LayoutDocument): Region[] {
  if (!origins?.length) return [];
  const merged: Origin[] = [];
  for (const o of [...origins].sort((a, b) => a.page - b.page || a.y0 - b.y0)) {
    const h = Math.max(1, o.y1 - o.y0);
    const near = merged.find((m) => m.page === o.page && o.y0 <= m.y1 + LINE_GAP * h && m.y0 <= o.y1 + LINE_GAP * h && o.x0 <= m.x1 + 2 * h && m.x0 <= o.x1 + 2 * h);
    if (near) {
      near.x0 = Math.min(near.x0, o.x0);
      near.y0 = Math.min(near.y0, o.y0);
      near.x1 = Math.max(near.x1, o.x1);
      near.y1 = Math.max(near.y1, o.y1);
    } else merged.push({ ...o });
  }
  const out: Region[] = [];
  for (const m of merged) {
    const unit = doc.pages.find((p) => p.number === m.page)?.unit;
    if (unit !== 'pt' && unit !== 'px') continue;
    out.push({ page: m.page, box: [round(m.x0), round(m.y0), round(m.x1), round(m.y1)], unit });
  }
  return out;
}

/** Collects field path → regions, leaving out fields without any. */
export class ProvenanceBuilder {
  private readonly out: Record<string, Region[]> = {};
  constructor(private readonly doc: LayoutDocument) {}

  /** Records where the field at `path` was read. */
  add(path: string, origins: readonly Origin[] | undefined): void {
    const regions = regionsOf(origins, this.doc);
    if (regions.length) this.out[path] = regions;
  }

  build(): Record<string, Region[]> {
    return this.out;
  }
}
