import { describe, expect, it } from 'vitest';
import { ByteBudget } from '../src/import/budget.js';

describe('byte budget of the files in flight', () => {
  it('lets files in while they fit, then in order as others finish; a file over the budget runs alone', async () => {
    const b = new ByteBudget(100);
    const order: string[] = [];
    const take = (name: string, n: number) => b.acquire(n).then(() => order.push(name));
    await take('a', 60);
    await take('b', 30);
    const c = take('c', 50); // 60 + 30 + 50 > 100: waits
    const d = take('d', 5); // fits, but waits behind c (first come, first served)
    const big = take('big', 500);
    await Promise.resolve();
    expect(order).toEqual(['a', 'b']);
    b.release(60);
    await c;
    await d;
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(b.held).toBe(85);
    b.release(30);
    b.release(50);
    await Promise.resolve();
    expect(order).not.toContain('big');
    b.release(5);
    await big;
    expect(b.held).toBe(500);
  });
});
