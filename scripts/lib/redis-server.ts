/**
 * A real Redis for the queue tests and `npm run bench:queue`: Debian's `redis-server` (or
 * REDIS_SERVER) started on a free local port, with a password, saving nothing (a restart loses
 * every key, the harshest case of "Redis restarted"). `.ci/run` installs redis-server when
 * missing; without it the tests that need it are skipped and say why.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** The redis-server program, or null when none is installed. */
export function findRedisServer(): string | null {
  const candidate = process.env.REDIS_SERVER ?? 'redis-server';
  return spawnSync(candidate, ['--version'], { encoding: 'utf8' }).status === 0 ? candidate : null;
}

/** Why the queue tests are skipped, or null when they can run. */
export const redisMissing = findRedisServer() ? null : 'no redis-server installed (apt-get install redis-server, or set REDIS_SERVER)';

/** A free TCP port on 127.0.0.1 (asked of the kernel, then let go). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A redis-server this process started. */
export interface LocalRedis {
  port: number;
  password: string;
  /** `redis://:PASSWORD@127.0.0.1:PORT`. */
  url: string;
  /** A client of the server (for looking at jobs and keys). */
  client(): Redis;
  /** Stops the server (SIGTERM; nothing is saved) and resolves once it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (nothing when it runs). */
  start(): Promise<void>;
  /** Disconnects the clients and stops the server. */
  close(): Promise<void>;
}

/** Starts a Redis with a password on a free port; `extra` arguments go to redis-server. */
export async function startRedis(extra: string[] = []): Promise<LocalRedis> {
  const program = findRedisServer();
  if (!program) throw new Error(redisMissing!);
  const port = await freePort();
  const password = 'test-password-7f3a';
  let proc: ChildProcess | null = null;
  const clients: Redis[] = [];
  const start = async (): Promise<void> => {
    if (proc && proc.exitCode === null && proc.signalCode === null) return;
    proc = spawn(program, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', password, ...extra], { stdio: 'ignore' });
    // ready once it answers
    for (let i = 0; i < 100; i++) {
      const probe = new Redis({ port, host: '127.0.0.1', password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`redis-server did not start on port ${port}`);
  };
  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const p = proc;
      if (!p || p.exitCode !== null) return resolve();
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  await start();
  return {
    port,
    password,
    url: `redis://:${password}@127.0.0.1:${port}`,
    client: () => {
      const c = new Redis({ port, host: '127.0.0.1', password, maxRetriesPerRequest: null });
      c.on('error', () => undefined);
      clients.push(c);
      return c;
    },
    stop,
    start,
    close: async () => {
      for (const c of clients.splice(0)) c.disconnect();
      await stop();
    },
  };
}
