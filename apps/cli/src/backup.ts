import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { SetiaConfig } from '@setia/platform';
import type { CliIo } from './cli-io';
import { CliError } from './stores';

/**
 * The embedded store's files, in the order a backup copies them: the read models first and the
 * vault last. Each is copied at one instant, but the three at three instants a moment apart, so
 * the order makes them agree: the read models are at or behind the events (the projector catches
 * up after a restore, never ahead of the ledger), and the vault holds a key for every customer
 * the events name (keys are made before a customer's first event).
 */
const FILES = ['read-models.sqlite', 'events.sqlite', 'vault.sqlite'] as const;
const MANIFEST = 'manifest.json';

interface Manifest {
  format: 'setia-backup/1';
  createdAt: string;
  files: Array<{ name: string; bytes: number; sha256: string }>;
  /** The last event's position in the copy of events.sqlite. */
  lastPosition: number | null;
}

/** `setia backup --out FILE`: a consistent copy of the embedded store while Setia runs. Returns the exit code. */
export async function runBackup(out: string | undefined, config: SetiaConfig, io: CliIo): Promise<number> {
  if (!out) throw new CliError('backup needs --out FILE');
  embeddedOnly(config);
  const target = resolve(out);
  if (!existsSync(dirname(target))) throw new CliError(`--out: the directory ${dirname(target)} does not exist`);
  if (!existsSync(join(config.dataDir, 'events.sqlite'))) throw new CliError(`no event store in ${resolve(config.dataDir)} (SETIA_DATA_DIR)`);
  const work = mkdtempSync(join(dirname(target), `.${basename(target)}.`));
  try {
    const files: Manifest['files'] = [];
    for (const name of FILES) {
      const source = join(config.dataDir, name);
      if (!existsSync(source)) continue;
      const copy = join(work, name);
      await onlineBackup(source, copy);
      files.push({ name, bytes: statSync(copy).size, sha256: sha256(copy) });
      io.err.write(`backup: ${name} copied (${statSync(copy).size.toLocaleString('en')} bytes)\n`);
    }
    const events = new Database(join(work, 'events.sqlite'), { readonly: true });
    const lastPosition = (events.prepare('SELECT MAX(position) AS position FROM events').get() as { position: number | null }).position;
    events.close();
    const manifest: Manifest = { format: 'setia-backup/1', createdAt: new Date().toISOString(), files, lastPosition };
    const partial = `${target}.partial`;
    writeTar(partial, [
      { name: MANIFEST, path: writeText(join(work, MANIFEST), JSON.stringify(manifest, null, 2)) },
      ...files.map((file) => ({ name: file.name, path: join(work, file.name) })),
    ]);
    renameSync(partial, target);
    io.out(`backup ${target}: ${files.map((file) => file.name).join(', ')}; events up to position ${lastPosition ?? 'none'}`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * `setia restore FILE`: checks the backup (each file's SHA-256, SQLite's integrity check) and
 * puts its files in SETIA_DATA_DIR. Setia must not be running on that directory. Files already
 * there are kept beside, renamed `<name>.before-restore-<time>`, and only with --force.
 */
export async function runRestore(file: string | undefined, force: boolean, config: SetiaConfig, io: CliIo): Promise<number> {
  if (!file) throw new CliError('restore needs the backup FILE');
  embeddedOnly(config);
  const source = resolve(file);
  if (!existsSync(source)) throw new CliError(`no backup at ${source}`);
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const work = mkdtempSync(join(dataDir, '.restore-'));
  try {
    const names = readTar(source, work);
    if (!names.includes(MANIFEST)) throw new CliError(`${source} is not a Setia backup (no ${MANIFEST})`);
    const manifest = JSON.parse(readTextFile(join(work, MANIFEST))) as Manifest;
    if (manifest.format !== 'setia-backup/1') throw new CliError(`${source}: unknown backup format ${String(manifest.format)}`);
    for (const entry of manifest.files) {
      const copy = join(work, entry.name);
      if (!names.includes(entry.name) || sha256(copy) !== entry.sha256) throw new CliError(`${source}: ${entry.name} is missing or altered (its SHA-256 differs from the manifest's)`);
      const db = new Database(copy, { readonly: true });
      const check = db.pragma('integrity_check', { simple: true });
      db.close();
      if (check !== 'ok') throw new CliError(`${source}: ${entry.name} fails SQLite's integrity check: ${String(check)}`);
    }
    const present = manifest.files.filter((entry) => existsSync(join(dataDir, entry.name)));
    if (present.length > 0 && !force) {
      throw new CliError(`${dataDir} already holds ${present.map((entry) => entry.name).join(', ')}: stop Setia, then restore with --force (the files there are kept, renamed)`);
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    for (const entry of manifest.files) {
      const target = join(dataDir, entry.name);
      if (existsSync(target)) renameSync(target, `${target}.before-restore-${stamp}`);
      // A WAL or shared-memory file of the old database would be applied to the new one.
      for (const suffix of ['-wal', '-shm']) if (existsSync(target + suffix)) renameSync(target + suffix, `${target}.before-restore-${stamp}${suffix}`);
      renameSync(join(work, entry.name), target);
    }
    io.out(`restored ${manifest.files.map((entry) => entry.name).join(', ')} of ${manifest.createdAt} into ${dataDir}; events up to position ${manifest.lastPosition ?? 'none'}`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function embeddedOnly(config: SetiaConfig): void {
  if (config.eventStore.kind !== 'sqlite') throw new CliError('backup and restore are for the embedded SQLite store; EventStoreDB has its own backups');
}

/**
 * SQLite's online backup API, all pages in one step: the copy is the database as of one read
 * transaction, while Setia goes on writing (in WAL mode a reader holds no writer up). Copied in
 * small steps instead, every commit of another connection would start the copy again.
 */
async function onlineBackup(source: string, copy: string): Promise<void> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(copy, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
}

function sha256(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(1 << 20);
  try {
    for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function writeText(path: string, text: string): string {
  const fd = openSync(path, 'w');
  writeSync(fd, text);
  closeSync(fd);
  return path;
}

function readTextFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(statSync(path).size);
    readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

// A plain POSIX tar (ustar), so `tar tvf` lists a backup and `tar xf` opens it without Setia.
const BLOCK = 512;
const MAX_TAR_FILE = 8 ** 11 - 1;

function header(name: string, size: number): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: name too long: ${name}`);
  if (size > MAX_TAR_FILE) throw new CliError(`${name} is larger than a tar entry holds (8 GiB)`);
  const block = Buffer.alloc(BLOCK);
  const field = (offset: number, length: number, value: string) => block.write(value, offset, length, 'ascii');
  block.write(name, 0, 100, 'utf8');
  field(100, 8, '0000600\0');
  field(108, 8, '0000000\0');
  field(116, 8, '0000000\0');
  field(124, 12, `${size.toString(8).padStart(11, '0')}\0`);
  field(136, 12, `${Math.floor(Date.now() / 1000).toString(8).padStart(11, '0')}\0`);
  field(148, 8, '        ');
  field(156, 1, '0');
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  let sum = 0;
  for (const byte of block) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

function writeTar(path: string, entries: Array<{ name: string; path: string }>): void {
  const out = openSync(path, 'w', 0o600);
  const buffer = Buffer.alloc(1 << 20);
  try {
    for (const entry of entries) {
      const size = statSync(entry.path).size;
      writeSync(out, header(entry.name, size));
      const fd = openSync(entry.path, 'r');
      try {
        for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) writeSync(out, buffer, 0, read);
      } finally {
        closeSync(fd);
      }
      if (size % BLOCK !== 0) writeSync(out, Buffer.alloc(BLOCK - (size % BLOCK)));
    }
    writeSync(out, Buffer.alloc(BLOCK * 2));
    fsyncSync(out);
  } finally {
    closeSync(out);
  }
}

/** Extracts a tar written by writeTar (regular files, plain names) into `dir`; the names found. */
function readTar(path: string, dir: string): string[] {
  const fd = openSync(path, 'r');
  const names: string[] = [];
  const block = Buffer.alloc(BLOCK);
  const buffer = Buffer.alloc(1 << 20);
  try {
    let offset = 0;
    for (;;) {
      if (readSync(fd, block, 0, BLOCK, offset) < BLOCK) throw new CliError(`${path} is cut short: not a whole backup`);
      offset += BLOCK;
      if (block.every((byte) => byte === 0)) return names;
      const name = block.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const size = parseInt(block.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim(), 8);
      if (block.toString('ascii', 257, 262) !== 'ustar' || !/^[A-Za-z0-9._-]+$/.test(name) || !Number.isFinite(size)) {
        throw new CliError(`${path} is not a Setia backup`);
      }
      const out = openSync(join(dir, name), 'w', 0o600);
      try {
        for (let left = size; left > 0; ) {
          const read = readSync(fd, buffer, 0, Math.min(buffer.length, left), offset);
          if (read === 0) throw new CliError(`${path} is cut short: not a whole backup`);
          writeSync(out, buffer, 0, read);
          offset += read;
          left -= read;
        }
        fsyncSync(out);
      } finally {
        closeSync(out);
      }
      offset += (BLOCK - (size % BLOCK)) % BLOCK;
      names.push(name);
    }
  } finally {
    closeSync(fd);
  }
}
