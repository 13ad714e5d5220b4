/**
 * Finds the Chromium that Playwright (playwright-core, which downloads no browser) drives in the
 * browser tests and the screenshot script: `CHROMIUM_PATH` when set, else Debian's `chromium`
 * package (`.ci/run` installs it when missing).
 */
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];

/** The Chromium executable, or null when none is installed. */
export function findChromium(): string | null {
  const given = process.env.CHROMIUM_PATH;
  if (given) return existsSync(given) ? given : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Launch arguments: no sandbox (CI runs as root), no GPU. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];
