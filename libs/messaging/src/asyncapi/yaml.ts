/**
 * Just enough YAML for docs/asyncapi.yaml, without a YAML dependency: `renderYaml` writes block
 * maps, block sequences and scalars (strings double-quoted when plain would be ambiguous), and
 * `parseYaml` reads back that subset (comments, block maps and sequences, `- key: value` items,
 * plain / single- / double-quoted scalars, `[]` and `{}`). Not a general YAML parser.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const PLAIN = /^[A-Za-z_$/.][A-Za-z0-9 _$/.#{}()<>,+*-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|~)$/i;

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  const plain = PLAIN.test(value) && !RESERVED.test(value) && !value.endsWith(' ') && !/: |\s#/.test(value);
  return plain ? value : JSON.stringify(value);
}

function key(name: string): string {
  return /^[A-Za-z0-9_$./-]+$/.test(name) && !RESERVED.test(name) ? name : JSON.stringify(name);
}

export function renderYaml(value: unknown, header = ''): string {
  const lines: string[] = header ? header.split('\n').map((line) => (line ? `# ${line}` : '#')) : [];
  write(value as Json, 0, lines);
  return `${lines.join('\n')}\n`;
}

function write(value: Json, indent: number, lines: string[]): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === 'object' && !(Array.isArray(item) ? item.length === 0 : Object.keys(item).length === 0)) {
        const inner: string[] = [];
        write(item, indent + 2, inner);
        lines.push(`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1));
      } else {
        lines.push(`${pad}- ${inline(item)}`);
      }
    }
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const empty = item !== null && typeof item === 'object' && (Array.isArray(item) ? item.length === 0 : Object.keys(item).length === 0);
      if (item !== null && typeof item === 'object' && !empty) {
        lines.push(`${pad}${key(name)}:`);
        write(item, indent + 2, lines);
      } else {
        lines.push(`${pad}${key(name)}: ${inline(item)}`);
      }
    }
    return;
  }
  lines.push(`${pad}${inline(value)}`);
}

function inline(value: Json): string {
  if (Array.isArray(value)) return '[]';
  if (value !== null && typeof value === 'object') return '{}';
  return scalar(value);
}

interface Line {
  indent: number;
  text: string;
  number: number;
}

export function parseYaml(source: string): unknown {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed === '---') return;
    lines.push({ indent: raw.length - raw.trimStart().length, text: stripComment(trimmed), number: i + 1 });
  });
  let at = 0;

  function fail(line: Line, problem: string): never {
    throw new Error(`yaml line ${line.number}: ${problem}`);
  }

  function block(indent: number): Json {
    const first = lines[at];
    if (!first || first.indent < indent) return null;
    return first.text.startsWith('- ') || first.text === '-' ? sequence(first.indent) : map(first.indent);
  }

  function sequence(indent: number): Json[] {
    const items: Json[] = [];
    while (at < lines.length && lines[at].indent === indent && (lines[at].text.startsWith('- ') || lines[at].text === '-')) {
      const line = lines[at];
      const rest = line.text === '-' ? '' : line.text.slice(2).trim();
      if (rest === '') {
        at += 1;
        items.push(block(indent + 1));
      } else if (isMapEntry(rest)) {
        // `- key: value` opens a map whose other keys are indented to the first key's column.
        lines[at] = { indent: indent + 2, text: rest, number: line.number };
        items.push(map(indent + 2));
      } else {
        at += 1;
        items.push(parseScalar(rest, line));
      }
    }
    return items;
  }

  function map(indent: number): { [key: string]: Json } {
    const out: { [key: string]: Json } = {};
    while (at < lines.length && lines[at].indent === indent && !lines[at].text.startsWith('- ')) {
      const line = lines[at];
      const entry = splitEntry(line.text);
      if (!entry) fail(line, `expected "key: value", got "${line.text}"`);
      at += 1;
      const [name, rest] = entry;
      if (rest !== '') {
        out[name] = parseScalar(rest, line);
        continue;
      }
      const next = lines[at];
      if (next && next.indent > indent) out[name] = block(next.indent);
      else if (next && next.indent === indent && next.text.startsWith('- ')) out[name] = sequence(indent);
      else out[name] = null;
    }
    if (at < lines.length && lines[at].indent > indent) fail(lines[at], 'unexpected indentation');
    return out;
  }

  const result = block(0);
  if (at < lines.length) fail(lines[at], 'unexpected content');
  return result;
}

function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i += 1;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s:\-[{,]/.test(text[i - 1])) quote = c;
    } else if (c === '#' && i > 0 && /\s/.test(text[i - 1])) {
      return text.slice(0, i).trimEnd();
    }
  }
  return text;
}

function isMapEntry(text: string): boolean {
  return splitEntry(text) !== undefined;
}

function splitEntry(text: string): [string, string] | undefined {
  if (text.startsWith('"')) {
    const end = closingQuote(text);
    if (end < 0 || text[end + 1] !== ':') return undefined;
    return [JSON.parse(text.slice(0, end + 1)) as string, text.slice(end + 2).trim()];
  }
  const match = /^([^\s:"'][^:]*?):(?:\s+(.*))?$/.exec(text);
  return match ? [match[1], (match[2] ?? '').trim()] : undefined;
}

function closingQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i;
  }
  return -1;
}

function parseScalar(text: string, line: Line): Json {
  if (text === '[]') return [];
  if (text === '{}') return {};
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      throw new Error(`yaml line ${line.number}: bad double-quoted string ${text}`);
    }
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new Error(`yaml line ${line.number}: bad single-quoted string ${text}`);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text.startsWith('[') || text.startsWith('{')) throw new Error(`yaml line ${line.number}: flow collections are not supported`);
  if (/^(null|~)$/.test(text)) return null;
  if (/^true$/i.test(text)) return true;
  if (/^false$/i.test(text)) return false;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text;
}
