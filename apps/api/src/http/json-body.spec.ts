import { BadRequestException } from '@nestjs/common';
import { MAX_BODY_DEPTH, refuseAmbiguousJson } from './json-body';

/** The refusal's field and message, or null when the text passes. */
function refusal(text: string): { field: string; message: string } | null {
  try {
    refuseAmbiguousJson(text);
    return null;
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    const { field, message } = error.getResponse() as { field: string; message: string };
    return { field, message };
  }
}

describe('a JSON body read before it is parsed', () => {
  it('a body nested as deep as allowed passes', () => {
    expect(refusal('['.repeat(MAX_BODY_DEPTH) + ']'.repeat(MAX_BODY_DEPTH))).toBeNull();
    expect(refusal(`{"a":${'{"a":'.repeat(MAX_BODY_DEPTH - 1)}1${'}'.repeat(MAX_BODY_DEPTH)}`)).toBeNull();
  });

  it('one level deeper is refused, naming where', () => {
    expect(refusal(`{"a":${'{"a":'.repeat(MAX_BODY_DEPTH)}1${'}'.repeat(MAX_BODY_DEPTH + 1)}`)).toEqual({
      field: `a${'.a'.repeat(MAX_BODY_DEPTH - 1)}`,
      message: `a${'.a'.repeat(MAX_BODY_DEPTH - 1)} is nested more than ${MAX_BODY_DEPTH} levels deep`,
    });
    expect(refusal('['.repeat(3000) + ']'.repeat(3000))?.message).toBe(`${'[0]'.repeat(MAX_BODY_DEPTH)} is nested more than ${MAX_BODY_DEPTH} levels deep`);
  });

  it('a key named twice in an object is refused, naming the field', () => {
    expect(refusal('{"total": 1, "currency": "IDR", "total": 999999}')).toEqual({ field: 'total', message: 'total is given more than once' });
    expect(refusal('{"lines": [{"sku": "A"}, {"sku": "B", "quantity": 1, "quantity": 2}]}')).toEqual({
      field: 'lines[1].quantity',
      message: 'lines[1].quantity is given more than once',
    });
  });

  it('keys are compared as JSON reads them: an escaped spelling is the same key', () => {
    expect(refusal('{"total": 1, "\\u0074otal": 2}')).toEqual({ field: 'total', message: 'total is given more than once' });
  });

  it('the same key in sibling objects, in strings and in values is not a repeat', () => {
    expect(refusal('{"lines": [{"sku": "A", "quantity": 1}, {"sku": "A", "quantity": 1}], "note": "\\"sku\\": {\\"sku\\""}')).toBeNull();
    expect(refusal('{"a": {"b": 1}, "b": {"a": 2}}')).toBeNull();
  });

  it('malformed text is left to the parser', () => {
    expect(refusal('{"receiptId":')).toBeNull();
  });
});
