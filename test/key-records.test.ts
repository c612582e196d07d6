// The key's record in a comment: what counts as one, whose comments are trusted, how many pages are
// read, what the logs and permission errors say, against the GitHub simulator.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commentBody, isOlderRun, issueNumberOf, parseRecord } from '../src/github/key-store.js';
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

const REPO = 'octo-org/hello-world';
const PR = 7;

function marker(record: object): string {
  return `<!-- zoom-chatbot-action ${JSON.stringify(record)} -->`;
}

function keyed(inputs: Record<string, string> = {}, runId = 500): Promise<ActionRun> {
  return runInProcess({
    inputs: {
      ...zoomInputs(zoom),
      mode: 'upsert',
      key: 'release',
      github_token: github.token,
      content: 'x',
      ...inputs,
    },
    env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'pull_request', GITHUB_RUN_ID: String(runId) },
    event: { pull_request: { number: PR } },
  });
}

/** A message that exists in the simulator, made without a request. */
const storedMessage = (id: string): string => zoom.store(id, 'old');

describe('parseRecord', () => {
  const good = { key: 'k', message_id: 'm', run_id: 1, run_attempt: 2 };
  it.each([
    [marker(good), { key: 'k', messageId: 'm', runId: 1, runAttempt: 2 }],
    [marker({ ...good, message_id: '' }), { key: 'k', messageId: '', runId: 1, runAttempt: 2 }],
    [`${marker(good)}\nmore text`, { key: 'k', messageId: 'm', runId: 1, runAttempt: 2 }],
    [` ${marker(good)}`, undefined],
    [marker({ ...good, key: 1 }), undefined],
    [marker({ ...good, message_id: null }), undefined],
    [marker({ ...good, run_id: '1' }), undefined],
    [marker({ ...good, run_attempt: '2' }), undefined],
    ['<!-- zoom-chatbot-action {not json} -->', undefined],
    ['<!-- zoom-chatbot-action ["a"] -->', undefined],
    ['', undefined],
  ])('%s', (body, expected) => {
    expect(parseRecord(body)).toEqual(expected);
  });
});

describe('commentBody', () => {
  it('says what the comment is for, with the key made harmless in the prose', () => {
    expect(commentBody({ key: 'a`b<c>d', messageId: 'm', runId: 3, runAttempt: 1 })).toBe(
      '<!-- zoom-chatbot-action {"key":"a`b\\u003cc\\u003ed","message_id":"m","run_id":3,"run_attempt":1} -->\nThis comment keeps the id of a Zoom chat message that a workflow updates (key `abcd`). Deleting it makes the next run post a new message.',
    );
  });
});

describe('isOlderRun and issueNumberOf', () => {
  it('orders by run id, then attempt; the same run and attempt is not older', () => {
    const record = { key: 'k', messageId: 'm', runId: 10, runAttempt: 2 };
    expect(isOlderRun({ runId: 9, runAttempt: 5 }, record)).toBe(true);
    expect(isOlderRun({ runId: 11, runAttempt: 1 }, record)).toBe(false);
    expect(isOlderRun({ runId: 10, runAttempt: 1 }, record)).toBe(true);
    expect(isOlderRun({ runId: 10, runAttempt: 2 }, record)).toBe(false);
    expect(isOlderRun({ runId: 10, runAttempt: 3 }, record)).toBe(false);
  });

  it('finds the number on a pull request, an issue, or the event itself', () => {
    expect(issueNumberOf({ pull_request: { number: 3 }, issue: { number: 4 } })).toBe(3);
    expect(issueNumberOf({ pull_request: { number: '3' }, issue: { number: 4 } })).toBe(4);
    expect(issueNumberOf({ pull_request: 3, number: 5 })).toBe(5);
    expect(issueNumberOf({ number: '5' })).toBeUndefined();
    expect(issueNumberOf({})).toBeUndefined();
  });
});

describe('whose markers count', () => {
  it.each([
    ['OWNER', { type: 'User', login: 'owner' }, true],
    ['MEMBER', { type: 'User', login: 'member' }, true],
    ['COLLABORATOR', { type: 'User', login: 'collab' }, true],
    ['CONTRIBUTOR', { type: 'User', login: 'someone' }, false],
    ['NONE', { type: 'Bot', login: 'github-actions[bot]' }, true],
    ['NONE', { type: 'Bot', login: 'other-app[bot]' }, false],
    ['NONE', { type: 'User', login: 'github-actions[bot]' }, false],
  ] as const)('%s %o: %s', async (association, user, trusted) => {
    const id = storedMessage('kept-1');
    github.addComment(REPO, PR, marker({ key: 'release', message_id: id, run_id: 400, run_attempt: 1 }), {
      author_association: association,
      user,
    });
    const run = await keyed();
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs.result).toBe(trusted ? 'edited' : 'sent');
    expect(zoom.messages.get(id)?.edits).toBe(trusted ? 1 : 0);
    if (trusted) expect(run.stdout).toContain(`Key 'release' names Zoom message ${id}.\n`);
    else expect(run.stdout).not.toContain("Key 'release' names");
  });

  it('a claim without an id names no message: the run sends', async () => {
    github.addComment(REPO, PR, marker({ key: 'release', message_id: '', run_id: 400, run_attempt: 1 }), {
      author_association: 'OWNER',
    });
    const run = await keyed();
    expect(run.outputs.result).toBe('sent');
    expect(run.stdout).not.toContain("Key 'release' names");
    expect(run.stdout).toContain(`Key 'release' now names Zoom message ${run.outputs.message_id} (on #${PR}).\n`);
  });
});

describe('pages', () => {
  it('reads at most 30 pages of comments', async () => {
    github.maxPerPage = 1;
    for (let i = 0; i < 35; i++) github.addComment(REPO, PR, `comment ${i}`);
    const id = storedMessage('beyond');
    github.addComment(REPO, PR, marker({ key: 'release', message_id: id, run_id: 400, run_attempt: 1 }), {
      author_association: 'OWNER',
    });
    const run = await keyed();
    expect(run.exitCode).toBe(0);
    const reads = github.requests.filter((r) => r.method === 'GET');
    expect(reads.map((r) => r.query.page ?? '1')).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
    expect(run.outputs.result).toBe('sent');
  });

  it("reads at most 30 pages of a run's jobs", async () => {
    github.maxPerPage = 1;
    const jobs = Array.from({ length: 35 }, (_, i) =>
      simJob({ id: i + 1, name: `job ${i}`, status: 'completed', runner_name: 'elsewhere', steps: [] }),
    );
    jobs.push(simJob({ id: 99, runner_name: 'here', steps: simSteps([['Build', 'completed', 'failure']]) }));
    github.setJobs(REPO, 1234567890, 1, jobs);
    const main = await runInProcess({
      inputs: { ...zoomInputs(zoom), content: 'x', finalize: '{{ status }}', github_token: github.token },
    });
    const post = await runInProcess({
      inputs: { ...zoomInputs(zoom), content: 'x', finalize: '{{ status }}', github_token: github.token },
      env: { GITHUB_API_URL: github.url, RUNNER_NAME: 'here' },
      state: main.state,
    });
    expect(github.requests).toHaveLength(30);
    expect(post.commands('warning')[0]).toContain(
      "no in-progress job on runner 'here' among the 30 job(s) of run 1234567890 attempt 1",
    );
  });
});

describe('permission errors', () => {
  it('a token that may not read comments: says which permission to add', async () => {
    github.permissions.issues = 'none';
    const run = await keyed();
    expect(run.commands('error')).toEqual([
      `GitHub GET /repos/${REPO}/issues/${PR}/comments failed: HTTP 403: Resource not accessible by integration. The key's record is a comment on the pull request or issue: give the job 'permissions: pull-requests: read or issues: read' (the token is github_token).`,
    ]);
    expect(zoom.requests).toHaveLength(0);
  });

  it('a token that may read but not write: says write', async () => {
    github.permissions.issues = 'read';
    const run = await keyed();
    expect(run.commands('error')[0]).toContain(
      "HTTP 403: Resource not accessible by integration. The key's record is a comment on the pull request or issue: give the job 'permissions: pull-requests: write or issues: write' (the token is github_token).",
    );
    expect(zoom.requests).toHaveLength(0);
  });

  it('a token GitHub does not know: no permission hint', async () => {
    const run = await keyed({ github_token: 'ghs_unknown_token_value' });
    expect(run.commands('error')).toEqual([
      `GitHub GET /repos/${REPO}/issues/${PR}/comments failed: HTTP 401: Bad credentials`,
    ]);
  });

  it('deleting under a key forgets it, and says so', async () => {
    const id = storedMessage('to-forget');
    github.addComment(REPO, PR, marker({ key: 'release', message_id: id, run_id: 400, run_attempt: 1 }), {
      author_association: 'OWNER',
    });
    const run = await keyed({ mode: 'delete', content: '' });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'deleted', deleted_ids: id });
    expect(run.stdout).toContain(`Key 'release' forgotten (on #${PR}).\n`);
    expect(github.comments(REPO, PR)).toEqual([]);
    expect(run.summary).toContain("| Target | 1 message id(s) kept under key 'release' |");
  });
});
