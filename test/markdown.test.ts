import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOOK_ALIKES, liquidText, mentionMarkup, neutralise } from '../src/message/markdown.js';

// Every token the issue and Zoom's markdown page list, as a hostile value would carry it.
const TOKENS = /[*_~`<>\\]|(^|[^\p{L}\p{N}])@/u;

// Each character of `result` is the one typed, or that character's look-alike.
function readsAsTyped(value: string, result: string): boolean {
  const typed = [...value];
  const shown = [...result];
  return (
    typed.length === shown.length &&
    typed.every(
      (character, index) =>
        shown[index] === character ||
        shown[index] === LOOK_ALIKES[character] ||
        (character === '@' && shown[index] === '\uFF20'),
    )
  );
}

describe('neutralise', () => {
  it.each([
    ['*bold* _it_ ~gone~ `code`', '∗bold∗ ˍitˍ ∼gone∼ ˋcodeˋ'],
    ['<https://evil.example|Click me>', '˂https://evil.example|Click me˃'],
    ['<!all> please look', '˂!all˃ please look'],
    ['hey @all and @Ana', 'hey ＠all and ＠Ana'],
    ['mail ana@example.com', 'mail ana@example.com'],
    ['> quoted\n>> twice', '˃ quoted\n˃˃ twice'],
    ['C:\\temp\\*', 'C:⧵temp⧵∗'],
    ['ends with a backslash \\', 'ends with a backslash ⧵'],
    ['{{ github.token }} and {% raw %}', '{{ github.token }} and {% raw %}'],
    ['"quotes" \'and\' braces {}', '"quotes" \'and\' braces {}'],
    ['feature/login_form', 'feature/loginˍform'],
    ['plain words stay as they are', 'plain words stay as they are'],
  ])('%j -> %j', (value, expected) => {
    expect(neutralise(value)).toBe(expected);
  });

  it('leaves no markup token in any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (value) => {
        expect(neutralise(value)).not.toMatch(TOKENS);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves no markup token in markup-heavy strings (property)', () => {
    const markupy = fc.string({
      unit: fc.constantFrom('*', '_', '~', '`', '<', '>', '\\', '@', '!', '|', 'a', 'l', ' ', '\n'),
      maxLength: 80,
    });
    fc.assert(
      fc.property(markupy, (value) => {
        expect(neutralise(value)).not.toMatch(TOKENS);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads as typed: one look-alike per character, and only markup is touched (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (value) => {
        expect(readsAsTyped(value, neutralise(value))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (value) => {
        expect(neutralise(neutralise(value))).toBe(neutralise(value));
      }),
    );
  });

  it('copes with very long text', () => {
    const value = '*x* '.repeat(50_000);
    const result = neutralise(value);
    expect(result).toHaveLength(value.length);
    expect(result).not.toContain('*');
  });
});

describe('liquidText', () => {
  it.each([
    ['text', 'text'],
    [null, ''],
    [undefined, ''],
    [2, '2'],
    [false, 'false'],
    [['a', ['b', 'c']], 'abc'],
  ])('%j -> %j', (value, expected) => {
    expect(liquidText(value)).toBe(expected);
  });
});

describe('mentionMarkup', () => {
  it('mentions everyone', () => {
    expect(mentionMarkup('all', undefined)).toBe('<!all>');
  });

  it('mentions a user with the name shown, the name neutralised', () => {
    expect(mentionMarkup('abc_12@xmpp.zoom.us', 'Ana *On-call*|x')).toBe('<!abc_12@xmpp.zoom.us|Ana ∗On-call∗∣x>');
  });

  it.each([
    ['octocat', undefined, "mention: 'octocat' is not a user JID"],
    ['a@xmpp.zoom.us> <!all', 'x', 'is not a user JID'],
    ['', undefined, "mention: '' is not a user JID"],
    ['abc@xmpp.zoom.us', undefined, 'a user mention needs the name to show'],
    ['abc@xmpp.zoom.us', '  ', 'a user mention needs the name to show'],
  ])('refuses %j named %j', (target, name, message) => {
    expect(() => mentionMarkup(target, name)).toThrow(message);
  });
  it('mentions everyone as @all too, and trims the target; the name on one line', () => {
    expect(mentionMarkup(' @all ', 'ignored')).toBe('<!all>');
    expect(mentionMarkup(['abc@xmpp.zoom.us'], ' On\n  call ')).toBe('<!abc@xmpp.zoom.us|On call>');
    expect(mentionMarkup(' abc@xmpp.zoomgov.com ', 3)).toBe('<!abc@xmpp.zoomgov.com|3>');
  });

  it.each(['x abc@xmpp.zoom.us', 'abc@xmpp.zoom.us x', 'abc@xmpp.zoom.u', '@xmpp.zoom.us'])('refuses %j', (target) => {
    expect(() => mentionMarkup(target, 'Ana')).toThrow(`mention: '${target.trim()}' is not a user JID.`);
  });

  it('shows at most 60 characters of what it refuses', () => {
    expect(() => mentionMarkup('x'.repeat(60), 'Ana')).toThrow(`mention: '${'x'.repeat(60)}' is not a user JID.`);
    expect(() => mentionMarkup('y'.repeat(61), 'Ana')).toThrow(`mention: '${'y'.repeat(60)}…' is not a user JID.`);
  });

  it('says how to name a mention', () => {
    expect(() => mentionMarkup('abc@xmpp.zoom.us', '')).toThrow(
      'mention: a user mention needs the name to show, as in {{ "abc@xmpp.zoom.us" | mention: "Ana" }}.',
    );
  });
});
