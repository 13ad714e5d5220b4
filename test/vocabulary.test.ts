import { describe, expect, it } from 'vitest';
import { anyPhrase, DECISION_ANSWER, HEAD_ABBREVIATIONS, MONTH_NUMBER } from '../src/vocabulary/index.js';
import { headerUnit, parseDuration } from '../src/normalise/duration.js';
import { headerRole } from '../src/segment/procedure/header.js';
import { labelOf } from '../src/segment/labels.js';

describe('vocabulary', () => {
  it('compiles phrases with optional spaces, optional final dots and slashes with spaces', () => {
    const re = new RegExp(`^${anyPhrase(['Persyaratan/Perlengkapan', 'No. Dok.'])}$`, 'i');
    for (const s of ['Persyaratan/Perlengkapan', 'Persyaratan / Perlengkapan', 'PERSYARATAN/ PERLENGKAPAN', 'No. Dok.', 'No Dok', 'No.Dok']) expect(re.test(s)).toBe(true);
    expect(re.test('Persyaratan')).toBe(false);
  });
  it('gives every reader the same words: header words, labels, answers, months, units', () => {
    expect(['Kegiatan', 'Aktivitas/Kegiatan', 'Mutu Buku', 'Persyaratan/ Perlengkapan', 'Waktu (Menit)', 'Mutu Baku/Output', 'Deskripsi'].map((t) => headerRole(t)))
      .toEqual(['activity', 'activity', 'group', 'requirements', 'duration', 'output', 'description']);
    expect(['Dokumen No.', 'No. Dokumen', 'PERNGATAN', 'Kualitas Pelaksana'].map((t) => labelOf(t))).toEqual(['number', 'number', 'warnings', 'qualifications']);
    expect(['Ya', 'Tidak', 'T', 'Y', 'tdk'].every((a) => DECISION_ANSWER.test(a))).toBe(true);
    expect(DECISION_ANSWER.test('Tersedia')).toBe(false);
    expect([MONTH_NUMBER.get('pebruari'), MONTH_NUMBER.get('agt'), MONTH_NUMBER.get('nopember')]).toEqual([2, 8, 11]);
    expect(HEAD_ABBREVIATIONS).toContainEqual(['kabag', 'kepala bagian']);
  });
  it('names a header cell through the specks OCR reads on it (mojibake rendition page 1), never a step\'s cell', () => {
    expect(['5\nUraian Prosedur', 'Uraian5 Prosedur', 'Uraian 5 Prosedur', '-\nWaktu'].map((t) => headerRole(t))).toEqual(['activity', 'activity', 'activity', 'duration']);
    expect(['2 Jam', 'Waktu 2', 'Output 3', '5'].map((t) => headerRole(t))).toEqual([null, null, null, null]);
  });
  it('reads a section heading naming a list in brackets after a name of its own (wild 022), not any bracketed words', () => {
    expect(labelOf('5. DOKUMEN PENDUKUNG (PENCATATAN DAN PENDATAAN)')).toBe('recordKeeping');
    expect(labelOf('Sarana (Peralatan/Perlengkapan)')).toBe('equipment');
    expect([labelOf('Surat Keputusan (SK) Kepala'), labelOf('Pelaksana (Pegawai)'), labelOf('Dokumen (No.)')]).toEqual([null, null, null]);
    // the same template's numbered section without brackets; without its number the words name a Kelengkapan column
    expect([labelOf('5. DOKUMEN PENDUKUNG'), labelOf('Dokumen Pendukung'), headerRole('Dokumen Pendukung')]).toEqual(['recordKeeping', null, 'requirements']);
  });
  it('reads `hr` as hari (a day), and a one-letter unit only in a Waktu header\'s brackets', () => {
    expect(parseDuration('3 hr')?.unit).toBe('day');
    expect(parseDuration('30 m')).toBeNull();
    expect([headerUnit('Waktu (hk)'), headerUnit('Waktu (m)'), headerUnit('Waktu (Jam)')]).toEqual(['day', 'minute', 'hour']);
  });
});
