/**
 * Finding the files `sop import` is given: files as named, directories walked recursively in a
 * stable order. Symlinked directories are followed once (a symlink loop is walked no further);
 * a path that does not exist or a directory that cannot be read is reported, not thrown.
 *
 * A file's path is its identity in the store (README, "Path identities"): the canonical real
 * path, absolute with every symbolic link resolved (`realpath`), so that `sop import .` and
 * `sop import /abs/dir`, or a file and a link to it, name one document. A file reached twice in
 * one walk is yielded once. A path that does not exist is reported absolute, as resolved from the
 * current folder.
 */
import { opendir, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';

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

export interface DiscoverOptions {
  /** Real paths passed over in silence: the database's own files when it lies inside an imported folder. */
  exclude?: ReadonlySet<string>;
}

/** The state of one walk: directories and files already met, by real path. */
interface Walk {
  dirs: Set<string>;
  files: Set<string>;
  exclude: ReadonlySet<string>;
}

/**
 * Yields every file under the inputs, by real path (see above). Named files are yielded whatever
 * their extension (the reader decides); files found in directories only when their extension is
 * supported, others as `unsupported` so that nothing is passed over silently.
 */
export async function* discover(inputs: string[], options: DiscoverOptions = {}): AsyncGenerator<Found> {
  const walk: Walk = { dirs: new Set(), files: new Set(), exclude: options.exclude ?? new Set() };
  for (const input of inputs) {
    let real: string;
    let st;
    try {
      real = await realpath(input);
      st = await stat(real);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      yield code === 'ENOENT' || code === 'ENOTDIR'
        ? { kind: 'error', path: resolve(input), code: 'not-found', message: 'no such file or directory' }
        : { kind: 'error', path: resolve(input), code: 'unreadable', message: code === 'ELOOP' ? 'symbolic link loop' : (e as Error).message };
      continue;
    }
    if (st.isDirectory()) yield* walkDir(real, walk);
    else if (st.isFile()) {
      if (!once(walk, real)) continue;
      yield { kind: 'file', path: real, size: st.size, named: true };
    } else yield { kind: 'error', path: real, code: 'unreadable', message: 'not a regular file or directory' };
  }
}

/** True the first time a real file path is met in a walk (and it is not excluded). */
function once(walk: Walk, real: string): boolean {
  if (walk.files.has(real) || walk.exclude.has(real)) return false;
  walk.files.add(real);
  return true;
}

/** Walks a directory given by its real path. */
async function* walkDir(dir: string, walk: Walk): AsyncGenerator<Found> {
  if (walk.dirs.has(dir)) return;
  walk.dirs.add(dir);
  const entries: Array<{ name: string; link: boolean }> = [];
  try {
    for await (const entry of await opendir(dir)) entries.push({ name: entry.name, link: entry.isSymbolicLink() });
  } catch (e) {
    yield { kind: 'error', path: dir, code: 'unreadable', message: `directory cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, link } of entries) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    let real = path;
    let st;
    try {
      // only a link's real path differs: the folder's own path is real already
      if (link) real = await realpath(path);
      st = await stat(real);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // a dangling symlink or a symlink loop (ELOOP): reported by the link's own path
      yield { kind: 'error', path, code: code === 'ENOENT' ? 'not-found' : 'unreadable', message: code === 'ELOOP' ? 'symbolic link loop' : (e as Error).message };
      continue;
    }
    if (st.isDirectory()) yield* walkDir(real, walk);
    else if (st.isFile() && once(walk, real)) yield isSupported(real) ? { kind: 'file', path: real, size: st.size, named: false } : { kind: 'unsupported', path: real, named: false };
  }
}

/**
 * The number of results `discover` gives for the inputs (files, unsupported files and errors): the
 * number of files an import of them reports. Walks the inputs once more, keeping nothing.
 */
export async function countFound(inputs: string[], options: DiscoverOptions = {}): Promise<number> {
  let n = 0;
  for await (const _found of discover(inputs, options)) n++;
  return n;
}
