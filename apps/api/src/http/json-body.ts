import { BadRequestException } from '@nestjs/common';

/**
 * The deepest nesting a request body may have. The deepest body the API takes (a program: a rule,
 * a list of its entries, an entry's fields) is 4 levels; a body far deeper is no request of ours,
 * and checking it field by field would recurse once per level.
 */
export const MAX_BODY_DEPTH = 32;

/** An object (its keys so far, the last one) or a list (the index of the item being read) still open. */
interface Open {
  field: string;
  keys: Set<string> | null;
  key: string;
  index: number;
}

const refused = (message: string, field: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', message, field });

/** `lines[0].sku`: the field of what is read next in `open`. */
function fieldIn(open: Open, key?: string): string {
  if (open.keys === null) return `${open.field}[${open.index}]`;
  const name = key ?? open.key;
  return open.field ? `${open.field}.${name}` : name;
}

/**
 * Reads a JSON body's text once before it is parsed: a body nested deeper than MAX_BODY_DEPTH, or
 * an object that names the same key twice (JSON.parse keeps the last, so a till's `"total"` could
 * mean two amounts), is refused with 400 naming the field. Keys are compared as JSON reads them
 * (`"\u0061"` is `"a"`). Malformed text is left for the parser to refuse.
 */
export function refuseAmbiguousJson(text: string): void {
  const open: Open[] = [];
  let expectingKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) {
          escaped = true;
          i++;
        } else if (d === 0x22) break;
      }
      if (!expectingKey) continue;
      const top = open[open.length - 1];
      let key = text.slice(start + 1, i);
      if (escaped) {
        try {
          key = JSON.parse(text.slice(start, i + 1)) as string;
        } catch {
          return;
        }
      }
      if (top.keys!.has(key)) {
        const field = fieldIn(top, key);
        throw refused(`${field} is given more than once`, field);
      }
      top.keys!.add(key);
      top.key = key;
      expectingKey = false;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const parent = open[open.length - 1];
      const field = parent ? fieldIn(parent) : '';
      if (open.length === MAX_BODY_DEPTH) throw refused(`${field || 'the body'} is nested more than ${MAX_BODY_DEPTH} levels deep`, field || 'body');
      open.push({ field, keys: c === 0x7b ? new Set() : null, key: '', index: 0 });
      expectingKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
      expectingKey = false;
    } else if (c === 0x2c /* , */) {
      const top = open[open.length - 1];
      if (top?.keys === null) top.index++;
      expectingKey = top !== undefined && top.keys !== null;
    }
  }
}
