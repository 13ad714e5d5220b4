/**
 * Runs the `sop` command in this process with the given arguments (its stdout discarded by the
 * caller) and writes, as the last line of stderr, `{"seconds":…,"maxRssKb":…,"exitCode":…}`: the
 * wall time of the command and the peak resident memory of the whole process, worker threads
 * included (process.resourceUsage). The import benchmark (import.ts) spawns it once per size.
 *
 * Usage: node dist/scripts/bench/measure.js import DIR… --db PATH
 */
import { main } from '../../src/cli/program.js';

const t0 = performance.now();
const exitCode = await main(['node', 'sop', ...process.argv.slice(2)]);
const seconds = (performance.now() - t0) / 1000;
process.stderr.write(`\n${JSON.stringify({ seconds, maxRssKb: process.resourceUsage().maxRSS, exitCode })}\n`);
