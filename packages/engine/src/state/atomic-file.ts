/**
 * Durable file primitives for the data directory (DESIGN §6): every file is written under a
 * temporary name, flushed to disk, and renamed into place, and the folder is flushed so the
 * rename itself survives a power cut. A reader therefore sees a file complete or not at all;
 * leftover temporary files (a crash mid-write) carry the `.tmp` suffix and are ignored.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

let tempCounter = 0;

/** Writes `data` to `path` atomically and durably (temp name, fsync, rename, fsync folder). */
export async function writeFileAtomic(path: string, data: Uint8Array | string, options: { syncFolder?: boolean } = {}): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temp = `${path}.${process.pid}.${tempCounter++}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  if (options.syncFolder !== false) await syncFolder(folder);
}

/** Flushes a folder's entries (new names, renames) to disk. */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (e) {
    // Some file systems refuse fsync on folders (EISDIR/EINVAL); the rename is then as durable as it gets.
    if (!isCode(e, 'EISDIR', 'EINVAL', 'EPERM')) throw e;
  } finally {
    await handle?.close();
  }
}

/** Reads a JSON file; null when it does not exist. Parse errors propagate (the caller names the file). */
export async function readJsonFile<T>(path: string): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (isCode(e, 'ENOENT')) return null;
    throw e;
  }
  return JSON.parse(text) as T;
}

/** Names in a folder, without temporary files; [] when the folder does not exist. */
export async function listFolder(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).filter((name) => !name.endsWith('.tmp'));
  } catch (e) {
    if (isCode(e, 'ENOENT')) return [];
    throw e;
  }
}

/** Removes a file or folder tree if present, and flushes its parent folder. */
export async function removeDurably(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
  try {
    await syncFolder(dirname(path));
  } catch (e) {
    if (!isCode(e, 'ENOENT')) throw e;
  }
}

/** sha256 of bytes, hex. */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Removes `.tmp` files a crash left in `folder`. */
export async function removeTempFiles(folder: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  for (const name of names) if (name.endsWith('.tmp')) await rm(join(folder, name), { force: true });
}

/** true when `e` is a Node system error with one of the codes. */
export function isCode(e: unknown, ...codes: string[]): boolean {
  return typeof e === 'object' && e !== null && codes.includes((e as { code?: string }).code ?? '');
}
