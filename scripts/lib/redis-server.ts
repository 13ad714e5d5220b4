/**
 * A real Redis for the queue tests and `npm run bench:queue`: Debian's `redis-server` (or
 * REDIS_SERVER) started on a free local port, with a password, saving nothing (a restart loses
 * every key, the harshest case of "Redis restarted"). `.ci/run` installs redis-server when
 * missing; without it the tests that need it are skipped and say why.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** The redis-server program, or null when none is installed. */
export function findRedisServer(): string | null {
  const candidate = process.env.REDIS_SERVER ?? 'redis-server';
  return spawnSync(candidate, ['--version'], { encoding: 'utf8' }).status === 0 ? candidate : null;
}

/**
 * Makes a certificate authority and a server certificate for `localhost` and 127.0.0.1, signed by
 * it, in `dir` with openssl. Returns null when openssl is not installed.
 */
export function makeTlsFiles(dir: string): TlsFiles | null {
  const files = { ca: join(dir, 'ca.pem'), caKey: join(dir, 'ca.key'), key: join(dir, 'server.key'), csr: join(dir, 'server.csr'), cert: join(dir, 'server.pem'), ext: join(dir, 'san.ext') };
  const run = (args: string[]): boolean => spawnSync('openssl', args, { stdio: 'ignore' }).status === 0;
  if (!run(['version'])) return null;
  writeFileSync(files.ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  const ok = run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=sop test CA', '-keyout', files.caKey, '-out', files.ca])
    && run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', files.key, '-out', files.csr])
    && run(['x509', '-req', '-in', files.csr, '-CA', files.ca, '-CAkey', files.caKey, '-CAcreateserial', '-days', '2', '-extfile', files.ext, '-out', files.cert]);
  return ok ? { cert: files.cert, key: files.key, ca: files.ca } : null;
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
  /** `redis://:PASSWORD@127.0.0.1:PORT`, or with TLS `rediss://:PASSWORD@localhost:PORT`. */
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

/** PEM files of a TLS server: its certificate and key, and the authority that signed it. */
export interface TlsFiles {
  cert: string;
  key: string;
  ca: string;
}

/**
 * Starts a Redis with a password on a free port; with `tls`, it takes TLS only on that port
 * (`rediss://`, clients trusting `tls.ca`).
 */
export async function startRedis(tls?: TlsFiles): Promise<LocalRedis> {
  const program = findRedisServer();
  if (!program) throw new Error(redisMissing!);
  const port = await freePort();
  const password = 'test-password-7f3a';
  const listen = tls
    ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', tls.cert, '--tls-key-file', tls.key, '--tls-ca-cert-file', tls.ca, '--tls-auth-clients', 'no']
    : ['--port', String(port)];
  const secure = tls ? { tls: { ca: readFileSync(tls.ca), servername: 'localhost' } } : {};
  let proc: ChildProcess | null = null;
  const clients: Redis[] = [];
  const start = async (): Promise<void> => {
    if (proc && proc.exitCode === null && proc.signalCode === null) return;
    proc = spawn(program, [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', password], { stdio: 'ignore' });
    // ready once it answers
    for (let i = 0; i < 100; i++) {
      const probe = new Redis({ port, host: '127.0.0.1', password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, ...secure });
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
    url: tls ? `rediss://:${password}@localhost:${port}` : `redis://:${password}@127.0.0.1:${port}`,
    client: () => {
      const c = new Redis({ port, host: '127.0.0.1', password, maxRetriesPerRequest: null, ...secure });
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
