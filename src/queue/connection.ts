/**
 * The Redis server behind `sop import --queue URL` and `sop worker --queue URL`: the URL checked,
 * shown without its password, and opened as an ioredis client fit for BullMQ.
 *
 * URL forms: `redis://HOST[:PORT][/DB]`, with a password `redis://:PASS@HOST…` (or a user,
 * `redis://USER:PASS@HOST…`), and `rediss://…` for TLS (the server's certificate checked against
 * Node's trusted roots; a private authority is added with the NODE_EXTRA_CA_CERTS variable).
 */
import { Redis } from 'ioredis';

/** A Redis URL, checked. */
export interface RedisTarget {
  /** The URL as given (with its password: never print it). */
  url: string;
  /** The URL without user name and password, for messages: `redis://host:6379/0`. */
  shown: string;
}

/** A URL that is not a Redis URL: the message says why (printed to the user as is). */
export class QueueUrlError extends Error {}

/**
 * Checks a queue URL. Errors (QueueUrlError): not a URL, a scheme other than redis: or rediss:,
 * no host, a database that is not a number 0–15 (Redis's default count of databases).
 */
export function redisTarget(url: string): RedisTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueUrlError('--queue takes a Redis URL: redis://HOST:PORT[/DB] (rediss:// for TLS)');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new QueueUrlError(`--queue takes a redis:// or rediss:// URL, not ${u.protocol}//`);
  if (!u.hostname) throw new QueueUrlError('--queue: the URL names no host');
  const db = u.pathname.replace(/^\//, '');
  if (db !== '' && !/^(?:[0-9]|1[0-5])$/.test(db)) throw new QueueUrlError(`--queue: "${db}" is no Redis database number (0–15)`);
  return { url, shown: `${u.protocol}//${u.host}${db ? `/${db}` : ''}` };
}

/**
 * Opens a client. `maxRetriesPerRequest: null`, as BullMQ needs: while the server is away commands
 * wait for it (ioredis reconnects by itself, every 2 s at most) instead of failing; the callers
 * decide how long to wait (collector.ts, worker.ts). Errors are emitted as 'error' events, which
 * the callers listen to.
 */
export function openRedis(target: RedisTarget, name: string): Redis {
  return new Redis(target.url, { maxRetriesPerRequest: null, connectionName: name, retryStrategy: (times) => Math.min(times * 100, 2000) });
}
