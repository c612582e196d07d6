// The bundled dist/index.js against hostile files and content, run as a runner runs it: a
// content_file symlinked out of the workspace, an empty one, a template that would loop or grow
// without end, an alias bomb, a card nested 20,000 deep, and a template reaching for a credential.

import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ActionRun, runAction } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { tempDir } from './support/temp.ts';

let zoom: ZoomSimulator;
beforeAll(async () => {
  zoom = await startZoomSimulator();
});
afterAll(async () => {
  await zoom.close();
});
beforeEach(() => {
  zoom.reset();
});

function run(inputs: Record<string, string>, workspace?: string, env?: Record<string, string>): Promise<ActionRun> {
  return runAction({ inputs: { ...zoomInputs(zoom), ...inputs }, workspace, env });
}

function expectRefused(result: ActionRun, error: string | RegExp): void {
  const errors = result.commands('error').map((line) => line.replaceAll('%25', '%'));
  expect(errors).toHaveLength(1);
  if (typeof error === 'string') expect(errors[0]).toBe(error);
  else expect(errors[0]).toMatch(error);
  expect(result.exitCode).toBe(1);
  expect(result.outputs.result).toBe('failed');
  expect(zoom.requests).toHaveLength(0);
}

function workspaceWith(files: Record<string, string>): string {
  const workspace = join(realpathSync(tempDir('e2e-files-')), 'workspace');
  mkdirSync(workspace);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(workspace, name), text);
  return workspace;
}

describe('dist/index.js with hostile files', () => {
  it('refuses a content_file symlinked to a key outside the workspace, and never prints the key', async () => {
    const workspace = workspaceWith({});
    const key = join(workspace, '..', 'id_rsa');
    writeFileSync(key, 'PRIVATE KEY MATERIAL');
    symlinkSync(key, join(workspace, 'message.txt'));
    const result = await run({ content_file: 'message.txt' }, workspace);
    expectRefused(
      result,
      `Input 'content_file' names 'message.txt', which is '${key}', outside the workspace (${workspace}). Expected a file inside the workspace.`,
    );
    expect(result.stdout).not.toContain('PRIVATE KEY MATERIAL');
  });

  it('refuses an empty content_file', async () => {
    const workspace = workspaceWith({ 'empty.md': '\n  \n' });
    expectRefused(
      await run({ content_file: 'empty.md' }, workspace),
      "Input 'content_file' names 'empty.md', which is empty. Expected the message in it, as plain text or as Zoom's content object in YAML or JSON.",
    );
  });

  it('stops a string doubled in a loop on the memory limit', async () => {
    const doubling = '{% assign s = "x" %}{% for i in (1..100) %}{% assign s = s | append: s %}{% endfor %}{{ s }}';
    expectRefused(
      await run({ content: doubling }),
      "Input 'content' at content.body[0].text line 1, col 44: template error: the template built over 10000000 characters or list items (a value grown in a loop, or a range too large?)",
    );
  });

  it('stops a loop of 10^10 iterations on the render limit', async () => {
    const loop = '{% for i in (1..100000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}';
    expectRefused(
      await run({ content: loop }),
      /^Input 'content' at content\.body\[0\]\.text line 1, col 27: template error: (rendering took over 5 s|the template built over 10000000 characters)/,
    );
  }, 30_000);

  it('posts a 5 MB content_file', async () => {
    const text = `Deploy by {{ github.actor }}\n${`${'a'.repeat(99)}\n`.repeat(50_000)}`;
    const result = await run({ content_file: 'big.md' }, workspaceWith({ 'big.md': text }));
    expect(result.commands('error')).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(zoom.messages.size).toBe(1);
  });

  it('refuses a YAML alias bomb in data', async () => {
    const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [index, name] of [...'bcdefghi'].entries()) {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[index]}`).join(', ')}]`);
    }
    expectRefused(
      await run({ content: 'x', data: lines.join('\n') }),
      "Input 'data': its YAML aliases (*name) expand past 100 copies, as an alias bomb does. Expected a mapping, such as ${{ toJSON(needs) }} or key: value lines, with few aliases.",
    );
  });

  it('refuses a card nested 20,000 levels deep', async () => {
    const levels = 20_000;
    const card = `${'{"body":[{"type":"message","text":"x","a":'.repeat(levels)}1${'}]}'.repeat(levels)}`;
    const result = await run({ content_file: 'card.json' }, workspaceWith({ 'card.json': card }));
    expectRefused(
      result,
      "Input 'content_file' nests lists and mappings over 100 levels deep. Expected Zoom's content object (head, body, settings), nested at most 100 levels.",
    );
    expect(result.stderr).not.toContain('Maximum call stack');
  });

  it('renders a credential-named variable empty', async () => {
    const result = await run(
      { content: '[{{ env.DB_PASS }}][{{ env.GH_PAT }}] {{ env.GIT_AUTHOR_NAME }}' },
      undefined,
      {
        DB_PASS: 'hunter2-db',
        GH_PAT: 'ghp_pat_value',
        GIT_AUTHOR_NAME: 'Ana',
      },
    );
    expect(result.exitCode).toBe(0);
    expect([...zoom.messages.values()][0]?.content).toEqual({ body: [{ type: 'message', text: '[][] Ana' }] });
  });
});
