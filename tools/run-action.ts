// Runs the bundled action (dist/index.js) as a GitHub runner does: INPUT_* variables, the file
// commands' files, an event payload, Node 24. Returns what the runner would see.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { everyMintedToken } from './zoom-simulator.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST_ENTRY = join(ROOT, 'dist', 'index.js');

export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** Variables the step exported for later steps (GITHUB_ENV). */
  exported: Record<string, string>;
  /** Values the step saved for its post step (GITHUB_STATE). */
  state: Record<string, string>;
  summary: string;
  /** Lines of the given workflow command, e.g. commands('error'). */
  commands(name: string): string[];
}

export interface RunOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** An event payload, written to GITHUB_EVENT_PATH. */
  event?: unknown;
  entry?: string;
  workspace?: string;
  /**
   * Run as the post step: the runner passes what the main step saved (its `state`) as STATE_*
   * variables, with the same inputs.
   */
  state?: Record<string, string>;
  /** Called with each line the step prints, as it prints it. */
  onLine?: (line: string) => void;
  /** Extra node options, e.g. ['--import', hook]. */
  nodeArgs?: string[];
}

/** What a runner sets for a push to main of octo-org/hello-world, run 42 (files and workspace apart). */
export const RUNNER_VARIABLES: Readonly<Record<string, string>> = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'octo-org/hello-world',
  GITHUB_REPOSITORY_OWNER: 'octo-org',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REF_NAME: 'main',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_ACTOR: 'octocat',
  GITHUB_WORKFLOW: 'CI',
  GITHUB_JOB: 'deploy',
  GITHUB_RUN_ID: '1234567890',
  GITHUB_RUN_NUMBER: '42',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: 'https://api.github.com',
};

/** Parses the heredoc format of GITHUB_OUTPUT / GITHUB_ENV files. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(ghadelimiter_[0-9a-f-]+)\n([\s\S]*?)\n?\2\n/gm;
  for (const match of text.matchAll(pattern)) {
    values[match[1] as string] = match[3] as string;
  }
  return values;
}

/** A run's files and environment, laid out as a runner lays them out for one step. */
export interface PreparedRun {
  dir: string;
  files: Record<'GITHUB_OUTPUT' | 'GITHUB_ENV' | 'GITHUB_STATE' | 'GITHUB_STEP_SUMMARY' | 'GITHUB_EVENT_PATH', string>;
  env: Record<string, string>;
}

/** Makes the run's folder, its file commands' files and event payload, and its environment. */
export function prepareRun(options: RunOptions): PreparedRun {
  const dir = mkdtempSync(join(tmpdir(), 'zoom-action-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  // A runner always writes the event payload; without one given, an event with nothing in it.
  writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(options.event ?? {}));
  const inputEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    inputEnv[`INPUT_${name.toUpperCase()}`] = value;
  }
  for (const [name, value] of Object.entries(options.state ?? {})) {
    inputEnv[`STATE_${name}`] = value;
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ...RUNNER_VARIABLES,
    GITHUB_WORKSPACE: options.workspace ?? dir,
    ...files,
    ...inputEnv,
    ...options.env,
  };
  return { dir, files, env };
}

/** What the runner sees of a finished run; throws when any secret shows anywhere. */
export function collectRun(prepared: PreparedRun, exitCode: number | null, stdout: string, stderr: string): ActionRun {
  const { files, env } = prepared;
  const run: ActionRun = {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    exported: parseFileCommands(readFileSync(files.GITHUB_ENV, 'utf8')),
    state: parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    commands: (name) =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith(`::${name}::`))
        .map((line) => line.slice(name.length + 4)),
  };
  // Every run is scanned: a secret in any stream fails the test that ran it.
  const leaks = findLeaks(run, readFileSync(files.GITHUB_STATE, 'utf8'), secretsOf(env));
  if (leaks.length > 0) throw new Error(`A secret leaked: ${leaks.join('; ')}`);
  return run;
}

/** Runs the bundled action once in its own Node process and collects its streams and files. */
export async function runAction(options: RunOptions = {}): Promise<ActionRun> {
  const prepared = prepareRun(options);
  try {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.entry ?? DIST_ENTRY], {
      env: prepared.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!options.onLine) return;
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return collectRun(prepared, exitCode, stdout, stderr);
  } finally {
    rmSync(prepared.dir, { recursive: true, force: true });
  }
}

/** The secrets a run must never show: client secret, given token, proxy passwords, minted tokens. */
export function secretsOf(env: Record<string, string>): string[] {
  const secrets = [
    env.INPUT_CLIENT_SECRET,
    env.ZOOM_CLIENT_SECRET,
    env.INPUT_TOKEN,
    env.INPUT_GITHUB_TOKEN,
    env.GITHUB_TOKEN,
  ];
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) {
    const value = env[name];
    if (!value) continue;
    try {
      secrets.push(decodeURIComponent(new URL(value).password));
    } catch {
      // not a URL: no password in it
    }
  }
  secrets.push(...everyMintedToken);
  return secrets.map((secret) => secret?.trim() ?? '').filter((secret) => secret !== '');
}

/**
 * Where any secret shows in what a run leaves behind. `::add-mask::` lines are skipped: the runner
 * consumes them and never shows them.
 */
export function findLeaks(run: ActionRun, state: string, secrets: string[]): string[] {
  const streams: [string, string][] = [
    [
      'stdout',
      run.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n'),
    ],
    ['stderr', run.stderr],
    ['summary', run.summary],
    ['state', state],
    ...Object.entries(run.outputs).map(([name, value]): [string, string] => [`output ${name}`, value]),
    ...Object.entries(run.exported).map(([name, value]): [string, string] => [`env ${name}`, value]),
  ];
  const leaks: string[] = [];
  for (const [where, text] of streams) {
    for (const secret of secrets) {
      if (text.includes(secret)) leaks.push(`${where} shows secret number ${secrets.indexOf(secret) + 1}`);
    }
  }
  return leaks;
}
