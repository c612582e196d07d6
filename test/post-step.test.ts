// The post step when something is off: state it cannot read, GitHub answering with an error, a
// final message that would print a credential, inputs it cannot use. Each is one warning, the job
// is not failed, and the message is edited only when it safely can be.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseFinalizeState } from '../src/action/post.js';
import { type GitHubSimulator, simJob, simSteps, startGitHubSimulator } from '../tools/github-simulator.ts';
import type { ActionRun } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { runInProcess } from './support/in-process.ts';

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

const RUNNER = 'GitHub Actions 7';

/** A message that exists in the simulator, made without a request. */
const storedMessage = (id: string): string => zoom.store(id, 'started');

/** The post step for `messageId`, as the main step would have left it, with `inputs` over the usual ones. */
function post(
  state: Record<string, unknown> | string,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
): Promise<ActionRun> {
  return runInProcess({
    inputs: { ...zoomInputs(zoom), content: 'x', github_token: github.token, ...inputs },
    env: { GITHUB_API_URL: github.url, RUNNER_NAME: RUNNER, ...env },
    state: { isPost: 'true', finalize: typeof state === 'string' ? state : JSON.stringify(state) },
  });
}

function stateFor(messageId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    messageId,
    startedAt: new Date().toISOString(),
    finalize: { kind: 'template', text: 'head:\n  text: "{{ status_emoji }} {{ status }} {{ elapsed }}"' },
    ...extra,
  };
}

function headText(id: string): unknown {
  return ((zoom.messages.get(id)?.content ?? {}) as { head?: { text?: unknown } }).head?.text;
}

/** The post step's one warning; it never fails the job. */
function onlyWarning(run: ActionRun): string {
  expect(run.exitCode).toBe(0);
  expect(run.commands('error')).toEqual([]);
  const warnings = run.commands('warning');
  expect(warnings).toHaveLength(1);
  return warnings[0] as string;
}

describe('parseFinalizeState', () => {
  const finalize = { kind: 'preset' };
  it.each([
    ['', undefined],
    ['{not json', undefined],
    ['["m"]', undefined],
    [JSON.stringify({ finalize }), undefined],
    [JSON.stringify({ messageId: '', finalize }), undefined],
    [JSON.stringify({ messageId: 42, finalize }), undefined],
    [JSON.stringify({ messageId: 'm' }), undefined],
    [JSON.stringify({ messageId: 'm', finalize: 'preset' }), undefined],
    [JSON.stringify({ messageId: 'm', finalize: { kind: 'other' } }), undefined],
    [JSON.stringify({ messageId: 'm', finalize }), { messageId: 'm', finalize }],
    [
      JSON.stringify({ messageId: 'm', finalize: { kind: 'template', text: 'Done' } }),
      { messageId: 'm', finalize: { kind: 'template', text: 'Done' } },
    ],
  ])('%s', (text, expected) => {
    expect(parseFinalizeState(text)).toEqual(expected);
  });
});

describe('the post step', () => {
  it("finalize: true without a preset input uses the deploy preset's card", async () => {
    const id = storedMessage('m-preset');
    github.setJobs('octo-org/hello-world', 1234567890, 1, [
      simJob({ runner_name: RUNNER, steps: simSteps([['Build', 'completed', 'success']]) }),
    ]);
    const run = await post(stateFor(id, { finalize: { kind: 'preset' } }));
    expect(run.commands('warning')).toEqual([]);
    expect(headText(id)).toBe('✅ Deployed octo-org/hello-world');
  });

  it('state it cannot read: the message is left as it is', async () => {
    const id = storedMessage('m-left');
    const run = await post('{"messageId": ');
    expect(onlyWarning(run)).toBe(
      'Zoom finalize: the main step left no readable state, so the message is left as it is.',
    );
    expect(zoom.requests).toHaveLength(0);
    expect(zoom.messages.get(id)?.edits).toBe(0);
  });

  it('GitHub refusing the token (401): a neutral message, saying why', async () => {
    const id = storedMessage('m-401');
    const run = await post(stateFor(id), { github_token: 'ghs_not_the_token' });
    expect(onlyWarning(run)).toBe(
      "Zoom finalize: the job's outcome could not be read (GitHub GET /repos/octo-org/hello-world/actions/runs/1234567890/attempts/1/jobs failed: HTTP 401: Bad credentials), so the message says the job finished, without its outcome; the time counts from this action's main step.",
    );
    expect(headText(id)).toBe('🏁  0s');
  });

  it('no in-progress job on this runner: a neutral message, saying why', async () => {
    const id = storedMessage('m-nojob');
    github.setJobs('octo-org/hello-world', 1234567890, 2, [
      simJob({ runner_name: 'another runner', steps: simSteps([['Build', 'completed', 'failure']]) }),
    ]);
    const run = await post(stateFor(id), {}, { GITHUB_RUN_ATTEMPT: '2' });
    expect(onlyWarning(run)).toBe(
      "Zoom finalize: the job's outcome could not be read (no in-progress job on runner 'GitHub Actions 7' among the 1 job(s) of run 1234567890 attempt 2), so the message says the job finished, without its outcome; the time counts from this action's main step.",
    );
    expect(github.requests[0]?.path).toBe('/repos/octo-org/hello-world/actions/runs/1234567890/attempts/2/jobs');
  });

  it("a job without a start time: the time counts from the main step's", async () => {
    const id = storedMessage('m-nostart');
    github.setJobs('octo-org/hello-world', 1234567890, 1, [
      { ...simJob({ runner_name: RUNNER, steps: simSteps([['Build', 'completed', 'success']]) }), started_at: '' },
    ]);
    const saved = Date.now() - 3_600_000;
    const run = await post(stateFor(id, { startedAt: new Date(saved).toISOString() }));
    const last = Math.floor((Date.now() - saved) / 1000);
    expect(run.commands('warning')).toEqual([]);
    // An hour and the few seconds the step took.
    const texts = Array.from({ length: last - 3600 + 1 }, (_, i) => `✅ success 1h 0m ${i}s`);
    expect(texts).toContain(headText(id));
  });

  it('a saved start time that is not a date: the time counts from now', async () => {
    const id = storedMessage('m-baddate');
    const run = await post(stateFor(id, { startedAt: 'yesterday' }), { github_token: '' });
    expect(onlyWarning(run)).toContain('no github_token (and no GITHUB_TOKEN)');
    expect(headText(id)).toBe('🏁  0s');
  });

  it('a final message that would print a credential is not sent', async () => {
    const id = storedMessage('m-leak');
    github.setJobs('octo-org/hello-world', 1234567890, 1, [
      simJob({ runner_name: RUNNER, steps: simSteps([['Build', 'completed', 'success']]) }),
    ]);
    const run = await post(stateFor(id, { finalize: { kind: 'template', text: 'Done: {{ data.note }}' } }), {
      data: `note: ${zoom.options.clientSecret}`,
    });
    expect(onlyWarning(run)).toBe(
      "Zoom finalize: could not edit the message (the final message at content.body[0].text holds a credential; it was not sent). The job's result is not affected.",
    );
    expect(zoom.requests).toHaveLength(0);
    expect(zoom.messages.get(id)?.edits).toBe(0);
  });

  it('no credentials in the post step: a warning, no call', async () => {
    const id = storedMessage('m-nocreds');
    const run = await post(stateFor(id), { client_id: '', client_secret: '', github_token: '' });
    const warnings = run.commands('warning');
    expect(run.exitCode).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^Zoom finalize: could not edit the message \(Inputs 'client_id' and 'client_secret' are required: .*\)\. The job's result is not affected\.$/,
    );
    expect(zoom.requests).toHaveLength(0);
  });

  it('finalizes with the inputs as the post step reads them: markdown and to_jid in the edit', async () => {
    const id = storedMessage('m-md');
    github.setJobs('octo-org/hello-world', 1234567890, 1, [
      simJob({ runner_name: RUNNER, steps: simSteps([['Build', 'completed', 'success']]) }),
    ]);
    const run = await post(stateFor(id, { finalize: { kind: 'template', text: '*{{ status }}* {{ data.who }}' } }), {
      is_markdown_support: 'true',
      data: 'who: _ana_',
    });
    expect(run.commands('warning')).toEqual([]);
    const [edit] = zoom.requests.filter((r) => r.method === 'PUT');
    expect(edit?.path).toBe(`/v2/im/chat/messages/${id}`);
    expect(edit?.body).toEqual({
      robot_jid: zoom.options.robotJid,
      account_id: zoom.options.accountId,
      is_markdown_support: true,
      to_jid: zoom.options.channels[0],
      content: { body: [{ type: 'message', text: '*success* ˍanaˍ', is_markdown_support: true }] },
    });
  });
});
