/**
 * The Redis connection of the queue commands, from a redis:// or rediss:// URL. The password never
 * reaches the terminal: `shownUrl` drops it.
 */
import type { ConnectionOptions } from 'bullmq';
import { CommandFailure, CommandUsageError } from '../batch/cli-util';

export const DEFAULT_QUEUE = 'migration-doctor';

export function redisOptions(url: string, forWorker: boolean): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CommandUsageError('--redis needs a URL such as redis://127.0.0.1:6379');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new CommandUsageError(`--redis needs a redis:// or rediss:// URL, got '${u.protocol}'`);
  const db = u.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db)) throw new CommandUsageError('--redis: the path of the URL is a database number (redis://host:6379/0)');
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: db ? Number(db) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // a worker waits for Redis to come back (BullMQ needs this null); a command gives up and says so
    maxRetriesPerRequest: forWorker ? null : 1,
    retryStrategy: forWorker ? (n: number) => Math.min(n * 500, 5000) : (n: number) => (n > 3 ? null : n * 200),
    enableOfflineQueue: forWorker,
  };
}

export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

export function queueName(v: unknown): string {
  const name = v === undefined ? DEFAULT_QUEUE : String(v);
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name)) throw new CommandUsageError('--queue: letters, digits, dot, dash and underscore only');
  return name;
}

/** Waits for a connection, or fails with a clear message instead of retrying forever. */
export async function ready(client: { waitUntilReady(): Promise<unknown> }, url: string, ms = 10000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CommandFailure(`cannot reach Redis at ${shownUrl(url)} within ${ms / 1000} s`)), ms);
  });
  try {
    await Promise.race([client.waitUntilReady(), timeout]);
  } catch (e) {
    if (e instanceof CommandFailure) throw e;
    throw new CommandFailure(`cannot reach Redis at ${shownUrl(url)}: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    clearTimeout(timer);
  }
}
