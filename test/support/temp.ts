// Folders in the system temp dir that a test needs for a while: each goes when the test finishes.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A new folder in the system temp dir, removed when the running test finishes. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `event` written as a payload file (for GITHUB_EVENT_PATH), removed when the running test finishes. */
export function writeEventFile(event: unknown): string {
  const file = join(tempDir('event-'), 'event.json');
  writeFileSync(file, JSON.stringify(event));
  return file;
}
