// Our runner protocol must write exactly what @actions/core writes, so the runner reads it the same.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as runner from '../src/runner.js';

const TRICKY = 'line one\nline two % 100%\r\nthree: a,b';

let stdout: string[];
const realWrite = process.stdout.write.bind(process.stdout);
const saved = { ...process.env };

beforeEach(() => {
  stdout = [];
  process.stdout.write = ((chunk: string) => {
    stdout.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
});

afterEach(() => {
  process.stdout.write = realWrite;
  process.env = { ...saved };
  process.exitCode = undefined;
});

function captured(action: () => void): string {
  stdout = [];
  action();
  return stdout.join('');
}

// The delimiter is random per write; compare the rest.
function fileWrite(variable: string, action: () => void): string {
  const file = join(mkdtempSync(join(tmpdir(), 'runner-')), variable);
  writeFileSync(file, '');
  process.env[variable] = file;
  action();
  return readFileSync(file, 'utf8').replace(/ghadelimiter_[0-9a-f-]+/g, 'DELIM');
}

describe('runner protocol matches @actions/core', () => {
  it.each([
    ['debug', () => runner.debug(TRICKY), () => core.debug(TRICKY)],
    ['warning', () => runner.annotate('warning', TRICKY), () => core.warning(TRICKY)],
    ['error', () => runner.annotate('error', TRICKY), () => core.error(TRICKY)],
    ['notice', () => runner.annotate('notice', TRICKY), () => core.notice(TRICKY)],
    ['setFailed', () => runner.setFailed(TRICKY), () => core.setFailed(TRICKY)],
  ])('%s writes the same command', (_, ours, theirs) => {
    expect(captured(ours)).toBe(captured(theirs));
  });

  it('setFailed sets exit code 1 as core does', () => {
    captured(() => runner.setFailed('x'));
    expect(process.exitCode).toBe(1);
  });

  it('setSecret writes the same add-mask command', () => {
    expect(captured(() => runner.setSecret('s3cr%t'))).toBe(
      captured(() => core.setSecret('s3cr%t')),
    );
  });

  it.each([
    ['GITHUB_OUTPUT', () => runner.setOutput('name', TRICKY), () => core.setOutput('name', TRICKY)],
    [
      'GITHUB_ENV',
      () => runner.exportVariable('NAME', TRICKY),
      () => core.exportVariable('NAME', TRICKY),
    ],
    ['GITHUB_STATE', () => runner.saveState('name', TRICKY), () => core.saveState('name', TRICKY)],
  ])('%s file command is the same', (variable, ours, theirs) => {
    expect(fileWrite(variable, ours)).toBe(fileWrite(variable, theirs));
  });

  it('getInput reads and trims like core.getInput', () => {
    process.env.INPUT_CONTENT_FILE = '  path/to/file.yml \n';
    expect(runner.getInput('content_file')).toBe(core.getInput('content_file'));
    expect(runner.getInput('missing')).toBe(core.getInput('missing'));
  });
});

describe('redaction', () => {
  it('masks a registered secret in every line this module writes', () => {
    captured(() => runner.setSecret('hunter2-token'));
    const text = captured(() => {
      runner.info('token is hunter2-token');
      runner.annotate('warning', 'echo: hunter2-token');
    });
    expect(text).not.toContain('hunter2-token');
    expect(text).toContain('token is ***');
    expect(
      fileWrite('GITHUB_OUTPUT', () => runner.setOutput('response', '{"t":"hunter2-token"}')),
    ).toContain('{"t":"***"}');
  });
});
