// Near misses in error messages: how close a word must be to be suggested, and which wins a tie.

import { describe, expect, it } from 'vitest';
import { closest, suggest } from '../src/message/suggest.js';

describe('suggest', () => {
  it.each([
    ['mesage', ['message', 'divider'], " (did you mean 'message'?)"],
    ['MESSAGE', ['message'], " (did you mean 'message'?)"],
    // Up to 2 edits for a short word...
    ['hed', ['head'], " (did you mean 'head'?)"],
    ['hxxd', ['head'], " (did you mean 'head'?)"],
    ['xxxd', ['head'], ''],
    // ... and a third of the length for a long one: 4 edits in 12 letters, not 5.
    ['progressxxxx', ['progress_bar'], " (did you mean 'progress_bar'?)"],
    ['prxgrexxxxxx', ['progress_bar'], ''],
    // A tie goes to the first candidate; a nearer later one wins.
    ['ac', ['ab', 'bc'], " (did you mean 'ab'?)"],
    ['bodx', ['bxxx', 'body'], " (did you mean 'body'?)"],
    ['', ['ab', 'abc'], " (did you mean 'ab'?)"],
    ['abc', [], ''],
  ])('%j among %j', (word, candidates, expected) => {
    expect(suggest(word, candidates)).toBe(expected);
  });
});

describe('closest', () => {
  it('the nearest first, ties in alphabetical order, at most three', () => {
    expect(closest('sha', ['shb', 'ref', 'sha1', 'shc', 'sh'])).toEqual(['sh', 'sha1', 'shb']);
    expect(closest('sha', ['shb', 'sha1'], 1)).toEqual(['sha1']);
  });

  it('all of them, ranked, when none is near (half the length, at least 2)', () => {
    expect(closest('xyz', ['abcd', 'abc'])).toEqual(['abc', 'abcd']);
    expect(closest('abcdefgh', ['abcdwxyz', 'qqqqqqqq'])).toEqual(['abcdwxyz']);
    expect(closest('abcdefgh', ['abcdvwxyz', 'qqqqqqqq'])).toEqual(['abcdvwxyz', 'qqqqqqqq']);
  });
});
