// content_file reads only inside the workspace, symlinks followed on both sides (a pull request can
// add a symlink that points at the runner's keys), and an empty file is refused as empty content is.

import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionRun } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { runInProcess } from './support/in-process.ts';
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

const SECRET_TEXT = 'ssh-ed25519 PRIVATE KEY MATERIAL';

/** A workspace with a card in it, and a folder beside it holding a "key" the step must never read. */
function layout(): { workspace: string; outside: string; key: string } {
  const root = realpathSync(tempDir('files-'));
  const workspace = join(root, 'workspace');
  const outside = join(root, 'home', '.ssh');
  mkdirSync(workspace);
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(workspace, 'card.yml'), 'head:\n  text: "From the workspace: {{ github.workflow }}"');
  const key = join(outside, 'id_rsa');
  writeFileSync(key, SECRET_TEXT);
  return { workspace, outside, key };
}

function run(contentFile: string, workspace: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runInProcess({ inputs: { ...zoomInputs(zoom), content_file: contentFile, ...inputs }, workspace });
}

function expectRefused(result: ActionRun, error: string): void {
  expect(result.commands('error')).toEqual([error]);
  expect(result.exitCode).toBe(1);
  expect(result.outputs.result).toBe('failed');
  expect(zoom.requests).toHaveLength(0);
  expect(result.stdout).not.toContain(SECRET_TEXT);
}

describe('content_file outside the workspace is bad input, before any call', () => {
  it('a relative path that climbs out with ../', async () => {
    const { workspace, key } = layout();
    const result = await run('../home/.ssh/id_rsa', workspace);
    expectRefused(
      result,
      `Input 'content_file' names '../home/.ssh/id_rsa', which is '${key}', outside the workspace (${workspace}). Expected a file inside the workspace.`,
    );
  });

  it('an absolute path elsewhere', async () => {
    const { workspace, key } = layout();
    const result = await run(key, workspace);
    expectRefused(
      result,
      `Input 'content_file' names '${key}', which is '${key}', outside the workspace (${workspace}). Expected a file inside the workspace.`,
    );
  });

  it('a symlink in the workspace (say, one a pull request added) that points outside it', async () => {
    const { workspace, key } = layout();
    symlinkSync(key, join(workspace, 'message.txt'));
    const result = await run('message.txt', workspace);
    expectRefused(
      result,
      `Input 'content_file' names 'message.txt', which is '${key}', outside the workspace (${workspace}). Expected a file inside the workspace.`,
    );
  });

  it('a symlinked folder in the workspace that leads outside it', async () => {
    const { workspace, outside, key } = layout();
    symlinkSync(outside, join(workspace, 'docs'));
    const result = await run('docs/id_rsa', workspace);
    expectRefused(
      result,
      `Input 'content_file' names 'docs/id_rsa', which is '${key}', outside the workspace (${workspace}). Expected a file inside the workspace.`,
    );
  });
});

describe('content_file inside the workspace', () => {
  it('an absolute path inside the workspace still works', async () => {
    const { workspace } = layout();
    const result = await run(join(workspace, 'card.yml'), workspace);
    expect(result.exitCode).toBe(0);
    expect([...zoom.messages.values()][0]?.content).toEqual({ head: { text: 'From the workspace: CI' } });
  });

  it('a symlink that stays inside the workspace works', async () => {
    const { workspace } = layout();
    mkdirSync(join(workspace, 'messages'));
    symlinkSync('../card.yml', join(workspace, 'messages', 'deploy.yml'));
    const result = await run('messages/deploy.yml', workspace);
    expect(result.exitCode).toBe(0);
    expect([...zoom.messages.values()][0]?.content).toEqual({ head: { text: 'From the workspace: CI' } });
  });

  it('a workspace reached through a symlink: both sides are followed', async () => {
    const { workspace } = layout();
    const link = join(realpathSync(tempDir('link-')), 'ws');
    symlinkSync(workspace, link);
    for (const path of ['card.yml', join(link, 'card.yml'), join(workspace, 'card.yml')]) {
      const result = await run(path, link);
      expect(result.commands('error')).toEqual([]);
      expect(result.exitCode).toBe(0);
    }
    expect(zoom.messages.size).toBe(3);
  });

  it('a file whose name starts with two dots is inside', async () => {
    const { workspace } = layout();
    writeFileSync(join(workspace, '..message.txt'), 'dotted');
    const result = await run('..message.txt', workspace);
    expect(result.exitCode).toBe(0);
    expect([...zoom.messages.values()][0]?.content).toEqual({ body: [{ type: 'message', text: 'dotted' }] });
  });
});

describe('an empty content_file is bad input, as an empty content is', () => {
  it.each([
    ['empty', ''],
    ['blank', ' \n\t\n  \n'],
  ])('%s', async (_, text) => {
    const { workspace } = layout();
    writeFileSync(join(workspace, 'empty.md'), text);
    const result = await run('empty.md', workspace);
    expectRefused(
      result,
      "Input 'content_file' names 'empty.md', which is empty. Expected the message in it, as plain text or as Zoom's content object in YAML or JSON.",
    );
  });

  it('even over a preset, which would otherwise send without it', async () => {
    const { workspace } = layout();
    writeFileSync(join(workspace, 'empty.md'), '\n');
    const result = await run('empty.md', workspace, { preset: 'deploy' });
    expect(result.commands('error')).toEqual([
      "Input 'content_file' names 'empty.md', which is empty. Expected the message in it, as plain text or as Zoom's content object in YAML or JSON.",
    ]);
    expect(zoom.requests).toHaveLength(0);
  });
});
