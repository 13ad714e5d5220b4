/**
 * Human-readable output of the CLI: tables (cli-table3) sized to the terminal, and the one-line
 * summary of an imported file.
 */
import Table from 'cli-table3';
import type { SopRecord } from '../record/schema.js';
import type { FileResult } from '../import/importer.js';

/** Shortens text to `max` characters with an ellipsis. */
export function clip(s: string | null | undefined, max: number): string {
  if (!s) return '';
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** A table with a header row; cells are strings or numbers. */
export function table(head: string[], rows: Array<Array<string | number | null>>, widths?: number[]): string {
  const t = new Table({
    head,
    style: { head: [], border: [] },
    wordWrap: true,
    ...(widths ? { colWidths: widths } : {}),
  });
  for (const r of rows) t.push(r.map((c) => (c === null ? '' : String(c))));
  return t.toString();
}

/** Key / value pairs as a two-column table. */
export function pairs(rows: Array<[string, string | number | null]>): string {
  const t = new Table({ style: { head: [], border: [] }, wordWrap: true, colWidths: [20, 80] });
  for (const [k, v] of rows) t.push([k, v === null ? '' : String(v)]);
  return t.toString();
}

const MARK: Record<FileResult['status'], string> = {
  imported: 'ok', partial: 'PARTIAL', failed: 'FAILED', duplicate: 'dup', skipped: 'skip', unchanged: 'same',
};

/** For a decision step (a diamond), its branches under the activity: `◇ Ya → 3, Tidak → 1` (`?` where not recovered). */
function decisionLine(s: SopRecord['steps'][number]): string {
  if (s.kind !== 'decision') return '';
  return `\n◇ Ya → ${s.next?.yes ?? '?'}, Tidak → ${s.next?.no ?? '?'}`;
}

/**
 * One line per file for `sop import`: status, file, and per SOP its title, steps, legal bases and
 * diagnostics; or the reason it failed (now, or before for a file not read again).
 */
export function fileLine(r: FileResult): string {
  const head = `${MARK[r.status].padEnd(7)} ${r.path}`;
  if (r.status === 'unchanged' && r.errorCode) return `${head}: failed before (${r.errorCode}): ${r.error ?? ''}`;
  if (r.sops.length === 0) return r.error ? `${head}: ${r.error}` : head;
  const lines = r.sops.map((s, i) => {
    const diag = s.errors ? `${s.errors} error(s), ${s.warnings} warning(s)` : `${s.warnings} warning(s)`;
    const prefix = i === 0 ? head : `${' '.repeat(8)}${r.path} #${i + 1}`;
    return `${prefix} | ${clip(s.title ?? '(no title)', 50)} | ${s.steps} steps | ${s.legalBases} legal bases | ${diag}`;
  });
  if (r.status === 'partial' && r.error) lines.push(`${' '.repeat(8)}${r.error}`);
  return lines.join('\n');
}

/** The readable view of one record for `sop show`. */
export function showRecord(r: SopRecord): string {
  const a = r.identity.approver;
  const out: string[] = [];
  out.push(`${r.identity.title ?? '(no title)'}  [${r.id}]`);
  out.push(
    pairs([
      ['File', r.source.path],
      ['Nomor SOP', r.identity.number],
      ['Organisation', r.identity.organization],
      ['Unit', r.identity.unit],
      ['Created', r.identity.createdDate],
      ['Revised', r.identity.revisedDate],
      ['Effective', r.identity.effectiveDate],
      ['Approved', r.identity.approvedDate],
      ['Approver', [a.position, a.name, [a.rank, a.grade].filter(Boolean).join(' '), a.nip ? `NIP ${a.nip}` : null].filter(Boolean).join(' · ') || null],
    ]),
  );
  if (r.legalBases.length) {
    out.push('Dasar Hukum');
    out.push(table(['type', 'issuer', 'number', 'year', 'subject'], r.legalBases.map((l) => [l.type, l.issuer, l.number, l.year, clip(l.subject ?? l.text, 60)]), [10, 22, 12, 6, 62]));
  }
  for (const [label, list] of [
    ['Kualifikasi Pelaksana', r.qualifications],
    ['Keterkaitan', r.relatedSops],
    ['Peralatan/Perlengkapan', r.equipment],
    ['Peringatan', r.warnings],
    ['Pencatatan dan Pendataan', r.recordKeeping],
  ] as const) {
    if (list.length) out.push(`${label}\n${list.map((x, i) => `  ${i + 1}. ${x}`).join('\n')}`);
  }
  if (r.actors.length) out.push(`Pelaksana: ${r.actors.map((x) => (x.canonical && x.canonical !== x.label ? `${x.label} (${x.canonical})` : x.label)).join('; ')}`);
  if (r.steps.length) {
    out.push(
      table(
        ['No', 'Uraian Prosedur', 'Pelaksana', 'Kelengkapan', 'Waktu', 'Output'],
        r.steps.map((s) => [s.number, clip(s.activity, 70) + decisionLine(s), s.actors.join(', '), clip(s.requirements, 24), s.duration?.text ?? '', clip(s.output, 24)]),
        [5, 46, 18, 18, 10, 18],
      ),
    );
  }
  if (r.diagnostics.length) out.push(`Diagnostics\n${r.diagnostics.map((d) => `  ${d.level} ${d.code}: ${d.message}`).join('\n')}`);
  return out.join('\n\n');
}
