import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { purchase } from './support/program';
import { spawnSetia } from './support/spawned-setia';
import { TEST_ADMIN_KEY, TEST_RECEIPTS_SINCE } from './support/setia-app';

const TENANT = 'logged';
const CARDS = ['6001 7777 0001', '6001 7777 0002'];
const BIRTHDAYS = ['1988-02-29', '1975-12-31'];

describe('logs of the all-in-one (npm start)', () => {
  it('SETIA_LOG_FORMAT=json: every line one JSON object; each request has its id on its line and in its answer; no key, card number or birthday anywhere', async () => {
    // No SETIA_ADMIN_KEY: the platform key Setia generates must not reach the log either.
    const setia = await spawnSetia('apps/setia/src/main.js', { SETIA_LOG_FORMAT: 'json', SETIA_LOG_LEVEL: 'debug', SETIA_ADMIN_KEY: '' });
    try {
      const keyFile = join(setia.dataDir, 'platform-key.txt');
      const platform = readFileSync(keyFile, 'utf8').trim();
      expect(platform).toMatch(/^setia_platform\.[0-9a-f]{16}_/);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);

      const sent: Array<{ requestId: string | null; status: number }> = [];
      const send = async (method: string, path: string, body: unknown, key: string, headers: Record<string, string> = {}) => {
        const answer = await setia.send(method, path, body, key, headers);
        sent.push({ requestId: answer.headers.get('x-request-id'), status: answer.status });
        return answer;
      };
      const tenant = `/v1/tenants/${TENANT}`;
      expect((await send('POST', '/v1/tenants', { tenantId: TENANT, receiptsSince: TEST_RECEIPTS_SINCE }, platform)).status).toBe(201);
      const admin = (await send('POST', `${tenant}/keys`, { role: 'admin' }, platform)).body.key as string;
      const pos = (await send('POST', `${tenant}/keys`, { role: 'pos' }, admin)).body.key as string;
      const { PROGRAM } = await import('./support/program');
      expect((await send('PUT', `${tenant}/program`, PROGRAM, admin)).status).toBe(200);
      for (let i = 0; i < CARDS.length; i++) {
        expect((await send('POST', `${tenant}/members`, { customerId: `c${i}`, cardNumber: CARDS[i], birthday: BIRTHDAYS[i] }, pos)).status).toBe(201);
      }
      expect((await send('POST', `${tenant}/purchases`, purchase('c0', 300_000), pos)).status).toBe(201);
      const profile = await send('GET', `${tenant}/customers/c0`, undefined, admin);
      expect(profile.body).toMatchObject({ cardNumber: CARDS[0], birthday: BIRTHDAYS[0] });
      // A malformed enrolment echoes nothing of its body into the log.
      expect((await send('POST', `${tenant}/members`, { customerId: 'c9', cardNumber: CARDS[1], birthday: '31/12/1975' }, pos)).status).toBe(400);
      const forged = 'setia_logged.0123456789abcdef_ForgedForgedForgedForgedForgedForgedForged1';
      expect((await send('GET', `${tenant}/customers/c1`, undefined, forged)).status).toBe(401);
      // A till's own request id is kept; one that is not a plain token is replaced.
      const chosen = await send('GET', `${tenant}/customers/c1`, undefined, admin, { 'x-request-id': 'till-42.retry-1' });
      expect(chosen.headers.get('x-request-id')).toBe('till-42.retry-1');
      const replaced = await send('GET', `${tenant}/customers/c1`, undefined, admin, { 'x-request-id': 'not a token\\"}' });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect((await send('DELETE', `${tenant}/customers/c1/personal-data`, undefined, admin)).status).toBe(200);

      expect(await setia.stop()).toBe('SIGTERM');
      const lines = setia.child.output().split('\n').filter((line) => line.trim() !== '');
      const parsed = lines.map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new Error(`not a JSON line: ${line}`);
        }
      });
      for (const line of parsed) expect(line).toEqual(expect.objectContaining({ time: expect.any(String), level: expect.any(String), message: expect.any(String) }));
      // Lines from the worker threads are there, and say which thread.
      expect(parsed.some((line) => line.thread === 'projector')).toBe(true);
      expect(parsed.some((line) => line.thread === 'relay')).toBe(true);

      // Every request sent has exactly one line, carrying the id its answer carried.
      const ids = sent.map((request) => request.requestId);
      expect(new Set(ids).size).toBe(sent.length);
      for (const { requestId, status } of sent) {
        const about = parsed.filter((line) => line.requestId === requestId);
        expect(about).toHaveLength(1);
        expect(about[0]).toMatchObject({ context: 'HTTP', status });
      }

      const output = setia.child.output();
      for (const secret of [platform, admin, pos, forged, TEST_ADMIN_KEY, ...CARDS, ...BIRTHDAYS, '31/12/1975', CARDS[0].replace(/ /g, '')]) {
        expect(output).not.toContain(secret);
      }
    } finally {
      await setia.cleanUp();
    }
  }, 60_000);

  it('by default, text without the per-module and per-route start-up lines', async () => {
    const setia = await spawnSetia('apps/setia/src/main.js');
    try {
      expect(await setia.stop()).toBe('SIGTERM');
      const output = setia.child.output();
      expect(output).toContain('listening on http://127.0.0.1:');
      expect(output).not.toMatch(/Mapped \{|RoutesResolver|InstanceLoader|dependencies initialized/);
      expect(output.split('\n').filter(Boolean).length).toBeLessThan(15);
      expect(output.trim().startsWith('{')).toBe(false);
    } finally {
      await setia.cleanUp();
    }
  }, 60_000);
});
