// key: a message id kept across workflows in a hidden marker of a pull-request comment, against the
// Zoom simulator and the GitHub stand-in.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commentBody } from '../src/github/key-store.ts';
import { type GitHubSimulator, startGitHubSimulator } from '../tools/github-simulator.ts';
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
const FIXTURES = new URL('./fixtures/github-events/', import.meta.url);
const opened = JSON.parse(readFileSync(new URL('pull_request.opened.json', FIXTURES), 'utf8'));
const closed = JSON.parse(readFileSync(new URL('pull_request.closed.json', FIXTURES), 'utf8'));
const push = JSON.parse(readFileSync(new URL('push.json', FIXTURES), 'utf8'));
const PR = opened.pull_request.number as number;
const KEY = 'pr-{{ github.event.pull_request.number }}';

interface Run {
  runId: number;
  attempt?: number;
  event?: unknown;
  inputs?: Record<string, string>;
  eventName?: string;
}

function keyedInputs(inputs: Record<string, string> = {}): Record<string, string> {
  return {
    ...zoomInputs(zoom),
    mode: 'upsert',
    key: KEY,
    github_token: github.token,
    content: 'PR #{{ github.event.pull_request.number }}: {{ github.event.pull_request.state }}',
    ...inputs,
  };
}

/** One workflow run of the action with a key. */
function keyed({ runId, attempt = 1, event = opened, inputs = {}, eventName }: Run): Promise<ActionRun> {
  return runAction({
    inputs: keyedInputs(inputs),
    env: {
      GITHUB_API_URL: github.url,
      GITHUB_EVENT_NAME: eventName ?? 'pull_request',
      GITHUB_RUN_ID: String(runId),
      GITHUB_RUN_ATTEMPT: String(attempt),
    },
    event,
  });
}

function textOf(messageId: string): unknown {
  return (zoom.messages.get(messageId)?.content as { body?: { text?: string }[] } | undefined)?.body?.[0]?.text;
}

function records(): unknown[] {
  return github.comments(REPO, PR).map((comment) => {
    const json = /<!-- zoom-chatbot-action (\{.*?\}) -->/.exec(comment.body)?.[1];
    return json ? JSON.parse(json) : undefined;
  });
}

function zoomCalls(): string[] {
  return zoom.requests.filter((r) => r.path.startsWith('/v2/')).map((r) => r.method);
}

describe('key across runs and workflows', () => {
  it('one run sends and records the id; a later run of another workflow edits the same message; delete forgets it', async () => {
    const first = await keyed({ runId: 100 });
    expect(first.exitCode, first.stdout).toBe(0);
    expect(first.outputs.result).toBe('sent');
    const id = first.outputs.message_id as string;
    expect(records()).toEqual([{ key: `pr-${PR}`, message_id: id, run_id: 100, run_attempt: 1 }]);
    expect(github.comments(REPO, PR)[0]?.body).toContain('keeps the id of a Zoom chat message');

    const second = await keyed({ runId: 130, event: closed });
    expect(second.exitCode, second.stdout).toBe(0);
    expect(second.outputs).toMatchObject({ result: 'edited', message_id: id, thread_id: id });
    expect(zoom.messages.size).toBe(1);
    expect(textOf(id)).toBe(`PR #${PR}: closed`);
    expect(records()).toEqual([{ key: `pr-${PR}`, message_id: id, run_id: 130, run_attempt: 1 }]);
    expect(github.comments(REPO, PR)).toHaveLength(1);

    const removed = await keyed({
      runId: 131,
      event: closed,
      inputs: { mode: 'delete', content: '' },
    });
    expect(removed.exitCode, removed.stdout).toBe(0);
    expect(removed.outputs).toMatchObject({ result: 'deleted', deleted_ids: id });
    expect(zoom.messages.size).toBe(0);
    expect(github.comments(REPO, PR)).toEqual([]);

    // Forgotten: the next run starts a new message.
    const again = await keyed({ runId: 140 });
    expect(again.outputs.result).toBe('sent');
    expect(again.outputs.message_id).not.toBe(id);
  });

  it('an older run does not overwrite the message: result skipped, a notice, no Zoom call', async () => {
    const newer = await keyed({ runId: 200 });
    const id = newer.outputs.message_id as string;
    zoom.requests.length = 0;
    const older = await keyed({ runId: 199, attempt: 3, event: closed });
    expect(older.exitCode).toBe(0);
    expect(older.outputs).toMatchObject({ result: 'skipped', message_id: '', thread_id: '' });
    expect(older.commands('notice')).toHaveLength(1);
    expect(older.commands('notice')[0]).toContain(
      `last written by run 200 attempt 1, newer than this run (199 attempt 3)`,
    );
    expect(older.exported.ZOOM_MESSAGE_ID).toBeUndefined();
    expect(zoom.requests).toHaveLength(0);
    expect(textOf(id)).toBe(`PR #${PR}: open`);
    expect(records()).toMatchObject([{ run_id: 200, run_attempt: 1 }]);
  });

  it('a lower attempt of the same run is older; the same attempt and a re-run are not', async () => {
    const id = (await keyed({ runId: 300, attempt: 2 })).outputs.message_id as string;
    expect((await keyed({ runId: 300, attempt: 1, event: closed })).outputs.result).toBe('skipped');
    const same = await keyed({ runId: 300, attempt: 2, event: closed });
    expect(same.outputs).toMatchObject({ result: 'edited', message_id: id });
    const rerun = await keyed({ runId: 300, attempt: 3 });
    expect(rerun.outputs).toMatchObject({ result: 'edited', message_id: id });
    expect(records()).toMatchObject([{ run_id: 300, run_attempt: 3 }]);
  });

  it('an older run does not delete either', async () => {
    const id = (await keyed({ runId: 400 })).outputs.message_id as string;
    const old = await keyed({ runId: 390, inputs: { mode: 'delete', content: '' } });
    expect(old.outputs.result).toBe('skipped');
    expect(zoom.messages.has(id)).toBe(true);
    expect(github.comments(REPO, PR)).toHaveLength(1);
  });

  it('sends again when the recorded message is gone from Zoom, and records the new id', async () => {
    const id = (await keyed({ runId: 500 })).outputs.message_id as string;
    zoom.messages.clear();
    const run = await keyed({ runId: 501 });
    expect(run.outputs.result).toBe('sent');
    expect(zoomCalls()).toEqual(['POST', 'PUT', 'POST']);
    expect(records()).toEqual([{ key: `pr-${PR}`, message_id: run.outputs.message_id, run_id: 501, run_attempt: 1 }]);
    expect(run.outputs.message_id).not.toBe(id);
  });

  it('finds its record on a later page of a long thread, among other comments and keys', async () => {
    github.maxPerPage = 2;
    for (let i = 0; i < 5; i++) github.addComment(REPO, PR, `LGTM ${i}`);
    github.addComment(REPO, PR, commentBody({ key: 'another-key', messageId: 'other', runId: 1, runAttempt: 1 }), {
      user: { login: 'github-actions[bot]', type: 'Bot' },
      author_association: 'NONE',
    });
    const id = (await keyed({ runId: 600 })).outputs.message_id as string;
    const run = await keyed({ runId: 601 });
    expect(run.outputs).toMatchObject({ result: 'edited', message_id: id });
    const pages = github.requests.filter((r) => r.method === 'GET').map((r) => r.query.page ?? '1');
    expect(pages).toEqual(['1', '2', '3', '1', '2', '3', '4']);
  });

  it("ignores a marker written by someone without write access; honours a collaborator's", async () => {
    const real = await keyed({ runId: 700 });
    const id = real.outputs.message_id as string;
    const victim = (await keyed({ runId: 1, event: push, inputs: { mode: 'send', key: '' } })).outputs
      .message_id as string;
    github.addComment(REPO, PR, commentBody({ key: `pr-${PR}`, messageId: victim, runId: 999_999, runAttempt: 9 }), {
      user: { login: 'stranger', type: 'User' },
      author_association: 'FIRST_TIME_CONTRIBUTOR',
    });
    const run = await keyed({ runId: 701 });
    expect(run.outputs).toMatchObject({ result: 'edited', message_id: id });
    expect(zoom.messages.get(victim)?.edits).toBe(0);

    github.addComment(REPO, PR, commentBody({ key: `pr-${PR}`, messageId: victim, runId: 800, runAttempt: 1 }), {
      user: { login: 'maintainer', type: 'User' },
      author_association: 'COLLABORATOR',
    });
    const later = await keyed({ runId: 801 });
    expect(later.outputs).toMatchObject({ result: 'edited', message_id: victim });
  });

  it("ignores a marker quoted inside another bot's comment, or not at the start of a comment", async () => {
    const real = await keyed({ runId: 710 });
    const id = real.outputs.message_id as string;
    const victim = (await keyed({ runId: 1, event: push, inputs: { mode: 'send', key: '' } })).outputs
      .message_id as string;
    const forged = commentBody({
      key: `pr-${PR}`,
      messageId: victim,
      runId: 999_999,
      runAttempt: 9,
    });
    github.addComment(REPO, PR, `Welcome! You wrote:\n> ${forged}`, {
      user: { login: 'welcome-bot[bot]', type: 'Bot' },
      author_association: 'NONE',
    });
    github.addComment(REPO, PR, forged, {
      user: { login: 'welcome-bot[bot]', type: 'Bot' },
      author_association: 'NONE',
    });
    github.addComment(REPO, PR, `quoting: ${forged}`, {
      user: { login: 'maintainer', type: 'User' },
      author_association: 'COLLABORATOR',
    });
    const run = await keyed({ runId: 711 });
    expect(run.outputs).toMatchObject({ result: 'edited', message_id: id });
    expect(zoom.messages.get(victim)?.edits).toBe(0);
  });

  it('claims the key before calling Zoom; a claim with no id is taken over by the next run', async () => {
    zoom.onRequest((req) =>
      req.method === 'POST' && req.path === '/v2/im/chat/messages'
        ? { kind: 'respond', status: 400, body: { code: 7001, message: 'Invalid request body' } }
        : undefined,
    );
    const failed = await keyed({ runId: 720 });
    expect(failed.exitCode).toBe(1);
    expect(records()).toEqual([{ key: `pr-${PR}`, message_id: '', run_id: 720, run_attempt: 1 }]);
    zoom.onRequest(undefined);
    const next = await keyed({ runId: 721 });
    expect(next.outputs.result).toBe('sent');
    expect(records()).toEqual([{ key: `pr-${PR}`, message_id: next.outputs.message_id, run_id: 721, run_attempt: 1 }]);
    expect(zoom.messages.size).toBe(1);
  });

  it("two racing records: the newest run's wins and the extra comment is removed", async () => {
    const bot = {
      user: { login: 'github-actions[bot]', type: 'Bot' as const },
      author_association: 'NONE',
    };
    const a = (await keyed({ runId: 1, event: push, inputs: { mode: 'send', key: '' } })).outputs.message_id as string;
    const b = (await keyed({ runId: 1, event: push, inputs: { mode: 'send', key: '' } })).outputs.message_id as string;
    github.addComment(REPO, PR, commentBody({ key: `pr-${PR}`, messageId: a, runId: 900, runAttempt: 1 }), bot);
    github.addComment(REPO, PR, commentBody({ key: `pr-${PR}`, messageId: b, runId: 901, runAttempt: 1 }), bot);
    const run = await keyed({ runId: 902 });
    expect(run.outputs).toMatchObject({ result: 'edited', message_id: b });
    expect(records()).toEqual([{ key: `pr-${PR}`, message_id: b, run_id: 902, run_attempt: 1 }]);
  });

  it('delete with a key and no record: a notice, nothing deleted, no Zoom call', async () => {
    const run = await keyed({ runId: 1000, inputs: { mode: 'delete', content: '' } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'deleted', deleted_ids: '' });
    expect(run.commands('notice')[0]).toContain(`No Zoom message is kept under key 'pr-${PR}'`);
    expect(zoom.requests).toHaveLength(0);
  });

  it("a key on an issue uses the issue's thread", async () => {
    const event = { action: 'opened', issue: { number: 77, title: 'Bug' } };
    const run = await keyed({
      runId: 1100,
      event,
      eventName: 'issues',
      inputs: {
        key: 'issue-{{ github.event.issue.number }}',
        content: '{{ github.event.issue.title }}',
      },
    });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(github.comments(REPO, 77)).toHaveLength(1);
    expect(github.comments(REPO, 77)[0]?.body).toContain('"key":"issue-77"');
  });
});

describe('key with finalize', () => {
  const finalize = { finalize: 'Finished: {{ status | default: "?" }}' };

  it('the post step finalizes the keyed message while no newer run has taken it', async () => {
    const main = await keyed({ runId: 1500, inputs: finalize });
    const id = main.outputs.message_id as string;
    const post = await runAction({
      inputs: keyedInputs(finalize),
      env: { GITHUB_API_URL: github.url, GITHUB_RUN_ID: '1500' },
      event: opened,
      state: main.state,
    });
    expect(post.exitCode).toBe(0);
    expect(textOf(id)).toBe('Finished: ?');
  });

  it('a newer run that took the key over keeps its content: the older post step leaves it', async () => {
    const older = await keyed({ runId: 1600, inputs: finalize });
    const id = older.outputs.message_id as string;
    const newer = await keyed({ runId: 1601, event: closed });
    expect(newer.outputs).toMatchObject({ result: 'edited', message_id: id });
    const post = await runAction({
      inputs: keyedInputs(finalize),
      env: { GITHUB_API_URL: github.url, GITHUB_RUN_ID: '1600' },
      event: opened,
      state: older.state,
    });
    expect(post.exitCode).toBe(0);
    expect(post.commands('notice')[0]).toContain(
      `key 'pr-${PR}' now belongs to run 1601 attempt 1, newer than this one (1600 attempt 1)`,
    );
    expect(textOf(id)).toBe(`PR #${PR}: closed`);
  });
});

describe('key permissions', () => {
  it('no permission to write the comment: fails before any Zoom call, so no run posts again and again', async () => {
    github.permissions.issues = 'read';
    for (const runId of [1200, 1201]) {
      const run = await keyed({ runId });
      expect(run.exitCode).toBe(1);
      const errors = run.commands('error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('HTTP 403');
      expect(errors[0]).toContain("'permissions: pull-requests: write or issues: write'");
      expect(run.outputs.result).toBe('failed');
      expect(run.outputs.message_id).toBe('');
    }
    expect(zoom.requests).toHaveLength(0);
    expect(zoom.messages.size).toBe(0);
  });

  it('no permission to read comments: fails before any Zoom call', async () => {
    github.permissions.issues = 'none';
    const run = await keyed({ runId: 1300 });
    expect(run.exitCode).toBe(1);
    expect(run.commands('error')[0]).toContain('pull-requests: read or issues: read');
    expect(zoom.requests).toHaveLength(0);
  });

  it('fail_on_error false turns a GitHub error into a warning', async () => {
    github.permissions.issues = 'none';
    const run = await keyed({ runId: 1400, inputs: { fail_on_error: 'false' } });
    expect(run.exitCode).toBe(0);
    expect(run.commands('warning')[0]).toContain('HTTP 403');
    expect(run.outputs.result).toBe('failed');
  });
});

describe('key input errors fail before any call', () => {
  it.each([
    [{ mode: 'send' }, "Input 'key' works with mode 'upsert'"],
    [{ mode: 'edit' }, "Input 'key' works with mode 'upsert'"],
    [{ message_id: 'abc' }, "Inputs 'key' and 'message_id' are both set"],
    [{ key: '{{ github.event.nothing }}' }, "Input 'key' ('{{ github.event.nothing }}') renders empty"],
    [
      { key: '{{ pr.number | nosuchfilter }}' },
      "Input 'key' line 1, col 1: template error: undefined filter: nosuchfilter",
    ],
    [{ key: 'pr-{{ pr.numbr }}' }, "Input 'key' line 1, col 7: unknown name 'pr.numbr'"],
    [{ github_token: '' }, "Input 'github_token' is required with 'key'"],
  ])('%o', async (change, text) => {
    const run = await keyed({ runId: 1, inputs: change });
    expect(run.exitCode).toBe(1);
    expect(run.commands('error')).toHaveLength(1);
    expect(run.commands('error')[0]).toContain(text);
    expect(zoom.requests).toHaveLength(0);
    expect(github.requests).toHaveLength(0);
  });

  it('an event that is not about a pull request or issue', async () => {
    const run = await keyed({ runId: 1, event: push, eventName: 'push', inputs: { key: 'main' } });
    expect(run.exitCode).toBe(1);
    expect(run.commands('error')[0]).toContain("this run's event is 'push'");
    expect(zoom.requests).toHaveLength(0);
  });

  it('ZOOM_MESSAGE_ID left by an earlier step is not read with a key', async () => {
    const earlier = (await keyed({ runId: 1, event: push, inputs: { mode: 'send', key: '' } })).outputs
      .message_id as string;
    const run = await runAction({
      inputs: {
        ...zoomInputs(zoom),
        mode: 'upsert',
        key: KEY,
        github_token: github.token,
        content: 'new',
      },
      env: { GITHUB_API_URL: github.url, ZOOM_MESSAGE_ID: earlier, GITHUB_RUN_ID: '5' },
      event: opened,
    });
    expect(run.outputs.result).toBe('sent');
    expect(zoom.messages.get(earlier)?.edits).toBe(0);
  });

  it('a dry run calls neither GitHub nor Zoom', async () => {
    const run = await keyed({ runId: 1, inputs: { dry_run: 'true' } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.result).toBe('dry_run');
    expect(run.stdout).toContain(`key 'pr-${PR}' would be looked up on #${PR}`);
    expect(github.requests).toHaveLength(0);
    expect(zoom.requests).toHaveLength(0);
  });
});
