// Every spelling GitHub uses for an outcome, folded into the five statuses, and each one's look.

import { describe, expect, it } from 'vitest';
import { normaliseStatus, STATUS_SPELLINGS, STATUSES, statusLook } from '../src/message/status.js';

// As GitHub writes them for jobs, steps, checks, workflow runs and deployments.
const SPELLINGS: Record<string, string> = {
  success: 'success',
  succeeded: 'success',
  failure: 'failure',
  failed: 'failure',
  error: 'failure',
  timed_out: 'failure',
  startup_failure: 'failure',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  skipped: 'skipped',
  neutral: 'skipped',
  stale: 'skipped',
  inactive: 'skipped',
  in_progress: 'in_progress',
  queued: 'in_progress',
  pending: 'in_progress',
  waiting: 'in_progress',
  requested: 'in_progress',
  action_required: 'in_progress',
};

describe('normaliseStatus', () => {
  it.each(Object.entries(SPELLINGS))('%s -> %s', (spelling, status) => {
    expect(normaliseStatus(spelling)).toBe(status);
  });

  it('accepts exactly those spellings', () => {
    expect([...STATUS_SPELLINGS].sort()).toEqual(Object.keys(SPELLINGS).sort());
  });

  it.each([
    ['  Timed Out ', 'failure'],
    ['Startup-Failure', 'failure'],
    ['action  required', 'in_progress'],
    ['IN-PROGRESS', 'in_progress'],
    ['\t', ''],
    ['in__progress', undefined],
    ['successful', undefined],
  ])('%j -> %j', (text, status) => {
    expect(normaliseStatus(text)).toBe(status);
  });
});

describe('statusLook', () => {
  it("gives each status GitHub's color and an emoji; grey for cancelled and skipped", () => {
    expect(STATUSES.map((status) => [status, statusLook(status)])).toEqual([
      ['success', { status_color: '#1F883D', status_emoji: '✅' }],
      ['failure', { status_color: '#CF222E', status_emoji: '❌' }],
      ['cancelled', { status_color: '#6E7781', status_emoji: '⏹️' }],
      ['skipped', { status_color: '#6E7781', status_emoji: '⏭️' }],
      ['in_progress', { status_color: '#BF8700', status_emoji: '⏳' }],
    ]);
  });

  it('is empty without a status', () => {
    expect(statusLook('')).toEqual({ status_color: '', status_emoji: '' });
  });
});
