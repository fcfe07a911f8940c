import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { buildEntryPoints, killWhenTheFileEnds } from './support/entry-points';

const root = join(__dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * schemathesis over the OpenAPI document the server serves, with every check it has (`--checks
 * all`: server errors, undocumented statuses and bodies, schema-valid requests refused,
 * schema-breaking ones accepted, undeclared methods, auth ignored…), positive and negative data,
 * with a pos key and an admin key (scripts/fuzz.sh says how). A budget of 25 examples per operation
 * and pass keeps it to a few minutes; `scripts/fuzz.sh` alone runs more.
 */
describe('the API fuzzed from its own OpenAPI document', () => {
  it('finds no failure of any check, no 5xx, and refused requests change no ledger', async () => {
    const venv = join(root, '.servers', 'fuzz-venv', 'bin', 'st');
    if (!existsSync(venv)) throw new Error('schemathesis is not installed: run bash scripts/fuzz.sh install (.ci/run does)');
    const port = await freePort();
    const run = spawn('bash', [join(root, 'scripts', 'fuzz.sh')], {
      cwd: root,
      env: { ...process.env, FUZZ_DIST: buildEntryPoints(), FUZZ_BUILD: '0', FUZZ_PORT: String(port), FUZZ_MAX_EXAMPLES: '25' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    killWhenTheFileEnds(run);
    let output = '';
    run.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    run.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => run.once('exit', resolve));
    const report = output.slice(output.lastIndexOf('pos-positive: '));
    // The figures of the run in the test's output; what schemathesis said too, when it found something.
    process.stdout.write(code === 0 ? `fuzz report:\n${report}\n` : output);
    expect({ code, failures: report.match(/^FAIL: .*/gm) ?? [] }).toEqual({ code: 0, failures: [] });
    expect(report).toMatch(/^5xx answers: 0$/m);
    expect(report).not.toMatch(/runtime errors of its own/);
    const [, before, after] = /ledger events before the negative passes: (\d+), after: (\d+)/.exec(report)!;
    expect(after).toBe(before);
    expect(Number(/requests tried: (\d+)/.exec(report)![1])).toBeGreaterThan(2000);
  }, 900_000);
});
