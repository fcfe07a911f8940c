import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerHolds } from './support/walkthrough-answer';

const root = join(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The first bash block after the walkthrough's heading, as a reader copies it. */
function walkthroughBlock(): string {
  const section = readme.slice(readme.indexOf('## Walkthrough with curl'));
  const block = /```bash\n([\s\S]*?)\n```/.exec(section);
  if (!block) throw new Error('README.md: no bash block under "## Walkthrough with curl"');
  return block[1];
}

/** Replaces the one line that starts with `prefix` (the reader's own value) by `line`. */
function fillIn(block: string, prefix: string, line: string): string {
  const lines = block.split('\n');
  const at = lines.flatMap((text, i) => (text.startsWith(prefix) ? [i] : []));
  if (at.length !== 1) throw new Error(`the walkthrough should have one line starting with ${prefix}, has ${at.length}`);
  lines[at[0]] = line;
  return lines.join('\n');
}

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
 * The shell's curl, as the walkthrough's commands call it: each call the reader would see (not
 * those inside `$(...)`) is numbered, its answer kept; a read (no -X) whose answer does not yet
 * hold what the README shows is asked again for up to 10 s, as a reader would (read models and the
 * referral bonus follow the ledger by a moment). Commands are never repeated.
 */
const CURL_PRELUDE = `
curl() {
  if (( BASH_SUBSHELL > 0 )); then command curl "$@"; return; fi
  __calls=$((__calls + 1))
  local answer expected="$ANSWERS/$__calls.expected.json" deadline=$((SECONDS + 10))
  while :; do
    answer=$(command curl "$@")
    if [[ " $* " =~ [[:space:]]-s?X[[:space:]] ]] || [ ! -f "$expected" ] || node "$MATCH" "$expected" <<<"$answer" || (( SECONDS >= deadline )); then break; fi
    sleep 0.2
  done
  printf '%s' "$answer" > "$ANSWERS/$__calls.answer.json"
  printf '%s\\n' "$answer"
}
__calls=0
`;

/** `npm start` as a reader runs it, on a free port and a fresh data directory, with nothing of Setia's set in the environment. */
function npmStart(port: number, dataDir: string): ChildProcess & { output(): string } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(SETIA_|EVENTSTORE_|MONGODB_|KAFKA_|RELAY_)/.test(name)));
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', SETIA_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

async function until<T>(what: string, check: () => T | undefined, child: ChildProcess & { output(): string }, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (child.exitCode !== null) throw new Error(`npm start ended (${child.exitCode}) before ${what}:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('README walkthrough', () => {
  const block = walkthroughBlock();
  const expected = [...block.matchAll(/^# → (.*)$/gm)].map((match) => JSON.parse(match[1]) as unknown);

  it('shows an answer under every command a reader sees', () => {
    const calls = block.split('\n').filter((line) => !line.startsWith('#')).join('\n').match(/(^|;\s*)curl /gm) ?? [];
    expect(expected.length).toBeGreaterThanOrEqual(20);
    expect(calls.length).toBe(expected.length);
  });

  it('runs as written against the server npm start starts, each answer as the README shows it', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'setia-readme-'));
    const answers = mkdtempSync(join(tmpdir(), 'setia-readme-answers-'));
    const server = npmStart(port, dataDir);
    try {
      // The README: "at its first start Setia prints a platform key once".
      const platformKey = await until('platform key', () => /generated one \(shown once, store it now\): (setia_platform\.\S+)/.exec(server.output())?.[1], server, 240_000);
      await until('listening line', () => (server.output().includes('listening on') ? true : undefined), server, 30_000);

      expected.forEach((answer, i) => writeFileSync(join(answers, `${i + 1}.expected.json`), JSON.stringify(answer)));
      let script = fillIn(block, 'SETIA=', `SETIA=http://127.0.0.1:${port}`);
      script = fillIn(script, 'PLATFORM=', `PLATFORM='${platformKey}'`);
      const shell = spawn('bash', ['-c', CURL_PRELUDE + script], {
        env: { ...process.env, ANSWERS: answers, MATCH: join(__dirname, 'support', 'walkthrough-answer.js') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let shellOutput = '';
      shell.stdout.on('data', (chunk: Buffer) => (shellOutput += chunk.toString()));
      shell.stderr.on('data', (chunk: Buffer) => (shellOutput += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => shell.once('exit', resolve));
      expect(shellOutput).not.toMatch(/command not found/);
      expect(code).toBe(0);

      const answered = readdirSync(answers).filter((name) => name.endsWith('.answer.json')).length;
      expect(answered).toBe(expected.length);
      const wrong = expected.flatMap((answer, i) => {
        const text = readFileSync(join(answers, `${i + 1}.answer.json`), 'utf8');
        return answerHolds(answer, text) ? [] : [`answer ${i + 1}: README shows ${JSON.stringify(answer)}, Setia answered ${text}`];
      });
      expect(wrong).toEqual([]);
    } finally {
      if (server.exitCode === null) {
        // npm, its shell and Setia: the whole process group; killed outright if it has not stopped in 20 s.
        const exited = new Promise((resolve) => server.once('exit', resolve));
        process.kill(-server.pid!, 'SIGTERM');
        const timer = setTimeout(() => process.kill(-server.pid!, 'SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(answers, { recursive: true, force: true });
    }
  }, 300_000);
});
