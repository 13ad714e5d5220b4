/** The SOP AP flowchart drawn from steps' kind, actors and next (src/serve/flowchart.ts). */
import { describe, expect, it } from 'vitest';
import { flowchart } from '../src/serve/flowchart.js';
import type { Step } from '../src/record/schema.js';

const step = (number: number, kind: Step['kind'], actors: string[], next: Step['next'] = null): Step => ({
  number, activity: `langkah ${number}`, actors, actorsFrom: 'shape', kind, next, requirements: null, duration: null, output: null, notes: null,
});
const ACTORS = ['Kepala Dinas', 'Sekretaris', 'Staf'];

describe('flowchart', () => {
  // 1 start (Kepala Dinas) → 2 process (Staf) → 3 decision (Sekretaris): Ya → 4, Tidak → back to 2 → 4 end
  const steps = [
    step(1, 'terminator', ['Kepala Dinas']),
    step(2, 'process', ['Staf']),
    step(3, 'decision', ['Sekretaris'], { yes: 4, no: 2 }),
    step(4, 'terminator', ['Kepala Dinas', 'Sekretaris']),
  ];
  const chart = flowchart(steps, ACTORS);
  const rows = chart.rows.map((r) => String(r.actors));
  const lanes = chart.rows.map((r) => String(r.lanes));

  it('puts each step\'s symbol of its kind in its actor\'s column', () => {
    expect(rows[0]).toMatch(/<svg class="symbol" data-kind="terminator" style="left:16\.667%"/);
    expect(rows[1]).toMatch(/<svg class="symbol" data-kind="process" style="left:83\.333%"/);
    expect(rows[2]).toMatch(/<svg class="symbol" data-kind="decision" style="left:50\.000%"[^>]*>.*<polygon class="shape"/);
    // a step of two actors: its symbol in both columns, joined
    expect(rows[3]!.match(/<svg class="symbol/g)).toHaveLength(2);
    expect(rows[3]).toContain('M50 50H150');
  });

  it('joins consecutive steps from symbol to symbol, with an arrowhead into the next', () => {
    expect(rows[0]).toContain('M50 50V100');
    expect(rows[1]).toContain('M50 0V20H250V50');
    expect(rows[1]).toMatch(/<polygon class="head"/);
  });

  it('labels a decision\'s branches and runs the jump back in a lane', () => {
    expect(chart.lanes).toBe(1);
    expect(rows[2]).toContain('>Ya</text>');
    expect(rows[2]).toContain('>Tidak</text>');
    expect(rows[2]).toContain('M150 50H300');
    expect(lanes[2]).toContain('M0 50H6V0');
    expect(lanes[1]).toContain('M6 100V50H0');
    expect(rows[1]).toContain('M300 50H250');
    // the end terminator has no way out
    expect(/class="wire" d="([^"]*)"/.exec(rows[3]!)![1]).toBe('M50 50H150M150 0V20H50V50');
  });

  it('says what it cannot draw instead of guessing', () => {
    const odd = flowchart([step(1, 'decision', ['Staf'], { yes: 9, no: null }), step(2, null, [])], ACTORS);
    expect(odd.notes).toEqual(['step 1: the Ya branch leads to step 9, which the table does not have']);
    expect(String(odd.rows[1]!.actors)).not.toContain('class="wire"');
    expect(flowchart([step(1, 'process', [])], ACTORS).notes).toEqual(["no step's actor was read: the flowchart cannot be drawn"]);
    expect(String(flowchart([step(1, null, ['Staf'])], ACTORS).rows[0]!.actors)).toContain('data-kind="unknown"');
  });
});
