import { describe, expect, it } from 'vitest';
import {
  type Content,
  checkMarkdownCompatible,
  isCard,
  parseContent,
  validateContent,
} from '../src/message/content.js';

async function failure(text: string): Promise<string> {
  try {
    await parseContent(text, 'content');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected parseContent to throw');
}

describe('isCard', () => {
  it.each([
    ['head:\n  text: Hi', true],
    ['\n\n  body:\n  - type: message', true],
    ['settings: {}', true],
    ['{"head": {"text": "x"}}', true],
    ['{{ github.actor }} deployed', false],
    ['{% if pr.number %}PR {{ pr.number }}{% endif %} deployed', false],
    ['Build 42 passed: all green', false],
    ['heade:\n  text: Hi', false],
    ['header: value', false],
    ['', false],
    ['  \n\t\n', false],
    // The key must open the first non-blank line: anywhere else it is part of a sentence.
    ['Note head: x', false],
    ['Deploy body: done', false],
    ['Release settings: default', false],
    ['Deployed\nhead:\n  text: Hi', false],
    ['  {"head": {"text": "x"}}', true],
    ['{%raw%}', false],
    // YAML comments and a document marker before the first key: still a card.
    ['# Deploy notice\nhead:\n  text: Hi', true],
    ['  # indented comment\n\n# another\nbody:\n  - type: divider', true],
    ['---\nhead:\n  text: Hi', true],
    ['--- # the card\r\nsettings: {}', true],
    ['# {{ github.actor }} wrote this\n{"head": {"text": "x"}}', true],
    // Text that opens with a markdown-ish heading, and no card key after it, is text.
    ['# Deployed', false],
    ['# Deployed\nAll 212 tests passed', false],
    ['## Release 1.2.0\n\n- body: fixed the login loop', false],
    ['---', false],
    ['----\nhead: x', false],
    [' ---\nhead: x', false],
    ['---x\nhead: x', false],
  ])('%j -> %s', (text, expected) => {
    expect(isCard(text)).toBe(expected);
  });

  it('parses a card after comments and a document marker', async () => {
    const card =
      '# Posted by the deploy job\n---\n# the head\nhead:\n  text: Deployed # a comment\nbody:\n  - type: divider\n';
    expect(await parseContent(card, 'content')).toEqual({ head: { text: 'Deployed' }, body: [{ type: 'divider' }] });
    expect(await parseContent('---\nhead:\n  text: Hi\n', 'content')).toEqual({ head: { text: 'Hi' } });
  });

  it('sends text that opens with # as written', async () => {
    const text = '# Deployed\nAll 212 tests passed';
    expect(await parseContent(text, 'content')).toEqual({ body: [{ type: 'message', text }] });
    expect(await parseContent('# Deployed', 'content')).toEqual({ body: [{ type: 'message', text: '# Deployed' }] });
  });

  it('keeps a sentence that holds a card key as plain text', async () => {
    expect(await parseContent('Note head: x', 'content')).toEqual({
      body: [{ type: 'message', text: 'Note head: x' }],
    });
  });
});

describe('parseContent', () => {
  it('turns plain text into one message item, exactly as written', async () => {
    const text = 'Build 42 passed: all green\n  *second* line';
    expect(await parseContent(text, 'content')).toEqual({ body: [{ type: 'message', text }] });
  });

  it('parses a YAML card', async () => {
    const card = await parseContent(
      'head:\n  text: "Deploying {{ github.repository }}"\nbody:\n  - type: message\n    text: Started\n',
      'content',
    );
    expect(card).toEqual({
      head: { text: 'Deploying {{ github.repository }}' },
      body: [{ type: 'message', text: 'Started' }],
    });
  });

  it('parses a JSON card', async () => {
    expect(await parseContent('{"body": [{"type": "divider"}]}', 'content')).toEqual({
      body: [{ type: 'divider' }],
    });
  });

  it('names an unknown top-level key', async () => {
    expect(await failure('head:\n  text: x\nbodyy: []')).toBe(
      "Input 'content' has an unknown key 'bodyy' (did you mean 'body'?). Expected only: head, body, settings.",
    );
  });

  it('names an unknown item type and its path', async () => {
    expect(await failure('body:\n  - type: message\n    text: a\n  - type: mesage\n    text: b')).toContain(
      "at content.body[1].type has an unknown type 'mesage' (did you mean 'message'?)",
    );
  });

  it('needs a head text', async () => {
    expect(await failure('head:\n  style: {bold: true}')).toContain(
      'at content.head.text: the head needs a text string, got nothing',
    );
    expect(await failure('head:\n  text: 42')).toContain('got number 42');
  });

  it.each([
    ['body: []', "needs 'head' or a non-empty 'body'"],
    ['head:\n  text: x\n  style: red', 'at content.head.style must be a mapping'],
    ['head:\n  text: x\n  sub_head: y', 'at content.head.sub_head must be a mapping with a text string'],
    ['body:\n  - type: section', 'at content.body[0].sections: a section needs a list of items'],
  ])('refuses what Zoom refuses: %j', async (text, expected) => {
    expect(await failure(text)).toContain(expected);
  });

  it('accepts an empty body under a head', async () => {
    expect(await parseContent('head:\n  text: x\nbody: []', 'content')).toEqual({
      head: { text: 'x' },
      body: [],
    });
  });

  it('needs a message text', async () => {
    expect(await failure('body:\n  - type: message')).toContain(
      'at content.body[0].text: a message item needs a text string',
    );
  });

  it('checks items inside sections', async () => {
    expect(await failure('body:\n  - type: section\n    sections:\n      - type: nope')).toContain(
      "content.body[0].sections[0].type has an unknown type 'nope'",
    );
  });

  it.each([
    ['head:\n  text: {{ github.actor }}\n', 2],
    ['body:\n  - type: message\n    text: {{ a }} deployed\n', 3],
  ])('says to quote an unquoted {{ in %j', async (text, line) => {
    expect(await failure(text)).toContain(`line ${line}: a YAML value that starts with '{{' must be quoted`);
  });

  it('does not blame {{ for a list used as a key, when the line has none', async () => {
    const message = await failure('head:\n  text: Deploy\n  - type: message\n');
    expect(message).not.toContain('must be quoted');
    expect(message).toContain('is not valid YAML or JSON');
  });

  it('does not blame a quoted {{ for another YAML error', async () => {
    const message = await failure('head:\n  text: "{{ a }}" trailing\n');
    expect(message).toContain('is not valid YAML or JSON');
    expect(message).not.toContain('must be quoted');
  });

  it('accepts {{ inside a block scalar', async () => {
    const card = await parseContent('head:\n  text: |\n    {{ a }} deployed\n', 'content');
    expect(card.head?.text).toBe('{{ a }} deployed\n');
  });

  it('reports a YAML syntax error with its line', async () => {
    expect(await failure('head:\n  text: "open\nbody: [')).toMatch(
      /^Input 'content' line \d+ is not valid YAML or JSON: /,
    );
  });

  it.each([
    ['settings: [1, 2]', 'a list'],
    ['settings: true', 'boolean true'],
    ['settings: default', 'string "default"'],
  ])('refuses settings that are not a mapping: %j', async (settings, got) => {
    expect(await failure(`head:\n  text: x\n${settings}`)).toBe(
      `Input 'content' at content.settings must be a mapping, got ${got}.`,
    );
  });

  it.each([
    ['body: {type: message, text: x}', 'a mapping'],
    ['body: hello', 'string "hello"'],
    ['body: 3', 'number 3'],
  ])('refuses a body that is not a list: %j', async (body, got) => {
    expect(await failure(`head:\n  text: x\n${body}`)).toBe(
      `Input 'content' at content.body must be a list of items (- type: message ...), got ${got}.`,
    );
  });

  it('refuses a card that is not a mapping', async () => {
    expect(await failure('{"head": [1]}')).toContain('at content.head must be a mapping with a text');
  });
});

describe('body item types', () => {
  // Zoom's item types: its SDK's typings and card pages (test/item-types.test.ts holds them to the SDK).
  const TYPES = [
    'message fields actions select attachments file divider progress_bar section page alert images image',
    'datepicker timepicker radio_buttons checkboxes plain_text_input video',
  ].flatMap((line) => line.split(' '));

  it.each(TYPES)('accepts %s', async (type) => {
    const item = type === 'message' ? { type, text: 'x' } : type === 'section' ? { type, sections: [] } : { type };
    expect(await parseContent(JSON.stringify({ body: [item] }), 'content')).toEqual({ body: [item] });
  });

  it('lists them all for an unknown type, and the first nine for an item without one', async () => {
    expect(await failure('{"body": [{"type": "nope"}]}')).toBe(
      `Input 'content' at content.body[0].type has an unknown type 'nope'. Expected one of: ${TYPES.join(', ')}.`,
    );
    expect(await failure('{"body": [{"text": "x"}]}')).toBe(
      `Input 'content' at content.body[0] needs a type (one of ${TYPES.slice(0, 9).join(', ')}, ...), got a mapping.`,
    );
    expect(await failure('{"body": ["x"]}')).toBe(
      `Input 'content' at content.body[0] needs a type (one of ${TYPES.slice(0, 9).join(', ')}, ...), got string "x".`,
    );
    expect(await failure('{"body": [{"type": 3}]}')).toContain('at content.body[0] needs a type');
  });
});

describe('checkMarkdownCompatible', () => {
  it('refuses a message link when markdown is on', () => {
    expect(() =>
      checkMarkdownCompatible({ body: [{ type: 'message', text: 'x', link: 'https://x' }] }, 'content'),
    ).toThrow("Input 'content' at content.body[0].link: Zoom rejects a message item with a link");
  });

  it('looks inside sections, and past items that are not message items', () => {
    const content = {
      body: [
        { type: 'attachments', link: 'https://x' },
        {
          type: 'section',
          sections: [
            { type: 'message', text: 'ok' },
            { type: 'message', text: 'x', link: 'https://x' },
          ],
        },
      ],
    } as unknown as Content;
    expect(() => checkMarkdownCompatible(content, 'finalize')).toThrow(
      "Input 'finalize' at content.body[1].sections[1].link: Zoom rejects a message item with a link when is_markdown_support is true. Put the link in the text (<https://...|label>) or turn markdown off.",
    );
    expect(() =>
      checkMarkdownCompatible({ body: [{ type: 'message', text: 'x' }], settings: {} }, 'content'),
    ).not.toThrow();
    expect(() => checkMarkdownCompatible({ head: { text: 'x' } }, 'content')).not.toThrow();
  });
});

describe('what validateContent says it got', () => {
  it.each([
    ['{"head": {"text": null}}', "Input 'content' at content.head.text: the head needs a text string, got nothing."],
    ['{"head": {"text": ["a"]}}', "Input 'content' at content.head.text: the head needs a text string, got a list."],
    [
      '{"head": {"text": {"a": 1}}}',
      "Input 'content' at content.head.text: the head needs a text string, got a mapping.",
    ],
    [
      '{"head": {"text": false}}',
      "Input 'content' at content.head.text: the head needs a text string, got boolean false.",
    ],
    [
      '{"head": {"text": "x", "sub_head": {"style": {}}}}',
      'Input \'content\' at content.head.sub_head must be a mapping with a text string: sub_head: { text: "..." }, got a mapping.',
    ],
    [
      '{"head": {"text": "x", "sub_head": {"text": "y", "style": "bold"}}}',
      'Input \'content\' at content.head.sub_head.style must be a mapping such as { color: "#2da44e", bold: true }, got string "bold".',
    ],
    [
      '{"body": [{"type": "message", "text": 1}]}',
      "Input 'content' at content.body[0].text: a message item needs a text string, got number 1.",
    ],
    [
      '{"heads": {}}',
      "Input 'content' has an unknown key 'heads' (did you mean 'head'?). Expected only: head, body, settings.",
    ],
  ])('%s', async (text, message) => {
    expect(await failure(text)).toBe(message);
  });

  it('names a whole value that is not a mapping', () => {
    expect(() => validateContent([1], 'finalize')).toThrow(
      "Input 'finalize' must be Zoom's content object (a mapping with head, body or settings), got a list.",
    );
    expect(() => validateContent('text', 'content')).toThrow('got string "text".');
  });

  it('over a preset, a card may leave out the head text and the body', async () => {
    expect(await parseContent('head:\n  style: { bold: true }', 'content', true)).toEqual({
      head: { style: { bold: true } },
    });
    expect(await parseContent('settings: {}', 'content', true)).toEqual({ settings: {} });
    await expect(parseContent('settings: {}', 'content')).rejects.toThrow(
      "Input 'content' needs 'head' or a non-empty 'body': the message would be empty.",
    );
  });
});
