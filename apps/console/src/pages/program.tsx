import { useEffect, useState } from 'preact/hooks';
import type { ProgramAnswer, ProgramRevisionsAnswer } from '../answers';
import { ApiError } from '../api';
import type { Received } from '../api';
import { AsOf } from '../components/as-of';
import { Campaigns, Rewards } from './campaigns';
import { Offers } from './offers';
import { SchemaForm } from '../components/schema-form';
import type { FieldErrors, Json, Schema } from '../components/schema-form';
import { Show } from '../components/status';
import { useConsole } from '../context';
import { formatInstant } from '../format';
import { explain, useLoad } from '../load';

/** The program's body schema as the API publishes it in its OpenAPI document (public, like /docs). */
async function programSchema(): Promise<Schema> {
  const response = await fetch('/docs/openapi.json', { credentials: 'omit' });
  if (!response.ok) throw new Error(`the API's OpenAPI document could not be read (${response.status})`);
  const document = (await response.json()) as { paths: Record<string, { put?: { requestBody?: { content?: Record<string, { schema?: Schema }> } } }> };
  const schema = document.paths['/v1/tenants/{tenant}/program']?.put?.requestBody?.content?.['application/json']?.schema;
  if (!schema) throw new Error('the OpenAPI document has no program schema');
  return schema;
}

/** Every leaf of a value by its field path, to say what a revision changed. */
function leaves(value: unknown, path = '', into = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) value.forEach((item, i) => leaves(item, `${path}[${i}]`, into));
  else if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) leaves(child, path ? `${path}.${key}` : key, into);
  else into.set(path, JSON.stringify(value));
  return into;
}

export function changes(before: unknown, after: unknown): string[] {
  const old = leaves(before);
  const now = leaves(after);
  const lines: string[] = [];
  for (const [path, value] of now) if (old.get(path) !== value) lines.push(old.has(path) ? `${path}: ${old.get(path)} → ${value}` : `${path}: ${value} (new)`);
  for (const [path, value] of old) if (!now.has(path)) lines.push(`${path}: ${value} (removed)`);
  return lines;
}

/** The API's refusal, by field: 400 lists every field at fault, 422 names the one the rules refused. */
function fieldErrors(error: ApiError): FieldErrors {
  const errors: FieldErrors = new Map();
  for (const { field, messages } of error.problem.errors ?? []) errors.set(field, [...(errors.get(field) ?? []), ...messages]);
  if (errors.size === 0) errors.set(error.problem.field ?? 'body', [error.problem.message]);
  return errors;
}

export function ProgramPage() {
  const { session, program, reloadProgram } = useConsole();
  const admin = session.role === 'admin';
  const [schema] = useLoad(programSchema, []);
  const [revisions, reloadRevisions] = useLoad(() => session.api.get<ProgramRevisionsAnswer>('program/revisions'), [program?.revision]);
  const [draft, setDraft] = useState<Json | null>(null);
  const [errors, setErrors] = useState<FieldErrors>(new Map());
  const [outcome, setOutcome] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => setDraft(program ? (structuredClone(program.program) as unknown as Json) : null), [program?.revision]);

  const save = async (event: Event) => {
    event.preventDefault();
    if (draft === null) return;
    setSaving(true);
    setOutcome(null);
    try {
      const saved = await session.api.put<ProgramAnswer>('program', draft);
      setErrors(new Map());
      setOutcome(saved.revision === program?.revision ? `No change: the program in force is already this (revision ${saved.revision}).` : `Saved: revision ${saved.revision} is in force.`);
      reloadProgram();
      reloadRevisions();
    } catch (error) {
      if (error instanceof ApiError && (error.status === 400 || error.status === 422)) {
        const found = fieldErrors(error);
        setErrors(found);
        setOutcome(`Refused: ${error.problem.message}. Nothing was recorded.`);
        requestAnimationFrame(() => document.querySelector<HTMLElement>('.field.invalid input, .field.invalid select, fieldset .field-error')?.focus());
      } else {
        setOutcome(explain(error as Error));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Program</h1>
      {program ? (
        <p class="lead" data-revision={program.revision}>
          Revision {program.revision} is in force, in {program.program.currency}, head office time {program.program.timeZone}.
          <AsOf answer={program} source="the program's stream" />
        </p>
      ) : (
        <p class="lead">This tenant has no program yet{admin ? ': set one below.' : '.'}</p>
      )}
      <Show loaded={schema}>
        {(programSchema) => (
          <form class="program" method="post" onSubmit={save} aria-label={admin ? 'Edit the program' : 'The program in force'}>
            <SchemaForm schema={programSchema} value={draft ?? {}} onChange={setDraft} errors={errors} readOnly={!admin} />
            {admin && (
              <p class="actions">
                <button type="submit" disabled={saving}>
                  Save as a new revision
                </button>
                <button type="button" onClick={() => (setDraft(program ? (structuredClone(program.program) as unknown as Json) : null), setErrors(new Map()), setOutcome(null))}>
                  Undo my changes
                </button>
              </p>
            )}
            {outcome && (
              <p class={errors.size > 0 ? 'error' : 'saved'} role="status" data-outcome>
                {outcome}
              </p>
            )}
          </form>
        )}
      </Show>
      <section aria-labelledby="history-title">
        <h2 id="history-title">Revisions</h2>
        <Show loaded={revisions}>{(answer) => <History answer={answer} zone={program?.program.timeZone ?? 'UTC'} />}</Show>
      </section>
      {program && <Rewards program={program.program} answer={program} />}
      {program && <Campaigns program={program.program} />}
      {program && <Offers program={program.program} />}
    </section>
  );
}

function History({ answer, zone }: { answer: Received<ProgramRevisionsAnswer>; zone: string }) {
  const { revisions } = answer;
  return (
    <>
      <ol class="revisions" reversed>
        {revisions.map((revision, i) => {
          const before = revisions[i + 1];
          const changed = before ? changes(before.program, revision.program) : [];
          return (
            <li data-revision={revision.revision}>
              <p>
                <strong>Revision {revision.revision}</strong>, {formatInstant(revision.configuredAt, zone)}
                {revision.principal && <> by key {revision.principal}</>}
              </p>
              {before ? (
                <ul class="changes">
                  {changed.map((line) => (
                    <li>
                      <code>{line}</code>
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="hint">The first program.</p>
              )}
            </li>
          );
        })}
      </ol>
      <AsOf answer={answer} source="the program's stream" />
    </>
  );
}
