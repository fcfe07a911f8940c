import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ProgramAnswer } from './answers';
import type { Received } from './api';
import type { Session } from './session';

export interface ConsoleContext {
  session: Session;
  /** The program in force (currency, zones, stores), or null while the tenant has none. */
  program: Received<ProgramAnswer> | null;
  reloadProgram(): void;
}

export const Console = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const context = useContext(Console);
  if (!context) throw new Error('useConsole outside the signed-in console');
  return context;
}

/** What each role sees: analyst dashboards and customer lists; admin also the program and keys; auditor customers and ledgers. */
export const PAGES = [
  { id: 'overview', title: 'Overview', roles: ['admin', 'analyst'] },
  { id: 'retention', title: 'Retention', roles: ['admin', 'analyst'] },
  { id: 'feedback', title: 'Feedback', roles: ['admin', 'analyst'] },
  { id: 'liability', title: 'Liability', roles: ['admin', 'analyst'] },
  { id: 'customers', title: 'Customers', roles: ['admin', 'analyst', 'auditor'] },
  { id: 'program', title: 'Program', roles: ['admin', 'analyst', 'auditor'] },
  { id: 'keys', title: 'Keys', roles: ['admin'] },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

export function pagesFor(role: Session['role']) {
  return PAGES.filter((page) => (page.roles as readonly string[]).includes(role));
}
