// The README's inputs and outputs tables are what action.yml says: npm run docs writes them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionTables, END, START, withTables } from '../scripts/docs.ts';
import { ROOT } from '../tools/run-action.ts';

interface ActionYaml {
  runs: { using: string; main: string; post?: string; 'post-if'?: string };
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, unknown>;
}

const actionText = readFileSync(join(ROOT, 'action.yml'), 'utf8');
const action = parse(actionText) as ActionYaml;
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README matches action.yml', () => {
  it('runs on node24 from dist/index.js, main and post step alike', () => {
    // One bundle for both: the post step knows itself by the state the main step saved.
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/index.js',
      'post-if': 'always()',
    });
  });

  it('holds the inputs and outputs tables npm run docs writes from action.yml', () => {
    const expected = withTables(readme, actionTables(actionText));
    expect(readme, 'README.md is stale: run npm run docs').toBe(expected);
  });
});

describe('the tables npm run docs writes', () => {
  const tables = actionTables(actionText);
  it('a row per input with its default, and a row per output', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      const value = input.default === undefined ? '' : `\`${input.default}\``;
      expect(tables).toContain(`| \`${name}\` | ${value} | `);
    }
    for (const name of Object.keys(action.outputs)) expect(tables).toMatch(new RegExp(`^\\| \`${name}\` \\| \\S`, 'm'));
    const rows = tables.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toHaveLength(Object.keys(action.inputs).length + Object.keys(action.outputs).length);
  });

  it('a description on one line, its | escaped', () => {
    const yaml = 'inputs:\n  a:\n    description: "x | y\\nz"\noutputs:\n  b:\n    description: "w"\n';
    expect(actionTables(yaml)).toContain('| `a` |  | x \\| y z |');
  });

  it('replaces only what is between the markers, and refuses a README without them', () => {
    const text = `before\n${START}\nold\n${END}\nafter`;
    expect(withTables(text, 'new')).toBe(`before\n${START}\n\nnew\n\n${END}\nafter`);
    expect(() => withTables('no markers', 'new')).toThrow('has no');
  });
});

describe('defaults are written once', () => {
  it("action.yml's defaults are the code's DEFAULTS (github_token's ${{ github.token }} apart)", async () => {
    const { DEFAULTS } = await import('../src/action/settings.ts');
    const declared = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([name, input]) => input.default !== undefined && name !== 'github_token')
        .map(([name, input]) => [name, String(input.default)]),
    );
    expect(declared).toEqual(DEFAULTS);
    expect(action.inputs.github_token?.default).toBe('${{ github.token }}');
  });
});
