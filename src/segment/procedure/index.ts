/**
 * The procedure table ("diagram alir", Permenpan RB 35/2012, Lampiran; DOMAIN.md §2): columns No,
 * Uraian Prosedur / Kegiatan / Aktivitas, one column per Pelaksana (actor), then Mutu Baku
 * (Kelengkapan, Waktu, Output) and Keterangan.
 *
 * Strategies propose parses of an SOP's rows (strategy.ts); the format's invariants score them
 * (score.ts) and the most plausible wins. Table strategies read one table from its header (grid:
 * cells with a grid column; positioned: cells with positions); document strategies read a procedure
 * in a layout without a header of columns (flattened: one paragraph). The runners-up and their
 * scores go into the diagnostics.
 */
import type { Diagnostic } from '../../read/layout.js';
import type { StreamRow } from '../stream.js';
import { flattenedStrategy } from './flattened.js';
import { gridStrategy } from './grid.js';
import { headerBlock, isHeaderRow } from './header.js';
import { positionedStrategy } from './positioned.js';
import { plausibility, type Plausibility } from './score.js';
import type { DocumentStrategy, ProcedureCandidate, TableStrategy } from './strategy.js';
import type { TableReading } from './table.js';

export { isHeaderRow } from './header.js';
export { glueBrokenWord } from './columns.js';
export type { ProcedureCandidate } from './strategy.js';
export type { Plausibility } from './score.js';

/** The table strategies, tried on every header found. */
export const TABLE_STRATEGIES: readonly TableStrategy[] = [gridStrategy, positionedStrategy];

/** The strategies for procedures without a header of columns. */
export const DOCUMENT_STRATEGIES: readonly DocumentStrategy[] = [flattenedStrategy];

/** The chosen parse of an SOP's procedure, with its score and the runners-up. */
export interface ProcedureChoice extends ProcedureCandidate {
  plausibility: Plausibility;
  /** The other proposals, best first. */
  runnersUp: Array<{ strategy: string; score: number; steps: number }>;
}

/**
 * Reads every table with a header in stream rows `[from, until)` with the table strategies: at each
 * header, the most plausible of the applicable strategies' readings; a second table after the first
 * continues it (the header repeated after other text). Null when no header is found.
 */
function readTables(rows: StreamRow[], from: number, until: number): ProcedureCandidate | null {
  let result: ProcedureCandidate | null = null;
  const names = new Set<string>();
  let cursor = from;
  while (cursor < until) {
    let at = -1;
    for (let i = cursor; i < until; i++) {
      if (isHeaderRow(rows[i]!)) {
        at = i;
        break;
      }
    }
    if (at < 0) break;
    const block = { at, ...headerBlock(rows, at) };
    const header = rows.slice(block.start, block.end);
    let best: { name: string; reading: TableReading; score: number } | null = null;
    for (const s of TABLE_STRATEGIES) {
      if (!s.applies(header)) continue;
      const reading = s.read(rows, block, until);
      const score = plausibility({ actors: reading.actors, durationHeader: reading.durationHeader, steps: reading.steps }, reading.roles).score;
      if (!best || score > best.score) best = { name: s.name, reading, score };
    }
    if (!best) break;
    const { reading } = best;
    names.add(best.name);
    if (!result) {
      result = {
        strategy: best.name,
        procedure: { actors: [...reading.actors], durationHeader: reading.durationHeader, steps: reading.steps },
        start: block.start,
        spans: [[block.start, reading.end]],
        roles: new Set(reading.roles),
        diagnostics: [],
      };
    } else {
      // a second table in the same SOP continues the first (header repeated after other text)
      result.procedure.steps.push(...reading.steps);
      result.spans.push([block.start, reading.end]);
      for (const r of reading.roles) result.roles.add(r);
    }
    cursor = Math.max(reading.end, cursor + 1);
  }
  if (result) {
    result.strategy = [...names].join('+');
    // a table without Pelaksana columns whose steps name their people in words: those are its actors
    if (result.procedure.actors.length === 0) result.procedure.actors = [...new Set(result.procedure.steps.flatMap((st) => st.named ?? []))];
  }
  return result;
}

/**
 * Proposes the procedure of the SOP in stream rows `[from, until)` with every strategy and returns
 * the most plausible proposal (ties go to the table strategies, listed first), or null when no
 * strategy finds one. A proposal without steps is kept only when nothing else is found (a header
 * with no rows under it is still a procedure table, reported as such).
 */
export function readProcedures(rows: StreamRow[], from: number, until: number): ProcedureChoice | null {
  const proposals: ProcedureCandidate[] = [];
  const tables = readTables(rows, from, until);
  if (tables) proposals.push(tables);
  for (const s of DOCUMENT_STRATEGIES) {
    const c = s.read(rows, from, until);
    if (c) proposals.push(c);
  }
  if (proposals.length === 0) return null;
  const scored = proposals
    .map((c) => ({ c, p: plausibility(c.procedure, c.roles) }))
    .sort((a, b) => b.p.score - a.p.score);
  const [winner, ...rest] = scored;
  const diagnostics: Diagnostic[] = [...winner!.c.diagnostics];
  const runnersUp = rest.map((r) => ({ strategy: r.c.strategy, score: round(r.p.score), steps: r.c.procedure.steps.length }));
  if (runnersUp.length) {
    diagnostics.push({
      level: 'warning',
      code: 'procedure-runners-up',
      message: `the procedure was read as ${winner!.c.strategy} (plausibility ${round(winner!.p.score)}, ${winner!.c.procedure.steps.length} steps); other readings: ${runnersUp.map((r) => `${r.strategy} ${r.score} (${r.steps} steps)`).join(', ')}`,
    });
  }
  return { ...winner!.c, diagnostics, plausibility: winner!.p, runnersUp };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
