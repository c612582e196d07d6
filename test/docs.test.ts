// The README's inputs and outputs tables must say what action.yml says.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../tools/run-action.ts';

interface ActionYaml {
  runs: { using: string; main: string; post?: string; 'post-if'?: string };
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYaml;
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Rows of the first table under `## heading`: first cell (unquoted) -> second cell. */
function table(heading: string): Map<string, string> {
  const section = readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const name = /^`([a-z_]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name) rows.set(name, cells[2] ?? '');
  }
  return rows;
}

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

  it('lists every input, and only those, with its default', () => {
    const documented = table('Inputs');
    expect([...documented.keys()].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      const cell = documented.get(name) ?? '';
      if (input.default !== undefined) expect(cell, name).toBe(`\`${input.default}\``);
      else expect(cell.startsWith('`'), `${name} has no default in action.yml`).toBe(false);
    }
  });

  it('lists every output, and only those', () => {
    expect([...table('Outputs').keys()].sort()).toEqual(Object.keys(action.outputs).sort());
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
