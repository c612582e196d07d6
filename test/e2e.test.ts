// The bundled dist/index.js, run exactly as a runner runs it (its own Node process, INPUT_*
// variables, the file commands, a real event payload): every mode once, and the post step. Every
// run's streams, files, outputs and exported variables are scanned for every secret, the GitHub
// tokens included. The rest of the behaviour is tested in-process, against the source.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubSimulator, simJob, simSteps, startGitHubSimulator } from '../tools/github-simulator.ts';
import { runAction } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';

let zoom: ZoomSimulator;
let github: GitHubSimulator;
beforeAll(async () => {
  zoom = await startZoomSimulator();
  github = await startGitHubSimulator();
});
afterAll(async () => {
  await zoom.close();
  await github.close();
});
beforeEach(() => {
  zoom.reset();
  github.reset();
});

const event = JSON.parse(readFileSync(new URL('./fixtures/github-events/push.json', import.meta.url), 'utf8'));
const RUNNER = 'GitHub Actions 3';
const env = (): Record<string, string> => ({
  GITHUB_API_URL: github.url,
  GITHUB_TOKEN: github.token,
  RUNNER_NAME: RUNNER,
});
const inputs = (extra: Record<string, string>): Record<string, string> => ({
  ...zoomInputs(zoom),
  github_token: github.token,
  ...extra,
});

describe('dist/index.js as a runner runs it', () => {
  it('send, then edit, then delete the same message', async () => {
    const sent = await runAction({
      inputs: inputs({ content: 'Deploying {{ github.repository }}' }),
      env: env(),
      event,
    });
    expect(sent.exitCode, sent.stdout).toBe(0);
    expect(sent.outputs.result).toBe('sent');
    const id = sent.outputs.message_id as string;
    expect(sent.exported.ZOOM_MESSAGE_ID).toBe(id);
    expect(zoom.messages.get(id)?.content).toEqual({
      body: [{ type: 'message', text: 'Deploying octo-org/hello-world' }],
    });

    const edited = await runAction({
      inputs: inputs({ mode: 'edit', message_id: id, content: 'head:\n  text: Deployed' }),
      env: env(),
      event,
    });
    expect(edited.outputs).toMatchObject({ result: 'edited', message_id: id });
    expect(zoom.messages.get(id)?.content).toEqual({ head: { text: 'Deployed' } });

    const deleted = await runAction({
      inputs: inputs({ mode: 'delete', message_id: id }),
      env: env(),
      event,
    });
    expect(deleted.outputs).toMatchObject({ result: 'deleted', deleted_ids: id });
    expect(zoom.messages.size).toBe(0);
  });

  it('upsert sends when the message is gone, and edits it when it is there', async () => {
    const first = await runAction({
      inputs: inputs({ mode: 'upsert', message_id: 'gone', content: 'one' }),
      env: env(),
      event,
    });
    expect(first.outputs.result).toBe('sent');
    const id = first.outputs.message_id as string;
    const second = await runAction({
      inputs: inputs({ mode: 'upsert', message_id: id, content: 'two' }),
      env: env(),
      event,
    });
    expect(second.outputs).toMatchObject({ result: 'edited', message_id: id });
    expect(zoom.messages.size).toBe(1);
  });

  it('a dry run calls nothing; bad input fails with one error line', async () => {
    const dry = await runAction({
      inputs: inputs({ content: 'x', dry_run: 'true' }),
      env: env(),
      event,
    });
    expect(dry.outputs.result).toBe('dry_run');
    const bad = await runAction({ inputs: inputs({ mode: 'sned' }), env: env(), event });
    expect(bad.exitCode).toBe(1);
    expect(bad.commands('error')).toEqual(["Invalid mode 'sned'. Expected one of: send, edit, delete, upsert."]);
    expect(zoom.requests).toHaveLength(0);
  });

  it('the post step finalizes the message the main step sent', async () => {
    github.setJobs('octo-org/hello-world', 1234567890, 1, [
      simJob({ runner_name: RUNNER, steps: simSteps([['Deploy', 'completed', 'success']]) }),
    ]);
    const extra = { content: 'Deploying', finalize: 'Deployed: {{ status }}' };
    const main = await runAction({ inputs: inputs(extra), env: env(), event });
    expect(main.exitCode, main.stdout).toBe(0);
    const post = await runAction({ inputs: inputs(extra), env: env(), event, state: main.state });
    expect(post.exitCode, post.stdout).toBe(0);
    expect(post.commands('warning')).toEqual([]);
    expect(zoom.messages.get(main.outputs.message_id as string)?.content).toEqual({
      body: [{ type: 'message', text: 'Deployed: success' }],
    });
  });
});
