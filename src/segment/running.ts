/**
 * Running headers and footers: the letterhead, an ISO-style document box (No. Dokumen / Revisi /
 * Halaman) or a title printed again at the top or bottom of every page (Politeknik Negeri Lampung's
 * letterhead, Diskominfo Kalimantan Timur's document box, ../shared/wild). Printed again, they cut a
 * table going on over the page in two and repeat identity values; their first printing is kept.
 */
import { isHeaderRow } from './procedure/header.js';
import { isBlank, stepNumberOf, textOf, type StreamRow } from './stream.js';

/** Rows of a page's top and bottom where a running header or footer is printed. */
const TOP_ROWS = 10;
const BOTTOM_ROWS = 4;
/** Rows a running line may move from one page to the next (a line more or less above it). */
const RANK_SLACK = 2;

/** A row's text for comparison across pages: case and spacing ignored, every figure alike (page numbers). */
function key(row: StreamRow): string {
  return textOf(row).toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/**
 * The stream without the rows printed again at the top or bottom of a later page (the same text at
 * about the same rank among the first ten or the last four rows of an earlier page), re-indexed. A procedure table's header
 * repeated on a page stays (its columns may lie elsewhere on that page), and so does a step's row.
 */
export function withoutRunningLines(rows: StreamRow[]): StreamRow[] {
  const byPage = new Map<number, StreamRow[]>();
  for (const r of rows) if (!isBlank(r)) byPage.set(r.page, [...(byPage.get(r.page) ?? []), r]);
  if (byPage.size < 2) return rows;
  // where each text was printed near an edge of an earlier page: top or bottom, and its rank from that edge
  const seen = new Map<string, number[]>();
  const drop = new Set<StreamRow>();
  for (const page of [...byPage.keys()].sort((a, b) => a - b)) {
    const list = byPage.get(page)!;
    const edge = [
      ...list.slice(0, TOP_ROWS).map((r, rank) => ({ r, at: `top:${key(r)}`, rank })),
      ...list.slice(Math.max(TOP_ROWS, list.length - BOTTOM_ROWS)).map((r, i, all) => ({ r, at: `bottom:${key(r)}`, rank: all.length - i })),
    ];
    for (const { r, at, rank } of edge) {
      const before = seen.get(at);
      if (at.length >= 8 && before?.some((k) => Math.abs(k - rank) <= RANK_SLACK) && !isHeaderRow(r) && stepNumberOf(r.cells[0]?.text ?? '') === null) drop.add(r);
    }
    for (const { at, rank } of edge) seen.set(at, [...(seen.get(at) ?? []), rank]);
  }
  if (drop.size === 0) return rows;
  return rows.filter((r) => !drop.has(r)).map((r, index) => ({ ...r, index }));
}
