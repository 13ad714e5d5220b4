/**
 * What travels through the queue between `sop import --queue` (the collector) and `sop worker`:
 * one job per file, or per page series (import/parts.ts), holding paths and hashes, never file
 * bytes or credentials; its result holds the records as the rows the store writes, or the
 * recorded error, and the OCR results the worker made, for the collector's database.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { OcrResult } from '../read/ocr.js';
import type { RecordRows } from '../store/rows.js';
import type { DocumentOutcome } from '../store/write.js';

/** The prefix of every Redis key the queue and the shared OCR cache use. */
export const KEY_PREFIX = 'sop';

/**
 * The queue's name: one per version of the program, so that a worker of another version never
 * takes a job (its records could differ from what this version makes); the worker prints it.
 */
export function queueName(version: string): string {
  return `import-${version}`;
}

/** One file of a job. */
export const queuedFileSchema = z.object({
  /** The file's path identity in the store (discover.ts: the collector's real path); the records' `source.path`. */
  path: z.string().min(1),
  /** Where the worker reads it: relative to its --root, `/`-separated (the collector's --root on the collector). */
  file: z.string().min(1),
  /** SHA-256 of the bytes the collector read, hex; the worker refuses other bytes. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
});
export type QueuedFile = z.infer<typeof queuedFileSchema>;

/** The data of a job: its files (one, or the pages of a series in page order) and the import's limits. */
export const jobDataSchema = z.object({
  files: z.array(queuedFileSchema).min(1),
  /** Files larger than this many bytes are refused (sop import --max-bytes). */
  maxBytes: z.number().int().positive(),
  /** PDFs and images with more pages are refused (--max-pages). */
  maxPages: z.number().int().positive(),
  /** Milliseconds the stages may take (--time-limit), counted from when the worker starts them. */
  timeLimitMs: z.number().int().positive(),
  /** Working time of days, weeks and months (normalise/duration.ts), when the import sets one. */
  workingTime: z.object({ hoursPerDay: z.number(), daysPerWeek: z.number(), weeksPerMonth: z.number() }).optional(),
});
export type JobData = z.infer<typeof jobDataSchema>;

/** What a worker made of a file (or of a series: under its first file), ready to store. */
export type StagedOutcome = Pick<DocumentOutcome, 'format' | 'status' | 'errorCode' | 'error'> & { rows: RecordRows[] };

/** A job's result. */
export interface JobResult {
  /** The outcome; null for a series whose files are not the pages of one SOP (each is then queued alone). */
  outcome: StagedOutcome | null;
  /** The OCR results the job used (read, or found in the shared cache), by cache key (read/ocr.ts imageKey): kept in the collector's database. */
  ocr: Array<[string, OcrResult]>;
  /** Page images OCRed for the job, and of them found in the shared cache. */
  ocrCalls: number;
  ocrCached: number;
  /** Milliseconds the worker spent on the job, reading the file included. */
  ms: number;
}

/**
 * The job's id: the same files with the same bytes and limits give the same id, so that an import
 * run again after its collector was killed finds the job it queued (waiting, running or done)
 * instead of queueing it twice. Hex (BullMQ refuses `:` in ids).
 */
export function jobIdOf(data: JobData): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 40);
}

/**
 * Errors a worker records as a job's failure, with a stable code before the message (`[code]
 * message`): the collector stores the code with the file (documents.error_code).
 */
export class JobError extends Error {
  constructor(readonly code: string, message: string) {
    super(`[${code}] ${message}`);
  }
}

/** The failure BullMQ records for a job whose worker stopped answering more often than allowed. */
const STALLED = 'job stalled more than allowable limit';

/** The code and message of a failed job's reason, as the collector stores them. */
export function failureOf(reason: string | undefined): { code: string; message: string } {
  if (!reason) return { code: 'worker-failed', message: 'the job failed without a reason' };
  if (reason.includes(STALLED)) return { code: 'worker-lost', message: 'the file stopped the worker reading it twice (killed, out of memory, or its machine gone); not tried again' };
  const m = /^\[([a-z-]+)\] ([\s\S]*)$/.exec(reason);
  return m ? { code: m[1]!, message: m[2]! } : { code: 'worker-failed', message: reason };
}
