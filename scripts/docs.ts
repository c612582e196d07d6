// Writes the README's inputs and outputs tables from action.yml: `npm run docs`. test/docs.test.ts
// fails when the README's tables are not what this writes.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

interface ActionYaml {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}

export const START = '<!-- action.yml tables: written by `npm run docs` -->';
export const END = '<!-- end of action.yml tables -->';

// A table cell: one line, no column break.
function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

/** The inputs and outputs tables for action.yml's text. */
export function actionTables(actionYaml: string): string {
  const action = parse(actionYaml) as ActionYaml;
  const lines = ['### Inputs', '', '| input | default | what it does |', '| --- | --- | --- |'];
  for (const [name, input] of Object.entries(action.inputs)) {
    const value = input.default === undefined ? '' : `\`${cell(String(input.default))}\``;
    lines.push(`| \`${name}\` | ${value} | ${cell(input.description)} |`);
  }
  lines.push('', '### Outputs', '', '| output | what it holds |', '| --- | --- |');
  for (const [name, output] of Object.entries(action.outputs)) {
    lines.push(`| \`${name}\` | ${cell(output.description)} |`);
  }
  return lines.join('\n');
}

/** `readme` with the block between the markers replaced by `tables`; throws without the markers. */
export function withTables(readme: string, tables: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no '${START}' … '${END}' block`);
  return `${readme.slice(0, start + START.length)}\n\n${tables}\n\n${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = new URL('..', import.meta.url);
  const readmeFile = new URL('README.md', root);
  const tables = actionTables(readFileSync(new URL('action.yml', root), 'utf8'));
  writeFileSync(readmeFile, withTables(readFileSync(readmeFile, 'utf8'), tables));
  console.log('README.md: inputs and outputs tables written from action.yml.');
}
