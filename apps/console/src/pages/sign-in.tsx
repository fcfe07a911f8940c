import { useState } from 'preact/hooks';
import { signIn, SignInRefused } from '../session';
import type { Session } from '../session';

/** Sign-in with an API key; the key is kept for this tab only (sessionStorage), never in the URL. */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main class="sign-in">
      <h1>Setia console</h1>
      <form
        method="post"
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setProblem(null);
          try {
            onSignedIn(await signIn(key));
          } catch (error) {
            setProblem(error instanceof SignInRefused ? error.message : `Sign-in failed: ${(error as Error).message}`);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          value={key}
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'sign-in-problem' : 'sign-in-hint'}
          onInput={(event) => setKey(event.currentTarget.value)}
        />
        <p class="hint" id="sign-in-hint">
          An admin, analyst or auditor key of your chain. It is kept in this tab only, until you sign out or close it.
        </p>
        {problem && (
          <p class="error" id="sign-in-problem" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
