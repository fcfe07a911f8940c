import type { LoggerService } from '@nestjs/common';
import { isMainThread } from 'node:worker_threads';

export type LogFormat = 'text' | 'json';
export type LogLevelName = 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose';
/** From the most to the least severe: a level shows itself and those before it. */
export const LOG_LEVELS: readonly LogLevelName[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * A line about one HTTP request: its id goes on the line (`requestId` in JSON, `(request …)` in
 * text), as the answer's x-request-id header carries it.
 */
export interface RequestLine {
  requestId: string;
  message: string;
  [field: string]: unknown;
}

/** Nest's start-up lines, one per module and route: shown at debug, not at the default level. */
const START_UP_DETAIL = new Set(['RoutesResolver', 'RouterExplorer', 'InstanceLoader', 'NestFactory']);

/**
 * Bearer secrets, whatever line they would end up on: Setia API keys
 * (setia_<scope>.<16 hex>_<43 base64url>) and JWTs (three base64url parts, the first `eyJ`).
 */
const SECRETS = [/setia_[a-z0-9_]+\.[0-9a-f]{16}_[A-Za-z0-9_-]{20,}/g, /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g];

export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRETS) out = out.replace(pattern, '[redacted]');
  return out;
}

let warningsTaken = false;

const COLOURS: Record<LogLevelName, string> = { fatal: '\x1b[1;31m', error: '\x1b[31m', warn: '\x1b[33m', log: '\x1b[32m', debug: '\x1b[35m', verbose: '\x1b[36m' };

/**
 * Setia's log lines, for Nest and for Setia's own code (Nest's Logger writes through it once it is
 * the application's logger). `json`: one JSON object per line (time, level, context, message, the
 * request's id and fields of its own, the thread for a worker's line), as log collectors read
 * them. `text`: a line a person reads, coloured on a terminal. Lines of `warn` and worse go to
 * stderr. Neither format ever carries an API key or a token (redactSecrets); what Setia logs
 * never includes a request's body, where card numbers and birthdays travel.
 */
export class SetiaLogger implements LoggerService {
  private readonly shown: number;
  private readonly colours = process.stdout.isTTY === true;

  constructor(
    private readonly settings: { format: LogFormat; level: LogLevelName },
    private readonly thread: string | undefined = isMainThread ? undefined : 'worker',
  ) {
    this.shown = LOG_LEVELS.indexOf(settings.level);
    if (settings.format === 'json' && isMainThread) this.takeProcessWarnings();
  }

  /** Node's own warnings (deprecations and the like) as lines of this log, rather than plain text on stderr. */
  private takeProcessWarnings(): void {
    if (warningsTaken) return;
    warningsTaken = true;
    process.removeAllListeners('warning');
    process.on('warning', (warning) => this.warn(`${warning.name}: ${warning.message}`, 'Node'));
  }

  /** Whether lines of this level are written at all (callers skip building those that are not). */
  isEnabled(level: LogLevelName): boolean {
    return LOG_LEVELS.indexOf(level) <= this.shown;
  }

  log(message: unknown, ...optional: unknown[]): void {
    this.write('log', message, optional);
  }
  error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }
  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }
  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }
  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('verbose', message, optional);
  }
  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  private write(level: LogLevelName, message: unknown, optional: unknown[]): void {
    // Nest calls (message, context) and, for errors, (message, stack, context).
    const context = typeof optional[optional.length - 1] === 'string' ? (optional[optional.length - 1] as string) : undefined;
    const stack = level === 'error' && optional.length >= 2 && typeof optional[0] === 'string' ? (optional[0] as string) : undefined;
    const shownAs = level === 'log' && context !== undefined && START_UP_DETAIL.has(context) ? 'debug' : level;
    if (!this.isEnabled(shownAs)) return;
    const fields: Record<string, unknown> =
      message !== null && typeof message === 'object' && !(message instanceof Error) ? { ...(message as Record<string, unknown>) } : { message: message instanceof Error ? (message.stack ?? message.message) : String(message) };
    const stream = LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf('warn') ? process.stderr : process.stdout;
    const time = new Date().toISOString();
    let line: string;
    if (this.settings.format === 'json') {
      line = JSON.stringify({ time, level, context, ...(this.thread && { thread: this.thread }), ...fields, ...(stack && { stack }) });
    } else {
      const { message: text, requestId, ...rest } = fields;
      const extra = Object.entries(rest).map(([key, value]) => ` ${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join('');
      const head = `${time} ${level.toUpperCase().padStart(7)}${this.thread ? ` {${this.thread}}` : ''}${context ? ` [${context}]` : ''}`;
      const body = `${requestId ? `(request ${String(requestId)}) ` : ''}${String(text)}${extra}${stack ? `\n${stack}` : ''}`;
      line = this.colours ? `${COLOURS[level]}${head}\x1b[0m ${body}` : `${head} ${body}`;
    }
    stream.write(`${redactSecrets(line)}\n`);
  }
}
