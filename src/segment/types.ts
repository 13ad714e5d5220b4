/**
 * What the segmenter hands to the normaliser: the parts of one SOP as written, not yet typed.
 */
import type { ShapeKind } from '../read/geometry.js';
import type { Diagnostic } from '../read/layout.js';
import type { ListField, ScalarField } from './labels.js';

/**
 * Where a value was read: a box on a page, in the page's unit (points of a PDF text layer, pixels of
 * a page image), from the top left. Only pages with positions give one (not text, HTML or DOCX).
 */
export interface Origin {
  page: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The parts of a step whose origin is kept. */
export type StepPart = 'number' | 'activity' | 'actors' | 'requirements' | 'duration' | 'output' | 'notes';

/** One row of the procedure table (one step, or an unnumbered row). */
export interface RawStep {
  /** The number written in the No column, or null for an unnumbered row. */
  number: number | null;
  /** Uraian Prosedur / Kegiatan / Aktivitas, lines joined with spaces. */
  activity: string;
  /** Per actor column (same order as `RawProcedure.actors`): the mark written there, or null. */
  marks: Array<string | null>;
  /** Per actor column: the flowchart symbol drawn there (PDF vector path, ink in a scan), or null. */
  shapes: Array<ShapeKind | null>;
  requirements: string | null;
  duration: string | null;
  output: string | null;
  notes: string | null;
  /** 1-based page where the row starts. */
  page: number;
  /** For a decision: the steps its Ya / Tidak connectors lead to, where the drawing shows them. */
  next?: { yes: number | null; no: number | null };
  /** The number was not read (OCR) and was taken from the order of the rows. */
  numberInferred?: boolean;
  /** Where each part was read on its page(s); absent for sources without positions. */
  origins?: Partial<Record<StepPart, Origin[]>>;
  /** The people a `Pihak Terlibat` / `Tanggung Jawab` column names for the step, as written. */
  named?: string[];
  /** Lowest OCR confidence (0–100) of the row's words, for OCRed rows. */
  ocrConfidence?: number;
}

export interface RawProcedure {
  /** Actor column labels as the header writes them, left to right. */
  actors: string[];
  /** Header text of the Waktu column (`Waktu (menit)`), for the unit of bare numbers. */
  durationHeader: string | null;
  steps: RawStep[];
}

/** A text line that is neither a label, a section item nor part of the procedure table. */
export interface FreeLine {
  text: string;
  /** Index in the document's row stream, to tell what comes before or after the table. */
  index: number;
  emphasis: boolean;
}

/** The plausibility of the procedure as read, and of the proposals it beat (procedure/index.ts). */
export interface ProcedureScore {
  strategy: string;
  /** 0–1. */
  score: number;
  /** Each invariant's fraction met (numbering, activity, durations, actors, mutuBaku). */
  parts: Record<string, number>;
  runnersUp: Array<{ strategy: string; score: number; steps: number }>;
}

export interface RawSop {
  /** 0-based index of the SOP in its file (several SOPs may share one file). */
  index: number;
  identity: Partial<Record<ScalarField, string>>;
  /** List sections: each piece as found (a cell, a line); split into items by `splitItems`. */
  sections: Partial<Record<ListField, SectionPiece[]>>;
  /** Lines outside the tables: the title block (organisation, unit, SOP title), signature block. */
  freeLines: FreeLine[];
  procedure: RawProcedure | null;
  /** Row index where the procedure table starts, or null. */
  procedureStart: number | null;
  /** How the procedure was read: the winning strategy, its plausibility and the runners-up (procedure/score.ts). */
  procedureScore: ProcedureScore | null;
  /** Worksheet ("Lembar Kerja Identifikasi Kegiatan") step texts by step number. */
  worksheet: Map<number, string>;
  pages: number;
  diagnostics: Diagnostic[];
}

export interface SectionPiece {
  text: string;
  /** True when the line breaks inside `text` separate items (HTML `<li>`, a DOCX paragraph). */
  hardBreaks: boolean;
}
