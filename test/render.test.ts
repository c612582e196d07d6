// renderSimple must give exactly what Liquid gives, or step aside (undefined) for Liquid.

import fc from 'fast-check';
import { Liquid } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import type { TemplateContext } from '../src/context.ts';
import { renderContent, renderSimple } from '../src/render.ts';

const liquid = new Liquid({ jsTruthy: true, strictFilters: true, ownPropertyOnly: true });

const KEYS = [
  'a',
  'actor',
  'size',
  'first',
  'empty',
  'nil',
  'true',
  'toString',
  'constructor',
  'x_1',
  'B',
];

const leaf = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('{{ x }}', '{%', '}}', '-1'),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, tie('object')),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('node'), { maxKeys: 4 }),
})).node;

const context: fc.Arbitrary<TemplateContext> = fc.record({
  github: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 }),
  env: fc.dictionary(fc.constantFrom('HOME', 'X', 'size'), fc.string({ maxLength: 5 })),
}) as unknown as fc.Arbitrary<TemplateContext>;

const path = fc
  .array(fc.constantFrom(...KEYS, 'github', 'env', 'X', '1', 'a-b'), { minLength: 1, maxLength: 4 })
  .map((keys) => keys.join('.'));
const part = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('{{', '{{ ', '{{- ', '{{\t'),
      path,
      fc.constantFrom('}}', ' }}', ' -}}', ' | upcase }}'),
    )
    .map((p) => p.join('')),
  fc.constantFrom('{{ github.a }}', '{{ env.X }}', '{{github.actor}}', '{% if true %}y{% endif %}'),
  fc.string({ maxLength: 5, unit: fc.constantFrom('a', ' ', '{', '}', '%', '-', '.', '\n') }),
);
const template = fc.array(part, { maxLength: 5 }).map((parts) => parts.join(''));

describe('renderSimple', () => {
  it('agrees with Liquid whenever it renders', async () => {
    let simple = 0;
    await fc.assert(
      fc.asyncProperty(template, context, async (text, ctx) => {
        const mine = renderSimple(text, ctx);
        if (mine === undefined) return;
        simple++;
        expect(mine).toBe(await liquid.parseAndRender(text, ctx));
      }),
      { numRuns: 2000 },
    );
    // The property says something only if the fast path is taken often enough.
    expect(simple).toBeGreaterThan(200);
  });

  it('renders the usual templates without Liquid', () => {
    const ctx: TemplateContext = {
      github: {
        repository: 'octo/hello',
        run_number: '42',
        event: { pull_request: { number: 7, draft: false } },
      },
      env: { STAGE: 'prod' },
    } as unknown as TemplateContext;
    expect(
      renderSimple(
        'Deploying {{ github.repository }} #{{github.run_number}} to {{ env.STAGE }}',
        ctx,
      ),
    ).toBe('Deploying octo/hello #42 to prod');
    expect(
      renderSimple(
        'PR {{ github.event.pull_request.number }} draft={{ github.event.pull_request.draft }}',
        ctx,
      ),
    ).toBe('PR 7 draft=false');
    expect(renderSimple('{{ github.event.missing.deeper }}|{{ env.NOPE }}', ctx)).toBe('|');
  });

  it('leaves filters, tags, lists, objects and Liquid names to Liquid', () => {
    const ctx = {
      github: { list: [1], obj: { a: 1 }, text: 'abc' },
      env: {},
    } as unknown as TemplateContext;
    for (const text of [
      '{{ github.text | upcase }}',
      '{% if github.text %}x{% endif %}',
      '{{- github.text }}',
      '{{ github.list }}',
      '{{ github.obj }}',
      '{{ github.text.size }}',
      '{{ github.text.length }}',
      '{{ true }}',
      '{ {{ github.text }} }',
      '{{ github.text }}}',
    ]) {
      expect(renderSimple(text, ctx), text).toBeUndefined();
    }
  });
});

describe('renderContent', () => {
  it('renders simple and Liquid leaves in one card', async () => {
    const ctx = {
      github: { actor: 'octocat', ref_name: 'main' },
      env: {},
    } as unknown as TemplateContext;
    const content = await renderContent(
      {
        head: { text: 'By {{ github.actor }}' },
        body: [{ type: 'message', text: 'On {{ github.ref_name | upcase }}' }],
      },
      ctx,
      'content',
    );
    expect(content).toEqual({
      head: { text: 'By octocat' },
      body: [{ type: 'message', text: 'On MAIN' }],
    });
  });
});
