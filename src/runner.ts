// The GitHub Actions runner protocol: inputs from INPUT_* variables, workflow commands on stdout,
// outputs, environment and state through the files the runner names.
//
// Why not @actions/core: its entry module imports @actions/http-client, which evaluates all of undici
// at start-up. Measured here, that alone takes a step from ~20 ms to ~70 ms and adds 22 MiB of RSS on
// every run, for code this action never calls. The protocol itself is a few lines, and
// test/runner.test.ts checks that these writes are byte-compatible with @actions/core's.

import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

const secrets = new Set<string>();

/** Reads input `name` as the runner passes it (INPUT_<NAME>), trimmed like core.getInput. */
export function getInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Masks `value` in the runner's logs and in everything this module writes from now on. */
export function setSecret(value: string): void {
  if (!value) return;
  secrets.add(value);
  issueCommand('add-mask', value, false);
}

/** True when `text` holds a registered secret. */
export function containsSecret(text: string): boolean {
  for (const secret of secrets) if (text.includes(secret)) return true;
  return false;
}

/** The path of the first string leaf that holds a registered secret, if any. */
export function findSecret(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return containsSecret(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findSecret(item, `${path}[${index}]`);
      if (found) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const found = findSecret(child, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** Replaces every registered secret in `text` with `***`. */
export function redact(text: string): string {
  let result = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join('***');
  }
  return result;
}

/** Writes a step output for later steps and jobs. */
export function setOutput(name: string, value: string): void {
  writeFileCommand('GITHUB_OUTPUT', name, redact(value), 'set-output');
}

/** Sets an environment variable for this process and the job's later steps. */
export function exportVariable(name: string, value: string): void {
  process.env[name] = value;
  writeFileCommand('GITHUB_ENV', name, value, 'set-env');
}

/** Saves a value that this action's post step reads back as STATE_<name>. */
export function saveState(name: string, value: string): void {
  writeFileCommand('GITHUB_STATE', name, value, 'save-state');
}

/** Reads a value saved by saveState in the main step. */
export function getState(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[`STATE_${name}`] ?? '';
}

/** Prints a plain log line. */
export function info(message: string): void {
  process.stdout.write(redact(message) + EOL);
}

/** Prints a line shown only when step debug logging is on. */
export function debug(message: string): void {
  issueCommand('debug', message);
}

/** Prints an annotation of the given level. */
export function annotate(level: 'error' | 'warning' | 'notice', message: string): void {
  issueCommand(level, message);
}

/** Prints one error annotation and marks the step failed. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  annotate('error', message);
}

/** Opens a collapsible group in the log; the returned function closes it. */
export function group(title: string): () => void {
  issueCommand('group', title);
  return () => issueCommand('endgroup', '');
}

/** Appends Markdown to the job summary, when the runner provides one. */
export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, redact(markdown) + EOL, 'utf8');
}

function issueCommand(command: string, message: string, mask = true): void {
  const text = mask ? redact(message) : message;
  process.stdout.write(`::${command}::${escapeData(text)}${EOL}`);
}

/** Escapes a workflow command's data as the runner expects (%, CR and LF). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function writeFileCommand(fileVariable: string, name: string, value: string, legacy: string): void {
  const file = process.env[fileVariable];
  if (!file) {
    // Outside a runner (a local run) fall back to the legacy stdout command, as @actions/core does.
    process.stdout.write(`${EOL}::${legacy} name=${name}::${escapeData(value)}${EOL}`);
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`Unexpected input: name or value contains the delimiter ${delimiter}`);
  }
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}
