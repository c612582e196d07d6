import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { buildContext, parseData } from '../src/message/context.js';
import { normaliseStatus } from '../src/message/status.js';
import { FIXTURE_EVENTS, RUNNER_SHA, readEvent, runnerEnv } from './support/events.ts';
import { writeEventFile } from './support/temp.ts';

const REPO = 'https://github.com/Codertocat/Hello-World';
const NO_PR = {
  number: '',
  title: '',
  url: '',
  author: '',
  head: '',
  base: '',
  draft: '',
  state: '',
  merged: '',
  body: '',
};
const PR = {
  number: 2,
  title: 'Update the README with new information.',
  url: `${REPO}/pull/2`,
  author: 'Codertocat',
  head: 'changes',
  base: 'master',
  draft: false,
  merged: false,
};
const PR_BODY = 'This is a pretty simple change that we need to pull into master.';
const PR_HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';

describe('buildContext over every fixture payload', () => {
  // Everything derived from the payload, event by event: the values templates and presets use.
  const expected: Record<string, object> = {
    'push.json': {
      commit_url: `${REPO}/commit/0000000000000000000000000000000000000000`,
      short_sha: '0000000',
      compare_url: `${REPO}/compare/6113728f27ae...000000000000`,
      pr: NO_PR,
      commits: [],
      status: '',
    },
    'push.with-new-branch.json': {
      commit_url: `${REPO}/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246`,
      short_sha: '6113728',
      compare_url: `${REPO}/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246`,
      pr: NO_PR,
      commits: [
        {
          id: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
          short_id: '6113728',
          message: 'Initial commit',
          author: 'Codertocat',
          url: `${REPO}/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246`,
        },
      ],
      status: '',
    },
    'pull_request.opened.json': {
      commit_url: `${REPO}/commit/${PR_HEAD}`,
      short_sha: 'ec26c3e',
      compare_url: '',
      pr: { ...PR, state: 'open', body: PR_BODY },
      commits: [],
    },
    'pull_request.closed.json': {
      short_sha: 'ec26c3e',
      pr: { ...PR, state: 'closed', body: PR_BODY },
    },
    'pull_request.opened.with-null-body.json': {
      pr: { ...PR, state: 'open', body: '' },
    },
    'deployment_status.json': {
      commit_url: `${REPO}/commit/f95f852bd8fca8fcc58a9a2d6c842781e32a215e`,
      short_sha: 'f95f852',
      pr: NO_PR,
      status: 'success',
      status_color: '#1F883D',
      status_emoji: '✅',
    },
    'workflow_run.completed.json': {
      repository_url: 'https://github.com/octo-org/octo-repo',
      commit_url: 'https://github.com/octo-org/octo-repo/commit/3484a3fb816e0859fd6e1cea078d76385ff50625',
      short_sha: '3484a3f',
      status: 'success',
    },
    'release.published.json': {
      commit_url: `${REPO}/commit/${RUNNER_SHA}`,
      short_sha: 'fedcba9',
      compare_url: '',
      pr: NO_PR,
      commits: [],
      status: '',
      status_color: '',
      status_emoji: '',
    },
  };

  it.each(FIXTURE_EVENTS)('%s (%s)', (file, name) => {
    const context = buildContext(runnerEnv(file));
    expect(context).toMatchObject(expected[file] as object);
    expect(context.github.event).toEqual(readEvent(file));
    expect(context.github.event_name).toBe(name);
    expect(context.run_url).toBe(`${context.repository_url}/actions/runs/1234567890`);
  });

  it('covers every fixture', () => {
    expect(Object.keys(expected).sort()).toEqual(FIXTURE_EVENTS.map(([file]) => file).sort());
  });

  it('keeps github.* as workflow expressions name them', () => {
    const context = buildContext(runnerEnv('pull_request.opened.json'));
    expect(context.github).toMatchObject({
      repository: 'Codertocat/Hello-World',
      repository_owner: 'Codertocat',
      sha: RUNNER_SHA,
      ref: 'refs/pull/2/merge',
      ref_name: '2/merge',
      head_ref: 'changes',
      base_ref: 'master',
      actor: 'Codertocat',
      triggering_actor: 'Codertocat',
      workflow: 'CI',
      job: 'notify',
      run_id: '1234567890',
      run_number: '42',
      run_attempt: '1',
      server_url: 'https://github.com',
      api_url: 'https://api.github.com',
    });
  });
});

describe('derived values', () => {
  it('adds /attempts/N to run_url when the run was re-run', () => {
    const context = buildContext(runnerEnv('push.json', { GITHUB_RUN_ATTEMPT: '3' }));
    expect(context.run_url).toBe(`${REPO}/actions/runs/1234567890/attempts/3`);
  });

  it('follows a GitHub Enterprise server_url', () => {
    const context = buildContext(runnerEnv('push.json', { GITHUB_SERVER_URL: 'https://ghe.example.com/' }));
    expect(context.repository_url).toBe('https://ghe.example.com/Codertocat/Hello-World');
    expect(context.run_url).toBe('https://ghe.example.com/Codertocat/Hello-World/actions/runs/1234567890');
  });

  it('takes a pull request from an issue_comment on a PR, without branches', () => {
    const pr = readEvent('pull_request.opened.json').pull_request as Record<string, unknown>;
    const issue = {
      number: 2,
      title: 'Fix *it*',
      html_url: `${REPO}/pull/2`,
      user: { login: 'octocat' },
      state: 'closed',
      body: null,
      pull_request: { url: pr.url, merged_at: '2019-05-15T15:20:44Z' },
    };
    const context = buildContext({
      GITHUB_EVENT_NAME: 'issue_comment',
      GITHUB_EVENT_PATH: writeEventFile({ action: 'created', issue, comment: { body: 'lgtm' } }),
    });
    expect(context.pr).toEqual({
      number: 2,
      title: 'Fix *it*',
      url: `${REPO}/pull/2`,
      author: 'octocat',
      head: '',
      base: '',
      draft: false,
      state: 'closed',
      merged: true,
      body: '',
    });
  });

  it('leaves pr empty for a comment on a plain issue', () => {
    const context = buildContext({
      GITHUB_EVENT_NAME: 'issue_comment',
      GITHUB_EVENT_PATH: writeEventFile({ issue: { number: 5, title: 'Bug' } }),
    });
    expect(context.pr.number).toBe('');
  });

  it('a status input wins over the event outcome, and drives color and emoji', () => {
    const context = buildContext(runnerEnv('deployment_status.json'), {
      status: 'cancelled',
      data: {},
    });
    expect(context).toMatchObject({
      status: 'cancelled',
      status_color: '#6E7781',
      status_emoji: '⏹️',
    });
  });

  it('hides the inputs and the runner tokens from env', () => {
    const context = buildContext({
      DEPLOY_TARGET: 'eu-1',
      INPUT_CLIENT_SECRET: 's3cret',
      ZOOM_CLIENT_SECRET: 's3cret',
      ZOOM_CLIENT_ID: 'id',
      ACTIONS_RUNTIME_TOKEN: 'tok',
      ZOOM_TO_JID: 'chan@conference.xmpp.zoom.us',
    });
    expect(context.env).toEqual({
      DEPLOY_TARGET: 'eu-1',
      ZOOM_TO_JID: 'chan@conference.xmpp.zoom.us',
    });
  });

  it('works without a payload (a local run)', () => {
    const context = buildContext({});
    expect(context.github.event).toEqual({});
    expect(context.run_url).toBe('');
    expect(context.commit_url).toBe('');
    expect(context.pr).toEqual(NO_PR);
  });
});

describe('normaliseStatus', () => {
  it.each([
    ['success', 'success'],
    ['Success', 'success'],
    ['FAILURE', 'failure'],
    ['timed_out', 'failure'],
    ['error', 'failure'],
    ['canceled', 'cancelled'],
    ['skipped', 'skipped'],
    ['neutral', 'skipped'],
    ['in progress', 'in_progress'],
    ['queued', 'in_progress'],
    ['', ''],
    ['sucess', undefined],
  ])('%j -> %j', (text, status) => {
    expect(normaliseStatus(text)).toBe(status);
  });
});

describe('parseData', () => {
  it('reads JSON as toJSON writes it', async () => {
    expect(await parseData('{"build": {"result": "success", "outputs": {"v": "1.2"}}}')).toEqual({
      build: { result: 'success', outputs: { v: '1.2' } },
    });
  });

  it('reads YAML key: value lines', async () => {
    expect(await parseData('version: 1.2.3\nregions:\n  - eu\n  - us\n')).toEqual({
      version: '1.2.3',
      regions: ['eu', 'us'],
    });
  });

  it('is empty when not given', async () => {
    expect(await parseData('')).toEqual({});
  });

  it.each([
    ['a: [1', "Input 'data' line 1 is not valid YAML or JSON"],
    ['- a\n- b', "Input 'data' must be a mapping (templates read it as data.<key>), got a list"],
    ['just text', "Input 'data' must be a mapping"],
    ['a: 1\na: 2', "Input 'data' line 2 is not valid YAML or JSON"],
  ])('refuses %j', async (text, message) => {
    const error = await parseData(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(message);
  });
});
