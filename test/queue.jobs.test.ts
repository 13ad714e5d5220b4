/**
 * What travels through the queue, without a server: the Redis URL checked and shown without its
 * password, job ids made from a job's content, and a failed job's reason turned into the code
 * the collector stores.
 */
import { describe, expect, it } from 'vitest';
import { QueueUrlError, redisTarget } from '../src/queue/connection.js';
import { failureOf, JobError, jobIdOf, jobDataSchema, type JobData } from '../src/queue/jobs.js';

describe('queue URL', () => {
  it('takes redis:// and rediss:// with a password and a database, and never shows the password', () => {
    expect(redisTarget('redis://127.0.0.1:6379')).toEqual({ url: 'redis://127.0.0.1:6379', shown: 'redis://127.0.0.1:6379' });
    expect(redisTarget('redis://:s3cret@queue.example:6380/2').shown).toBe('redis://queue.example:6380/2');
    expect(redisTarget('rediss://sop:s3cret@queue.example').shown).toBe('rediss://queue.example');
  });
  it('refuses other schemes, no host, and database numbers Redis does not have', () => {
    for (const bad of ['http://queue.example:6379', 'queue.example:6379', 'redis://', 'redis://h/16', 'redis://h/db']) {
      expect(() => redisTarget(bad), bad).toThrow(QueueUrlError);
    }
  });
});

const data: JobData = {
  files: [{ path: '/srv/sop/kab/a.pdf', file: 'kab/a.pdf', sha256: 'a'.repeat(64), size: 1200 }],
  maxBytes: 50 * 1024 * 1024,
  maxPages: 100,
  timeLimitMs: 600_000,
};

describe('jobs', () => {
  it('are named by their content: the same files, bytes and limits give the same id; any change another', () => {
    const id = jobIdOf(data);
    expect(id).toMatch(/^[0-9a-f]{40}$/);
    expect(jobIdOf(JSON.parse(JSON.stringify(data)) as JobData)).toBe(id);
    expect(jobIdOf({ ...data, files: [{ ...data.files[0]!, sha256: 'b'.repeat(64) }] })).not.toBe(id);
    expect(jobIdOf({ ...data, maxPages: 10 })).not.toBe(id);
  });
  it('hold paths, hashes and limits only: anything else, or a malformed hash, is no job', () => {
    expect(jobDataSchema.safeParse(data).success).toBe(true);
    expect(jobDataSchema.safeParse({ ...data, files: [{ ...data.files[0]!, sha256: 'xyz' }] }).success).toBe(false);
    expect(jobDataSchema.safeParse({ ...data, files: [] }).success).toBe(false);
  });
  it("turn a failed job's reason into the stored code and message", () => {
    expect(failureOf('job stalled more than allowable limit')).toEqual({ code: 'worker-lost', message: expect.stringContaining('stopped the worker reading it twice') });
    expect(failureOf(new JobError('changed', 'a.pdf holds other bytes').message)).toEqual({ code: 'changed', message: 'a.pdf holds other bytes' });
    expect(failureOf('[outside-root] ../x is not a path inside the worker\'s --root')).toEqual({ code: 'outside-root', message: "../x is not a path inside the worker's --root" });
    expect(failureOf('ECONNRESET')).toEqual({ code: 'worker-failed', message: 'ECONNRESET' });
    expect(failureOf(undefined).code).toBe('worker-failed');
  });
});
