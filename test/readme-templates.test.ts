// The templates page (docs/message-and-templates.md) shows real output: it must stay what the code renders.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildContext } from '../src/message/context.js';
import type { Preset } from '../src/message/presets.js';
import { presetContent } from '../src/message/presets.js';
import { renderContent } from '../src/message/render.js';
import type { Status } from '../src/message/status.js';
import { ROOT } from '../tools/run-action.ts';
import { type FixtureFile, runnerEnv } from './support/events.ts';

const readme = readFileSync(`${ROOT}/docs/message-and-templates.md`, 'utf8');
const section = readme.slice(readme.indexOf('## Templates'));

/** The first yaml code block after the paragraph that starts with `lead`. */
function blockAfter(lead: string): unknown {
  const start = section.indexOf(`\n${lead}`);
  expect(start, `README has no paragraph starting with ${lead}`).toBeGreaterThan(-1);
  const match = /```yaml\n([\s\S]*?)```/.exec(section.slice(start));
  return parse(match?.[1] ?? '');
}

describe("README's preset outputs", () => {
  it.each([
    ['`preset: deploy` on', 'deploy', 'deployment_status.json', '', false],
    ['`preset: build` on', 'build', 'push.with-new-branch.json', 'failure', false],
    ['`preset: pull_request` on', 'pull_request', 'pull_request.opened.json', '', true],
  ] as [string, Preset, FixtureFile, Status | '', boolean][])('%s', async (lead, preset, file, status, markdown) => {
    const context = buildContext(runnerEnv(file), { status, data: {} });
    const rendered = await renderContent(presetContent(preset, context, markdown), context, 'p', {
      markdown,
    });
    expect(blockAfter(lead)).toEqual(rendered);
  });
});

describe("README's template inputs", () => {
  it('match action.yml', () => {
    const inputs = parse(readFileSync(`${ROOT}/action.yml`, 'utf8')).inputs;
    for (const name of ['preset', 'status', 'data']) {
      const row = section.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      expect(row, `README lacks a row for ${name}`).toBe(`| \`${name}\` | ${inputs[name].description} |`);
    }
  });
});
