import { loadConfig } from './config';
import { metricsAccess } from './metrics';

const KEY = 'a-metrics-key-of-32-characters-x';

describe('who may read /metrics', () => {
  it.each(['127.0.0.1', '127.0.0.53', '::1', '::ffff:127.0.0.1'])('anyone on the loopback interface (%s), key or not', (address) => {
    expect(metricsAccess(address, undefined, undefined)).toBe('ok');
    expect(metricsAccess(address, 'Bearer wrong', KEY)).toBe('ok');
  });

  it.each(['10.0.0.7', '192.168.1.20', '::ffff:10.0.0.7', 'fe80::1', '128.0.0.1', undefined])('from %s: nobody without SETIA_METRICS_KEY, the key holder with it', (address) => {
    expect(metricsAccess(address, `Bearer ${KEY}`, undefined)).toBe('closed');
    expect(metricsAccess(address, undefined, KEY)).toBe('no-key');
    expect(metricsAccess(address, `Bearer ${KEY}x`, KEY)).toBe('wrong-key');
    expect(metricsAccess(address, `Basic ${KEY}`, KEY)).toBe('no-key');
    expect(metricsAccess(address, `Bearer ${KEY}`, KEY)).toBe('ok');
  });

  it('SETIA_METRICS_KEY: 24 to 256 printable characters, never echoed when refused', () => {
    expect(loadConfig({ SETIA_METRICS_KEY: KEY }).metrics).toEqual({ key: KEY });
    expect(loadConfig({}).metrics).toEqual({ key: undefined });
    expect(() => loadConfig({ SETIA_METRICS_KEY: 'short-secret' })).toThrow(
      'configuration: SETIA_METRICS_KEY must be 24 to 256 printable characters without spaces (e.g. openssl rand -hex 16)',
    );
  });
});
