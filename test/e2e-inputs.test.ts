// Forks and mistakes through the bundled dist/index.js, as a runner runs it: missing_credentials
// 'skip' on a fork's pull request (main step and post step), and a near miss of an input's name
// (the runner passes `message-id:` as INPUT_MESSAGE-ID). The cases in full are in-process, in
// missing-credentials.test.ts and input-names.test.ts.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAction } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';

let zoom: ZoomSimulator;
beforeAll(async () => {
  zoom = await startZoomSimulator();
});
afterAll(async () => {
  await zoom.close();
});
beforeEach(() => {
  zoom.reset();
});

const opened = JSON.parse(
  readFileSync(new URL('./fixtures/github-events/pull_request.opened.json', import.meta.url), 'utf8'),
);

describe('dist/index.js: forks and mistakes stay calm', () => {
  it("a fork's pull request with missing_credentials skip: a notice, result skipped, no call; the post step does nothing", async () => {
    const inputs = {
      client_id: '',
      client_secret: '',
      robot_jid: '',
      account_id: '',
      to_jid: '',
      oauth_url: zoom.oauthUrl,
      api_url: zoom.apiUrl,
      missing_credentials: 'skip',
      content: 'PR #{{ github.event.pull_request.number }}',
      finalize: 'true',
    };
    const main = await runAction({ inputs, env: { GITHUB_EVENT_NAME: 'pull_request' }, event: opened });
    expect(main.exitCode).toBe(0);
    expect(main.commands('notice')).toEqual([
      "Skipped: no Zoom credentials are set (token, or client_id and client_secret, or ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET), as on a pull request from a fork or from Dependabot, where secrets are empty. With missing_credentials 'skip' the step calls nothing.",
    ]);
    expect(main.commands('error')).toEqual([]);
    expect(main.outputs.result).toBe('skipped');
    expect(main.state).toEqual({ isPost: 'true' });
    const post = await runAction({ inputs, state: main.state, event: opened });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toBe('');
    expect(zoom.requests).toEqual([]);
  });

  it('message-id: fails before any call, naming message_id', async () => {
    const result = await runAction({
      inputs: { ...zoomInputs(zoom), mode: 'edit', 'message-id': 'm-meant', content: 'x' },
      env: { ZOOM_MESSAGE_ID: 'm-left-in-env' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.commands('error')).toEqual(["Unknown input 'message-id'. Did you mean 'message_id'?"]);
    expect(result.outputs.result).toBe('failed');
    expect(result.state).toEqual({ isPost: 'true' });
    expect(zoom.requests).toEqual([]);
  });
});
