import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { PLATFORM_SCOPE, TENANT_ID_PATTERN } from '@setia/domain';
import { parseApiKey } from './api-key';
import { LOG_LEVELS } from './logging';
import type { LogFormat, LogLevelName } from './logging';

/**
 * Configuration comes from environment variables only, checked once at start-up. Nothing set
 * means the embedded default: SQLite event store and read store under the data directory, a
 * local sink instead of Kafka, one process.
 */
export interface SetiaConfig {
  http: { host: string; port: number };
  dataDir: string;
  eventStore: { kind: 'sqlite'; file: string; synchronous: 'FULL' | 'NORMAL' } | { kind: 'esdb'; url: string };
  /**
   * Per-customer keys of personal data, kept apart from the event store (see @setia/personal-data):
   * in MongoDB when the read models are (services on several machines share it), else a SQLite file.
   */
  vault: { kind: 'sqlite'; file: string } | { kind: 'mongodb'; url: string; database: string };
  readStore: { kind: 'sqlite'; file: string } | { kind: 'mongodb'; url: string; database: string };
  messaging:
    | { kind: 'local-sink'; dir: string }
    | { kind: 'kafka'; brokers: string[]; clientId: string; topicPartitions: number };
  /** Log lines: text for a person (the default) or one JSON object per line; the least severe level shown. */
  logging: { format: LogFormat; level: LogLevelName };
  /** GET /metrics: open on the loopback interface; elsewhere only with this key (SETIA_METRICS_KEY). */
  metrics: { key?: string };
  /**
   * The all-in-one's projector and relay threads run this much lower than its API (a nice value,
   * 0–19; SETIA_BACKGROUND_NICE): under load the CPU serves requests first, and the background
   * catches up in larger batches, which cost less per event.
   */
  background: { nice: number };
  /**
   * Threads beside the scheduler's own that decide a pass's customers with it (SETIA_SCHEDULER_THREADS):
   * by default one for each core but one (at most 3), since a pass keeps a core busy deciding.
   */
  scheduler: { threads: number };
  access: {
    /** A platform key to make sure of at start-up; without it one is generated if none exists. */
    adminKey?: string;
    /** Requests per second per key, and the burst a key may spend at once. */
    rateLimit: { perSecond: number; burst: number };
    /** OAuth2/JWT bearer tokens of one chain's identity provider, when configured. */
    jwt?: JwtConfig;
  };
}

export interface JwtConfig {
  issuer: string;
  audience: string;
  /** The one tenant (chain) whose identity provider the issuer is: its tokens grant nothing elsewhere. */
  tenant: string;
  /** The issuer's signing keys: fetched from its JWKS URL, or read once from a local JWKS file. */
  jwks: { url: string } | { file: string; keySet: JsonWebKeySet };
  /** Members: a token with `setia_role: member`, or with this scope, acts as the customer its `memberIdClaim` names. */
  member: { scope?: string; idClaim: string };
}

export interface JsonWebKeySet {
  keys: Array<Record<string, unknown>>;
}

/** A bad or missing variable. The message names it, so start-up can print one clear line. */
export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): SetiaConfig {
  const dataDir = text(env, 'SETIA_DATA_DIR') ?? './data';
  const eventStoreUrl = text(env, 'EVENTSTORE_URL');
  const mongoUrl = text(env, 'MONGODB_URL');
  const mongo = mongoUrl ? { url: mongoConnectionString(mongoUrl), database: text(env, 'MONGODB_DATABASE') ?? 'setia' } : undefined;
  const brokers = text(env, 'KAFKA_BROKERS');
  const rateLimit = integer(env, 'SETIA_RATE_LIMIT', 200, 1, 1_000_000);
  return {
    http: { host: text(env, 'HOST') ?? '0.0.0.0', port: integer(env, 'PORT', 3000, 0, 65535) },
    dataDir,
    eventStore: eventStoreUrl
      ? { kind: 'esdb', url: eventStoreConnectionString(eventStoreUrl) }
      : {
          kind: 'sqlite',
          file: `${dataDir}/events.sqlite`,
          synchronous: oneOf(env, 'SETIA_SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL'),
        },
    vault: vaultConfig(env, dataDir, mongo),
    readStore: mongo ? { kind: 'mongodb', ...mongo } : { kind: 'sqlite', file: `${dataDir}/read-models.sqlite` },
    messaging: brokers
      ? {
          kind: 'kafka',
          brokers: brokerList(brokers),
          clientId: text(env, 'KAFKA_CLIENT_ID') ?? 'setia',
          topicPartitions: integer(env, 'KAFKA_TOPIC_PARTITIONS', 6, 1, 1000),
        }
      : { kind: 'local-sink', dir: `${dataDir}/outbox` },
    logging: { format: oneOf(env, 'SETIA_LOG_FORMAT', ['text', 'json'] as const, 'text'), level: oneOf(env, 'SETIA_LOG_LEVEL', LOG_LEVELS, 'log') },
    metrics: { key: metricsKey(env) },
    background: { nice: integer(env, 'SETIA_BACKGROUND_NICE', 5, 0, 19) },
    scheduler: { threads: integer(env, 'SETIA_SCHEDULER_THREADS', Math.min(3, availableParallelism() - 1), 0, 16) },
    access: { adminKey: adminKey(env), rateLimit: { perSecond: rateLimit, burst: rateLimit * 2 }, jwt: jwtConfig(env) },
  };
}

/**
 * The adapters in use, credentials masked, for the start-up line; with what the event store's
 * server said of itself once it was asked (EventStoreDB: its version and capabilities).
 */
export function describeConfig(config: SetiaConfig, servers: { eventStore?: string } = {}): string {
  const server = servers.eventStore ? ` (${servers.eventStore})` : '';
  const es = config.eventStore.kind === 'sqlite' ? `sqlite ${config.eventStore.file}` : `esdb ${maskCredentials(config.eventStore.url)}${server}`;
  const rs = config.readStore.kind === 'sqlite' ? `sqlite ${config.readStore.file}` : `mongodb ${maskCredentials(config.readStore.url)}`;
  const ms = config.messaging.kind === 'kafka' ? `kafka ${config.messaging.brokers.join(',')}` : `local sink ${config.messaging.dir}`;
  const vault = config.vault.kind === 'sqlite' ? `sqlite ${config.vault.file}` : `mongodb ${maskCredentials(config.vault.url)}`;
  return `event store: ${es}; read store: ${rs}; messaging: ${ms}; personal-data vault: ${vault}`;
}

export function maskCredentials(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw as T)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** A bearer secret for GET /metrics from other hosts; never echoed. */
function metricsKey(env: Env): string | undefined {
  const key = text(env, 'SETIA_METRICS_KEY');
  if (key !== undefined && !/^[\x21-\x7e]{24,256}$/.test(key)) {
    throw new ConfigError('SETIA_METRICS_KEY', 'must be 24 to 256 printable characters without spaces (e.g. openssl rand -hex 16)');
  }
  return key;
}

/** Never echoes the value: a key in a log line is a leaked key. */
function adminKey(env: Env): string | undefined {
  const key = text(env, 'SETIA_ADMIN_KEY');
  if (key === undefined) return undefined;
  if (parseApiKey(key)?.scope !== PLATFORM_SCOPE) {
    throw new ConfigError('SETIA_ADMIN_KEY', 'must be a platform key like setia_platform.<16 hex digits>_<43 base64url characters> (see the README)');
  }
  return key;
}

/**
 * SETIA_VAULT picks the vault; by default it follows the read models, so a MongoDB deployment shares one.
 * A deployment that already keeps keys in the file must choose: following MONGODB_URL by default would
 * leave every customer sealed with those keys unreadable.
 */
function vaultConfig(env: Env, dataDir: string, mongo: { url: string; database: string } | undefined): SetiaConfig['vault'] {
  const file = `${dataDir}/vault.sqlite`;
  if (mongo && text(env, 'SETIA_VAULT') === undefined && existsSync(file)) {
    throw new ConfigError(
      'SETIA_VAULT',
      `must be set: MONGODB_URL is set and ${file} holds personal-data keys; choose sqlite to keep using them, or mongodb once they are copied there (see the README)`,
    );
  }
  const kind = oneOf(env, 'SETIA_VAULT', ['sqlite', 'mongodb'] as const, mongo ? 'mongodb' : 'sqlite');
  if (kind === 'sqlite') return { kind, file };
  if (!mongo) throw new ConfigError('SETIA_VAULT', 'is mongodb, so MONGODB_URL must name the MongoDB that keeps the keys');
  return { kind, ...mongo };
}

const JWT_VARIABLES = ['SETIA_JWT_ISSUER', 'SETIA_JWT_AUDIENCE', 'SETIA_JWT_TENANT', 'SETIA_JWT_JWKS_URL', 'SETIA_JWT_JWKS_FILE'] as const;

/** Tokens are accepted only with all of issuer, audience, tenant and one source of keys; a partial setting is a mistake. */
function jwtConfig(env: Env): JwtConfig | undefined {
  const [issuer, audience, tenant, url, file] = JWT_VARIABLES.map((name) => text(env, name));
  if (issuer === undefined) {
    const stray = JWT_VARIABLES.find((name) => text(env, name) !== undefined);
    if (stray) throw new ConfigError('SETIA_JWT_ISSUER', `must be set when ${stray} is (tokens are checked against one issuer)`);
    return undefined;
  }
  if (audience === undefined) throw new ConfigError('SETIA_JWT_AUDIENCE', 'must be set with SETIA_JWT_ISSUER (the audience Setia\'s tokens are issued for)');
  if (tenant === undefined || tenant === PLATFORM_SCOPE || !TENANT_ID_PATTERN.test(tenant)) {
    throw new ConfigError('SETIA_JWT_TENANT', `must be set with SETIA_JWT_ISSUER to the id of the one tenant whose identity provider it is, got "${tenant ?? ''}"`);
  }
  if ((url === undefined) === (file === undefined)) {
    throw new ConfigError('SETIA_JWT_JWKS_URL', 'or SETIA_JWT_JWKS_FILE (not both) must be set with SETIA_JWT_ISSUER: where the issuer\'s signing keys are');
  }
  const member = { scope: text(env, 'SETIA_JWT_MEMBER_SCOPE'), idClaim: text(env, 'SETIA_JWT_MEMBER_ID_CLAIM') ?? 'sub' };
  if (member.scope !== undefined && !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(member.scope)) {
    throw new ConfigError('SETIA_JWT_MEMBER_SCOPE', `must be one OAuth2 scope token (no spaces or quotes), got "${member.scope}"`);
  }
  if (url !== undefined) return { issuer, audience, tenant, member, jwks: { url: jwksUrl(url) } };
  return { issuer, audience, tenant, member, jwks: { file: file!, keySet: jwksFile(file!) } };
}

/** Hosts of this machine, where plain http cannot be tampered with on the way. */
const LOOPBACK_HOSTS = ['127.0.0.1', '[::1]', 'localhost'];

/** Keys fetched over plain http from another host could be swapped in transit, and then any token would verify. */
function jwksUrl(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const secure = parsed?.protocol === 'https:' || (parsed?.protocol === 'http:' && LOOPBACK_HOSTS.includes(parsed.hostname));
  if (!parsed?.hostname || !secure) {
    throw new ConfigError('SETIA_JWT_JWKS_URL', `must be an https URL of a JWKS document (http only on 127.0.0.1, ::1 or localhost), got "${maskCredentials(url)}"`);
  }
  return url;
}

function jwksFile(file: string): JsonWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError('SETIA_JWT_JWKS_FILE', `must name a readable JWKS file (JSON): ${(error as Error).message.split('\n')[0]}`);
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((key) => typeof key === 'object' && key !== null)) {
    throw new ConfigError('SETIA_JWT_JWKS_FILE', `must hold a JWKS document ({"keys": [...]}, at least one key): ${file}`);
  }
  return { keys: keys as JsonWebKeySet['keys'] };
}

function eventStoreConnectionString(url: string): string {
  if (!/^(esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\/[^/\s]+/.test(url)) {
    throw new ConfigError('EVENTSTORE_URL', `must be a connection string like kurrentdb://host:2113?tls=false (or esdb://), got "${maskCredentials(url)}"`);
  }
  return url;
}

function mongoConnectionString(url: string): string {
  if (!/^mongodb(\+srv)?:\/\/[^/\s]+/.test(url)) {
    throw new ConfigError('MONGODB_URL', `must be a connection string like mongodb://host:27017, got "${maskCredentials(url)}"`);
  }
  return url;
}

function brokerList(raw: string): string[] {
  const brokers = raw.split(',').map((broker) => broker.trim());
  for (const broker of brokers) {
    const match = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(broker);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
      throw new ConfigError('KAFKA_BROKERS', `must be a comma-separated list of host:port, got "${raw}"`);
    }
  }
  return brokers;
}
