/**
 * The interfaces of the procedure-table strategies. A strategy reads the rows of one SOP in the
 * layout it knows and proposes a parse; the format's invariants (score.ts) choose among the
 * proposals. A new layout is a new strategy, never a branch inside an existing one (README.md of
 * this folder: "Adding a strategy").
 */
import type { Diagnostic } from '../../read/layout.js';
import type { StreamRow } from '../stream.js';
import type { RawProcedure } from '../types.js';
import type { Role } from './header.js';
import type { HeaderBlock, TableReading } from './table.js';

/** A strategy that reads one table from its header block: the header is found for it. */
export interface TableStrategy {
  readonly name: string;
  /** Whether this strategy can read a table whose header block holds `header`. */
  applies(header: StreamRow[]): boolean;
  /** Reads the table's rows after its header block, up to stream index `until` (exclusive). */
  read(rows: StreamRow[], block: HeaderBlock, until: number): TableReading;
}

/** A proposed reading of an SOP's procedure, by one strategy (or one per table for table strategies). */
export interface ProcedureCandidate {
  /** The strategy (or strategies, `grid+positioned`) that read it. */
  strategy: string;
  procedure: RawProcedure;
  /** Stream index where the procedure starts (its first header row). */
  start: number;
  /** Stream index ranges `[from, to)` the procedure's rows occupy: the identity reader skips them. */
  spans: Array<[number, number]>;
  /** The column roles the header(s) named; empty when no header with columns was read. */
  roles: Set<Role>;
  /** Text on the procedure's first row before it (a title run on into a flattened table). */
  before?: string;
  diagnostics: Diagnostic[];
}

/** A strategy that reads an SOP's procedure in a layout without a header of columns. */
export interface DocumentStrategy {
  readonly name: string;
  /** Proposes the procedure found in stream rows `[from, until)`, or null when the layout is not there. */
  read(rows: StreamRow[], from: number, until: number): ProcedureCandidate | null;
}
