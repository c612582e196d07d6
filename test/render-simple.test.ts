// renderSimple must give exactly what Liquid gives, or step aside (undefined) for Liquid.

import fc from 'fast-check';
import { Liquid } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import type { TemplateContext } from '../src/context.ts';
import { liquidText, neutralise } from '../src/markdown.ts';
import { renderContent, renderSimple } from '../src/render.ts';

const liquid = new Liquid({ jsTruthy: true, strictFilters: true, ownPropertyOnly: true });
const neutralising = new Liquid({
  jsTruthy: true,
  strictFilters: true,
  ownPropertyOnly: true,
  outputEscape: (value: unknown) => neutralise(liquidText(value)),
});
const plain = { markdown: false };

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

// Random values live under data and env, where the payload decides what exists: names there are
// not checked, so the property compares rendering alone (name checks have tests of their own).
const context: fc.Arbitrary<TemplateContext> = fc.record({
  data: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 }),
  env: fc.dictionary(fc.constantFrom('HOME', 'X', 'size'), fc.string({ maxLength: 5 })),
}) as unknown as fc.Arbitrary<TemplateContext>;

const path = fc
  .tuple(
    fc.constantFrom('data', 'env'),
    fc.array(fc.constantFrom(...KEYS, 'X', '1', 'a-b'), { maxLength: 3 }),
  )
  .map(([root, keys]) => [root, ...keys].join('.'));
const part = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('{{', '{{ ', '{{- ', '{{\t'),
      path,
      fc.constantFrom('}}', ' }}', ' -}}', ' | upcase }}'),
    )
    .map((p) => p.join('')),
  fc.constantFrom('{{ data.a }}', '{{ env.X }}', '{{data.actor}}', '{% if true %}y{% endif %}'),
  fc.string({ maxLength: 5, unit: fc.constantFrom('a', ' ', '{', '}', '%', '-', '.', '\n') }),
);
const template = fc.array(part, { maxLength: 5 }).map((parts) => parts.join(''));

describe('renderSimple', () => {
  it.each([false, true])(
    'agrees with Liquid whenever it renders (markdown %s)',
    async (markdown) => {
      const engine = markdown ? neutralising : liquid;
      let simple = 0;
      await fc.assert(
        fc.asyncProperty(template, context, async (text, ctx) => {
          const mine = renderSimple(text, ctx, { markdown }, 'here');
          if (mine === undefined) return;
          simple++;
          expect(mine).toBe(await engine.parseAndRender(text, ctx));
        }),
        { numRuns: 2000 },
      );
      // The property says something only if the fast path is taken often enough.
      expect(simple).toBeGreaterThan(200);
    },
  );

  it('checks names as the Liquid path does', () => {
    const ctx = { github: { sha: 'abc' }, env: {} } as unknown as TemplateContext;
    expect(() => renderSimple('ok\n  {{ github.sah }}', ctx, { markdown: false }, 'W')).toThrow(
      "W line 2, col 6: unknown name 'github.sah'. Closest known names: github.sha.",
    );
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
        plain,
        'here',
      ),
    ).toBe('Deploying octo/hello #42 to prod');
    expect(
      renderSimple(
        'PR {{ github.event.pull_request.number }} draft={{ github.event.pull_request.draft }}',
        ctx,
        plain,
        'here',
      ),
    ).toBe('PR 7 draft=false');
    expect(
      renderSimple('{{ github.event.missing.deeper }}|{{ env.NOPE }}', ctx, plain, 'here'),
    ).toBe('|');
  });

  it('leaves filters, tags, lists, objects and Liquid names to Liquid', () => {
    const ctx = {
      data: { list: [1], obj: { a: 1 }, text: 'abc' },
      env: {},
    } as unknown as TemplateContext;
    for (const text of [
      '{{ data.text | upcase }}',
      '{% if data.text %}x{% endif %}',
      '{{- data.text }}',
      '{{ data.list }}',
      '{{ data.obj }}',
      '{{ data.text.size }}',
      '{{ data.text.length }}',
      '{{ true }}',
      '{ {{ data.text }} }',
      '{{ data.text }}}',
    ]) {
      expect(renderSimple(text, ctx, plain, 'here'), text).toBeUndefined();
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
