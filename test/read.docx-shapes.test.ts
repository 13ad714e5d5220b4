/**
 * Flowchart symbols drawn as Word shapes in a DOCX procedure table (docx-shapes.ts). The DOCX is
 * made here from WordprocessingML as Word 2010+ writes it: each symbol an `mc:AlternateContent`
 * holding a DrawingML shape (`wps:wsp`, `a:prstGeom`) with its VML fallback, anchored in the
 * paragraph of the cell it sits in; beside them a connector, a text box holding `Ya` and the
 * logo picture of the title block, which are no symbols.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { processBytes, sha256Of } from '../src/import/pipeline.js';
import { shapesToGlyphs, symbolOf } from '../src/read/docx-shapes.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" mc:Ignorable="wps"';

/** A shape as Word writes it: DrawingML in mc:Choice, VML in mc:Fallback. */
function shape(prst: string, vml: string, opts: { outline?: boolean; text?: string } = {}): string {
  const line = opts.outline === false ? '<a:ln><a:noFill/></a:ln>' : '<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>';
  const txbx = opts.text ? `<wps:txbx><w:txbxContent><w:p><w:r><w:t>${opts.text}</w:t></w:r></w:p></w:txbxContent></wps:txbx>` : '';
  return `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>50800</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>38100</wp:posOffset></wp:positionV><wp:extent cx="457200" cy="228600"/><wp:wrapNone/><wp:docPr id="1" name="Shape"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="457200" cy="228600"/></a:xfrm><a:prstGeom prst="${prst}"><a:avLst/></a:prstGeom>${line}</wps:spPr>${txbx}<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>${vml}</w:pict></mc:Fallback></mc:AlternateContent></w:r>`;
}
const PROCESS = shape('flowChartProcess', '<v:shape type="#_x0000_t109" style="width:36pt;height:18pt"/>');
const DECISION = shape('flowChartDecision', '<v:shape type="#_x0000_t110" style="width:36pt;height:18pt"/>');
const TERMINATOR = shape('flowChartTerminator', '<v:shape type="#_x0000_t116" style="width:36pt;height:18pt"/>');
const CONNECTOR = shape('straightConnector1', '<v:shape type="#_x0000_t32" style="width:0;height:18pt"/>');
const YA = shape('rect', '<v:rect stroked="f"><v:textbox><w:txbxContent><w:p><w:r><w:t>Ya</w:t></w:r></w:p></w:txbxContent></v:textbox></v:rect>', { outline: false, text: 'Ya' });
const LOGO = '<w:r><w:drawing><wp:inline><wp:extent cx="600000" cy="600000"/><wp:docPr id="9" name="Logo"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rId9"/></pic:blipFill><pic:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>';

const p = (...runs: string[]): string => `<w:p>${runs.join('')}</w:p>`;
const t = (text: string): string => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
const cell = (...paras: string[]): string => `<w:tc>${paras.length ? paras.join('') : p()}</w:tc>`;
const row = (...cells: string[]): string => `<w:tr>${cells.join('')}</w:tr>`;

/** A one-page SOP AP document: title block with a logo, identity table, procedure table with drawn symbols. */
function documentXml(): string {
  const identity = `<w:tbl>${[
    ['Nomor SOP', '12/SOP/KEC/2023'], ['Tanggal Pembuatan', '2 Januari 2023'], ['Disahkan oleh', 'Camat Contoh'], ['Nama SOP', 'Pelayanan Surat Keterangan'],
  ].map(([k, v]) => row(cell(p(t(k!))), cell(p(t(v!))))).join('')}</w:tbl>`;
  const header = row(cell(p(t('No'))), cell(p(t('Uraian Prosedur'))), cell(p(t('Pemohon'))), cell(p(t('Staf'))), cell(p(t('Camat'))), cell(p(t('Kelengkapan'))), cell(p(t('Waktu'))), cell(p(t('Output'))));
  const steps = [
    row(cell(p(t('1'))), cell(p(t('Mengajukan permohonan'))), cell(p(TERMINATOR, CONNECTOR)), cell(), cell(), cell(p(t('KTP'))), cell(p(t('5 menit'))), cell(p(t('Berkas')))),
    row(cell(p(t('2'))), cell(p(t('Memeriksa kelengkapan berkas'))), cell(), cell(p(DECISION, YA, CONNECTOR)), cell(), cell(p(t('Berkas'))), cell(p(t('10 menit'))), cell(p(t('Berkas lengkap')))),
    row(cell(p(t('3'))), cell(p(t('Menandatangani surat keterangan'))), cell(), cell(), cell(p(PROCESS)), cell(p(t('Konsep surat'))), cell(p(t('1 hari'))), cell(p(t('Surat keterangan')))),
  ];
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${p(LOGO, t('PEMERINTAH KABUPATEN CONTOH'))}${p(t('KECAMATAN CONTOH'))}${identity}${p()}<w:tbl>${header}${steps.join('')}</w:tbl><w:sectPr/></w:body></w:document>`;
}

async function docx(xml: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  zip.file('word/document.xml', xml);
  zip.file('word/_rels/document.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/logo.png"/></Relationships>');
  // a 1×1 PNG
  zip.file('word/media/logo.png', Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==', 'base64'));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('flowchart symbols drawn as Word shapes', () => {
  it('tells symbols from connectors, Ya labels and pictures', () => {
    expect([PROCESS, DECISION, TERMINATOR].map(symbolOf)).toEqual(['process', 'decision', 'terminator']);
    expect([CONNECTOR, YA, LOGO].map(symbolOf)).toEqual([null, null, null]);
    // VML alone (older files), and a group whose symbols cannot be placed
    expect(symbolOf('<w:pict><v:shape type="#_x0000_t110" style="width:36pt"/></w:pict>')).toBe('decision');
    expect(symbolOf('<w:pict><v:rect style="width:36pt"/></w:pict>')).toBe('process');
    expect(symbolOf('<w:drawing><wpg:wgp><wps:wsp><a:prstGeom prst="flowChartProcess"/></wps:wsp></wpg:wgp></w:drawing>')).toBeNull();
    expect(shapesToGlyphs(p(PROCESS, CONNECTOR)).xml).toBe(`<w:p>${PROCESS.replace('<w:r>', '<w:r><w:t xml:space="preserve">▭</w:t>')}${CONNECTOR}</w:p>`);
    // Word's own text box (outlined, `txBox="1"`) and an outlined Ya label read from both versions of the shape
    const textBox = shape('rect', '<v:shape type="#_x0000_t202"><v:textbox><w:txbxContent><w:p><w:r><w:t>Berkas dikembalikan</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape>', { text: 'Berkas dikembalikan' }).replace('<wps:cNvSpPr/>', '<wps:cNvSpPr txBox="1"/>');
    const outlinedYa = shape('rect', '<v:rect><v:textbox><w:txbxContent><w:p><w:r><w:t>Ya</w:t></w:r></w:p></w:txbxContent></v:textbox></v:rect>', { text: 'Ya' });
    expect([textBox, outlinedYa].map(symbolOf)).toEqual([null, null]);
  });

  it('stays linear on objects that never close and on self-closing ones', () => {
    const xml = '<w:p><w:r><w:pict/></w:r></w:p>'.repeat(80_000) + '<w:p><w:r><w:drawing>'.repeat(2_000) + PROCESS;
    const t0 = performance.now();
    expect(shapesToGlyphs(xml).symbols).toBe(1);
    expect(performance.now() - t0).toBeLessThan(5_000); // a hang guard (tens of ms here), not a speed target
  });

  it('gives each step the actor whose column holds its symbol, and the step kind', async () => {
    const bytes = await docx(documentXml());
    const { records } = await processBytes('shapes.docx', bytes, sha256Of(bytes));
    const r = records[0]!;
    expect(r.identity.title).toBe('Pelayanan Surat Keterangan');
    expect(r.steps.map((s) => [s.number, s.actors, s.actorsFrom, s.kind])).toEqual([
      [1, ['Pemohon'], 'mark', 'terminator'],
      [2, ['Staf'], 'mark', 'decision'],
      [3, ['Camat'], 'mark', 'process'],
    ]);
    expect(r.steps.map((s) => s.requirements)).toEqual(['KTP', 'Berkas', 'Konsep surat']);
  });

  it('leaves a DOCX without shapes byte for byte to mammoth', async () => {
    const xml = documentXml().replace(/<w:r><mc:AlternateContent>[\s\S]*?<\/mc:AlternateContent><\/w:r>/g, '');
    expect(shapesToGlyphs(xml)).toEqual({ xml, symbols: 0 });
    const bytes = await docx(xml);
    const { records } = await processBytes('plain.docx', bytes, sha256Of(bytes));
    expect(records[0]!.steps.every((s) => s.actors.length === 0)).toBe(true);
  });
});
