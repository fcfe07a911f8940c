import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ProgramAnswer } from './answers';
import { ApiError } from './api';
import type { Received } from './api';
import { Console, pagesFor } from './context';
import type { PageId } from './context';
import { Customer } from './pages/customer';
import { Customers } from './pages/customers';
import { Feedback } from './pages/feedback';
import { Keys } from './pages/keys';
import { Liability } from './pages/liability';
import { Overview } from './pages/overview';
import { ProgramPage } from './pages/program';
import { Retention } from './pages/retention';
import { SignIn } from './pages/sign-in';
import { routeHref, useRoute } from './route';
import type { Route } from './route';
import { resumeSession, signOut } from './session';
import type { Session } from './session';
import './styles.css';

function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => {
    resumeSession().then((resumed) => setSession(resumed ?? null));
  }, []);
  if (session === undefined) return <p class="loading" role="status">Loading…</p>;
  if (session === null) return <SignIn onSignedIn={setSession} />;
  return (
    <SignedIn
      session={session}
      onSignOut={() => {
        signOut();
        setSession(null);
      }}
    />
  );
}

function SignedIn({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const route = useRoute();
  const [program, setProgram] = useState<Received<ProgramAnswer> | null | undefined>(undefined);
  const [programRound, setProgramRound] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    session.api.get<ProgramAnswer>('program').then(
      (answer) => setProgram(answer),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 404) setProgram(null);
        else setProblem(error instanceof Error ? error.message : String(error));
      },
    );
  }, [programRound]);
  const pages = pagesFor(session.role);
  const current = (pages.find((page) => page.id === route.path[0]) ?? pages[0]).id;
  return (
    <Console.Provider value={{ session, program: program ?? null, reloadProgram: () => setProgramRound((n) => n + 1) }}>
      <header class="top">
        <p class="brand">Setia · {session.tenant}</p>
        <nav aria-label="Pages">
          <ul>
            {pages.map((page) => (
              <li>
                <a href={routeHref([page.id], keepFilters(route))} aria-current={page.id === current ? 'page' : undefined}>
                  {page.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p class="who">
          {session.role} key <code>{session.keyId}</code>{' '}
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </p>
      </header>
      <main>
        {problem ? (
          <p class="error" role="alert">
            {problem}
          </p>
        ) : program === undefined ? (
          <p class="loading" role="status">
            Loading…
          </p>
        ) : (
          <Page id={current} route={route} />
        )}
      </main>
    </Console.Provider>
  );
}

/** The period and store stay when moving between dashboard pages. */
function keepFilters(route: Route) {
  return { from: route.query.get('from') ?? undefined, to: route.query.get('to') ?? undefined, store: route.query.get('store') ?? undefined };
}

function Page({ id, route }: { id: PageId; route: Route }) {
  switch (id) {
    case 'overview':
      return <Overview route={route} />;
    case 'retention':
      return <Retention route={route} />;
    case 'feedback':
      return <Feedback route={route} />;
    case 'liability':
      return <Liability />;
    case 'customers':
      return route.path[1] ? <Customer customerId={route.path[1]} /> : <Customers route={route} />;
    case 'program':
      return <ProgramPage />;
    case 'keys':
      return <Keys />;
  }
}

render(<App />, document.getElementById('app')!);
