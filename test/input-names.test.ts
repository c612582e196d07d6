// Inputs read as users write them: a near miss of an input's name fails before any call (the runner
// only warns, and the action would go on without it); words are case folded, booleans are not; the
// errors read as sentences.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkInputNames, INPUT_NAMES } from '../src/action/input-names.ts';
import { type ActionRun, ROOT } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { runInProcess } from './support/in-process.ts';

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

/** A message that exists in the simulator, made without a request. */
const storedMessage = (id: string): string => zoom.store(id, 'started');

function run(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  return runInProcess({ inputs: { ...zoomInputs(zoom), content: 'Hello', ...inputs }, env });
}

function expectOneError(result: ActionRun, error: string): void {
  expect(result.exitCode).toBe(1);
  expect(result.commands('error')).toEqual([error]);
  expect(result.outputs.result).toBe('failed');
  expect(zoom.requests).toEqual([]);
}

describe('the known names', () => {
  it("are action.yml's inputs, in its order", () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
    expect([...INPUT_NAMES]).toEqual(Object.keys(action.inputs));
  });
});

describe('a near miss of an input name', () => {
  it("message-id: fails, and ZOOM_MESSAGE_ID's message is left alone", async () => {
    const id = storedMessage('m-env');
    const result = await run({ mode: 'edit', 'message-id': 'm-meant' }, { ZOOM_MESSAGE_ID: id });
    expectOneError(result, "Unknown input 'message-id'. Did you mean 'message_id'?");
    expect(zoom.messages.get(id)?.edits).toBe(0);
    expect(result.state).toEqual({ isPost: 'true' });
  });

  it.each([
    ['messageid', 'message_id'],
    ['finalise', 'finalize'],
    ['is_markdown', 'is_markdown_support'],
    ['robotjid', 'robot_jid'],
    ['Content-File', 'content_file'],
    ['dryrun', 'dry_run'],
    ['missing-credential', 'missing_credentials'],
    ['retires', 'retries'],
  ])('%s fails: did you mean %s?', async (name, known) => {
    expectOneError(await run({ [name]: 'true' }), `Unknown input '${name.toLowerCase()}'. Did you mean '${known}'?`);
  });

  it('fails with skip too, before the skip', async () => {
    const result = await runInProcess({ inputs: { missing_credentials: 'skip', content: 'x', 'to-jid': 'a@b' } });
    expectOneError(result, "Unknown input 'to-jid'. Did you mean 'to_jid'?");
    expect(result.commands('notice')).toEqual([]);
  });
});

describe('an unknown input that is no near miss', () => {
  it("is the runner's to warn of: the action says nothing and sends", async () => {
    const result = await run({ foo_bar_baz: 'x', tag: 'v1' });
    expect(result.exitCode).toBe(0);
    expect(result.commands('error')).toEqual([]);
    expect(result.commands('warning')).toEqual([]);
    expect(result.outputs.result).toBe('sent');
  });
});

describe('checkInputNames', () => {
  it('takes every known name, upper-cased by the runner or lower-cased in a local .env', () => {
    const env = Object.fromEntries(INPUT_NAMES.map((name) => [`INPUT_${name.toUpperCase()}`, 'x']));
    expect(() => checkInputNames({ ...env, INPUT_message_id: 'x', INPUT_Dry_Run: 'x' })).not.toThrow();
  });

  it('reads only INPUT_ variables: a near miss elsewhere is not an input', () => {
    expect(() => checkInputNames({ MESSAGE_ID: 'x', input_messageid: 'x', ZOOM_MESSAGEID: 'x' })).not.toThrow();
  });

  it('suggests the nearest: the same letters before an edit, an edit before a prefix', () => {
    expect(() => checkInputNames({ 'INPUT_TO-JID': 'x' })).toThrow("Did you mean 'to_jid'?");
    expect(() => checkInputNames({ INPUT_KEYS: 'x' })).toThrow("Unknown input 'keys'. Did you mean 'key'?");
    expect(() => checkInputNames({ INPUT_GITHUB: 'x' })).toThrow("Did you mean 'github_token'?");
    // A prefix of five letters is not enough.
    expect(() => checkInputNames({ INPUT_VISIB: 'x' })).not.toThrow();
  });
});

describe('words are read as users write them', () => {
  it('mode: Edit edits', async () => {
    const id = storedMessage('m-case');
    const result = await run({ mode: 'Edit', message_id: id });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.result).toBe('edited');
    expect(zoom.messages.get(id)?.edits).toBe(1);
  });

  it('mode: UPSERT and missing_credentials: Fail are read too', async () => {
    const result = await run({ mode: 'UPSERT', missing_credentials: 'Fail' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.result).toBe('sent');
  });

  it('booleans stay strict', async () => {
    expectOneError(
      await run({ is_markdown_support: 'yes' }),
      "Invalid is_markdown_support 'yes'. Expected true or false.",
    );
  });

  it('a bad mode is quoted as written', async () => {
    expectOneError(await run({ mode: 'Post' }), "Invalid mode 'Post'. Expected one of: send, edit, delete, upsert.");
  });
});

describe('errors read as sentences', () => {
  it("oauth_url's example is a token URL, api_url's an API base", async () => {
    expectOneError(
      await run({ oauth_url: 'zoom.us/oauth/token' }),
      "Invalid oauth_url 'zoom.us/oauth/token'. Expected an http(s) URL such as https://zoom.us/oauth/token.",
    );
    expectOneError(
      await run({ api_url: 'api.zoom.us/v2' }),
      "Invalid api_url 'api.zoom.us/v2'. Expected an http(s) URL such as https://api.zoom.us/v2.",
    );
  });
});
