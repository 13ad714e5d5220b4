/**
 * Starting `sop serve`: the web application (app.ts) on a host and port, over the SQLite
 * database (opened for writing: corrections are stored in it, migration 009). On a loopback host
 * (127.0.0.1, the default; localhost; ::1) no token is needed; on any other host the server
 * refuses to start without one (`--token` or SOP_SERVE_TOKEN, at least 16 characters), and every
 * request must then carry it. No other access control is implied.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import type { Db } from '../store/db.js';

/** Hosts that only this machine can reach. */
export function isLoopback(host: string): boolean {
  return /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i.test(host);
}

/** Shortest token accepted off localhost. */
export const MIN_TOKEN_LENGTH = 16;

export interface ServerOptions {
  db: Db;
  host: string;
  /** 0: any free port. */
  port: number;
  token: string | null;
  cacheDir: string;
}

export interface RunningServer {
  /** The address to open (with `?token=` when a token is needed). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the server. Errors (thrown before listening): a host off loopback without a token, or a
 * token shorter than 16 characters; the port in use (EADDRINUSE) or the host not on this machine.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token || null;
  if (!isLoopback(options.host) && !token) {
    throw new Error(`refusing to serve on ${options.host} without a token: give --token (or SOP_SERVE_TOKEN) of ${MIN_TOKEN_LENGTH} characters or more; every request will need it`);
  }
  if (token && token.length < MIN_TOKEN_LENGTH) throw new Error(`the token must have ${MIN_TOKEN_LENGTH} characters or more`);
  const app = createApp({ db: options.db, cacheDir: options.cacheDir, token });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/${token ? `?token=${encodeURIComponent(token)}` : ''}`,
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
