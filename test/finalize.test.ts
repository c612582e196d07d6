// finalize: the main step saves its message, the post step (the same dist/index.js, run with the
// saved state as STATE_* variables) edits it to the job's outcome read from GitHub's jobs API.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type GitHubSimulator,
  type SimJob,
  simJob,
  simSteps,
  startGitHubSimulator,
} from '../tools/github-simulator.ts';
import type { ActionRun } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { runInProcess as runAction } from './support/in-process.ts';

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

const REPO = 'octo-org/hello-world';
const RUN_ID = 1234567890;
const RUNNER = 'GitHub Actions 7';
const pushEvent = JSON.parse(readFileSync(new URL('./fixtures/github-events/push.json', import.meta.url), 'utf8'));
const TEMPLATE =
  'head:\n  text: "{{ status_emoji }} {{ status | default: \'finished\' }} in {{ elapsed }}"\n  style: { color: "{{ status_color }}" }';

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...zoomInputs(zoom),
    content: 'Deploying {{ github.repository }}',
    finalize: TEMPLATE,
    github_token: github.token,
    ...extra,
  };
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { GITHUB_API_URL: github.url, RUNNER_NAME: RUNNER, ...extra };
}

/** When the job of the last jobWith started (its started_at), 3m 12s before it was set. */
let jobStarted = 0;
/** When the last post step ran: it measured the elapsed time at some moment in this span. */
const postRan = { from: 0, to: 0 };

/** The elapsed times the post step can have printed, counted from `since`, as a regex alternation. */
function elapsedSince(since: number): string {
  const first = Math.floor((postRan.from - since) / 1000);
  const last = Math.floor((postRan.to - since) / 1000);
  const texts: string[] = [];
  for (let total = first; total <= last; total++) {
    texts.push(total >= 60 ? `${Math.floor(total / 60)}m ${total % 60}s` : `${total}s`);
  }
  return `(?:${texts.join('|')})`;
}

/** `prefix` and the time since the job started (3m 12s and what the runs added). */
function took(prefix: string, since = jobStarted): unknown {
  return expect.stringMatching(new RegExp(`^${prefix}${elapsedSince(since)}$`));
}

/** When the main step ran, as it saved it for the post step. */
function mainStartedAt(main: ActionRun): number {
  return Date.parse(JSON.parse(main.state.finalize ?? '{}').startedAt);
}

/** The main step, then the post step with what the main step saved. */
async function mainThenPost(
  extra: Record<string, string> = {},
  postEnv: Record<string, string> = {},
): Promise<{ main: ActionRun; post: ActionRun; messageId: string }> {
  const main = await runAction({ inputs: inputs(extra), env: env(), event: pushEvent });
  expect(main.exitCode, main.stdout).toBe(0);
  postRan.from = Date.now();
  const post = await runAction({
    inputs: inputs(extra),
    env: env(postEnv),
    event: pushEvent,
    state: main.state,
  });
  postRan.to = Date.now();
  return { main, post, messageId: main.outputs.message_id as string };
}

function jobWith(steps: [string, string, string | null][], fields: Partial<SimJob> = {}): SimJob {
  jobStarted = Date.now() - 192_000;
  return simJob({
    runner_name: RUNNER,
    started_at: new Date(jobStarted).toISOString(),
    steps: simSteps(steps),
    ...fields,
  });
}

function headOf(messageId: string): unknown {
  return (zoom.messages.get(messageId)?.content as { head?: unknown } | undefined)?.head;
}

describe('the post step finalizes the message', () => {
  it('success: edits the same message to success, with the time since the job started', async () => {
    github.setJobs(REPO, RUN_ID, 1, [
      jobWith([
        ['Set up job', 'completed', 'success'],
        ['Run ./deploy.sh', 'completed', 'success'],
        ['Post Run zoom action', 'in_progress', null],
      ]),
    ]);
    const { post, messageId } = await mainThenPost();
    expect(post.exitCode).toBe(0);
    expect(post.commands('warning')).toEqual([]);
    expect(zoom.messages.size).toBe(1);
    expect(headOf(messageId)).toEqual({
      text: took('✅ success in '),
      style: { color: '#1F883D' },
    });
    const [jobs] = github.requests;
    expect(jobs?.path).toBe(`/repos/${REPO}/actions/runs/${RUN_ID}/attempts/1/jobs`);
    expect(jobs?.headers).toMatchObject({
      authorization: `token ${github.token}`,
      accept: 'application/vnd.github.v3+json',
      'user-agent': expect.stringContaining('zoom-chatbot-action'),
    });
    expect(post.stdout).toMatch(
      new RegExp(`Zoom message ${messageId} finalized: success after ${elapsedSince(jobStarted)} \\(Zoom tracking id `),
    );
  });

  it('failure: any failed step makes it a failure, even when a later step was cancelled', async () => {
    github.setJobs(REPO, RUN_ID, 1, [
      jobWith([
        ['Build', 'completed', 'failure'],
        ['Deploy', 'completed', 'cancelled'],
        ['Notify', 'completed', 'skipped'],
      ]),
    ]);
    const { post, messageId } = await mainThenPost();
    expect(post.exitCode).toBe(0);
    expect(headOf(messageId)).toEqual({
      text: took('❌ failure in '),
      style: { color: '#CF222E' },
    });
  });

  it('cancelled: a cancelled step and no failure, shown grey', async () => {
    github.setJobs(REPO, RUN_ID, 1, [
      jobWith([
        ['Build', 'completed', 'success'],
        ['Deploy', 'completed', 'cancelled'],
      ]),
    ]);
    const { post, messageId } = await mainThenPost();
    expect(post.exitCode).toBe(0);
    expect(headOf(messageId)).toEqual({
      text: took('⏹️ cancelled in '),
      style: { color: '#6E7781' },
    });
  });

  it('ignores steps that have not completed (a failure still in progress does not count yet)', async () => {
    github.setJobs(REPO, RUN_ID, 1, [
      jobWith([
        ['Build', 'completed', 'success'],
        ['Flaky', 'in_progress', 'failure'],
        ['Later', 'queued', null],
      ]),
    ]);
    const { messageId } = await mainThenPost();
    expect(headOf(messageId)).toMatchObject({ text: took('✅ success in ') });
  });

  it('missing actions: read (403): a neutral "finished", exactly one warning, the job not failed', async () => {
    github.permissions.actions = 'none';
    const { main, post, messageId } = await mainThenPost();
    expect(post.exitCode).toBe(0);
    expect(post.commands('error')).toEqual([]);
    const warnings = post.commands('warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('HTTP 403');
    expect(warnings[0]).toContain("permissions: actions: read'");
    // The elapsed time falls back to the main step's timestamp.
    expect(headOf(messageId)).toEqual({
      text: took('🏁 finished in ', mainStartedAt(main)),
      style: { color: '#6E7781' },
    });
  });

  it('a run the token cannot see (404) is treated as a missing permission', async () => {
    const { post, messageId } = await mainThenPost();
    expect(post.exitCode).toBe(0);
    expect(post.commands('warning')).toHaveLength(1);
    expect(post.commands('warning')[0]).toContain('HTTP 404');
    expect(headOf(messageId)).toMatchObject({ text: expect.stringMatching(/^🏁 finished in /) });
  });

  it('no token: a neutral "finished", one warning, no call to GitHub', async () => {
    const { post, messageId } = await mainThenPost({ github_token: '' });
    expect(post.exitCode).toBe(0);
    expect(github.requests).toHaveLength(0);
    expect(post.commands('warning')).toHaveLength(1);
    expect(post.commands('warning')[0]).toContain('no github_token');
    expect(headOf(messageId)).toMatchObject({ text: expect.stringMatching(/^🏁 finished in /) });
  });

  it('falls back to env GITHUB_TOKEN when github_token is empty', async () => {
    github.setJobs(REPO, RUN_ID, 1, [jobWith([['Build', 'completed', 'success']])]);
    const { post, messageId } = await mainThenPost({ github_token: '' }, { GITHUB_TOKEN: github.token });
    expect(post.commands('warning')).toEqual([]);
    expect(headOf(messageId)).toMatchObject({ text: took('✅ success in ') });
  });

  it('edits its own message, whatever ZOOM_MESSAGE_ID says by then', async () => {
    github.setJobs(REPO, RUN_ID, 1, [jobWith([['Build', 'completed', 'success']])]);
    const other = await runAction({ inputs: { ...inputs(), finalize: '', content: 'other' } });
    const otherId = other.outputs.message_id as string;
    const { messageId } = await mainThenPost({}, { ZOOM_MESSAGE_ID: otherId });
    expect(messageId).not.toBe(otherId);
    expect(headOf(messageId)).toMatchObject({ text: took('✅ success in ') });
    expect(zoom.messages.get(otherId)?.content).toEqual({
      body: [{ type: 'message', text: 'other' }],
    });
  });

  it("finalize: true uses the preset's own card for the final status (deploy when no preset is set)", async () => {
    github.setJobs(REPO, RUN_ID, 1, [jobWith([['Deploy', 'completed', 'failure']])]);
    const { messageId } = await mainThenPost({ finalize: 'true' });
    const content = zoom.messages.get(messageId)?.content as {
      head: { text: string; sub_head: { text: string } };
      body: { type: string; items?: { key: string; value: string }[]; text?: string }[];
    };
    expect(content.head.text).toBe('❌ Deploy failed: octo-org/hello-world');
    expect(content.head.sub_head.text).toEqual(took('CI #42 · took '));
    const fields = content.body[0] as unknown as {
      sidebar_color: string;
      sections: { items?: { key: string; value: string }[] }[];
    };
    expect(fields.sidebar_color).toBe('#CF222E');
    expect(fields.sections[0]?.items).toContainEqual({
      key: 'Actor',
      value: 'octocat',
      short: true,
    });
  });

  it("picks this runner's job among the run's jobs, across pages", async () => {
    github.maxPerPage = 2;
    github.setJobs(REPO, RUN_ID, 1, [
      jobWith([['Build', 'completed', 'failure']], {
        id: 1,
        name: 'lint',
        status: 'completed',
        runner_name: 'GitHub Actions 1',
      }),
      jobWith([['Build', 'completed', 'failure']], {
        id: 2,
        name: 'test',
        runner_name: 'GitHub Actions 2',
      }),
      jobWith([['Build', 'completed', 'failure']], {
        id: 3,
        name: 'e2e',
        runner_name: 'GitHub Actions 3',
      }),
      jobWith([['Build', 'completed', 'failure']], {
        id: 4,
        name: 'docs',
        status: 'queued',
        runner_name: null,
      }),
      jobWith([['Deploy', 'completed', 'success']], { id: 5, name: 'deploy' }),
    ]);
    const { post, messageId } = await mainThenPost();
    expect(post.commands('warning')).toEqual([]);
    expect(github.requests.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(headOf(messageId)).toMatchObject({ text: took('✅ success in ') });
  });

  it('when two running jobs share the runner name, the job name decides (matrix suffix too)', async () => {
    github.setJobs(REPO, RUN_ID, 1, [
      jobWith([['Build', 'completed', 'failure']], { id: 1, name: 'build (ubuntu)' }),
      jobWith([['Deploy', 'completed', 'cancelled']], { id: 2, name: 'deploy (prod)' }),
    ]);
    const { messageId } = await mainThenPost();
    expect(headOf(messageId)).toMatchObject({ text: expect.stringMatching(/^⏹️ cancelled/) });
  });

  it('a Zoom error in the post step is a warning: the job is never failed by it', async () => {
    github.setJobs(REPO, RUN_ID, 1, [jobWith([['Build', 'completed', 'success']])]);
    const main = await runAction({ inputs: inputs(), env: env(), event: pushEvent });
    zoom.messages.clear(); // someone deleted the message meanwhile
    const post = await runAction({ inputs: inputs(), env: env(), state: main.state });
    expect(post.exitCode).toBe(0);
    expect(post.commands('error')).toEqual([]);
    expect(post.commands('warning')).toHaveLength(1);
    expect(post.commands('warning')[0]).toContain('HTTP 404, code 8001');
  });

  it('wrong credentials in the post step are a warning too', async () => {
    github.setJobs(REPO, RUN_ID, 1, [jobWith([['Build', 'completed', 'success']])]);
    const main = await runAction({ inputs: inputs(), env: env(), event: pushEvent });
    const post = await runAction({
      inputs: { ...inputs(), client_secret: 'wrong' },
      env: env(),
      state: main.state,
    });
    expect(post.exitCode).toBe(0);
    expect(post.commands('warning')[0]).toContain('invalid_client');
  });
});

describe('without finalize', () => {
  it('the main step saves only the post marker and the post step does nothing at all', async () => {
    const main = await runAction({ inputs: { ...inputs(), finalize: '' }, env: env() });
    expect(main.exitCode).toBe(0);
    expect(main.state).toEqual({ isPost: 'true' });
    zoom.reset();
    const post = await runAction({
      inputs: { ...inputs(), finalize: '' },
      env: env(),
      state: main.state,
    });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toBe('');
    expect(post.outputs).toEqual({});
    expect(zoom.requests).toHaveLength(0);
    expect(github.requests).toHaveLength(0);
  });

  it('a failed main step saves no message, so its post step does nothing', async () => {
    const main = await runAction({
      inputs: { ...inputs(), to_jid: 'not-a-channel@conference.xmpp.zoom.us' },
      env: env(),
    });
    expect(main.exitCode).toBe(1);
    expect(main.state).toEqual({ isPost: 'true' });
  });

  it('a dry run saves nothing to finalize', async () => {
    const main = await runAction({ inputs: { ...inputs(), dry_run: 'true' }, env: env() });
    expect(main.exitCode).toBe(0);
    expect(main.state).toEqual({ isPost: 'true' });
  });
});

describe('finalize input errors fail the main step before any call', () => {
  it.each([
    [
      { finalize: 'Done {{ status | nosuchfilter }}' },
      "Input 'finalize' at content.body[0].text line 1, col 6: template error",
    ],
    [{ finalize: 'head:\n  txt: x' }, "Input 'finalize' at content.head.text: the head needs a text string"],
    [{ mode: 'delete', message_id: 'x', finalize: 'true' }, "Input 'finalize' does not apply"],
  ])('%o', async (change, text) => {
    const run = await runAction({ inputs: { ...inputs(), ...change }, env: env() });
    expect(run.exitCode).toBe(1);
    expect(run.commands('error')).toHaveLength(1);
    expect(run.commands('error')[0]).toContain(text);
    expect(zoom.requests).toHaveLength(0);
    expect(run.state).toEqual({ isPost: 'true' });
  });
});
