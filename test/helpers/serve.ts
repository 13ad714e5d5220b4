/**
 * A small imported corpus for the tests of `sop serve`: three seed texts, the born-digital PDF
 * rendition of seed 001, a text whose cells hold markup (entity-encoded in the file, so the record
 * holds `<script>` and `<img onerror>` as text), an empty file (failed) and an identity table
 * without its procedure (partial). The PDF's record is given `provenance` by hand, in PDF points
 * from the page's top-left corner as SOP-RECORD.md defines it, from the words of the PDF's own
 * text layer (the pipeline does not fill provenance yet).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPaths } from '../../src/import/importer.js';
import { openPdf } from '../../src/read/pdf.js';
import type { Region, SopRecord } from '../../src/record/schema.js';
import type { Db } from '../../src/store/db.js';

const corpus = fileURLToPath(new URL('../../corpus/', import.meta.url));
const renditions = fileURLToPath(new URL('../../fixtures/renditions/', import.meta.url));

export interface ServedCorpus {
  files: string;
  /** Record ids. */
  pdf: string;
  markup: string;
  seed000: string;
  seed001: string;
  /** documents.id of the PDF and of the empty file. */
  pdfDoc: number;
  failedDoc: number;
  /** The title's region on the PDF page (points). */
  titleBox: Region;
}

/** The markup the `markup.txt` record holds in step 1's activity. */
export const MARKUP = '<script>alert(1)</script> <img src=x onerror=alert(2)>';

/** Imports the corpus into `db` (files copied into `dir`), gives the PDF record its provenance. */
export async function servedCorpus(db: Db, dir: string): Promise<ServedCorpus> {
  const files = join(dir, 'files');
  mkdirSync(files, { recursive: true });
  for (const f of ['000_64e8e44553c70391.txt', '001_51dbded0528e22f1.txt', '002_73c36ed984910bbc.txt']) copyFileSync(join(corpus, f), join(files, f));
  copyFileSync(join(renditions, '001_51dbded0528e22f1.pdf'), join(files, 'rendition.pdf'));
  const seed = readFileSync(join(corpus, '001_51dbded0528e22f1.txt'), 'utf8');
  writeFileSync(join(files, 'markup.txt'), seed.replace('Membuat format isian', 'Membuat &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; format isian'));
  writeFileSync(join(files, 'empty.txt'), '');
  writeFileSync(join(files, 'identity-only.txt'), 'PEMERINTAH KABUPATEN PESISIR SELATAN\nNomor SOP\t800/01/2024\nTanggal Pembuatan\t1 Maret 2024\nNama SOP\tPelayanan Surat\nDasar Hukum\n1. UU Nomor 23 Tahun 2014 tentang Pemerintahan Daerah\n');
  await importPaths(db, [files]);

  const idOf = (name: string): string => db.prepare("SELECT s.id FROM sops s JOIN documents d ON d.id = s.document_id WHERE d.path LIKE '%' || ?").pluck().get(name) as string;
  const docOf = (name: string): number => db.prepare("SELECT id FROM documents WHERE path LIKE '%' || ?").pluck().get(name) as number;
  const pdf = idOf('rendition.pdf');
  const record = JSON.parse(db.prepare('SELECT record_json FROM sops WHERE id = ?').pluck().get(pdf) as string) as SopRecord;
  const doc = await openPdf(readFileSync(join(files, 'rendition.pdf')));
  const page = await doc.page(1);
  await doc.close();
  const region = (text: string): Region => {
    const w = page.words.find((x) => x.text.startsWith(text))!;
    return { page: 1, box: [w.box.x0, w.box.y0, w.box.x1, w.box.y1], unit: 'pt' };
  };
  const titleBox = region(record.identity.title!);
  record.provenance = { 'identity/title': [titleBox], 'identity/number': [region(record.identity.number!)], 'steps/0': [region('Membuat format isian')] };
  db.prepare('UPDATE sops SET record_json = ? WHERE id = ?').run(JSON.stringify(record), pdf);
  return { files, pdf, markup: idOf('markup.txt'), seed000: idOf('000_64e8e44553c70391.txt'), seed001: idOf('001_51dbded0528e22f1.txt'), pdfDoc: docOf('rendition.pdf'), failedDoc: docOf('empty.txt'), titleBox };
}
