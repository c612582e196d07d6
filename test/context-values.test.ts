// The template context's derived values on the events and environments the fixtures do not cover.

import { describe, expect, it } from 'vitest';
import { buildContext, emptyContext, parseData } from '../src/message/context.js';
import { writeEventFile } from './support/temp.ts';

const BASE = { GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '9', GITHUB_SHA: 'f'.repeat(40) };

function onEvent(name: string, event: unknown, env: Record<string, string> = {}) {
  return buildContext({ ...BASE, GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: writeEventFile(event), ...env });
}

const PR = {
  number: 5,
  title: 'T',
  html_url: 'https://github.com/o/r/pull/5',
  user: { login: 'u' },
  head: { ref: 'feature', sha: 'a'.repeat(40) },
  base: { ref: 'main' },
  draft: true,
  state: 'open',
  merged: false,
  body: 'B',
};

describe('buildContext', () => {
  it.each(['pull_request_target', 'pull_request_review', 'pull_request_review_comment'])(
    'reads the pull request and its head commit on %s',
    (name) => {
      const context = onEvent(name, { pull_request: PR });
      expect(context.pr).toEqual({
        number: 5,
        title: 'T',
        url: 'https://github.com/o/r/pull/5',
        author: 'u',
        head: 'feature',
        base: 'main',
        draft: true,
        state: 'open',
        merged: false,
        body: 'B',
      });
      expect(context.short_sha).toBe('aaaaaaa');
      expect(context.commit_url).toBe(`https://github.com/o/r/commit/${'a'.repeat(40)}`);
      expect(context.compare_url).toBe('');
      expect(context.commits).toEqual([]);
    },
  );

  it('a pull request with fields missing or of another type', () => {
    const context = onEvent('pull_request', { pull_request: { number: '5', draft: 'yes', merged: 1, title: 7 } });
    expect(context.pr).toEqual({
      number: '',
      title: '7',
      url: '',
      author: '',
      head: '',
      base: '',
      draft: false,
      state: '',
      merged: false,
      body: '',
    });
    expect(context.short_sha).toBe('fffffff');
  });

  it('an issue_comment on a pull request not merged, and one whose issue is a draft', () => {
    const issue = { number: 3, title: 'I', pull_request: { url: 'x' }, draft: true };
    expect(onEvent('issue_comment', { issue }).pr).toMatchObject({ number: 3, merged: false, draft: true });
    expect(onEvent('issue_comment', { issue: { ...issue, number: 'x' } }).pr.number).toBe('');
    // On another event an issue is not a pull request.
    expect(onEvent('issues', { issue }).pr.number).toBe('');
  });

  it('a deployment: its commit; its status: the outcome, as the status input would give it', () => {
    const deployment = { sha: 'd'.repeat(40) };
    const plain = onEvent('deployment', { deployment });
    expect(plain.short_sha).toBe('ddddddd');
    expect(plain.status).toBe('');
    const failed = onEvent('deployment_status', { deployment, deployment_status: { state: 'error' } });
    expect(failed).toMatchObject({ short_sha: 'ddddddd', status: 'failure', status_emoji: '❌' });
    const unknown = onEvent('deployment_status', { deployment, deployment_status: { state: 'exploded' } });
    expect(unknown.status).toBe('');
    // A deployment on another event is not this run's commit.
    expect(onEvent('push', { deployment }).short_sha).toBe('fffffff');
  });

  it('a workflow_run: its head commit, and its conclusion, else its status', () => {
    const done = onEvent('workflow_run', { workflow_run: { head_sha: 'c'.repeat(40), conclusion: 'timed_out' } });
    expect(done).toMatchObject({ short_sha: 'ccccccc', status: 'failure' });
    expect(onEvent('workflow_run', { workflow_run: { status: 'queued', conclusion: null } }).status).toBe(
      'in_progress',
    );
    expect(onEvent('check_run', { workflow_run: { conclusion: 'success' } }).status).toBe('');
  });

  it("a push: its commits' first lines, authors by name or user name, and the compare link", () => {
    const context = onEvent('push', {
      compare: 'https://github.com/o/r/compare/a...b',
      commits: [
        { id: '1234567890', message: 'First line\n\nmore', author: { username: 'octo' }, url: 'u1' },
        'not a commit',
        { id: 42, author: { name: 'Mona', username: 'mona' } },
      ],
    });
    expect(context.compare_url).toBe('https://github.com/o/r/compare/a...b');
    expect(context.commits).toEqual([
      { id: '1234567890', short_id: '1234567', message: 'First line', author: 'octo', url: 'u1' },
      { id: '42', short_id: '42', message: '', author: 'Mona', url: '' },
    ]);
    expect(onEvent('push', { commits: 'none' }).commits).toEqual([]);
  });

  it('without a repository or a run id there are no links; the default hosts apply', () => {
    const noRun = buildContext({ GITHUB_REPOSITORY: 'o/r' });
    expect(noRun.run_url).toBe('');
    expect(noRun.repository_url).toBe('https://github.com/o/r');
    expect(noRun.commit_url).toBe('');
    const noRepo = buildContext({ GITHUB_RUN_ID: '9', GITHUB_SHA: 'abc' });
    expect(noRepo).toMatchObject({ run_url: '', repository_url: '', commit_url: '', short_sha: 'abc' });
    expect(noRepo.github.server_url).toBe('https://github.com');
    expect(noRepo.github.api_url).toBe('https://api.github.com');
    expect(
      buildContext({ GITHUB_SERVER_URL: 'https://ghe.test///', GITHUB_API_URL: 'https://ghe.test/api/v3' }).github,
    ).toMatchObject({
      server_url: 'https://ghe.test',
      api_url: 'https://ghe.test/api/v3',
    });
    expect(buildContext({ ...BASE, GITHUB_RUN_ATTEMPT: '1' }).run_url).toBe('https://github.com/o/r/actions/runs/9');
  });

  it('a payload that is not a JSON object, or not there, is an empty event', () => {
    expect(onEvent('push', [1, 2]).github.event).toEqual({});
    expect(buildContext({ GITHUB_EVENT_PATH: '/nonexistent/event.json' }).github.event).toEqual({});
  });

  it('hides credentials by name, anywhere in the name, but only the inputs, runner and state by prefix', () => {
    const context = buildContext({
      MY_INPUT_DIR: 'a',
      INPUT_X: 'h',
      MY_ACTIONS_CACHE: 'b',
      ACTIONS_CACHE_URL: 'h',
      MY_STATE_FILE: 'c',
      STATE_x: 'h',
      ZOOM_CLIENT_IDS: 'd',
      MY_ZOOM_CLIENT_ID: 'e',
      ZOOM_CLIENT_ID: 'h',
      GH_TOKEN_FILE: 'h',
      db_password: 'h',
      SSH_PASSWD: 'h',
      PRIVATE_KEY_PATH: 'h',
      AWS_CREDENTIALS: 'h',
      STRIPE_APIKEY: 'h',
      MAPS_API_KEY: 'h',
      client_secret_v2: 'h',
    });
    expect(context.env).toEqual({
      MY_INPUT_DIR: 'a',
      MY_ACTIONS_CACHE: 'b',
      MY_STATE_FILE: 'c',
      ZOOM_CLIENT_IDS: 'd',
      MY_ZOOM_CLIENT_ID: 'e',
    });
  });

  it('passes the inputs through: status and data', () => {
    const context = buildContext({}, { status: 'skipped', data: { a: 1 } });
    expect(context).toMatchObject({ status: 'skipped', status_color: '#6E7781', data: { a: 1 }, elapsed: '' });
    expect(buildContext({}).data).toEqual({});
  });
});

describe('emptyContext', () => {
  it('has every name, empty, and one empty commit', () => {
    const context = emptyContext();
    expect(context.commits).toEqual([{ id: '', short_id: '', message: '', author: '', url: '' }]);
    expect(context.pr.number).toBe('');
    expect(context.github.repository).toBe('');
  });
});

describe('parseData', () => {
  it('is empty for blank text; names what it got when it is not a mapping', async () => {
    expect(await parseData('  \n ')).toEqual({});
    await expect(parseData('42')).rejects.toThrow(
      "Input 'data' must be a mapping (templates read it as data.<key>), got number 42. Expected key: value lines or a JSON object.",
    );
    await expect(parseData('[1]')).rejects.toThrow('got a list.');
    await expect(parseData('a: [1')).rejects.toThrow(
      /^Input 'data' line 1 is not valid YAML or JSON: .*\. Expected a mapping, such as \$\{\{ toJSON\(needs\) \}\} or key: value lines\.$/,
    );
  });

  it('gives no quoting advice: a {{ in data is YAML, not a template', async () => {
    expect(await parseData('note: "{{ x }}"')).toEqual({ note: '{{ x }}' });
    await expect(parseData('a: b: c\nnote: {{ x }}')).rejects.toThrow("Input 'data' line 1 is not valid YAML or JSON");
  });
});
