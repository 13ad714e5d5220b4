/**
 * A budget of bytes held at once by the files being read and processed in an import (a file's
 * bytes are let go once its outcome is queued for the commit): a file waits until its size
 * fits beside the others' (a file bigger than the whole budget runs alone). Keeps memory bounded
 * when many files are read ahead for the worker threads, whatever their sizes (issue 5: peak RSS
 * under 1 GB).
 */
export class ByteBudget {
  private used = 0;
  private waiting: Array<{ bytes: number; go: () => void }> = [];

  /** @param limit bytes allowed in flight at once (> 0). */
  constructor(private readonly limit: number) {}

  /** Resolves once `bytes` fit in the budget (at once when nothing else is held). */
  acquire(bytes: number): Promise<void> {
    const n = Math.max(0, bytes);
    if (this.waiting.length === 0 && (this.used === 0 || this.used + n <= this.limit)) {
      this.used += n;
      return Promise.resolve();
    }
    return new Promise((go) => this.waiting.push({ bytes: n, go }));
  }

  /** Gives back what `acquire(bytes)` took, and lets waiting files in, in their order. */
  release(bytes: number): void {
    this.used = Math.max(0, this.used - Math.max(0, bytes));
    while (this.waiting.length) {
      const next = this.waiting[0]!;
      if (this.used > 0 && this.used + next.bytes > this.limit) break;
      this.waiting.shift();
      this.used += next.bytes;
      next.go();
    }
  }

  /** Bytes held now. */
  get held(): number {
    return this.used;
  }
}
