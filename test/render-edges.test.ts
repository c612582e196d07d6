// Rendering at its edges: what LiquidJS may reach, where errors say they are, which leaves change,
// and how a key is rendered (raw, whatever markdown says).

import { describe, expect, it } from 'vitest';
import type { Content } from '../src/message/content.js';
import { buildContext } from '../src/message/context.js';
import { renderContent, renderText } from '../src/message/render.js';

const context = buildContext(
  { GITHUB_ACTOR: 'octocat' },
  { status: '', data: { note: '*a*', obj: { k: 'v' }, empty: '' } },
);

async function text(template: string, markdown = false): Promise<unknown> {
  const content = await renderContent({ body: [{ type: 'message', text: template }] }, context, 'content', {
    markdown,
  });
  return content.body?.[0]?.text;
}

async function failure(template: string, markdown = false): Promise<string> {
  const error = await text(template, markdown).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return (error as Error).message;
}

describe('renderContent', () => {
  it('reads only own properties: no prototype behind a value', async () => {
    expect(await text('[{{ data.obj.constructor.name }}][{{ data.note.constructor }}][{{ data.obj.k }}]')).toBe(
      '[][][v]',
    );
  });

  it('takes JavaScript truthiness: an empty text is false', async () => {
    expect(await text('{% if data.empty %}yes{% else %}no{% endif %}')).toBe('no');
  });

  it('writes dates in English', async () => {
    expect(await text('{{ "2026-01-02T03:04:05Z" | date: "%B %A", "UTC" }}')).toBe('January Friday');
  });

  it('refuses the layout tag as it does include and render', async () => {
    expect(await failure("{% layout 'default' %}x")).toBe(
      "Input 'content' at content.body[0].text line 1, col 1: template error: the 'layout' tag is not available: it would read files on the runner",
    );
  });

  it('names the line and column of an error, past the ninth', async () => {
    expect(await failure(`${'\n'.repeat(11)}          {{ github.actor | nosuch }}`)).toBe(
      "Input 'content' at content.body[0].text line 12, col 11: template error: undefined filter: nosuch",
    );
  });

  it('renders only the string leaves that hold a template, and keeps every other value', async () => {
    const template = {
      head: { text: 'plain {braces}', style: { bold: true } },
      body: [
        { type: 'message', text: 'by {{ github.actor }}' },
        { type: 'progress_bar', value: 40, extra: null },
      ],
      settings: { n: 3 },
    } as unknown as Content;
    expect(await renderContent(template, context, 'content')).toEqual({
      head: { text: 'plain {braces}', style: { bold: true } },
      body: [
        { type: 'message', text: 'by octocat' },
        { type: 'progress_bar', value: 40, extra: null },
      ],
      settings: { n: 3 },
    });
  });

  it('renders {% tags %} as templates too', async () => {
    expect(await text('{% if true %}on{% endif %}')).toBe('on');
  });

  it('neutralises values with markdown on, and only then', async () => {
    expect(await text('{{ data.note }} *kept*', true)).toBe('∗a∗ *kept*');
    expect(await text('{{ data.note }}')).toBe('*a*');
    expect(await renderContent({ body: [{ type: 'message', text: '{{ data.note }}' }] }, context, 'c')).toEqual({
      body: [{ type: 'message', text: '*a*' }],
    });
  });

  it('checks mentions inside for loops too', async () => {
    expect(await failure('{% for c in commits %}{{ c.author | mention: "x" }}{% endfor %}', true)).toContain(
      "the mention filter takes a JID you wrote, not 'c.author'",
    );
    // data.* is the author's own, filters and all: Zoom's rules on the JID apply as it renders.
    expect(await failure('{{ data.note | upcase | mention }}', true)).toBe(
      `Input 'content' at content.body[0].text line 1, col 1: template error: mention: '*A*' is not a user JID. Expected "all" or a JID such as "abc123@xmpp.zoom.us" (the user's JID from Zoom), as in {{ "abc123@xmpp.zoom.us" | mention: "Ana" }}.`,
    );
  });
});

describe('renderText', () => {
  it('renders a key raw, with the names checked', async () => {
    expect(await renderText('k-{{ data.note }}', context, 'key')).toBe('k-*a*');
    expect(await renderText('plain', context, 'key')).toBe('plain');
    await expect(renderText('{{ data.note | mention }}', context, 'key')).rejects.toThrow(
      "Input 'key': the mention filter needs is_markdown_support: true",
    );
    await expect(renderText('{{ nope }}', context, 'key')).rejects.toThrow(
      "Input 'key' line 1, col 4: unknown name 'nope'",
    );
  });
});
