import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, describeConfig, loadConfig } from './config';

const ISSUER = { SETIA_JWT_ISSUER: 'https://id.kopi.example', SETIA_JWT_AUDIENCE: 'setia', SETIA_JWT_TENANT: 'kopi' };

/** The ConfigError a configuration raises: its variable and message. */
function refusal(env: Record<string, string>): { variable: string; message: string } {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return { variable: error.variable, message: error.message };
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('configuration of JWT bearer tokens: all of issuer, audience, tenant and one source of keys, or none', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'setia-jwt-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('without SETIA_JWT_ISSUER there are no tokens', () => {
    expect(loadConfig({}).access.jwt).toBeUndefined();
  });

  it('takes a JWKS URL, or a JWKS file read at start-up', () => {
    expect(loadConfig({ ...ISSUER, SETIA_JWT_JWKS_URL: 'https://id.kopi.example/.well-known/jwks.json' }).access.jwt).toEqual({
      issuer: 'https://id.kopi.example',
      audience: 'setia',
      tenant: 'kopi',
      jwks: { url: 'https://id.kopi.example/.well-known/jwks.json' },
      member: { scope: undefined, idClaim: 'sub' },
    });
    const members = { ...ISSUER, SETIA_JWT_JWKS_URL: 'https://id.kopi.example/jwks', SETIA_JWT_MEMBER_SCOPE: 'loyalty.member', SETIA_JWT_MEMBER_ID_CLAIM: 'customer_id' };
    expect(loadConfig(members).access.jwt?.member).toEqual({ scope: 'loyalty.member', idClaim: 'customer_id' });
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1' }] }));
    expect(loadConfig({ ...ISSUER, SETIA_JWT_JWKS_FILE: file }).access.jwt?.jwks).toEqual({ file, keySet: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1' }] } });
  });

  it('takes a plain http JWKS URL only on this machine (loopback), where it cannot be tampered with in transit', () => {
    for (const url of ['http://127.0.0.1:8080/jwks.json', 'http://[::1]:8080/jwks.json', 'http://localhost/jwks.json']) {
      expect(loadConfig({ ...ISSUER, SETIA_JWT_JWKS_URL: url }).access.jwt?.jwks).toEqual({ url });
    }
  });

  it('a partial or malformed setting names the variable to fix', () => {
    const notJson = join(dir, 'not-json.json');
    writeFileSync(notJson, 'keys: none');
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '{"keys": []}');
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ SETIA_JWT_AUDIENCE: 'setia' }, 'SETIA_JWT_ISSUER', /must be set when SETIA_JWT_AUDIENCE is/],
      [{ SETIA_JWT_JWKS_URL: 'https://id.example/jwks' }, 'SETIA_JWT_ISSUER', /must be set when SETIA_JWT_JWKS_URL is/],
      [{ SETIA_JWT_TENANT: 'kopi' }, 'SETIA_JWT_ISSUER', /must be set when SETIA_JWT_TENANT is/],
      [{ SETIA_JWT_ISSUER: 'https://id.example', SETIA_JWT_JWKS_URL: 'https://id.example/jwks' }, 'SETIA_JWT_AUDIENCE', /must be set with SETIA_JWT_ISSUER/],
      [{ SETIA_JWT_ISSUER: 'https://id.example', SETIA_JWT_AUDIENCE: 'setia', SETIA_JWT_JWKS_URL: 'https://id.example/jwks' }, 'SETIA_JWT_TENANT', /must be set with SETIA_JWT_ISSUER to the id of the one tenant/],
      [{ ...ISSUER, SETIA_JWT_TENANT: 'platform', SETIA_JWT_JWKS_URL: 'https://id.example/jwks' }, 'SETIA_JWT_TENANT', /the one tenant whose identity provider it is, got "platform"/],
      [{ ...ISSUER, SETIA_JWT_TENANT: 'Kopi Nusantara', SETIA_JWT_JWKS_URL: 'https://id.example/jwks' }, 'SETIA_JWT_TENANT', /the one tenant whose identity provider it is/],
      [{ ...ISSUER }, 'SETIA_JWT_JWKS_URL', /or SETIA_JWT_JWKS_FILE \(not both\)/],
      [{ ...ISSUER, SETIA_JWT_JWKS_URL: 'https://id.example/jwks', SETIA_JWT_MEMBER_SCOPE: 'loyalty member' }, 'SETIA_JWT_MEMBER_SCOPE', /one OAuth2 scope token/],
      [{ ...ISSUER, SETIA_JWT_JWKS_URL: 'https://id.example/jwks', SETIA_JWT_JWKS_FILE: empty }, 'SETIA_JWT_JWKS_URL', /not both/],
      [{ ...ISSUER, SETIA_JWT_JWKS_URL: 'ftp://id.example/jwks' }, 'SETIA_JWT_JWKS_URL', /must be an https URL/],
      [{ ...ISSUER, SETIA_JWT_JWKS_URL: 'http://id.example/jwks' }, 'SETIA_JWT_JWKS_URL', /must be an https URL .*http only on 127\.0\.0\.1, ::1 or localhost/],
      [{ ...ISSUER, SETIA_JWT_JWKS_URL: 'http://127.0.0.1.evil.example/jwks' }, 'SETIA_JWT_JWKS_URL', /must be an https URL/],
      [{ ...ISSUER, SETIA_JWT_JWKS_URL: 'https://' }, 'SETIA_JWT_JWKS_URL', /must be an https URL/],
      [{ ...ISSUER, SETIA_JWT_JWKS_FILE: join(dir, 'missing.json') }, 'SETIA_JWT_JWKS_FILE', /must name a readable JWKS file/],
      [{ ...ISSUER, SETIA_JWT_JWKS_FILE: notJson }, 'SETIA_JWT_JWKS_FILE', /must name a readable JWKS file \(JSON\)/],
      [{ ...ISSUER, SETIA_JWT_JWKS_FILE: empty }, 'SETIA_JWT_JWKS_FILE', /at least one key/],
    ];
    for (const [env, variable, message] of cases) {
      const { variable: named, message: said } = refusal(env);
      expect({ env, named, said }).toEqual({ env, named: variable, said: expect.stringMatching(message) });
    }
  });
});

describe('configuration of the personal-data vault: it follows the read models unless SETIA_VAULT says otherwise', () => {
  const MONGO = { MONGODB_URL: 'mongodb://admin:s3cret@mongo:27017/?replicaSet=rs0', MONGODB_DATABASE: 'loyalty' };

  it('the embedded SQLite file without MongoDB; MongoDB (the read models\' database) with it', () => {
    expect(loadConfig({ SETIA_DATA_DIR: '/var/lib/setia' }).vault).toEqual({ kind: 'sqlite', file: '/var/lib/setia/vault.sqlite' });
    const withMongo = loadConfig(MONGO);
    expect(withMongo.vault).toEqual({ kind: 'mongodb', url: MONGO.MONGODB_URL, database: 'loyalty' });
    expect(describeConfig(withMongo)).toContain('personal-data vault: mongodb mongodb://admin:***@mongo:27017');
  });

  it('SETIA_VAULT=sqlite keeps the file beside MongoDB read models; mongodb needs MONGODB_URL; anything else is refused', () => {
    expect(loadConfig({ ...MONGO, SETIA_DATA_DIR: '/d', SETIA_VAULT: 'sqlite' }).vault).toEqual({ kind: 'sqlite', file: '/d/vault.sqlite' });
    expect(refusal({ SETIA_VAULT: 'mongodb' })).toEqual({ variable: 'SETIA_VAULT', message: expect.stringMatching(/MONGODB_URL must name the MongoDB/) });
    expect(refusal({ SETIA_VAULT: 'redis' })).toEqual({ variable: 'SETIA_VAULT', message: expect.stringMatching(/must be one of sqlite, mongodb/) });
  });

  it('with MONGODB_URL, a data directory that already holds vault.sqlite needs SETIA_VAULT chosen, so existing keys are not left behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'setia-vault-config-'));
    try {
      writeFileSync(join(dir, 'vault.sqlite'), '');
      expect(refusal({ ...MONGO, SETIA_DATA_DIR: dir })).toEqual({ variable: 'SETIA_VAULT', message: expect.stringMatching(/must be set: .*vault\.sqlite.*choose sqlite to keep using them/) });
      expect(loadConfig({ ...MONGO, SETIA_DATA_DIR: dir, SETIA_VAULT: 'sqlite' }).vault).toEqual({ kind: 'sqlite', file: `${dir}/vault.sqlite` });
      expect(loadConfig({ ...MONGO, SETIA_DATA_DIR: dir, SETIA_VAULT: 'mongodb' }).vault).toEqual({ kind: 'mongodb', url: MONGO.MONGODB_URL, database: 'loyalty' });
      expect(loadConfig({ SETIA_DATA_DIR: dir }).vault).toEqual({ kind: 'sqlite', file: `${dir}/vault.sqlite` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("configuration of the all-in-one's background threads", () => {
  it('run 5 below the API by default; SETIA_BACKGROUND_NICE sets 0 to 19, and anything else is refused', () => {
    expect(loadConfig({}).background).toEqual({ nice: 5 });
    expect(loadConfig({ SETIA_BACKGROUND_NICE: '0' }).background).toEqual({ nice: 0 });
    expect(loadConfig({ SETIA_BACKGROUND_NICE: '19' }).background).toEqual({ nice: 19 });
    expect(refusal({ SETIA_BACKGROUND_NICE: '20' })).toEqual({ variable: 'SETIA_BACKGROUND_NICE', message: 'configuration: SETIA_BACKGROUND_NICE must be an integer from 0 to 19, got "20"' });
    expect(refusal({ SETIA_BACKGROUND_NICE: '-5' })).toEqual({ variable: 'SETIA_BACKGROUND_NICE', message: 'configuration: SETIA_BACKGROUND_NICE must be an integer from 0 to 19, got "-5"' });
  });
});

describe("configuration of the scheduler's threads", () => {
  it('one for each core but one, at most 3, by default; SETIA_SCHEDULER_THREADS sets 0 to 16, and anything else is refused', () => {
    expect(loadConfig({}).scheduler).toEqual({ threads: Math.min(3, availableParallelism() - 1) });
    expect(loadConfig({ SETIA_SCHEDULER_THREADS: '0' }).scheduler).toEqual({ threads: 0 });
    expect(loadConfig({ SETIA_SCHEDULER_THREADS: '16' }).scheduler).toEqual({ threads: 16 });
    expect(refusal({ SETIA_SCHEDULER_THREADS: '17' })).toEqual({
      variable: 'SETIA_SCHEDULER_THREADS',
      message: 'configuration: SETIA_SCHEDULER_THREADS must be an integer from 0 to 16, got "17"',
    });
    expect(refusal({ SETIA_SCHEDULER_THREADS: 'two' })).toEqual({
      variable: 'SETIA_SCHEDULER_THREADS',
      message: 'configuration: SETIA_SCHEDULER_THREADS must be an integer from 0 to 16, got "two"',
    });
  });
});
