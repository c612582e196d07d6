// The inputs this issue adds: preset, status, data.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseInputs, type Settings } from '../src/action/settings.js';
import { InputError } from '../src/errors.js';
import { ROOT } from '../tools/run-action.ts';

const BASE = {
  client_id: 'id-123',
  client_secret: 'secret-456',
  robot_jid: 'bot@xmpp.zoom.us',
  account_id: 'acct',
  to_jid: 'chan@conference.xmpp.zoom.us',
};

function parse(inputs: Record<string, string>): Settings {
  return parseInputs((name) => (inputs[name] ?? '').trim(), {});
}

function failure(inputs: Record<string, string>): string {
  try {
    parse(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected parseInputs to throw');
}

describe('preset', () => {
  it('makes content optional', () => {
    expect(parse({ ...BASE, preset: 'deploy' })).toMatchObject({
      preset: 'deploy',
      content: undefined,
    });
  });

  it('keeps content to merge over it', () => {
    expect(parse({ ...BASE, preset: 'Build', content: 'extra' })).toMatchObject({
      preset: 'build',
      content: { input: 'content', value: 'extra' },
    });
  });

  it('is absent by default', () => {
    expect(parse({ ...BASE, content: 'x' })).toMatchObject({ preset: undefined });
  });

  it('refuses an unknown preset with the closest name', () => {
    expect(failure({ ...BASE, preset: 'pullrequest' })).toBe(
      "Invalid preset 'pullrequest' (did you mean 'pull_request'?). Expected one of: deploy, build, pull_request.",
    );
  });

  it('names the preset in the missing content message', () => {
    expect(failure(BASE)).toContain("or 'preset': deploy, build, pull_request");
  });
});

describe('status', () => {
  it.each([
    ['', ''],
    ['success', 'success'],
    ['Failure', 'failure'],
    ['cancelled', 'cancelled'],
    ['canceled', 'cancelled'],
    ['timed_out', 'failure'],
    ['in_progress', 'in_progress'],
  ])('%j -> %j', (status, expected) => {
    expect(parse({ ...BASE, content: 'x', status }).status).toBe(expected);
  });

  it('refuses a misspelt status with the closest spelling', () => {
    expect(failure({ ...BASE, content: 'x', status: 'sucess' })).toBe(
      "Invalid status 'sucess' (did you mean 'success'?). Expected one of: success, failure, cancelled, skipped, in_progress (as ${{ job.status }} or a step's conclusion gives it), or empty.",
    );
  });
});

describe('data', () => {
  it('is kept as written, to be parsed with the context', () => {
    expect(parse({ ...BASE, content: 'x', data: 'a: 1' }).data).toBe('a: 1');
    expect(parse({ ...BASE, content: 'x' }).data).toBe('');
  });
});

describe('action.yml', () => {
  it('holds no ${{ }} in a description: GitHub evaluates it when loading the action', () => {
    const action = parseYaml(readFileSync(`${ROOT}/action.yml`, 'utf8')) as {
      inputs: Record<string, { description: string }>;
      outputs: Record<string, { description: string }>;
    };
    for (const entry of [...Object.values(action.inputs), ...Object.values(action.outputs)]) {
      expect(entry.description).not.toContain('${{');
    }
  });
});
