import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
let built: string | undefined;

const running = new Set<ChildProcess>();
/**
 * A process a test started is killed when its test file ends, whatever became of the test: one
 * left running (a test that failed before stopping it) holds its output pipes open, and jest then
 * never exits, holding the servers' lock for every other run.
 */
export function killWhenTheFileEnds(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
}
if (typeof afterAll === 'function') {
  afterAll(() => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/**
 * Compiles the entry points and libraries with swc, as `npm run build` does (without the type
 * check), once per test file, so a suite can run a service as a real process and kill it.
 */
export function buildEntryPoints(): string {
  if (built) return built;
  const out = mkdtempSync(join(tmpdir(), 'setia-build-'));
  const result = spawnSync(
    process.execPath,
    [require.resolve('@swc/cli/bin/swc.js'), 'apps', 'libs', '-d', out, '--config-file', '.swcrc', '--quiet'],
    { cwd: root, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`swc build failed: ${result.stderr || result.error}`);
  built = out;
  return out;
}

/** Starts a built entry point (e.g. `apps/projector/src/main.js`) as a child process. */
export function spawnEntryPoint(entry: string, env: Record<string, string>): ChildProcess & { output(): string } {
  const child = spawn(process.execPath, [join(buildEntryPoints(), entry)], {
    cwd: root,
    // The build lives outside the repository: it finds the packages through NODE_PATH.
    env: { ...process.env, NODE_PATH: join(root, 'node_modules'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killWhenTheFileEnds(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
