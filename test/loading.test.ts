// What a run of dist/ loads: LiquidJS, YAML and Octokit are chunks a run loads only when it needs
// them, so a plain send pays for none of them.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runAction } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';

// Logs every file of dist/ that the process loads, through a module hook.
const folder = mkdtempSync(join(tmpdir(), 'load-hook-'));
const hook = join(folder, 'hook.mjs');
writeFileSync(
  hook,
  `import { registerHooks } from 'node:module';
registerHooks({ load(url, context, next) { if (url.includes('/dist/')) process.stderr.write('loaded ' + url.slice(url.lastIndexOf('/') + 1) + '\\n'); return next(url, context); } });
`,
);

// Each library's chunk, found by a name only that library's code holds.
function chunkWith(marker: string): string {
  const found = readdirSync(join(ROOT, 'dist')).filter(
    (file) => /^\d+\.index\.js$/.test(file) && readFileSync(join(ROOT, 'dist', file), 'utf8').includes(marker),
  );
  expect(found, marker).toHaveLength(1);
  return found[0] as string;
}
const LIQUID = chunkWith('TokenizationError');
const YAML = chunkWith('YAMLParseError');
const OCTOKIT = chunkWith('octokit-core');

let zoom: ZoomSimulator;
beforeAll(async () => {
  zoom = await startZoomSimulator();
});
beforeEach(() => zoom.reset());
afterAll(async () => {
  await zoom.close();
  rmSync(folder, { recursive: true, force: true });
});

async function loaded(inputs: Record<string, string>): Promise<string[]> {
  const run = await runAction({
    inputs: { ...zoomInputs(zoom), ...inputs },
    nodeArgs: ['--import', hook],
  });
  expect(run.exitCode, run.stdout).toBe(0);
  return run.stderr
    .split('\n')
    .filter((line) => line.startsWith('loaded '))
    .map((line) => line.slice('loaded '.length));
}

describe('what a run loads', () => {
  it('a fixed text with JSON data loads none of LiquidJS, YAML and Octokit', async () => {
    const files = await loaded({ content: 'Deployed: all *green*', data: '{"a": 1}' });
    expect(files).toContain('index.js');
    expect(files).not.toContain(LIQUID);
    expect(files).not.toContain(YAML);
    expect(files).not.toContain(OCTOKIT);
  });

  it('a template loads LiquidJS, and only that', async () => {
    const files = await loaded({ content: 'Deployed by {{ github.actor }}' });
    expect(files).toContain(LIQUID);
    expect(files).not.toContain(YAML);
    expect(files).not.toContain(OCTOKIT);
  });

  it('a YAML card and YAML data load YAML', async () => {
    expect(await loaded({ content: 'head:\n  text: Deployed' })).toContain(YAML);
    expect(await loaded({ content: 'Deployed', data: 'a: 1' })).toContain(YAML);
  });
});
