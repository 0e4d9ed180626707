/**
 * One process per DATA_DIR. The lock is DATA_DIR/.lock holding the owner's pid, host and start
 * time. It is created exclusively: the content is written to a private temp file that is then
 * hard-linked to `.lock`, which (like open with O_EXCL) fails if `.lock` exists, and never shows
 * another process a half-written lock. A lock left by a dead process on this host is taken over.
 */
import { randomUUID } from 'node:crypto';
import { link, readFile, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DomainError, ErrorCode } from '../../domain/errors';

export interface StoreLogger {
  warn(message: string): void;
}

interface LockContent {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
  readonly nonce: string;
}

export interface DataDirLock {
  readonly content: LockContent;
  release(): Promise<void>;
}

const LOCK = '.lock';

export async function acquireDataDirLock(dataDir: string, now: Date, logger: StoreLogger): Promise<DataDirLock> {
  const lockPath = join(dataDir, LOCK);
  const mine: LockContent = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: now.toISOString(),
    nonce: randomUUID(),
  };
  const tmp = join(dataDir, `${LOCK}.${process.pid}-${mine.nonce}.tmp`);
  await writeFile(tmp, JSON.stringify(mine), 'utf8');
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(tmp, lockPath);
        await removeLeftovers(dataDir, tmp);
        return { content: mine, release: () => releaseLock(lockPath, mine.nonce) };
      } catch (e) {
        if (!isCode(e, 'EEXIST')) throw e;
      }
      const holder = await readLock(lockPath);
      if (holder === 'missing') continue;
      if (holder !== 'unreadable' && (holder.hostname !== mine.hostname || isAlive(holder.pid))) {
        throw lockedError(dataDir, holder);
      }
      const who =
        holder === 'unreadable'
          ? 'an unreadable lock'
          : `process ${holder.pid} (started ${holder.startedAt}), which is no longer running`;
      await takeOver(dataDir, lockPath, holder);
      logger.warn(`DATA_DIR ${dataDir} was locked by ${who}; the lock was taken over.`);
    }
    throw new DomainError(
      ErrorCode.StoreLocked,
      `DATA_DIR ${dataDir} is being opened by another process at the same time. Try again.`,
    );
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Moves the stale lock aside, then checks it really was the stale one (not a fresh lock just taken by a racing
 * process).
 */
async function takeOver(dataDir: string, lockPath: string, stale: LockContent | 'unreadable'): Promise<void> {
  const aside = join(dataDir, `${LOCK}.stale-${process.pid}-${randomUUID()}`);
  try {
    await rename(lockPath, aside);
  } catch (e) {
    if (isCode(e, 'ENOENT')) return;
    throw e;
  }
  const moved = await readLock(aside);
  const same =
    stale === 'unreadable'
      ? moved === 'unreadable'
      : moved !== 'unreadable' && moved !== 'missing' && moved.nonce === stale.nonce;
  if (!same) await link(aside, lockPath).catch(() => undefined); // put the live lock back
  await unlink(aside).catch(() => undefined);
}

async function releaseLock(lockPath: string, nonce: string): Promise<void> {
  const holder = await readLock(lockPath);
  if (holder !== 'missing' && holder !== 'unreadable' && holder.nonce === nonce)
    await unlink(lockPath).catch(() => undefined);
}

async function readLock(path: string): Promise<LockContent | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (isCode(e, 'ENOENT')) return 'missing';
    throw e;
  }
  try {
    const v = JSON.parse(text) as Partial<LockContent>;
    if (typeof v.pid === 'number' && typeof v.hostname === 'string' && typeof v.nonce === 'string') {
      return { pid: v.pid, hostname: v.hostname, startedAt: String(v.startedAt ?? 'unknown'), nonce: v.nonce };
    }
  } catch {
    // fall through: not JSON
  }
  return 'unreadable';
}

/** Temp files of lock attempts by processes that died before cleaning up (their pid is in the name). */
async function removeLeftovers(dataDir: string, ownTmp: string): Promise<void> {
  for (const name of await readdir(dataDir)) {
    const m = /^\.lock\.(?:stale-)?(\d+)-/.exec(name);
    const path = join(dataDir, name);
    if (m && path !== ownTmp && !isAlive(Number(m[1]))) await unlink(path).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return !isCode(e, 'ESRCH');
  }
}

function lockedError(dataDir: string, holder: LockContent): DomainError {
  const host = holder.hostname === hostname() ? '' : ` on host ${holder.hostname}`;
  return new DomainError(
    ErrorCode.StoreLocked,
    `DATA_DIR ${dataDir} is in use by process ${holder.pid}${host} (started ${holder.startedAt}). Stop it, or set DATA_DIR to another folder.`,
    { pid: holder.pid, hostname: holder.hostname, startedAt: holder.startedAt },
  );
}

function isCode(e: unknown, code: string): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === code;
}
