/**
 * Hostile and odd files, made in memory so that the tests show exactly what they hold: PDFs that
 * are encrypted or have no pages, a zip that declares a huge entry, a PNG header claiming 20000 ×
 * 20000 pixels.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** A PDF from numbered object bodies, with a correct cross-reference table. */
export function pdfOf(objects: string[], trailer: string): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} ${trailer} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A PDF whose catalogue has an empty page tree. */
export function pdfWithNoPages(): Buffer {
  return pdfOf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'], '/Root 1 0 R');
}

/** A PDF encrypted with the standard handler and a user password (the empty one does not open it). */
export function encryptedPdf(): Buffer {
  const hex = (n: number): string => '<' + Array.from({ length: 32 }, (_, i) => ((i * 37 + n) % 256).toString(16).padStart(2, '0')).join('') + '>';
  return pdfOf(
    ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>', `<< /Filter /Standard /V 1 /R 2 /O ${hex(1)} /U ${hex(7)} /P -44 >>`],
    `/Root 1 0 R /Encrypt 4 0 R /ID [${hex(3)} ${hex(3)}]`,
  );
}

/**
 * A zip holding `word/document.xml` whose directory declares `declared` bytes once inflated (a zip
 * bomb's signature), with a few real deflated bytes.
 */
export function zipDeclaring(name: string, declared: number): Buffer {
  const data = Buffer.from('<w:document/>');
  const packed = deflateRawSync(data);
  const crc = crc32(data);
  const fname = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(fname.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(fname.length, 28);
  const localBlock = Buffer.concat([local, fname, packed]);
  const centralBlock = Buffer.concat([central, fname]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralBlock.length, 12);
  end.writeUInt32LE(localBlock.length, 16);
  return Buffer.concat([localBlock, centralBlock, end]);
}

/** The first bytes of a PNG whose header claims `width` × `height` pixels, and nothing else. */
export function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  const chunk = Buffer.concat([Buffer.from('IHDR'), ihdr]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(13, 0);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(chunk), 0);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), len, chunk, crc]);
}
