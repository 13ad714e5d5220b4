import { describe, expect, it } from 'vitest';
import { dateLine, parseDate } from '../src/normalise/date.js';

describe('parseDate', () => {
  it.each([
    ['22 Desember 2023', '2023-12-22'], // seed 000
    ['13 Agustus 2024', '2024-08-13'], // seed 001
    ['01 November 2021', '2021-11-01'], // seed 004
    ['2 Juni 2025', '2025-06-02'], // dev-doc 01
    ['24 Februari 2025', '2025-02-24'], // dev-doc 03
    ['30 Nopember 2012', '2012-11-30'], // dev-doc 12: Nopember
    ['2 Januari 2013', '2013-01-02'],
    ['01-11-2021', '2021-11-01'], // DOMAIN.md
    ['1/11/2021', '2021-11-01'],
    ['2021-11-01', '2021-11-01'],
    ['5 Agt 2020', '2020-08-05'],
    ['7 Sept. 2019', '2019-09-07'],
    ['2021', '2021'], // seed 003: a year only
    ['Agustus 2023', '2023-08'], // dev-docs README: month and year
  ])('%s → %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it.each([['-'], [''], ['Kepala BPS Provinsi Bengkulu'], ['31 Februari 2023'], ['04 Januari Desember Januari 2016'], ['12345'], ['13/13/2021']])('%s is not a date', (text) => {
    expect(parseDate(text)).toBeNull();
  });
});

describe('dateLine', () => {
  it.each([
    ['13 Februari 2022', '2022-02-13'], // wild 018, under a signature
    ['13/02/2022', '2022-02-13'],
    ['Jombang, 2 Januari 2023', '2023-01-02'],
    ['Kepala Diskominfo Provinsi Kaltim', null],
    ['Muhammad Faisal 13 Februari 2022', null],
    ['Februari 2022', null], // no day: not the day of signing
    ['2022', null],
  ])('%s → %s', (line, iso) => {
    expect(dateLine(line)).toBe(iso);
  });
});
