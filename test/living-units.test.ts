// The pure parts behind one living message: outcome from steps, job choice, elapsed text, the
// key's comment format and run order, and the inputs that turn it on.

import { describe, expect, it } from 'vitest';
import { parseFinalizeState } from '../src/action/post.js';
import { parseInputs } from '../src/action/settings.js';
import { InputError } from '../src/errors.js';
import { type Job, JobNotFoundError, outcomeOf, pickJob } from '../src/github/job-outcome.js';
import { commentBody, isOlderRun, issueNumberOf, parseRecord } from '../src/github/key-store.js';
import { buildContext } from '../src/message/context.js';
import { finalContentFor, formatElapsed, withFinalValues } from '../src/message/finalize.js';

const step = (status: string, conclusion: string | null) => ({ name: 's', status, conclusion });

describe('outcomeOf', () => {
  it.each([
    [[step('completed', 'success'), step('completed', 'skipped')], 'success'],
    [[step('completed', 'cancelled'), step('completed', 'failure')], 'failure'],
    [[step('completed', 'success'), step('completed', 'cancelled')], 'cancelled'],
    [[step('in_progress', 'failure'), step('queued', null)], 'success'],
    [[], 'success'],
  ] as const)('%o -> %s', (steps, expected) => {
    expect(outcomeOf([...steps])).toBe(expected);
  });
});

describe('pickJob', () => {
  const job = (id: number, name: string, runner: string | null, status = 'in_progress'): Job => ({
    id,
    name,
    status,
    runner_name: runner,
    started_at: null,
    steps: [],
  });
  const query = {
    repository: 'o/r',
    runId: '1',
    runAttempt: '1',
    runnerName: 'r1',
    jobId: 'deploy',
  };

  it('takes the in-progress job on this runner', () => {
    const jobs = [job(1, 'deploy', 'r1', 'completed'), job(2, 'x', 'r2'), job(3, 'y', 'r1')];
    expect(pickJob(jobs, query).id).toBe(3);
  });

  it('narrows by the job name, matrix suffix included, when the runner name is shared', () => {
    const jobs = [job(1, 'build (a)', 'r1'), job(2, 'deploy (prod, eu)', 'r1')];
    expect(pickJob(jobs, query).id).toBe(2);
  });

  it('refuses to guess', () => {
    expect(() => pickJob([job(1, 'a', 'r1'), job(2, 'b', 'r1')], query)).toThrow(JobNotFoundError);
    expect(() => pickJob([job(1, 'deploy', 'r2')], query)).toThrow(/no in-progress job on runner 'r1'/);
  });

  it('says how many jobs it found and why none could be picked', () => {
    expect(() => pickJob([job(1, 'a', 'r1'), job(2, 'b', 'r1'), job(3, 'deploy', 'r2')], query)).toThrow(
      new JobNotFoundError("2 in-progress jobs on runner 'r1' and none is named 'deploy' alone"),
    );
    expect(() => pickJob([job(1, 'deploy', 'r1'), job(2, 'deploy (x)', 'r1')], query)).toThrow(
      "2 in-progress jobs on runner 'r1' and none is named 'deploy' alone",
    );
    expect(() => pickJob([job(1, 'deploy', 'r2'), job(2, 'deploy', 'r1', 'queued')], query)).toThrow(
      new JobNotFoundError("no in-progress job on runner 'r1' among the 2 job(s) of run 1 attempt 1"),
    );
    expect(new JobNotFoundError('x').name).toBe('JobNotFoundError');
  });

  it('takes the one job on this runner whatever its name, and any runner when none is named', () => {
    expect(pickJob([job(1, 'other', 'r1'), job(2, 'deploy', 'r2')], query).id).toBe(1);
    expect(pickJob([job(1, 'deploy', 'r2', 'completed'), job(2, 'lint', null)], { ...query, runnerName: '' }).id).toBe(
      2,
    );
    expect(pickJob([job(1, 'lint', 'a'), job(2, 'deploy', 'b')], { ...query, runnerName: '' }).id).toBe(2);
  });
});

describe('formatElapsed', () => {
  it.each([
    [0, '0s'],
    [-5000, '0s'],
    [45_900, '45s'],
    [192_000, '3m 12s'],
    [3_600_000, '1h 0m 0s'],
    [3_845_000, '1h 4m 5s'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});

describe('final values', () => {
  const context = buildContext({
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_RUN_NUMBER: '7',
  });
  it('cancelled is grey, not red; the neutral case has an empty status', () => {
    expect(withFinalValues(context, 'cancelled', '1s')).toMatchObject({
      status: 'cancelled',
      status_color: '#6E7781',
      status_emoji: '⏹️',
    });
    expect(withFinalValues(context, 'failure', '1s')).toMatchObject({ status_color: '#CF222E' });
    expect(withFinalValues(context, '', '1s')).toMatchObject({
      status: '',
      elapsed: '1s',
      status_emoji: '🏁',
    });
  });

  it("finalContentFor is the preset's own card for the final status, deploy by default", () => {
    const failed = withFinalValues(context, 'failure', '3m 12s');
    expect(finalContentFor('build', failed, false).head?.text).toBe(
      '❌ {{ github.workflow }} #{{ github.run_number }} failed',
    );
    expect(finalContentFor('', failed, false).head?.text).toContain('Deploy failed:');
    expect(finalContentFor('nonsense', failed, false).head?.text).toContain('Deploy failed:');
    const subHead = finalContentFor('deploy', failed, false).head?.sub_head as { text: string };
    expect(subHead.text).toMatch(/ · took \{\{ elapsed \}\}$/);
    const neutral = finalContentFor('deploy', withFinalValues(context, '', '5s'), false);
    expect((neutral.head?.sub_head as { text: string } | undefined)?.text).toContain('finished after {{ elapsed }}');
  });

  it('parseFinalizeState refuses anything the main step did not write', () => {
    expect(parseFinalizeState('')).toBeUndefined();
    expect(parseFinalizeState('{not json')).toBeUndefined();
    expect(parseFinalizeState('{"messageId":"m","robotJid":"b","accountId":"a"}')).toBeUndefined();
    expect(
      parseFinalizeState('{"messageId":"m","robotJid":"b","accountId":"a","finalize":{"kind":"preset"}}'),
    ).toMatchObject({ messageId: 'm' });
  });
});

describe('key records', () => {
  it('round-trips through a comment, and no key can end the HTML comment early', () => {
    const record = { key: 'x --> <b>`y`</b>', messageId: 'm_1', runId: 12, runAttempt: 2 };
    const body = commentBody(record);
    expect(body.indexOf('-->')).toBe(body.lastIndexOf('-->'));
    expect(parseRecord(body)).toEqual(record);
  });

  it('ignores markers that are not ours or are malformed', () => {
    expect(parseRecord('<!-- something else -->')).toBeUndefined();
    expect(parseRecord('<!-- zoom-chatbot-action {"key":"k"} -->')).toBeUndefined();
    expect(parseRecord('<!-- zoom-chatbot-action {bad json} -->')).toBeUndefined();
  });

  it('orders runs by id, then attempt', () => {
    const record = { key: 'k', messageId: 'm', runId: 10, runAttempt: 2 };
    expect(isOlderRun({ runId: 9, runAttempt: 5 }, record)).toBe(true);
    expect(isOlderRun({ runId: 10, runAttempt: 1 }, record)).toBe(true);
    expect(isOlderRun({ runId: 10, runAttempt: 2 }, record)).toBe(false);
    expect(isOlderRun({ runId: 10, runAttempt: 3 }, record)).toBe(false);
    expect(isOlderRun({ runId: 11, runAttempt: 1 }, record)).toBe(false);
  });

  it('finds the pull request or issue number of an event', () => {
    expect(issueNumberOf({ pull_request: { number: 5 } })).toBe(5);
    expect(issueNumberOf({ issue: { number: 6 } })).toBe(6);
    expect(issueNumberOf({ number: 7 })).toBe(7);
    expect(issueNumberOf({ ref: 'refs/heads/main' })).toBeUndefined();
  });
});

describe('parseInputs: finalize, key, github_token', () => {
  const base = {
    client_id: 'id',
    client_secret: 'secret',
    robot_jid: 'bot@xmpp.zoom.us',
    account_id: 'acct',
    to_jid: 'chan@conference.xmpp.zoom.us',
    content: 'Hello',
  };
  const parse = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) =>
    parseInputs((name) => ({ ...base, ...inputs })[name as keyof typeof base]?.trim() ?? '', env);

  it('reads finalize as the preset form, a template or nothing', () => {
    expect(parse({ finalize: 'true' }).finalize).toEqual({ kind: 'preset' });
    expect(parse({ finalize: 'Done: {{ status }}' }).finalize).toEqual({
      kind: 'template',
      text: 'Done: {{ status }}',
    });
    expect(parse({ finalize: 'false' }).finalize).toBeUndefined();
    expect(parse({}).finalize).toBeUndefined();
  });

  it('falls back to env GITHUB_TOKEN', () => {
    expect(parse({}, { GITHUB_TOKEN: 'ghs_x' }).githubToken).toBe('ghs_x');
    expect(parse({ github_token: 'ghs_y' }, { GITHUB_TOKEN: 'ghs_x' }).githubToken).toBe('ghs_y');
    expect(parse({}).githubToken).toBeUndefined();
  });

  it('with a key, upsert reads no message id and delete needs none', () => {
    const upsert = parse({ mode: 'upsert', key: 'k' }, { ZOOM_MESSAGE_ID: 'left-over' });
    expect(upsert).toMatchObject({ mode: 'upsert', key: 'k', messageId: undefined });
    expect(parse({ mode: 'delete', key: 'k' })).toMatchObject({ mode: 'delete', messageIds: [] });
    expect(() => parse({ mode: 'delete' })).toThrow(InputError);
  });
});
