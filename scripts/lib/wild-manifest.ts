/**
 * The rows of `../shared/wild/MANIFEST.tsv` (its README: one row per file, tab-separated, named
 * columns): what `npm run eval` (by kind of file and agency) and `npm run eval:agreement` (the
 * born-digital PDFs) read of it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One file of the wild corpus. */
export interface WildEntry {
  id: string;
  /** The file's name in the folder. */
  file: string;
  /** pdf-text, pdf-scan, jpg-scan, jpg-render, docx, xls … */
  format: string;
  agency: string;
  /** Pages of the file (1 when the column is empty). */
  pages: number;
}

/** Reads `dir`/MANIFEST.tsv by its header's column names. Errors: the file system's, as thrown. */
export function readWildManifest(dir: string): WildEntry[] {
  const [head, ...lines] = readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const cols = head!.split('\t');
  const at = (name: string): number => cols.indexOf(name);
  return lines
    .map((l) => l.split('\t'))
    .map((c) => ({ id: c[at('id')]!, file: c[at('file')]!, format: c[at('format')]!, agency: c[at('agency')]!, pages: Number(c[at('pages')]) || 1 }));
}
