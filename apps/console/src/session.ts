import { Api, ApiError, tenantOfKey } from './api';
import type { Role } from './api';

/** The key lives in this tab's sessionStorage only: gone when the tab closes, never in a URL. */
const KEY_ITEM = 'setia.console.key';

export interface Session {
  api: Api;
  tenant: string;
  keyId: string;
  role: Exclude<Role, 'pos' | 'platform'>;
}

interface CallerAnswer {
  tenant: string;
  keyId: string;
  role: Role;
  stores: string[] | null;
}

/** Why a key cannot open the console, in the user's words. */
export class SignInRefused extends Error {}

/** Asks the API who the key is; keeps it for the tab's session only when its role may use the console. */
export async function signIn(key: string): Promise<Session> {
  const trimmed = key.trim();
  const tenant = tenantOfKey(trimmed);
  if (!tenant) throw new SignInRefused('This is not a Setia API key: it looks like setia_<tenant>.<key id>_<secret>.');
  const api = new Api(trimmed, tenant);
  let caller: CallerAnswer;
  try {
    caller = await api.get<CallerAnswer>('caller');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw new SignInRefused('Setia does not know this key, or it was revoked.');
    throw error;
  }
  if (caller.role === 'pos') {
    throw new SignInRefused('A till (pos) key cannot open the console: it only posts purchases, returns, redemptions and enrolments. Sign in with an admin, analyst or auditor key.');
  }
  if (caller.role === 'platform') {
    throw new SignInRefused('A platform key creates tenants and their keys; the console shows one tenant. Sign in with a key of that tenant.');
  }
  sessionStorage.setItem(KEY_ITEM, trimmed);
  return { api, tenant, keyId: caller.keyId, role: caller.role };
}

/** The session kept in this tab, if its key still works. */
export async function resumeSession(): Promise<Session | undefined> {
  const key = sessionStorage.getItem(KEY_ITEM);
  if (!key) return undefined;
  try {
    return await signIn(key);
  } catch {
    sessionStorage.removeItem(KEY_ITEM);
    return undefined;
  }
}

export function signOut(): void {
  sessionStorage.removeItem(KEY_ITEM);
}
