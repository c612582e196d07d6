// Plain {{ a.b }} values, as most messages hold them: rendered by LiquidJS with the strict name
// check, the neutralisation of markdown, and missing values left empty.

import { describe, expect, it } from 'vitest';
import type { TemplateContext } from '../src/message/context.ts';
import { renderContent, renderText } from '../src/message/render.ts';

const ctx = {
  github: {
    repository: 'octo/hello',
    run_number: '42',
    actor: 'octocat',
    ref_name: 'main',
    sha: 'abc',
    event: { pull_request: { number: 7, draft: false } },
  },
  env: { STAGE: 'prod' },
  data: { who: '*bold* _it_' },
} as unknown as TemplateContext;

const text = async (template: string, markdown = false): Promise<unknown> =>
  (
    await renderContent({ body: [{ type: 'message', text: template }] }, ctx, 'content', {
      markdown,
    })
  ).body?.[0]?.text;

describe('plain values', () => {
  it('renders names from the context, the event, env and data', async () => {
    expect(await text('Deploying {{ github.repository }} #{{github.run_number}} to {{ env.STAGE }}')).toBe(
      'Deploying octo/hello #42 to prod',
    );
    expect(await text('PR {{ github.event.pull_request.number }} draft={{ github.event.pull_request.draft }}')).toBe(
      'PR 7 draft=false',
    );
    expect(await text('{{ github.event.missing.deeper }}|{{ env.NOPE }}')).toBe('|');
  });

  it('checks names, saying where', async () => {
    await expect(text('ok\n  {{ github.sah }}')).rejects.toThrow(
      "Input 'content' at content.body[0].text line 2, col 6: unknown name 'github.sah'. Closest known names: github.sha",
    );
  });

  it('neutralises markdown in values only with markdown on', async () => {
    expect(await text('*{{ data.who }}*')).toBe('**bold* _it_*');
    expect(await text('*{{ data.who }}*', true)).toBe('*∗bold∗ ˍitˍ*');
  });

  it('renders plain and filtered leaves in one card', async () => {
    const content = await renderContent(
      {
        head: { text: 'By {{ github.actor }}' },
        body: [{ type: 'message', text: 'On {{ github.ref_name | upcase }}' }, { type: 'divider' }],
      },
      ctx,
      'content',
    );
    expect(content).toEqual({
      head: { text: 'By octocat' },
      body: [{ type: 'message', text: 'On MAIN' }, { type: 'divider' }],
    });
  });

  it('renderText leaves a text without template marks as it is and renders one with them', async () => {
    expect(await renderText('pr-7', ctx, 'key')).toBe('pr-7');
    expect(await renderText('pr-{{ github.event.pull_request.number }}', ctx, 'key')).toBe('pr-7');
    await expect(renderText('{{ github.nope }}', ctx, 'key')).rejects.toThrow("Input 'key' line 1");
  });

  it('writes dates in en-US, whatever the machine says (the date filter has a fixed locale)', async () => {
    expect(await text('{{ "2024-03-05T10:00:00Z" | date: "%A %B %-d", "UTC" }}')).toBe('Tuesday March 5');
  });
});
