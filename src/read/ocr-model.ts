/**
 * The OCR model: one folder of uncompressed `<code>.traineddata` files that both engines read (the
 * native `tesseract --tessdata-dir`, and tesseract.js as its one `langPath` with `gzip: false`).
 *
 * Where it comes from, in this order:
 *   1. `TESSDATA_PREFIX` (the tessdata folder itself, as tesseract 4+ reads it, or a folder holding
 *      `tessdata/`);
 *   2. the distribution's tessdata folders (Debian/Ubuntu `/usr/share/tesseract-ocr/<version>/tessdata`
 *      from `tesseract-ocr-ind` and `-eng`; Fedora, Arch, Homebrew): on Debian these are the
 *      tessdata_fast networks (ind 1.1 MB), which read a page in about half the time of the npm
 *      data at the same accuracy (issue 13's profile: CER 2.4–2.7% for both);
 *   3. the npm packages @tesseract.js-data/ind and /eng (`4.0.0_best_int`, LSTM only), unpacked once
 *      into the OCR cache folder.
 * A folder counts only when it holds every language asked for (models are never mixed across
 * folders). The model's identity (`id`) is its origin and a hash of the files' bytes: it is part of
 * the OCR cache key and of `source.ocr.engine`, so a result of one model is never served as another's.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SopError } from '../errors.js';

const require = createRequire(import.meta.url);

export interface OcrModel {
  /** Folder holding `<code>.traineddata` (uncompressed) for every language. */
  dir: string;
  languages: string[];
  /** Where the files were found: `TESSDATA_PREFIX`, `system` (a distribution's tessdata folder) or `npm 4.0.0_best_int`. */
  origin: string;
  /** `origin@` and the first 12 hex digits of the SHA-256 of the files (in language order). */
  id: string;
}

/** Which model to take: the first found (`auto`), only a system/TESSDATA_PREFIX folder, or only npm's data. */
export type ModelChoice = 'auto' | 'system' | 'npm';

const NPM_VARIANT = '4.0.0_best_int';

/** Tessdata folders of distributions and package managers, most specific first. */
function distributionDirs(): string[] {
  const dirs: string[] = [];
  const debian = '/usr/share/tesseract-ocr';
  try {
    // `5/tessdata`, `4.00/tessdata`: the newest version first
    const versions = readdirSync(debian).filter((v) => /^\d/.test(v)).sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
    for (const v of versions) dirs.push(join(debian, v, 'tessdata'));
  } catch {
    // not Debian
  }
  dirs.push(join(debian, 'tessdata'), '/usr/share/tesseract/tessdata', '/usr/share/tessdata', '/usr/local/share/tessdata', '/opt/homebrew/share/tessdata');
  return dirs;
}

/** Candidate folders with their origin: TESSDATA_PREFIX first, then the distribution's. */
export function systemTessdataDirs(env: NodeJS.ProcessEnv = process.env): Array<{ dir: string; origin: string }> {
  const out: Array<{ dir: string; origin: string }> = [];
  const prefix = env.TESSDATA_PREFIX;
  if (prefix) out.push({ dir: prefix, origin: 'TESSDATA_PREFIX' }, { dir: join(prefix, 'tessdata'), origin: 'TESSDATA_PREFIX' });
  for (const dir of distributionDirs()) out.push({ dir, origin: 'system' });
  return out;
}

function holdsAll(dir: string, languages: string[]): boolean {
  return languages.every((code) => {
    try {
      return statSync(join(dir, `${code}.traineddata`)).size > 0;
    } catch {
      return false;
    }
  });
}

const identities = new Map<string, string>();

/** SHA-256 (12 hex digits) of the languages' files in a folder, remembered per folder, files and sizes. */
function identity(dir: string, languages: string[]): string {
  const files = languages.map((code) => join(dir, `${code}.traineddata`));
  const memo = files.map((f) => `${f}:${statSync(f).size}:${statSync(f).mtimeMs}`).join('|');
  let id = identities.get(memo);
  if (!id) {
    const hash = createHash('sha256');
    for (const f of files) hash.update(readFileSync(f));
    id = hash.digest('hex').slice(0, 12);
    identities.set(memo, id);
  }
  return id;
}

/** npm's data (`@tesseract.js-data/<code>`, best_int), unpacked once into `<cacheDir>/tessdata-4.0.0_best_int`. */
function npmModel(languages: string[], cacheDir: string): OcrModel {
  const dir = join(cacheDir, `tessdata-npm-${NPM_VARIANT}`);
  mkdirSync(dir, { recursive: true });
  for (const code of languages) {
    const target = join(dir, `${code}.traineddata`);
    if (existsSync(target)) continue;
    let source: string;
    try {
      source = join(dirname(require.resolve(`@tesseract.js-data/${code}/package.json`)), NPM_VARIANT, `${code}.traineddata.gz`);
    } catch {
      throw new SopError('ocr-failed', `no OCR language data for "${code}": install @tesseract.js-data/${code}, or Debian's tesseract-ocr-${code}`);
    }
    // written whole under another name, then renamed: a concurrent or killed import never sees half a file
    const part = `${target}.${process.pid}.part`;
    writeFileSync(part, gunzipSync(readFileSync(source)));
    renameSync(part, target);
  }
  const origin = `npm ${NPM_VARIANT}`;
  return { dir, languages, origin, id: `${origin}@${identity(dir, languages)}` };
}

/**
 * Finds the model for `languages` (see the module's comment for the order). `cacheDir` is where
 * npm's data are unpacked. Errors: SopError `ocr-failed` when `choice` is `system` and no folder
 * holds every language, or npm's data package of a language is missing.
 */
export function findModel(languages: string[], cacheDir: string, choice: ModelChoice = 'auto', env: NodeJS.ProcessEnv = process.env): OcrModel {
  if (choice !== 'npm') {
    for (const { dir, origin } of systemTessdataDirs(env)) {
      if (holdsAll(dir, languages)) return { dir, languages, origin, id: `${origin}@${identity(dir, languages)}` };
    }
    if (choice === 'system') {
      throw new SopError('ocr-failed', `no tessdata folder holds ${languages.map((c) => `${c}.traineddata`).join(' and ')} (TESSDATA_PREFIX, /usr/share/tesseract-ocr/*/tessdata): apt-get install ${languages.map((c) => `tesseract-ocr-${c}`).join(' ')}`);
    }
  }
  return npmModel(languages, cacheDir);
}
