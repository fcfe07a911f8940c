/** Where the CLI writes, and what it runs in; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
}

export const processIo = (): CliIo => ({ out: (text) => process.stdout.write(`${text}\n`), err: process.stderr, env: process.env });
