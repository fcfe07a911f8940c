import { ConfigError, loadConfig } from './config';
import { formatApiKey, parseApiKey } from './api-key';

const SECRET = 'Abc_def-ghi_jkl-mno_pqr-stu_vwx-yz0_123-456';

describe('API keys: setia_<scope>.<16 hex>_<secret>', () => {
  it('a key names its tenant (or the platform) and its id, even when tenant and secret contain _', () => {
    expect(parseApiKey(formatApiKey('kopi_nusantara.0123456789abcdef', SECRET))).toEqual({ keyId: 'kopi_nusantara.0123456789abcdef', scope: 'kopi_nusantara' });
    expect(parseApiKey(formatApiKey('platform.0123456789abcdef', SECRET))).toEqual({ keyId: 'platform.0123456789abcdef', scope: 'platform' });
  });

  it('anything else is not a key', () => {
    for (const key of ['', 'setia_', `setia_Kopi.0123456789abcdef_${SECRET}`, `setia_kopi.0123456789abcdeg_${SECRET}`, 'setia_kopi.0123456789abcdef_short', `bearer_kopi.0123456789abcdef_${SECRET}`]) {
      expect(parseApiKey(key)).toBeUndefined();
    }
  });

  it('SETIA_ADMIN_KEY must be a platform key; the error names the variable, not the value', () => {
    expect(loadConfig({ SETIA_ADMIN_KEY: formatApiKey('platform.0123456789abcdef', SECRET) }).access.adminKey).toBe(`setia_platform.0123456789abcdef_${SECRET}`);
    for (const bad of ['letmein', formatApiKey('kopi.0123456789abcdef', SECRET)]) {
      expect(() => loadConfig({ SETIA_ADMIN_KEY: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ SETIA_ADMIN_KEY: bad })).toThrow(/^configuration: SETIA_ADMIN_KEY must be a platform key/);
    }
    expect(loadConfig({}).access).toEqual({ adminKey: undefined, rateLimit: { perSecond: 200, burst: 400 } });
    expect(() => loadConfig({ SETIA_RATE_LIMIT: 'lots' })).toThrow(/SETIA_RATE_LIMIT must be an integer/);
  });
});
