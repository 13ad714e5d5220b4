/**
 * What the table strategies share beyond the header and column model: where a table ends, step
 * numbers OCR misread, decision branches turned into step numbers, and the reading a table strategy
 * returns.
 */
import { labelOf } from '../labels.js';
import { NIP_LABEL } from '../../vocabulary/index.js';
import { stepNumberOf, textOf, type StreamRow } from '../stream.js';
import { isWorksheetHeading } from '../worksheet.js';
import type { RawStep } from '../types.js';
import type { Table } from './columns.js';
import type { Role } from './header.js';

/** Where a table's header is: the row found to be a header, and the block of header rows around it. */
export interface HeaderBlock {
  /** Stream index of the row found to be a header row. */
  at: number;
  /** Stream indices of the header block: `[start, end)`. */
  start: number;
  end: number;
}

/** A table strategy's reading of one table: its actors, its steps and where it ends. */
export interface TableReading {
  /** Actor column labels as the (first) header writes them, left to right. */
  actors: string[];
  durationHeader: string | null;
  /** The column roles the header named (Kelengkapan, Waktu, Output … found). */
  roles: Set<Role>;
  steps: RawStep[];
  /** Stream index just past the table's last row. */
  end: number;
}

/** The actor labels and roles of a table's columns. */
export function headerOf(t: Table): Pick<TableReading, 'actors' | 'durationHeader' | 'roles'> {
  const actors = t.columns.filter((c) => c.role === 'actor').map((c) => c.label.replace(/\s+/g, ' ').trim());
  const roles = new Set<Role>(t.columns.flatMap((c) => (c.role === 'actor' || c.label === '' ? [] : [c.role])));
  return { actors, durationHeader: t.durationHeader, roles };
}

/**
 * Repairs a step number OCR misread (`4` for `1`): when its neighbours' numbers leave exactly one
 * value for it, it takes that value and is marked as inferred.
 */
export function repairNumbering(steps: RawStep[]): void {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const prev = i > 0 ? steps[i - 1]!.number : 0;
    const next = i + 1 < steps.length ? steps[i + 1]!.number : null;
    if (prev === null || next === null || s.number === null) continue;
    const expected = prev + 1;
    if (next === expected + 1 && s.number !== expected) {
      s.number = expected;
      s.numberInferred = true;
    }
  }
}

/** A table row and the step it belongs to (null: a header, a row that made no step, the row ending the table). */
export interface Anchor {
  step: RawStep | null;
  page: number;
  y: number;
}

/**
 * Turns the branches drawn from a decision (a vertical position on a page, flow.ts) into step
 * numbers: the step whose row holds that position, i.e. the last row starting above it on the same
 * page. A branch into a row that is no numbered step (a header, an unnumbered row, below the
 * table) or onto another page stays null.
 */
export function resolveBranches(branches: Map<RawStep, Array<{ answer: 'yes' | 'no'; page: number; y: number }>>, anchors: Anchor[]): void {
  for (const [step, bs] of branches) {
    const next: { yes: number | null; no: number | null } = { yes: null, no: null };
    for (const b of bs) {
      let at: Anchor | undefined;
      for (const a of anchors) if (a.page === b.page && a.y <= b.y && (!at || a.y >= at.y)) at = a;
      if (at?.step && at.step !== step && at.step.number !== null) next[b.answer] = at.step.number;
    }
    if (next.yes !== null || next.no !== null) step.next = next;
  }
}

/** A NIP and its first digit: a signature block under the table. */
const NIP_LINE = new RegExp(`\\b${NIP_LABEL}\\.?\\s*:?\\s*\\d`, 'i');

/**
 * True for a row that ends a procedure table: an identity label, a worksheet heading, a NIP line.
 * A label's first letter is a capital (labelOf), and after a step number only a numbered section
 * heading in capitals is one (`5.` `DOKUMEN PENDUKUNG`): where a PDF without rules gives every word of a
 * justified line its own cell, a step's `disetujui` or `3` `Pencatatan` (its activity's name) are
 * the step's words (wild 021, Politeknik Negeri Lampung's tables without rules).
 */
export function endsTable(row: StreamRow): boolean {
  const text = textOf(row);
  const stepRow = row.cells.length > 1 && stepNumberOf(row.cells[0]!.text) !== null;
  const isLabel = (t: string): boolean =>
    (!stepRow || t === t.toUpperCase()) && labelOf(t) !== null && labelOf(t) !== 'number';
  if (row.cells.some((c) => isLabel(c.text))) return true;
  if (isWorksheetHeading(row)) return true;
  if (NIP_LINE.test(text)) return true;
  return false;
}

