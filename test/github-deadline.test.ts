// GitHub calls keep a deadline (timeout_seconds): Octokit has none of its own, and a GitHub (or a
// proxy in front of it) that accepts the connection and never answers must not hold the step.

import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { runInProcess } from './support/in-process.ts';

const opened = JSON.parse(
  readFileSync(new URL('./fixtures/github-events/pull_request.opened.json', import.meta.url), 'utf8'),
);

let zoom: ZoomSimulator;
let silent: Server;
let silentUrl = '';
const sockets = new Set<Socket>();
let connections = 0;

beforeAll(async () => {
  zoom = await startZoomSimulator();
  // Reads whatever comes and never answers.
  silent = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  silentUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await zoom.close();
});

describe('a GitHub that never answers', () => {
  it('a keyed upsert fails at timeout_seconds, naming the call, and nothing is posted', async () => {
    const run = await runInProcess({
      inputs: {
        ...zoomInputs(zoom),
        mode: 'upsert',
        key: 'pr-{{ github.event.pull_request.number }}',
        content: 'PR opened',
        github_token: 'ghs_never_answered',
        timeout_seconds: '0.3',
      },
      env: { GITHUB_API_URL: silentUrl, GITHUB_EVENT_NAME: 'pull_request' },
      event: opened,
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.result).toBe('failed');
    expect(run.commands('error')).toEqual([
      `GitHub GET /repos/octo-org/hello-world/issues/${opened.pull_request.number}/comments timed out: no answer within 0.3 s, the timeout_seconds input`,
    ]);
    expect(connections).toBeGreaterThan(0);
    expect(zoom.requests).toHaveLength(0);
  });
});
