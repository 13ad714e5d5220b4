/**
 * Property tests: whatever text comes in, the reader, the segmenter and the normalisers return a
 * value or a typed error, never crash, and what they return is well formed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SopError } from '../src/errors.js';
import { processText, sha256Of } from '../src/import/pipeline.js';
import { parseApprover } from '../src/normalise/approver.js';
import { parseDate } from '../src/normalise/date.js';
import { parseDuration } from '../src/normalise/duration.js';
import { parseCitation } from '../src/normalise/legal.js';
import { canonicalRole } from '../src/normalise/role.js';
import { readText } from '../src/read/text.js';
import { segmentDocument } from '../src/segment/index.js';
import { splitItems } from '../src/segment/lists.js';

/** Text made of the pieces SOPs are made of, in random order, with random noise between. */
const sopish = fc
  .array(
    fc.oneof(
      fc.constantFrom('Nomor SOP', 'Tanggal Pembuatan', 'Disahkan oleh', 'Dasar Hukum', 'Kualifikasi Pelaksana', 'Keterkaitan', 'Peralatan/Perlengkapan', 'Peringatan', 'Pencatatan dan Pendataan', 'No', 'Uraian Prosedur', 'Pelaksana', 'Mutu Baku', 'Kelengkapan', 'Waktu (menit)', 'Output', 'Keterangan', '1.', '2', 'a.', '□', 'MULAI', '10 menit', '2 hari', 'NIP. 19641112 199203 1 008', 'Pembina (IV/c)', 'PP No. 60 Tahun 2008 tentang SPIP', '<ol><li>', '</li>', '**', '\t', '\n', '\f', '   ', ': ', 'LEMBAR KERJA'),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 120 },
  )
  .map((parts) => parts.join(' '));

describe('never crashes', () => {
  it('reads and segments any text', () => {
    fc.assert(
      fc.property(sopish, (text) => {
        const doc = readText(text);
        const sops = segmentDocument(doc);
        expect(sops.length).toBeGreaterThanOrEqual(1);
        for (const s of sops) for (const step of s.procedure?.steps ?? []) expect(step.marks.length).toBe(s.procedure!.actors.length);
      }),
      { numRuns: 300 },
    );
  });

  it('turns any bytes into records or a typed error', () => {
    fc.assert(
      fc.property(fc.oneof(sopish.map((s) => new TextEncoder().encode(s)), fc.uint8Array({ maxLength: 400 })), (bytes) => {
        try {
          const r = processText('x.txt', bytes, sha256Of(bytes));
          expect(r.records.length).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(SopError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('normalisers return a value or null for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), sopish, (s, t) => {
        for (const x of [s, t]) {
          const d = parseDate(x);
          if (d !== null) expect(d).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
          const dur = parseDuration(x, 'minute');
          if (dur && dur.value !== null) expect(Number.isFinite(dur.value)).toBe(true);
          const c = parseCitation(x);
          expect(c.key).toMatch(/^[a-z]+:/);
          expect(typeof canonicalRole(x)).toBe('string');
          parseApprover(x, [], [], []);
          for (const item of splitItems([{ text: x, hardBreaks: false }], 'legalBases')) expect(item).not.toBe('');
        }
      }),
      { numRuns: 300 },
    );
  });
});
