import { describe, expect, it } from 'vitest';
import { decodeNip, findNip } from '../src/normalise/nip.js';
import { canonicalGrade, findRankGrade, rankGradeMismatch } from '../src/normalise/rank.js';

describe('NIP', () => {
  it('finds NIPs written with spaces, dots and without', () => {
    expect(findNip('NIP. 19641112 199203 1 008')).toBe('196411121992031008'); // seed 004
    expect(findNip('NIP.197206051993031005')).toBe('197206051993031005'); // seed 001
    expect(findNip('NIP 196608251988021001')).toBe('196608251988021001'); // dev-doc 01
    expect(findNip('NIP.19850612 200412 001')).toBe('19850612200412001'); // seed 002: 17 digits, kept
    expect(findNip('Pembina Utama Madya NIP. 19661005 198703 1 010')).toBe('196610051987031010'); // seed 003
    expect(findNip('Nomor 35 Tahun 2012')).toBeNull();
  });

  it('decodes a valid NIP', () => {
    expect(decodeNip('19641112 199203 1 008')).toEqual({
      nip: '196411121992031008', valid: true, problem: null, birthDate: '1964-11-12', appointed: '1992-03', sex: 'male', sequence: 8,
    });
    expect(decodeNip('198506122004122001').sex).toBe('female');
  });

  it.each([
    ['19850612200412001', /18 digits, this one has 17/], // seed 002
    ['196413121992031008', /birth date/],
    ['196411121992131008', /appointment month/],
    ['196411121992033008', /sex digit/],
    ['196411121992031000', /sequence/],
  ])('rejects %s', (nip, why) => {
    const info = decodeNip(nip);
    expect(info.valid).toBe(false);
    expect(info.problem).toMatch(why);
    expect(info.nip).toBe(nip);
  });
});

describe('rank and grade', () => {
  it('reads them as written, never inferring one from the other', () => {
    expect(findRankGrade('EMIRDA ZISWATI, S.E.M.M PEMBINA , IV/C')).toMatchObject({ rank: 'Pembina', grade: 'IV/c' }); // seed 000
    expect(findRankGrade('Pembina Utama Muda (IV/c) NIP. 1964')).toMatchObject({ rank: 'Pembina Utama Muda', grade: 'IV/c' }); // seed 004
    expect(findRankGrade('Drs. MOKHAMAD YASIN, M.Si Pembina Utama Madya NIP.')).toMatchObject({ rank: 'Pembina Utama Madya', grade: null }); // seed 003
    expect(findRankGrade('Penata Tk. I III/d')).toMatchObject({ rank: 'Penata Tingkat I', grade: 'III/d' });
    expect(findRankGrade('Kepala BPS Provinsi Bengkulu')).toMatchObject({ rank: null, grade: null });
  });
  it('canonicalises grades', () => {
    expect(canonicalGrade('IV/C')).toBe('IV/c');
    expect(canonicalGrade('III-b')).toBe('III/b');
    expect(canonicalGrade('golongan')).toBeNull();
  });
  it('flags a rank that does not fit its grade (seed 000: Pembina, IV/c)', () => {
    expect(rankGradeMismatch('Pembina', 'IV/c')).toBe(true);
    expect(rankGradeMismatch('Pembina Utama Muda', 'IV/c')).toBe(false);
    expect(rankGradeMismatch('Pembina', null)).toBe(false);
  });
});
