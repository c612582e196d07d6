// parseYamlSubset must give what the YAML library gives, or step aside (undefined) for it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { parseYamlSubset } from '../src/yaml-subset.ts';

/** What content.ts would get from the library: the value, or undefined when it reports errors. */
function library(text: string): unknown {
  const document = parseDocument(text, { uniqueKeys: true });
  return document.errors.length ? undefined : document.toJS();
}

function agrees(text: string): boolean {
  const mine = parseYamlSubset(text);
  if (mine !== undefined) expect(mine, text).toEqual(library(text));
  return mine !== undefined;
}

const word = fc.constantFrom(
  'head',
  'body',
  'text',
  'type',
  'style',
  'a',
  'B_2',
  '__proto__',
  'true',
  'x-y',
);
const scalarText = fc.oneof(
  fc.constantFrom(
    '"Deploying {{ github.repository }}"',
    'Deploying {{ github.repository }}',
    "'it''s'",
    '\'a "b"\'',
    '"a\\"b"',
    'null',
    'Null',
    '~',
    'true',
    'False',
    'yes',
    'off',
    '0',
    '42',
    '007',
    '-1',
    '1.5',
    '.inf',
    'a: b',
    'a:b',
    'a #c',
    'a#c',
    'end:',
    '{{ github.actor }}',
    '[1, 2]',
    '{ a: 1 }',
    '&anchor x',
    '*alias',
    '!tag x',
    '|',
    '>',
    '"open',
    '- x',
    '@at',
    '`tick',
    '%pct',
    '? q',
  ),
  fc.string({
    maxLength: 8,
    unit: fc.constantFrom('a', 'Z', ' ', ':', '#', '"', "'", '{', '}', '-', '\\', '1', 'é'),
  }),
  fc.string({ maxLength: 4, unit: 'grapheme' }),
);
const indentText = fc.constantFrom('', ' ', '  ', '   ', '    ', '      ');
const lineText = fc.oneof(
  fc.tuple(word, scalarText).map(([key, value]) => `${key}: ${value}`),
  word.map((key) => `${key}:`),
  fc.tuple(word, scalarText).map(([key, value]) => `- ${key}: ${value}`),
  word.map((key) => `- ${key}:`),
  scalarText.map((value) => `- ${value}`),
  fc.constantFrom('', '# comment', '---', '...', '-', 'text:value', '\ttext: x', 'text: x\r', '  '),
);
const document = fc
  .array(fc.tuple(indentText, lineText), { minLength: 1, maxLength: 8 })
  .map((lines) => lines.map(([indent, text]) => indent + text).join('\n'));

// Well-formed block documents built from a tree, in varied indentation, then perhaps broken by a
// stray line: the structural decisions get tested, not only the first line.
const cardKey = fc.oneof(
  { arbitrary: word, weight: 1 },
  { arbitrary: fc.constantFrom('text', 'type', 'key', 'value', 'style'), weight: 5 },
);
const mostlyGood = fc.oneof(
  { arbitrary: scalarText, weight: 1 },
  {
    arbitrary: fc.oneof(
      fc.constantFrom(
        '"quoted {{ x }}"',
        "'single'",
        'plain words',
        'true',
        '12',
        'null',
        'a:b',
        'x#y',
      ),
      fc
        .string({ maxLength: 6, unit: fc.constantFrom('a', 'b', ' ', '{', '}', '.') })
        .map((t) => `"${t}"`),
      fc
        .string({ maxLength: 6, unit: fc.constantFrom('a', 'b', ' ', '{', '}', '.', "'") })
        .map((t) => `z${t}`.trimEnd()),
    ),
    weight: 6,
  },
);
type Tree = { map: [string, Tree | string][] } | { seq: (Tree | string)[] };
const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree; map: Tree; seq: Tree }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('map'), tie('seq')),
  map: fc
    .uniqueArray(fc.tuple(cardKey, fc.oneof(mostlyGood, mostlyGood, tie('tree'))), {
      minLength: 1,
      maxLength: 3,
      selector: ([key]) => key,
    })
    .map((entries) => ({ map: entries })),
  seq: fc
    .array(fc.oneof(mostlyGood, tie('map')), { minLength: 1, maxLength: 3 })
    .map((items) => ({ seq: items })),
})).tree;

function render(node: Tree, indent: number, step: number, compact: boolean): string[] {
  const pad = ' '.repeat(indent);
  if ('map' in node) {
    return node.map.flatMap(([key, child]) => {
      if (typeof child === 'string') return [`${pad}${key}: ${child}`];
      const deeper = 'seq' in child && compact ? indent : indent + step;
      return [`${pad}${key}:`, ...render(child, deeper, step, compact)];
    });
  }
  return node.seq.flatMap((item) => {
    if (typeof item === 'string') return [`${pad}- ${item}`];
    const [first = '', ...rest] = render(item, indent + 2, step, compact);
    return [`${pad}- ${first.slice(indent + 2)}`, ...rest];
  });
}

const builtDocument = fc
  .tuple(
    word,
    tree,
    fc.constantFrom(1, 2, 3, 4),
    fc.boolean(),
    fc.option(fc.tuple(fc.nat(20), indentText, lineText)),
  )
  .map(([key, node, step, compact, stray]) => {
    const lines = [`${key}:`, ...render(node, 'seq' in node && compact ? 0 : step, step, compact)];
    if (stray) lines.splice(stray[0] % (lines.length + 1), 0, stray[1] + stray[2]);
    return lines.join('\n');
  });

const plain = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.string({ maxLength: 6, unit: 'grapheme' }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, plain, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 3 }),
  map: fc.dictionary(fc.constantFrom('head', 'body', 'text', 'type', 'a_b'), tie('node'), {
    maxKeys: 4,
  }),
}));

describe('parseYamlSubset', () => {
  it('agrees with the YAML library on random line soups', () => {
    let parsed = 0;
    fc.assert(
      fc.property(document, (text) => {
        if (agrees(text)) parsed++;
      }),
      { numRuns: 5000 },
    );
    expect(parsed).toBeGreaterThan(5);
  });

  it('agrees with the YAML library on built documents, whole or with a stray line', () => {
    let parsed = 0;
    fc.assert(
      fc.property(builtDocument, (text) => {
        if (agrees(text)) parsed++;
      }),
      { numRuns: 5000 },
    );
    expect(parsed).toBeGreaterThan(350);
  });

  it('agrees with the YAML library on what it writes', () => {
    let parsed = 0;
    fc.assert(
      fc.property(value.map, fc.constantFrom(2, 4), fc.boolean(), (object, indent, compact) => {
        const text = stringify(object, { indent, indentSeq: !compact });
        if (agrees(text)) parsed++;
      }),
      { numRuns: 3000 },
    );
    expect(parsed).toBeGreaterThan(180);
  });

  it('parses the cards the README shows', () => {
    const card = [
      '# the deploy notice',
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
    expect(parseYamlSubset(card)).toEqual(library(card));
    expect(parseYamlSubset(card)).toEqual({
      head: { text: 'Deploying {{ github.repository }}', style: { bold: true } },
      body: [
        { type: 'message', text: 'Started by {{ github.actor }}' },
        { type: 'fields', items: [{ key: 'Branch', value: '{{ github.ref_name }}' }] },
      ],
      settings: { default_sidebar_color: '#2da44e' },
    });
  });

  it('leaves to the library what it does not handle', () => {
    for (const text of [
      'head:\n  text: {{ github.actor }}',
      'head:\n  text: |\n    two\n    lines',
      'head:\n  text: one\n    continued',
      'head: { text: x }',
      'body:\n  - &a x\n  - *a',
      'head:\n  text: a\nhead:\n  text: b',
      'head:\n  text: "escaped \\" quote"',
      'head:\n  text: x # comment',
      'head:\n\ttext: x',
      'settings:',
      '---\nhead:\n  text: x',
      'head:\n  text: x\n  True: y',
      'head:\n  text: x\n  null: y',
      'head:\n  text: x\n  TRUE: 1\n  true: 2',
    ]) {
      expect(parseYamlSubset(text), text).toBeUndefined();
    }
  });
});
