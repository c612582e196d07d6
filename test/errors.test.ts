// The error classes every folder throws, by name (annotations and the post step tell them apart by
// it), and reading JSON from outside without trusting it.

import { describe, expect, it } from 'vitest';
import { CallError, errorMessage, InputError } from '../src/errors.js';
import { isRecord, parseJsonObject } from '../src/json.js';
import { ZoomApiError, ZoomRequestError } from '../src/zoom/errors.js';

describe('errors', () => {
  it('each class has its own name, and the call errors are CallErrors', () => {
    const details = { status: 400, code: 1, zoomMessage: 'x', trackingId: undefined, body: '' };
    const errors = [
      new InputError('a'),
      new CallError('b'),
      new ZoomApiError('c', details),
      new ZoomRequestError('d', false),
    ];
    expect(errors.map((error) => [error.name, error.message, error instanceof CallError])).toEqual([
      ['InputError', 'a', false],
      ['CallError', 'b', true],
      ['ZoomApiError', 'c', true],
      ['ZoomRequestError', 'd', true],
    ]);
    expect(String(new InputError('bad'))).toBe('InputError: bad');
  });

  it('errorMessage takes any thrown value', () => {
    expect(errorMessage(new Error('e'))).toBe('e');
    expect(errorMessage('a string')).toBe('a string');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
  });
});

describe('json', () => {
  it.each([
    ['{"a": 1}', { a: 1 }],
    ['[1]', undefined],
    ['null', undefined],
    ['"text"', undefined],
    ['{"a": ', undefined],
    ['', undefined],
  ])('parseJsonObject(%j)', (text, expected) => {
    expect(parseJsonObject(text)).toEqual(expected);
  });

  it('isRecord: a plain object only', () => {
    expect([{}, [], null, 'x', 1, undefined].map(isRecord)).toEqual([true, false, false, false, false, false]);
  });
});
