/**
 * The audit commands as a user runs them (the built CLI) on the corpus: tables by default, JSON
 * with --json, exit codes, --help.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/program.js';

const cli = fileURLToPath(new URL('../dist/src/cli/sop.js', import.meta.url));
const corpus = fileURLToPath(new URL('../corpus/', import.meta.url));
let dir: string;
let db: string;

function sop(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args, ...(args.includes('--help') || args[0] === 'schema' ? [] : ['--db', db])], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const json = <T>(...args: string[]): T => {
  const r = sop(...args, '--json');
  expect(r.err).toBe('');
  return JSON.parse(r.out) as T;
};
const file = (path: string): string => path.split('/').pop()!.slice(0, 3);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sop-audit-'));
  db = join(dir, 'sop.db');
  expect(spawnSync(process.execPath, [cli, 'import', corpus, '--db', db]).status).toBe(0);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sop cites and legal-bases', () => {
  it('finds the SOPs of a regulation however it is written', () => {
    type Cites = { regulations: Array<{ key: string; total: number; sops: Array<{ path: string }> }> };
    for (const spelling of [['PermenPAN-RB', '35/2012'], ['Peraturan Menteri Negara Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 Tahun 2012']]) {
      const r = json<Cites>('cites', ...spelling);
      expect(r.regulations.map((x) => [x.key, x.sops.map((s) => file(s.path))])).toEqual([['permen:panrb:35:2012', ['004', '003']]]);
    }
    const table = sop('cites', 'PP 60/2008');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^pp::60:2008: 1 SOP\(s\) · Sistem Pengendalian Intern Pemerintah/);
    expect(table.out).toMatch(/003_d55e84fb4eb038f4\.txt .* cited/);
    expect(sop('cites', 'SPIP')).toMatchObject({ code: 1, err: expect.stringMatching(/cannot read a regulation number and year in "SPIP"/) });
  });

  it('filters legal bases by type and year, with counts', () => {
    const permen = json<Array<{ key: string; count: number }>>('legal-bases', '--type', 'permen');
    expect(permen.map((l) => [l.key, l.count])).toEqual([
      ['permen:panrb:29:2010', 2], ['permen:panrb:35:2012', 2], ['permen:dalam-negeri:73:2009', 1],
      ['permen:dalam-negeri:52:2011', 1], ['permen:panrb:53:2014', 1], ['permen:dalam-negeri:86:2017', 1],
    ]);
    expect(sop('legal-bases', '--year', '2021').out).toMatch(/3 regulations, 3 citations/);
    expect(sop('legal-bases', '--with-amended').out).toMatch(/16 regulations/);
    expect(sop('legal-bases', '--year', 'last').code).toBe(2);
  });
});

describe('sop compare', () => {
  it('aligns the steps of seeds 001 and 002', () => {
    const c = json<{ summary: Record<string, number>; durations: { delta: number } }>('compare', '001_51dbded0528e22f1.txt', '002_73c36ed984910bbc.txt');
    expect(c.summary).toEqual({ same: 4, similar: 9, changed: 0, 'only-a': 0, 'only-b': 0 });
    expect(c.durations.delta).toBe(-495);
    const t = sop('compare', '001_51dbded0528e22f1.txt', '002_73c36ed984910bbc.txt');
    expect(t.out).toMatch(/Actors: 4 roles in common, 1 only in A, 0 only in B/);
    expect(t.out).toMatch(/Kasubag Perencanaan, Keuangan dan Pelaporan │ Kasubag PKP/);
    expect(sop('compare', '001_51dbded0528e22f1.txt', 'nothing')).toMatchObject({ code: 1, err: expect.stringMatching(/no SOP matches "nothing"/) });
  });
});

describe('sop similar', () => {
  it('clusters seeds 001 and 002 only', () => {
    const r = json<{ clusters: Array<{ members: Array<{ path: string; similarity: number }> }> }>('similar');
    expect(r.clusters.map((c) => c.members.map((m) => [file(m.path), m.similarity]))).toEqual([[['001', 1], ['002', 0.58]]]);
    expect(sop('similar', '--threshold', '0.6').out).toMatch(/^0 cluster\(s\) holding 0 of 5 SOPs at threshold 0\.6/m);
    expect(sop('similar', '--threshold', '2').code).toBe(2);
  });
});

describe('sop check', () => {
  it('reports findings, exits 0, and 1 with --strict', () => {
    const r = sop('check');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/000_64e8e44553c70391\.txt .* warning .* rank-grade .* pangkat Pembina does not fit golongan IV\/c/);
    expect(r.out).toMatch(/002_73c36ed984910bbc\.txt .* step-duration .* steps 12–13 .* 2× no Waktu/);
    expect(r.out).toMatch(/5 SOP\(s\) checked: 7 error\(s\), 51 warning\(s\), 8 not checkable/);
    expect(sop('check', '--strict').code).toBe(1);
    const one = json<{ sops: number; findings: Array<{ rule: string }> }>('check', '003_d55e84fb4eb038f4.txt');
    expect(one.sops).toBe(1);
    expect(one.findings.filter((f) => f.rule === 'legal-basis-parseable')).toHaveLength(1);
  });
});

describe('sop search, stats, export-tables, schema', () => {
  it('searches with stemming', () => {
    const r = json<{ total: number; hits: Array<{ path: string }> }>('search', 'memantau');
    expect(r.hits.map((h) => file(h.path))).toEqual(['000', '001']);
    expect(sop('search', 'memantau', '--exact').out).toMatch(/^0 SOP\(s\) match/m);
  });

  it('prints corpus statistics', () => {
    const s = json<{ sops: number; steps: { median: number } }>('stats');
    expect([s.sops, s.steps.median]).toEqual([5, 13]);
    expect(sop('stats').out).toMatch(/│ total time │ 5 │ 3 d 20 min │/);
  });

  it('exports CSV and XLSX tables', () => {
    const csv = join(dir, 'tables');
    expect(json('export-tables', '--out', csv)).toEqual({ sops: 5, steps: 54, legal_bases: 19, actors: 22 });
    expect(readFileSync(join(csv, 'sops.csv'), 'utf8').split('\n')[0]).toMatch(/^id,path,sha256,format,text_layer,title,/);
    const xlsx = join(dir, 'sop.xlsx');
    expect(sop('export-tables', '--format', 'xlsx', '--out', xlsx).out).toMatch(/sops: 5 rows, steps: 54 rows, legal_bases: 19 rows, actors: 22 rows/);
    expect(existsSync(xlsx)).toBe(true);
    expect(sop('export-tables', '--format', 'ods', '--out', xlsx).code).toBe(2);
  });

  it('prints the JSON Schema shipped with the code', () => {
    const r = sop('schema');
    expect(JSON.parse(r.out)).toEqual(JSON.parse(readFileSync(new URL('../src/record/sop-record.schema.json', import.meta.url), 'utf8')));
  });

  it('has --help', () => {
    const r = sop('cites', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: sop cites \[options\] <citation\.\.\.>/);
  });

  // the help of every command, read in-process (a spawn per command costs a second each)
  it.each(['cites', 'legal-bases', 'compare', 'similar', 'check', 'search', 'stats', 'export-tables', 'schema'])('describes %s and its options', (cmd) => {
    const help = buildProgram().commands.find((c) => c.name() === cmd)!.helpInformation();
    expect(help).toMatch(new RegExp(`Usage: sop ${cmd}`));
    if (cmd !== 'schema') expect(help).toMatch(/--db <path> +SQLite database \(default: "out\/sop\.db"\)/);
    if (cmd !== 'schema') expect(help).toMatch(/--json/);
  });
});
