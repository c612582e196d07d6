// YAML cards as users write them, parsed with the yaml library into Zoom's content object.

import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { parseContent } from '../src/message/content.js';

describe('YAML cards', () => {
  it('parses the cards the README shows', async () => {
    const card = [
      'head:',
      '  text: "Deploying {{ github.repository }}"',
      '  style:',
      '    bold: true',
      'body:',
      '  - type: message',
      "    text: 'Started by {{ github.actor }}'",
      '',
      '  - type: fields',
      '    items:',
      '    - key: Branch',
      '      value: "{{ github.ref_name }}"',
      'settings:',
      '  default_sidebar_color: "#2da44e"',
    ].join('\n');
    expect(await parseContent(card, 'content')).toEqual({
      head: { text: 'Deploying {{ github.repository }}', style: { bold: true } },
      body: [
        { type: 'message', text: 'Started by {{ github.actor }}' },
        { type: 'fields', items: [{ key: 'Branch', value: '{{ github.ref_name }}' }] },
      ],
      settings: { default_sidebar_color: '#2da44e' },
    });
  });

  it('reads block scalars, flow mappings, anchors and comments as YAML does', async () => {
    const card = [
      'head: { text: x }',
      'body:',
      '  - &m',
      '    type: message',
      '    text: |',
      '      two',
      '      lines',
      '  - *m # the same item again',
    ].join('\n');
    const item = { type: 'message', text: 'two\nlines\n' };
    expect(await parseContent(card, 'content')).toEqual({
      head: { text: 'x' },
      body: [item, item],
    });
  });

  it('names the line of a YAML error, and says to quote an unquoted {{', async () => {
    await expect(parseContent('head:\n  text: a\nhead:\n  text: b', 'content')).rejects.toThrow(
      /^Input 'content' line 3 is not valid YAML or JSON: .*Expected Zoom's content object/,
    );
    await expect(parseContent('head:\n  text: {{ github.actor }}', 'content_file')).rejects.toThrow(
      new InputError(
        `Input 'content_file' line 2: a YAML value that starts with '{{' must be quoted, as in text: "{{ github.actor }}" (found: text: {{ github.actor }}).`,
      ),
    );
  });

  it('parses strict JSON without YAML and lets YAML read JSON-like text', async () => {
    expect(await parseContent('{"head":{"text":"x"}}', 'content')).toEqual({ head: { text: 'x' } });
    expect(await parseContent('{"head":{"text":"x"},}', 'content')).toEqual({
      head: { text: 'x' },
    });
  });
});
