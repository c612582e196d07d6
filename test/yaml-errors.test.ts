// Parsing what the user writes: strict JSON as JSON, the rest as YAML; each error names the input,
// the line and what was expected, and an unquoted {{ gets its own advice.

import { describe, expect, it } from 'vitest';
import { parseYamlOrJson } from '../src/message/yaml.js';

const CONTENT = { expected: "Zoom's content object (head, body, settings)", quoteHint: true };
const DATA = { expected: 'a mapping', quoteHint: false };

async function failure(text: string, input: string, options: typeof CONTENT): Promise<string> {
  const error = await parseYamlOrJson(text, input, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return (error as Error).message;
}

describe('parseYamlOrJson', () => {
  it('reads strict JSON as JSON (the last of two equal keys wins), even after blank lines', async () => {
    expect(await parseYamlOrJson('{"a": 1, "a": 2}', 'data', DATA)).toEqual({ a: 2 });
    expect(await parseYamlOrJson('\n\n  {"a": 1, "a": 2}', 'data', DATA)).toEqual({ a: 2 });
    expect(await parseYamlOrJson('[1, 2]', 'data', DATA)).toEqual([1, 2]);
  });

  it('refuses equal keys in YAML, naming the line without the parser’s own position', async () => {
    const text = [
      ...Array.from({ length: 10 }, (_, i) => `k${i}: ${i}`),
      'level:',
      '  deeper:',
      '    deepest:',
      '      d4:',
      '        d5:',
      '          x: 1',
      '          x: 2',
    ].join('\n');
    expect(await failure(text, 'data', DATA)).toBe(
      "Input 'data' line 17 is not valid YAML or JSON: Map keys must be unique. Expected a mapping.",
    );
    expect(await failure('{a: 1, a: 2}', 'data', DATA)).toBe(
      "Input 'data' line 1 is not valid YAML or JSON: Map keys must be unique. Expected a mapping.",
    );
  });

  it('says what YAML found wrong, and what was expected', async () => {
    expect(await failure('head:\n  text: "open\nbody: [', 'content', CONTENT)).toBe(
      `Input 'content' line 3 is not valid YAML or JSON: Missing closing "quote. Expected Zoom's content object (head, body, settings).`,
    );
    expect(await failure('a: b: c', 'finalize', CONTENT)).toBe(
      "Input 'finalize' line 1 is not valid YAML or JSON: Nested mappings are not allowed in compact mappings. Expected Zoom's content object (head, body, settings).",
    );
  });

  it('says to quote an unquoted {{ in a list item, in the first place it happens', async () => {
    expect(await failure('body:\n  - {{ x }}\n', 'content', CONTENT)).toBe(
      `Input 'content' line 2: a YAML value that starts with '{{' must be quoted, as in text: "{{ github.actor }}" (found: - {{ x }}).`,
    );
    const two = 'head:\n  text: ok\nbody:\n  - type: message\n    text: {{ a }} and\n  - text: {{ b }}';
    expect(await failure(two, 'content', CONTENT)).toContain("Input 'content' line 5: a YAML value");
  });

  it('blames the {{ line, not an earlier YAML error', async () => {
    expect(await failure('a: b: c\ntext: {{ x }}\n', 'content', CONTENT)).toContain(
      "Input 'content' line 2: a YAML value that starts with '{{' must be quoted",
    );
  });

  it('gives no quoting advice where it was not asked for', async () => {
    expect(await parseYamlOrJson('body:\n  - {{ x }}\n', 'data', DATA)).toBeDefined();
    expect(await failure('a: b: c\ntext: {{ x }}\n', 'data', DATA)).toBe(
      "Input 'data' line 1 is not valid YAML or JSON: Nested mappings are not allowed in compact mappings. Expected a mapping.",
    );
  });
});
