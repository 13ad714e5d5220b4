/**
 * Finding the files `sop import` is given: files as named, directories walked recursively in a
 * stable order. Symlinked directories are followed once (a symlink loop is walked no further);
 * a path that does not exist or a directory that cannot be read is reported, not thrown.
 */
import { opendir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** Extensions the readers take: text, markdown, HTML, PDF, DOCX, XLSX and XLS, images. */
export const SUPPORTED_EXTENSIONS = new Set([
  '.txt', '.text', '.md', '.markdown', '.html', '.htm', '.xhtml', '.pdf', '.docx', '.xlsx', '.xls', '.png', '.jpg', '.jpeg', '.tif', '.tiff',
]);

export type Found =
  | { kind: 'file'; path: string; size: number; named: boolean }
  | { kind: 'unsupported'; path: string; named: boolean }
  | { kind: 'error'; path: string; code: 'not-found' | 'unreadable'; message: string };

/** True when a file name has an extension a reader takes. */
export function isSupported(path: string): boolean {
  return SUPPORTED_EXTENSIONS.has(extname(path).toLowerCase());
}

/**
 * Yields every file under the inputs. Named files are yielded whatever their extension (the reader
 * decides); files found in directories only when their extension is supported, others as
 * `unsupported` so that nothing is passed over silently.
 */
export async function* discover(inputs: string[]): AsyncGenerator<Found> {
  const seenDirs = new Set<string>();
  for (const input of inputs) {
    let st;
    try {
      st = await stat(input);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      yield code === 'ENOENT' || code === 'ENOTDIR'
        ? { kind: 'error', path: input, code: 'not-found', message: 'no such file or directory' }
        : { kind: 'error', path: input, code: 'unreadable', message: (e as Error).message };
      continue;
    }
    if (st.isDirectory()) yield* walk(input, seenDirs);
    else if (st.isFile()) yield { kind: 'file', path: input, size: st.size, named: true };
    else yield { kind: 'error', path: input, code: 'unreadable', message: 'not a regular file or directory' };
  }
}

async function* walk(dir: string, seen: Set<string>): AsyncGenerator<Found> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch (e) {
    yield { kind: 'error', path: dir, code: 'unreadable', message: (e as Error).message };
    return;
  }
  if (seen.has(real)) return;
  seen.add(real);
  let names: string[];
  try {
    const handle = await opendir(dir);
    names = [];
    for await (const entry of handle) names.push(entry.name);
  } catch (e) {
    yield { kind: 'error', path: dir, code: 'unreadable', message: `directory cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    return;
  }
  names.sort();
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    let st;
    try {
      st = await stat(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // a dangling symlink or a symlink loop (ELOOP)
      yield { kind: 'error', path, code: code === 'ENOENT' ? 'not-found' : 'unreadable', message: code === 'ELOOP' ? 'symbolic link loop' : (e as Error).message };
      continue;
    }
    if (st.isDirectory()) yield* walk(path, seen);
    else if (st.isFile()) yield isSupported(path) ? { kind: 'file', path, size: st.size, named: false } : { kind: 'unsupported', path, named: false };
  }
}
