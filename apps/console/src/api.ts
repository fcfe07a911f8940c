/**
 * The console's only way to data: the same HTTP API, with the same key, that a BI tool uses.
 * The key goes in the Authorization header, never in a URL, and is never logged.
 */

export type Role = 'platform' | 'admin' | 'pos' | 'auditor' | 'analyst';

/** An API refusal as the API words it: a message, and the field at fault when there is one. */
export interface Problem {
  statusCode: number;
  error?: string;
  message: string;
  field?: string;
  errors?: Array<{ field: string; messages: string[] }>;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.message);
  }
}

/** What every read-model answer carries: the last event the read models reflect, and when it was recorded. */
export interface Reflecting {
  checkpoint: string | null;
  checkpointRecordedAt: string | null;
  generation: string;
}

/** An answer with the moment the console received it, to say how old what it shows is. */
export type Received<T> = T & { receivedAt: number };

export type Query = Record<string, string | number | undefined>;

export class Api {
  constructor(private readonly key: string, readonly tenant: string) {}

  /** A path of the tenant: `tenantPath('dashboards/tiers')` → `/v1/tenants/<tenant>/dashboards/tiers`. */
  tenantPath(path: string): string {
    return `/v1/tenants/${encodeURIComponent(this.tenant)}/${path}`;
  }

  get<T>(path: string, query: Query = {}): Promise<Received<T>> {
    return this.send<T>('GET', path, query);
  }

  put<T>(path: string, body: unknown): Promise<Received<T>> {
    return this.send<T>('PUT', path, {}, body);
  }

  post<T>(path: string, body?: unknown): Promise<Received<T>> {
    return this.send<T>('POST', path, {}, body);
  }

  delete<T>(path: string): Promise<Received<T>> {
    return this.send<T>('DELETE', path, {});
  }

  private async send<T>(method: string, path: string, query: Query, body?: unknown): Promise<Received<T>> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(name, String(value));
    const url = this.tenantPath(path) + (search.size > 0 ? `?${search}` : '');
    const headers: Record<string, string> = { authorization: `Bearer ${this.key}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'omit' });
    } catch {
      throw new ApiError(0, { statusCode: 0, message: 'Setia cannot be reached: check the connection and try again' });
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : {};
    if (!response.ok) {
      const problem = (parsed ?? {}) as Partial<Problem>;
      throw new ApiError(response.status, { ...problem, statusCode: response.status, message: problem.message ?? response.statusText });
    }
    return { ...(parsed as T), receivedAt: Date.now() };
  }
}

/** The tenant an API key belongs to (`setia_<tenant>.<16 hex>_<secret>`), or undefined for anything else. */
export function tenantOfKey(key: string): string | undefined {
  return /^setia_([a-z0-9][a-z0-9_]{0,63})\.[0-9a-f]{16}_[A-Za-z0-9_-]{32,128}$/.exec(key.trim())?.[1];
}
