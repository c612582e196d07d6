// missing_credentials: on a pull request from a fork or from Dependabot the secrets are empty. With
// 'skip' the step checks its inputs, calls nothing (neither Zoom nor GitHub), says why in one notice
// and sets result=skipped; its post step finds no state and does nothing. One credential of two is
// a mistake and fails whatever the setting.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubSimulator, startGitHubSimulator } from '../tools/github-simulator.ts';
import type { ActionRun } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator } from '../tools/zoom-simulator.ts';
import { runEntryInProcess, runInProcess } from './support/in-process.ts';

let zoom: ZoomSimulator;
let github: GitHubSimulator;

beforeAll(async () => {
  zoom = await startZoomSimulator();
  github = await startGitHubSimulator();
});
afterAll(async () => {
  await zoom.close();
  await github.close();
});
beforeEach(() => {
  zoom.reset();
  github.reset();
});

const FIXTURES = new URL('./fixtures/github-events/', import.meta.url);
const opened = JSON.parse(readFileSync(new URL('pull_request.opened.json', FIXTURES), 'utf8'));

const NOTICE =
  "Skipped: no Zoom credentials are set (token, or client_id and client_secret, or ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET), as on a pull request from a fork or from Dependabot, where secrets are empty. With missing_credentials 'skip' the step calls nothing.";
const HOW =
  "(the chatbot app's credentials, or ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET), or 'token' with an already minted chatbot token.";

/** A workflow's `with:` on a fork's pull request: every `${{ secrets.* }}` arrives empty. */
function forkInputs(inputs: Record<string, string> = {}): Record<string, string> {
  return {
    client_id: '',
    client_secret: '',
    token: '',
    robot_jid: '',
    account_id: '',
    to_jid: '',
    // Where a call would go, were one made: the simulator records it.
    oauth_url: zoom.oauthUrl,
    api_url: zoom.apiUrl,
    github_token: github.token,
    missing_credentials: 'skip',
    content: 'PR #{{ github.event.pull_request.number }} by {{ github.actor }}',
    ...inputs,
  };
}

function onFork(inputs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRun> {
  return runInProcess({
    inputs: forkInputs(inputs),
    env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_API_URL: github.url, ...env },
    event: opened,
  });
}

function expectSkipped(run: ActionRun): void {
  expect(run.exitCode).toBe(0);
  expect(run.commands('notice')).toEqual([NOTICE]);
  expect(run.commands('error')).toEqual([]);
  expect(run.commands('warning')).toEqual([]);
  expect(run.outputs.result).toBe('skipped');
  expect(run.outputs.message_id).toBe('');
  expect(run.state).toEqual({ isPost: 'true' });
  expect(run.exported).toEqual({});
  expect(zoom.requests).toEqual([]);
  expect(github.requests).toEqual([]);
}

function expectFailed(run: ActionRun, error: string): void {
  expect(run.exitCode).toBe(1);
  expect(run.commands('error')).toEqual([error]);
  expect(run.commands('notice')).toEqual([]);
  expect(run.outputs.result).toBe('failed');
  expect(zoom.requests).toEqual([]);
  expect(github.requests).toEqual([]);
}

describe("missing_credentials 'skip' without any credential", () => {
  it('a send with finalize: one notice, result skipped, no call, no state; the post step does nothing', async () => {
    const main = await onFork({ finalize: 'true' });
    expectSkipped(main);
    expect(main.summary).toContain('skipped');
    // The runner passes the saved state to the post step: only the marker, so it stops at once.
    const post = await runEntryInProcess({ inputs: forkInputs({ finalize: 'true' }), state: main.state });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toBe('');
    expect(zoom.requests).toEqual([]);
    expect(github.requests).toEqual([]);
  });

  it('the env fallbacks empty too, the setting in any case', async () => {
    const { client_id: _, client_secret: __, ...inputs } = forkInputs({ missing_credentials: 'SKIP' });
    expectSkipped(
      await runInProcess({ inputs, env: { ZOOM_CLIENT_ID: '', ZOOM_CLIENT_SECRET: ' ', GITHUB_API_URL: github.url } }),
    );
  });

  it('an upsert with a key: no GitHub call either', async () => {
    expectSkipped(await onFork({ mode: 'upsert', key: 'pr-{{ github.event.pull_request.number }}' }));
  });

  it('a delete with a key', async () => {
    expectSkipped(await onFork({ mode: 'delete', key: 'pr-{{ github.event.pull_request.number }}', content: '' }));
  });

  it("an edit or a delete of a skipped send's message_id output (empty)", async () => {
    expectSkipped(await onFork({ mode: 'edit', message_id: '' }));
    expectSkipped(await onFork({ mode: 'delete', message_id: '', content: '' }));
  });

  it('a preset, with the ids empty', async () => {
    expectSkipped(await onFork({ preset: 'pull_request', content: '' }));
  });
});

describe("missing_credentials 'skip' still checks the inputs first", () => {
  it.each([
    [{ mode: 'post' }, "Invalid mode 'post'. Expected one of: send, edit, delete, upsert."],
    [{ missing_credentials: 'ignore' }, "Invalid missing_credentials 'ignore'. Expected one of: fail, skip."],
    [{ is_markdown_support: 'yes' }, "Invalid is_markdown_support 'yes'. Expected true or false."],
    [
      { to_jid: 'general' },
      "Invalid to_jid 'general'. Expected a JID: a channel's ID followed by @conference.xmpp.zoom.us, or a user's ID in lower case followed by @xmpp.zoom.us.",
    ],
    [
      { content: 'Hi {{ github.actor ' },
      'Input \'content\' at content.body[0].text line 1, col 4: template error: output "{{ github.actor" not closed',
    ],
    [
      { content: 'head:\n  text: [unclosed' },
      "Input 'content' line 2 is not valid YAML or JSON: Flow sequence in block collection must be sufficiently indented and end with a ]. Expected Zoom's content object (head, body, settings).",
    ],
    [
      { finalize: 'Done {% if %}' },
      'Input \'finalize\' at content.body[0].text line 1, col 11: template error: invalid value expression: ""',
    ],
    [
      { mode: 'edit', message_id: 'a b' },
      "Input 'message_id' holds several ids ('a b'), but mode 'edit' changes one message. Expected a single id; only mode 'delete' takes a list.",
    ],
    [
      { mode: 'upsert', key: 'pr-{{ github.event.pull_request.number }}', message_id: 'm' },
      "Inputs 'key' and 'message_id' are both set. Expected one: with 'key' the message id is read from the key's record.",
    ],
  ])('%o fails, with no call', async (change, error) => {
    expectFailed(await onFork(change), error);
  });

  it('a key on an event with no pull request fails: the key is checked before the skip', async () => {
    const run = await runInProcess({
      inputs: forkInputs({ mode: 'upsert', key: 'k' }),
      env: { GITHUB_API_URL: github.url },
    });
    expect(run.exitCode).toBe(1);
    expect(run.commands('error')).toEqual([
      "Input 'key' needs an event about a pull request or an issue (its record is kept in a comment there); this run's event is 'push'.",
    ]);
  });
});

describe('one credential of two is a mistake, not a fork', () => {
  it('client_id without client_secret fails, even with skip', async () => {
    expectFailed(
      await onFork({ client_id: 'id-only' }),
      `Input 'client_secret' is required: set 'client_id' and 'client_secret' ${HOW} missing_credentials 'skip' skips only when neither is set.`,
    );
  });

  it('ZOOM_CLIENT_SECRET without an id fails, even with skip', async () => {
    expectFailed(
      await onFork({}, { ZOOM_CLIENT_SECRET: 'secret-only' }),
      `Input 'client_id' is required: set 'client_id' and 'client_secret' ${HOW} missing_credentials 'skip' skips only when neither is set.`,
    );
  });
});

describe("missing_credentials 'fail' (the default)", () => {
  it('fails without any credential, and says what skip would do', async () => {
    expectFailed(
      await onFork({ missing_credentials: '' }),
      `Inputs 'client_id' and 'client_secret' are required: set both ${HOW} Where secrets are empty (a pull request from a fork or from Dependabot), missing_credentials 'skip' skips the step instead.`,
    );
  });
});

describe('skip changes nothing where there is no skip to make', () => {
  it('a dry run needs no credentials (the ids it prints, as ever): it reports, result dry_run, no notice', async () => {
    const ids = { robot_jid: zoom.options.robotJid, account_id: zoom.options.accountId, to_jid: 'c@conference.x' };
    const run = await onFork({ dry_run: 'true', ...ids });
    expect(run.exitCode).toBe(0);
    expect(run.commands('notice')).toEqual([]);
    expect(run.outputs.result).toBe('dry_run');
    expect(run.stdout).toContain('Dry run: nothing was sent. Would call:');
    expect(zoom.requests).toEqual([]);
  });

  it('with credentials it sends as ever', async () => {
    const run = await onFork({
      client_id: zoom.options.clientId,
      client_secret: zoom.options.clientSecret,
      robot_jid: zoom.options.robotJid,
      account_id: zoom.options.accountId,
      to_jid: zoom.options.channels[0] as string,
    });
    expect(run.exitCode).toBe(0);
    expect(run.commands('notice')).toEqual([]);
    expect(run.outputs.result).toBe('sent');
    expect(zoom.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /oauth/token',
      'POST /v2/im/chat/messages',
    ]);
  });
});
