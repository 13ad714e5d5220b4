import { describe, expect, it } from 'vitest';
import { canonicalRole, roleKey } from '../src/normalise/role.js';
import { actorRefs, kindOfMark, subjectActors } from '../src/normalise/actors.js';

describe('canonicalRole', () => {
  it('gives the same name to the same role spelt two ways (seeds 001 and 002)', () => {
    expect(canonicalRole('Kasubag PKP')).toBe('Kepala Subbagian Perencanaan, Keuangan dan Pelaporan');
    expect(canonicalRole('Kasubag Perencanaan, Keuangan dan Pelaporan')).toBe('Kepala Subbagian Perencanaan, Keuangan dan Pelaporan');
  });
  it.each([
    ['Sekda', 'Sekretaris Daerah'],
    ['Kabag Umum', 'Kepala Bagian Umum'],
    ['Kasubbag Kepegawaian, Program & Evaluasi', 'Kepala Subbagian Kepegawaian, Program dan Evaluasi'], // seed 003
    ['Ka.Subbag Umum dan Admistrasi', 'Kepala Subbagian Umum dan Administrasi'], // seed 004, misspelt
    ['Kasi', 'Kepala Seksi'],
    ['Irban', 'Inspektur Pembantu'],
    ['JFU', 'Jabatan Pelaksana'],
    ['Staf', 'Jabatan Pelaksana'],
    ['Jabatan Pelaksana', 'Jabatan Pelaksana'],
    ['Sekcam', 'Sekretaris Camat'],
    ['Asisten III', 'Asisten III'],
    ['Kepala BPS', 'Kepala BPS'],
    ['Subbag Anev', 'Subbagian Analisis dan Evaluasi'],
    ['Kasubag Umpeg', 'Kepala Subbagian Umum dan Kepegawaian'],
    ['SEKRETARIS DAERAH', 'Sekretaris Daerah'],
    ['Bagian-bagian dan fungsional', 'Bagian-bagian dan Fungsional'],
  ])('%s → %s', (label, canonical) => expect(canonicalRole(label)).toBe(canonical));

  it('keeps words that only extend a vocabulary word', () => {
    expect(canonicalRole('Tim Pelaksanaan')).toBe('Tim Pelaksanaan');
  });
  it('keys ignore punctuation and connectives', () => {
    expect(roleKey('Kepala Subbagian Perencanaan, Keuangan dan Pelaporan')).toBe(roleKey('Kepala Subbagian Perencanaan Keuangan & Pelaporan'));
  });
});

describe('step actors from text', () => {
  const actors = actorRefs(['Sekretaris Daerah', 'Asisten Administrasi Umum', 'Kepala Bagian Keuangan, Kepegawaian Dan', 'Kasubbag Kepegawaian, Program & Evaluasi', 'Jabatan Pelaksana']); // seed 003
  const names = (text: string): string[] => subjectActors(text, actors).map((i) => actors[i]!.label);
  it('takes the subject of the sentence', () => {
    expect(names('Asisten Administrasi Umum memerintahkan Kabag untuk membuat format permintaan data')).toEqual(['Asisten Administrasi Umum']);
    expect(names('Kasubbag menyampaikan format permintaan data kinerja Jabatan Pelaksana')).toEqual(['Kasubbag Kepegawaian, Program & Evaluasi']);
    expect(names('Kepala bagian menghimpun dan memvalidasi data kinerja')).toEqual(['Kepala Bagian Keuangan, Kepegawaian Dan']);
    expect(names('Jabatan pelaksana menyusun format data kinerja')).toEqual(['Jabatan Pelaksana']);
  });
  it('takes every participant of a meeting', () => {
    expect(names('Rapat Kepala bagian dengan kasubbag dan jabatan pelaksana untuk membahas pengisian format data kinerja')).toEqual([
      'Kepala Bagian Keuangan, Kepegawaian Dan', 'Kasubbag Kepegawaian, Program & Evaluasi', 'Jabatan Pelaksana',
    ]);
  });
  it('does not take a recipient or an object', () => {
    expect(names('Menyampaikan data kinerja kepada Kasubbag')).toEqual([]);
    expect(names('Perintah untuk melakukan pengumpulan data kinerja')).toEqual([]);
  });
  it('reads flowchart marks', () => {
    expect(kindOfMark('MULAI')).toBe('terminator');
    expect(kindOfMark('SELESAI')).toBe('terminator');
    expect(kindOfMark('□')).toBe('process');
    expect(kindOfMark('◇')).toBe('decision');
    expect(kindOfMark('Kotak Pengaduan')).toBeNull();
  });
});
