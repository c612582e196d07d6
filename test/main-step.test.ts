// The main step around the call: its debug lines, content_file, the credential check on the
// rendered message, the delete's group and outputs, and what it writes when it fails early.

import { writeFileSync } from 'node:fs';
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

function run(inputs: Record<string, string> = {}, workspace?: string): Promise<ActionRun> {
  return runInProcess({ inputs: { ...zoomInputs(zoom), content: 'Hello', ...inputs }, workspace });
}

function storedMessages(...ids: string[]): string[] {
  return ids.map((id) => zoom.store(id));
}

describe('debug lines', () => {
  it('say the mode, the kind of credentials and whether a GitHub token is set, never a secret', async () => {
    const result = await run({ github_token: 'ghs_debug_token_value' });
    const debug = result.commands('debug');
    expect(debug.slice(0, 3)).toEqual([
      'mode: send; auth: credentials',
      'github_token: set',
      expect.stringMatching(/^settings: \{.*"robotJid":"v1sim-bot@xmpp\.zoom\.us".*\}$/),
    ]);
    expect(debug[2]).not.toContain('ghs_debug_token_value');
    expect(debug[2]).not.toContain(zoom.options.clientSecret);
  });

  it('a dry run without credentials, and no GitHub token', async () => {
    const result = await run({ client_id: '', client_secret: '', dry_run: 'true' });
    expect(result.commands('debug').slice(0, 2)).toEqual(['mode: send; auth: none (dry run)', 'github_token: not set']);
  });
});

describe('content_file', () => {
  it('reads an absolute path inside the workspace as it is', async () => {
    const workspace = tempDir('ws-');
    const file = join(workspace, 'card.yml');
    writeFileSync(file, 'head:\n  text: "From a file: {{ github.workflow }}"');
    const result = await run({ content: '', content_file: file }, workspace);
    expect(result.exitCode).toBe(0);
    expect([...zoom.messages.values()][0]?.content).toEqual({ head: { text: 'From a file: CI' } });
  });

  it('a file that cannot be read: says which, why, and where it looked', async () => {
    const workspace = tempDir('ws-');
    const result = await run({ content: '', content_file: 'missing.yml' }, workspace);
    expect(result.commands('error')).toEqual([
      `Input 'content_file' names 'missing.yml', which cannot be read (ENOENT). Expected a file path relative to the workspace (${workspace}).`,
    ]);
    expect(zoom.requests).toHaveLength(0);
  });

  it('errors in the file name content_file', async () => {
    const workspace = tempDir('ws-');
    writeFileSync(join(workspace, 'card.yml'), 'body:\n  - type: message\n    text: x\n    link: https://x');
    const result = await run({ content: '', content_file: 'card.yml', is_markdown_support: 'true' }, workspace);
    expect(result.commands('error')).toEqual([
      "Input 'content_file' at content.body[0].link: Zoom rejects a message item with a link when is_markdown_support is true. Put the link in the text (<https://...|label>) or turn markdown off.",
    ]);
  });
});

describe('finalize', () => {
  it('a final message Zoom would refuse with markdown on fails the main step, before any call', async () => {
    const result = await run({
      is_markdown_support: 'true',
      finalize: 'body:\n  - type: message\n    text: done\n    link: https://x.test',
    });
    expect(result.commands('error')).toEqual([
      "Input 'finalize' at content.body[0].link: Zoom rejects a message item with a link when is_markdown_support is true. Put the link in the text (<https://...|label>) or turn markdown off.",
    ]);
    expect(zoom.requests).toHaveLength(0);
  });

  it('a final template with an unknown name fails the main step too', async () => {
    const result = await run({ finalize: 'Done in {{ elapsd }}' });
    expect(result.commands('error')[0]).toMatch(
      /^Input 'finalize' at content\.body\[0\]\.text line 1, col 12: unknown name 'elapsd'\. Closest known names: elapsed/,
    );
    expect(zoom.requests).toHaveLength(0);
  });
});

describe('the credential check on the rendered message', () => {
  it('refuses a message that would print a secret, naming the input and the place', async () => {
    const result = await run({
      content: 'head:\n  text: ok\nbody:\n  - type: message\n    text: "{{ data.s }}"',
      data: `s: ${zoom.options.clientSecret}`,
    });
    expect(result.commands('error')).toEqual([
      "Input 'content' at content.body[0].text: the rendered text holds a credential (a masked secret). Refusing to post it: a template must not print the Zoom credentials or token.",
    ]);
    expect(zoom.requests.filter((r) => r.path.startsWith('/v2/'))).toHaveLength(0);
  });

  it('over a preset, the content names the input', async () => {
    const result = await run({
      preset: 'deploy',
      content: 'body:\n  - type: message\n    text: "{{ data.s }}"',
      data: `s: ${zoom.options.clientSecret}`,
    });
    expect(result.commands('error')[0]).toMatch(
      /^Input 'content' at content\.body\[\d+\]\.text: the rendered text holds a credential/,
    );
  });
});

describe('a delete', () => {
  it('groups the per-id lines, and takes its outputs from the last message deleted', async () => {
    const ids = storedMessages('d-1', 'd-2');
    const result = await run({ mode: 'delete', message_id: ids.join(' ') });
    const lines = result.stdout.split('\n');
    const start = lines.indexOf('::group::Deleted 2 of 2 Zoom message(s); 0 already gone, 0 failed.');
    expect(start).toBeGreaterThan(-1);
    expect(lines.slice(start + 1, start + 4)).toEqual(['- d-1: deleted', '- d-2: deleted', '::endgroup::']);
    const response = JSON.parse(result.outputs.response as string);
    expect(response.message_id).toBe('d-2');
    expect(result.outputs).toMatchObject({
      message_id: '',
      to_jid: zoom.options.channels[0],
      robot_jid: zoom.options.robotJid,
      sent_time: response.sent_time,
    });
    expect(result.outputs.sent_time).not.toBe('');
  });

  it('several failures: the first is the error, with how many more', async () => {
    zoom.onRequest((req) =>
      req.method === 'DELETE'
        ? { kind: 'respond', status: 400, body: { code: 300, message: `bad ${req.path.slice(-3)}` } }
        : undefined,
    );
    const result = await run({ mode: 'delete', message_id: 'x-1 x-2 x-3' });
    expect(result.commands('error')).toEqual([
      expect.stringMatching(
        /^Could not delete x-1 \(and 2 more, listed above\): Zoom delete failed: HTTP 400, code 300: bad x-1\. \(Zoom tracking id \S+\)$/,
      ),
    ]);
    expect(result.outputs).toMatchObject({ result: 'failed', deleted_ids: '', to_jid: '' });
    expect(JSON.parse(result.outputs.response as string)).toEqual({ code: 300, message: 'bad x-1' });
    expect(result.stdout).toContain('x-2: failed: Zoom delete failed: HTTP 400, code 300: bad x-2.');
  });

  it('one failure: no count of others', async () => {
    zoom.onRequest((req) =>
      req.method === 'DELETE' ? { kind: 'respond', status: 400, body: { code: 300, message: 'bad' } } : undefined,
    );
    const result = await run({ mode: 'delete', message_id: 'x-1' });
    expect(result.commands('error')[0]).toMatch(/^Could not delete x-1: Zoom delete failed: HTTP 400/);
  });
});

describe('a step that fails early', () => {
  it('on its inputs: every output written, result failed, and no summary (nothing to say what it did)', async () => {
    const result = await run({ mode: 'post' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toEqual({
      message_id: '',
      sent_time: '',
      to_jid: '',
      robot_jid: '',
      result: 'failed',
      thread_id: '',
      deleted_ids: '',
      response: '',
      request: '',
    });
    expect(result.summary).toBe('');
    expect(result.state).toEqual({ isPost: 'true' });
  });

  it('on a Zoom answer that is not JSON: the response output is that text, as a JSON string', async () => {
    zoom.onRequest((req) =>
      req.path.startsWith('/v2/') ? { kind: 'respond', status: 400, body: 'plain refusal' } : undefined,
    );
    const result = await run();
    expect(result.outputs.response).toBe('"plain refusal"');
    expect(result.summary).toContain('| Error | Zoom send failed: HTTP 400: text/plain, body: plain refusal.');
  });
});
