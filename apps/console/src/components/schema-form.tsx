import type { ComponentChildren } from 'preact';

/** The JSON Schema subset the program's schema uses (libs/domain json-schema.ts, as OpenAPI publishes it). */
export interface Schema {
  type?: string | string[];
  description?: string;
  format?: string;
  pattern?: string;
  enum?: Array<string | number | boolean>;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  example?: unknown;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The API's refusals by field path (`tiers[1].multiplier`), as its 400 and 422 answers name them. */
export type FieldErrors = Map<string, string[]>;

interface Props {
  schema: Schema;
  value: Json;
  onChange?: (value: Json) => void;
  errors: FieldErrors;
  readOnly: boolean;
}

const childPath = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);
const typeOf = (schema: Schema) => (Array.isArray(schema.type) ? schema.type[0] : schema.type);
const words = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** A value a new item or an added rule starts with: the schema's example, or empty fields. */
export function emptyOf(schema: Schema): Json {
  switch (typeOf(schema)) {
    case 'object':
      return Object.fromEntries((schema.required ?? Object.keys(schema.properties ?? {})).map((name) => [name, emptyOf(schema.properties![name])]));
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    default:
      return schema.enum?.[0] ?? '';
  }
}

/** The program as a form built from its schema: every rule the API knows gets its fields, with each refusal beside its field. */
export function SchemaForm(props: Props) {
  return <Node {...props} path="" name="program" />;
}

function Problems({ path, errors }: { path: string; errors: FieldErrors }) {
  const messages = errors.get(path);
  if (!messages) return null;
  return (
    <p class="field-error" id={`error-${path}`} data-error-for={path} role="alert">
      {messages.join('; ')}
    </p>
  );
}

function Node({ schema, value, onChange, errors, readOnly, path, name }: Props & { path: string; name: string }) {
  const type = typeOf(schema);
  if (type === 'object') {
    const properties = schema.properties ?? {};
    const object = (value ?? {}) as Record<string, Json>;
    const set = (key: string, next: Json | undefined) => {
      const copy = { ...object };
      if (next === undefined) delete copy[key];
      else copy[key] = next;
      onChange?.(copy);
    };
    const body = Object.entries(properties).map(([key, property]) => {
      const required = schema.required?.includes(key) ?? false;
      const present = key in object;
      const child = childPath(path, key);
      if (!present) {
        return readOnly ? (
          <p class="absent" data-field={child}>
            {words(key)}: not in the program
          </p>
        ) : (
          <p class="absent" data-field={child}>
            <button type="button" onClick={() => set(key, emptyOf(property))}>
              Add {words(key)}
            </button>{' '}
            <span class="hint">{property.description}</span>
          </p>
        );
      }
      return (
        <div class="property" key={key}>
          <Node schema={property} value={object[key]} onChange={(next) => set(key, next)} errors={errors} readOnly={readOnly} path={child} name={key} />
          {!required && !readOnly && (
            <button type="button" class="remove" onClick={() => set(key, undefined)}>
              Remove {words(key)}
            </button>
          )}
        </div>
      );
    });
    if (path === '') return <div class="schema-form">{body}<Problems path="body" errors={errors} /></div>;
    return (
      <fieldset data-field={path}>
        <legend>{words(name)}</legend>
        {schema.description && <p class="hint">{schema.description}</p>}
        <Problems path={path} errors={errors} />
        {body}
      </fieldset>
    );
  }
  if (type === 'array') {
    const items = (Array.isArray(value) ? value : []) as Json[];
    const itemSchema = schema.items ?? {};
    return (
      <fieldset data-field={path}>
        <legend>{words(name)}</legend>
        {schema.description && <p class="hint">{schema.description}</p>}
        <Problems path={path} errors={errors} />
        <ol class="items">
          {items.map((item, i) => (
            <li key={i}>
              <Node
                schema={itemSchema}
                value={item}
                onChange={(next) => onChange?.(items.map((old, j) => (j === i ? next : old)))}
                errors={errors}
                readOnly={readOnly}
                path={childPath(path, i)}
                name={`${words(name)} ${i + 1}`}
              />
              {!readOnly && (
                <button type="button" class="remove" onClick={() => onChange?.(items.filter((_, j) => j !== i))}>
                  Remove {words(name)} {i + 1}
                </button>
              )}
            </li>
          ))}
        </ol>
        {!readOnly && (
          <button type="button" onClick={() => onChange?.([...items, emptyOf(itemSchema)])}>
            Add to {words(name)}
          </button>
        )}
      </fieldset>
    );
  }
  return <Leaf schema={schema} value={value} onChange={onChange} errors={errors} readOnly={readOnly} path={path} name={name} />;
}

function Leaf({ schema, value, onChange, errors, readOnly, path, name }: Props & { path: string; name: string }) {
  const type = typeOf(schema);
  const id = `field-${path}`;
  const invalid = errors.has(path);
  const described = [schema.description ? `hint-${path}` : '', invalid ? `error-${path}` : ''].filter(Boolean).join(' ') || undefined;
  let control: ComponentChildren;
  if (schema.enum) {
    control = (
      <select id={id} name={path} disabled={readOnly} aria-invalid={invalid} aria-describedby={described} value={String(value)} onChange={(event) => onChange?.(event.currentTarget.value)}>
        {schema.enum.map((option) => (
          <option value={String(option)}>{String(option)}</option>
        ))}
      </select>
    );
  } else if (type === 'boolean') {
    control = <input id={id} name={path} type="checkbox" disabled={readOnly} aria-describedby={described} checked={value === true} onChange={(event) => onChange?.(event.currentTarget.checked)} />;
  } else if (type === 'integer' || type === 'number') {
    control = (
      <input
        id={id}
        name={path}
        type="text"
        inputMode={type === 'integer' ? 'numeric' : 'decimal'}
        readOnly={readOnly}
        aria-invalid={invalid}
        aria-describedby={described}
        value={value === null || value === undefined ? '' : String(value)}
        // A number the field cannot hold goes to the API as typed, and its refusal shows here.
        onInput={(event) => {
          const text = event.currentTarget.value.trim();
          onChange?.(text !== '' && Number.isFinite(Number(text)) ? Number(text) : text);
        }}
      />
    );
  } else {
    control = (
      <input id={id} name={path} type="text" readOnly={readOnly} aria-invalid={invalid} aria-describedby={described} value={value === null || value === undefined ? '' : String(value)} onInput={(event) => onChange?.(event.currentTarget.value)} autocomplete="off" spellcheck={false} />
    );
  }
  return (
    <div class={`field${invalid ? ' invalid' : ''}`} data-field={path}>
      <label for={id}>{words(name)}</label>
      {control}
      {schema.description && (
        <span class="hint" id={`hint-${path}`}>
          {schema.description}
        </span>
      )}
      <Problems path={path} errors={errors} />
    </div>
  );
}
