// Runs the action from source, in this process, as the runner would run dist/index.js: the same
// INPUT_* variables, file commands and payload (tools/run-action.ts lays them out), with run()
// called directly, so that coverage and mutation runs see the source. stdout and stderr are
// captured, process.env and the exit code are put back afterwards.

import { rmSync } from 'node:fs';
import { type ActionRun, collectRun, prepareRun, type RunOptions } from '../../tools/run-action.ts';

// One run at a time: process.env and the standard streams belong to the whole process.
let queue: Promise<unknown> = Promise.resolve();

/** Runs the main step (or, with `state`, the post step) in-process and collects what it left. */
export function runInProcess(options: RunOptions = {}): Promise<ActionRun> {
  return enqueue(options, async () => {
    const { run } = await import('../../src/main.ts');
    await run();
  });
}

let entries = 0;

/**
 * As runInProcess, through src/index.ts as the runner starts it: a fresh copy of the entry each
 * time (its query string makes it another module), so its top level runs again.
 */
export function runEntryInProcess(options: RunOptions = {}): Promise<ActionRun> {
  entries += 1;
  return enqueue(options, async () => {
    const entry = `${new URL('../../src/index.ts', import.meta.url).pathname}?run=${entries}`;
    await import(/* @vite-ignore */ entry);
  });
}

function enqueue(options: RunOptions, start: () => Promise<void>): Promise<ActionRun> {
  const next = queue.then(() => runOnce(options, start));
  queue = next.catch(() => undefined);
  return next;
}

async function runOnce(options: RunOptions, start: () => Promise<void>): Promise<ActionRun> {
  const prepared = prepareRun(options);
  const savedEnv = { ...process.env };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  let stdout = '';
  let stderr = '';
  let pending = '';
  const capture =
    (into: 'stdout' | 'stderr') =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      if (into === 'stdout') {
        stdout += text;
        if (options.onLine) {
          pending += text;
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) options.onLine(line);
        }
      } else {
        stderr += text;
      }
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    };
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, prepared.env);
  process.exitCode = undefined;
  process.stdout.write = capture('stdout') as typeof process.stdout.write;
  process.stderr.write = capture('stderr') as typeof process.stderr.write;
  let exitCode: number | null;
  try {
    await start();
    exitCode = Number(process.exitCode ?? 0);
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    process.exitCode = undefined;
    for (const name of Object.keys(process.env)) delete process.env[name];
    Object.assign(process.env, savedEnv);
  }
  try {
    return collectRun(prepared, exitCode, stdout, stderr);
  } finally {
    rmSync(prepared.dir, { recursive: true, force: true });
  }
}
