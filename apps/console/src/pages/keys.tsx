import { useState } from 'preact/hooks';
import type { KeysAnswer } from '../answers';
import { AsOf } from '../components/as-of';
import { Show } from '../components/status';
import { useConsole } from '../context';
import { formatInstant } from '../format';
import { explain, useLoad } from '../load';

const ROLES = ['analyst', 'auditor', 'pos', 'admin'] as const;

/** The tenant's API keys: who may do what. A new key is shown once, here, and nowhere else. */
export function Keys() {
  const { session, program } = useConsole();
  const [loaded, reload] = useLoad(() => session.api.get<KeysAnswer>('keys'), []);
  const [role, setRole] = useState<(typeof ROLES)[number]>('analyst');
  const [stores, setStores] = useState<string[]>([]);
  const [created, setCreated] = useState<{ keyId: string; key: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const zone = program?.program.timeZone ?? 'UTC';

  const create = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    try {
      const answer = await session.api.post<{ keyId: string; key: string }>('keys', { role, ...(role === 'pos' && stores.length > 0 && { stores }) });
      setCreated({ keyId: answer.keyId, key: answer.key });
      reload();
    } catch (error) {
      setProblem(explain(error as Error));
    }
  };
  const revoke = async (keyId: string) => {
    if (!confirm(`Revoke ${keyId}? It is refused from the next request on.`)) return;
    try {
      await session.api.delete(`keys/${encodeURIComponent(keyId)}`);
      reload();
    } catch (error) {
      setProblem(explain(error as Error));
    }
  };

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">API keys</h1>
      <form class="filters" method="post" onSubmit={create}>
        <label>
          Role
          <select name="role" value={role} onChange={(event) => setRole(event.currentTarget.value as (typeof ROLES)[number])}>
            {ROLES.map((name) => (
              <option value={name}>{name}</option>
            ))}
          </select>
        </label>
        {role === 'pos' && (
          <fieldset>
            <legend>Only for these stores (none: every store)</legend>
            {(program?.program.stores ?? []).map((store) => (
              <label>
                <input
                  type="checkbox"
                  name="stores"
                  value={store.storeId}
                  checked={stores.includes(store.storeId)}
                  onChange={(event) => setStores(event.currentTarget.checked ? [...stores, store.storeId] : stores.filter((id) => id !== store.storeId))}
                />
                {store.storeId}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit">Create a key</button>
      </form>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {created && (
        <div class="new-key" role="status">
          <p>
            Key <strong>{created.keyId}</strong> was created. Copy it now: Setia keeps only its hash and will not show it again.
          </p>
          <input aria-label="The new key" readOnly value={created.key} onFocus={(event) => event.currentTarget.select()} />
        </div>
      )}
      <Show loaded={loaded}>
        {(answer) => (
          <>
            <table data-table="keys">
              <thead>
                <tr>
                  <th scope="col">key id</th>
                  <th scope="col">role</th>
                  <th scope="col">stores</th>
                  <th scope="col">created</th>
                  <th scope="col">state</th>
                </tr>
              </thead>
              <tbody>
                {answer.keys.map((key) => (
                  <tr data-key={key.keyId}>
                    <th scope="row">
                      <code>{key.keyId}</code>
                    </th>
                    <td>{key.role}</td>
                    <td>{key.stores?.join(', ') ?? 'all'}</td>
                    <td>{formatInstant(key.createdAt, zone)}</td>
                    <td>
                      {key.revoked ? (
                        `revoked ${key.revokedAt ? formatInstant(key.revokedAt, zone) : ''}`
                      ) : key.keyId === session.keyId ? (
                        'in use here'
                      ) : (
                        <button type="button" onClick={() => revoke(key.keyId)}>
                          Revoke {key.keyId}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <AsOf answer={answer} source="the access stream" />
          </>
        )}
      </Show>
    </section>
  );
}
