import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readText } from '../src/read/text.js';
import { segmentDocument } from '../src/segment/index.js';
import { flatStep, readFlattenedProcedure, splitActorLabels } from '../src/segment/procedure/flattened.js';
import { toStream } from '../src/segment/stream.js';

/**
 * A web-page transcript of an SOP AP page (the genre of docplayer / fdokumen copies): identity
 * labels and values run together, then the procedure table as one paragraph whose Waktu numbers sit
 * inside the neighbouring cells, with the decision's Ya / Tidak labels and the column total.
 */
const TRANSCRIPT = [
  'PEMERINTAH KABUPATEN CONTOH KECAMATAN CONTOH NOMOR SOP : 12/SOP/KEC/2019 DISAHKAN OLEH CAMAT CONTOH',
  '',
  '2 Pelayanan Surat Keterangan Domisili No Uraian Kegiatan PELAKSANA Pemohon Staf Pelayanan Kasi Pemerintahan Camat Mutu Baku Kelengkapan Waktu Output Keterangan',
  '1 Mengajukan permohonan kepada Staf Pelayanan 1. Fotokopi KTP 2. Surat pengantar RT/RW Berkas permohonan',
  '2 Memeriksa kelengkapan berkas Berkas 15 menit permohonan Tidak Ya Berkas lengkap',
  '3 Memparaf konsep surat keterangan Konsep surat 30 menit Konsep surat berparaf',
  '4 Menandatangani surat keterangan Konsep surat berparaf Surat keterangan domisili 1 hari 2',
].join(' ');

describe('flattened procedure tables', () => {
  it('reads the steps of a paragraph transcript: activity, requirements, Waktu, output', () => {
    const rows = toStream(readText(TRANSCRIPT.replace(' 2 Pelayanan', '\n\n2 Pelayanan')));
    const seg = readFlattenedProcedure(rows, 0, rows.length)!;
    expect(seg.procedure.actors).toEqual(['Pemohon', 'Staf Pelayanan', 'Kasi Pemerintahan', 'Camat']);
    expect(seg.procedure.steps.map((s) => [s.number, s.activity, s.requirements, s.duration, s.output])).toEqual([
      [1, 'Mengajukan permohonan kepada Staf Pelayanan', '1. Fotokopi KTP 2. Surat pengantar RT/RW', null, 'Berkas permohonan'],
      [2, 'Memeriksa kelengkapan berkas', 'Berkas permohonan', '15 menit', 'Berkas lengkap'],
      [3, 'Memparaf konsep surat keterangan', 'Konsep surat', '30 menit', 'Konsep surat berparaf'],
      [4, 'Menandatangani surat keterangan', 'Konsep surat berparaf', '1 hari', 'Surat keterangan domisili'],
    ]);
    expect(seg.procedure.steps.every((s) => s.marks.length === 4 && s.marks.every((m) => m === null))).toBe(true);
  });

  it('gives the SOP its procedure (with a warning) only where no table with columns was found', () => {
    const [sop] = segmentDocument(readText(TRANSCRIPT.replace(' 2 Pelayanan', '\n\n2 Pelayanan')));
    expect(sop!.procedure!.steps).toHaveLength(4);
    expect(sop!.diagnostics.map((d) => d.code)).toContain('procedure-flattened');
    const gridded = ['No.\tUraian Prosedur\tPelaksana\tMutu Baku', '\t\tStaf\tKelengkapan\tWaktu\tOutput', '1\tMembuat surat\t□\tDraft\t1 jam\tSurat'].join('\n');
    const [table] = segmentDocument(readText(gridded));
    expect(table!.diagnostics.map((d) => d.code)).not.toContain('procedure-flattened');
  });

  it('splits the actor labels of a flattened header at the words that start role names', () => {
    expect(splitActorLabels('JFU sekretaris Lurah')).toEqual(['JFU', 'sekretaris', 'Lurah']);
    expect(splitActorLabels('Camat Sekretaris Camat Kasi Pemerintahan Staf')).toEqual(['Camat', 'Sekretaris Camat', 'Kasi Pemerintahan', 'Staf']);
    expect(splitActorLabels('Kepala Dinas Kepala Bidang Pengelola Data')).toEqual(['Kepala Dinas', 'Kepala Bidang', 'Pengelola Data']);
    expect(splitActorLabels('')).toEqual([]);
  });

  it('takes a Waktu value with its unit before an output that starts with a counted thing, and no unit for a step number', () => {
    const s = flatStep(1, 'Menerima berkas permohonan KTP 5 menit Berkas diterima', 0, 1);
    expect([s.activity, s.duration, s.output]).toEqual(['Menerima berkas permohonan KTP', '5 menit', 'Berkas diterima']);
    const rows = toStream(readText('PELAKSANA Staf Kelengkapan Waktu Output 1 Mengarsipkan surat Surat 5 Menit Arsip 2 Menyerahkan surat Surat 10 Menit Tanda terima'));
    expect(readFlattenedProcedure(rows, 0, rows.length)!.procedure.steps.map((x) => [x.number, x.activity, x.duration, x.output])).toEqual([
      [1, 'Mengarsipkan surat', '5 Menit', 'Arsip'], [2, 'Menyerahkan surat', '10 Menit', 'Tanda terima'],
    ]);
  });

  it('stays linear on hostile paragraphs: runs of numbers, header after header', () => {
    const t0 = performance.now();
    readFlattenedProcedure(toStream(readText(`Kelengkapan Waktu Output 1 Menerima surat${'  1'.repeat(60_000)}  x`)), 0, 1);
    const many = toStream(readText('Kelengkapan Waktu Output x\n'.repeat(8000)));
    expect(readFlattenedProcedure(many, 0, many.length)).toBeNull();
    expect(performance.now() - t0).toBeLessThan(10_000); // a hang guard (well under a second here), not a speed target
  });

  it('keeps quantities, citations and names with their cell, not as Waktu', () => {
    expect(flatStep(1, 'Menerima berkas Fotokopi KTP 2 lembar Berkas diterima', 0, 1).duration).toBeNull();
    expect(flatStep(1, 'Menyusun konsep sesuai Perbup Nomor 12 Tahun 2019 Konsep', 0, 1).duration).toBeNull();
    const s = flatStep(3, 'Menyampaikan berkas kepada Camat untuk ditandatangani Berkas 1 - 2 hari kerja Surat ditandatangani', 0, 1);
    expect([s.activity, s.requirements, s.duration, s.output]).toEqual(['Menyampaikan berkas kepada Camat untuk ditandatangani', 'Berkas', '1 - 2 hari kerja', 'Surat ditandatangani']);
  });

  it('recovers most cells of the seed procedures flattened the same way (fixtures/gold)', () => {
    const dir = new URL('../fixtures/gold/', import.meta.url);
    let n = 0;
    const same = { activity: 0, requirements: 0, duration: 0, output: 0 };
    for (const f of readdirSync(dir)) {
      const gold = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { steps: Array<{ activity: string; requirements: string | null; duration: { text: string } | null; output: string | null }> };
      for (const g of gold.steps) {
        const s = flatStep(1, [g.activity, g.requirements, g.duration?.text, g.output].filter(Boolean).join(' '), 0, 1);
        n++;
        if (s.activity === g.activity) same.activity++;
        if (s.requirements === g.requirements) same.requirements++;
        if (s.duration === (g.duration?.text ?? null)) same.duration++;
        if (s.output === g.output) same.output++;
      }
    }
    expect(n).toBe(54);
    // measured when the rules were written: 38, 36, 53 and 48 of 54
    expect(same.activity).toBeGreaterThanOrEqual(38);
    expect(same.requirements).toBeGreaterThanOrEqual(36);
    expect(same.duration).toBeGreaterThanOrEqual(53);
    expect(same.output).toBeGreaterThanOrEqual(48);
  });

  it('never throws on any text (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), fc.integer({ min: 0, max: 6 }), (body, actors) => {
      const s = flatStep(1, body, actors, 1);
      expect(s.marks).toHaveLength(actors);
      const rows = toStream(readText(`PELAKSANA Staf Kelengkapan Waktu Output ${body}`));
      readFlattenedProcedure(rows, 0, rows.length);
    }), { numRuns: 300 });
  });
});
