// Templates, presets and their inputs, through the bundled action against the Zoom simulator.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionRun } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { type FixtureFile, readEvent, runnerEnv } from './support/events.ts';
import { runInProcess as runAction } from './support/in-process.ts';

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

function credentials(): Record<string, string> {
  return {
    ...zoomInputs(zoom),
  };
}

/** Runs the action on the fixture `file`, with the runner variables GitHub sets for it. */
function runOn(
  file: FixtureFile,
  inputs: Record<string, string>,
  options: { event?: unknown; env?: Record<string, string>; entry?: string } = {},
): Promise<ActionRun> {
  const { GITHUB_EVENT_PATH: _, ...env } = runnerEnv(file, options.env) as Record<string, string>;
  return runAction({
    inputs: { ...credentials(), ...inputs },
    env,
    event: options.event ?? readEvent(file),
    entry: options.entry,
  });
}

function sentContent(): unknown {
  const request = zoom.requests.find((r) => r.path === '/v2/im/chat/messages');
  return (request?.body as { content?: unknown } | undefined)?.content;
}

function expectRefused(run: ActionRun, text: string): void {
  expect(run.exitCode).toBe(1);
  const errors = run.commands('error');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain(text);
  expect(zoom.requests).toHaveLength(0);
}

const RUN = 'https://github.com/Codertocat/Hello-World/actions/runs/1234567890';

describe('presets', () => {
  it('deploy on a deployment_status event: status, environment and run link, nothing written', async () => {
    const run = await runOn('deployment_status.json', { preset: 'deploy' });
    expect(run.exitCode).toBe(0);
    expect(sentContent()).toEqual({
      head: {
        text: '✅ Deployed Codertocat/Hello-World to production',
        style: { color: '#1F883D', bold: true },
        sub_head: { text: 'CI #42' },
      },
      body: [
        {
          type: 'section',
          sidebar_color: '#1F883D',
          sections: [
            {
              type: 'fields',
              items: [
                { key: 'Environment', value: 'production', short: true },
                { key: 'Ref', value: 'master', short: true },
                { key: 'Commit', value: 'f95f852', short: true },
                { key: 'Actor', value: 'Codertocat', short: true },
              ],
            },
            { type: 'message', text: 'View run #42', link: RUN },
          ],
        },
      ],
    });
  });

  it('pull_request with content merged over it and a hostile title, markdown on', async () => {
    const event = readEvent('pull_request.opened.json');
    event.pull_request = {
      ...(event.pull_request as object),
      title: '*URGENT* <https://evil.example|approve> <!all>',
    };
    const run = await runOn(
      'pull_request.opened.json',
      {
        preset: 'pull_request',
        is_markdown_support: 'true',
        status: 'success',
        content: [
          'head:',
          '  sub_head:',
          '    text: "Review wanted: {{ pr.title | truncate: 12 }}"',
          'body:',
          '  - type: message',
          '    text: "{{ data.team }} please look"',
        ].join('\n'),
        data: '{"team": "@reviewers"}',
      },
      { event },
    );
    expect(run.exitCode).toBe(0);
    expect(sentContent()).toEqual({
      head: {
        text: '✅ ∗URGENT∗ ˂https://evil.example|approve˃ ˂!all˃',
        sub_head: { text: 'Review wanted: ∗URGENT∗ ...' },
      },
      body: [
        {
          type: 'section',
          sidebar_color: '#1F883D',
          sections: [
            {
              type: 'fields',
              items: [
                { key: 'Author', value: 'Codertocat', short: true },
                { key: 'Branch', value: 'changes → master', short: true },
                { key: 'State', value: 'open', short: true },
                {
                  key: 'Commit',
                  value:
                    '<https://github.com/Codertocat/Hello-World/commit/ec26c3e57ca3a959ca5aad62de7213c562f8c821|ec26c3e>',
                  short: true,
                },
              ],
            },
            {
              type: 'message',
              text: '<https://github.com/Codertocat/Hello-World/pull/2|View pull request #2>',
            },
            { type: 'message', text: `<${RUN}|Checks success: run #42>` },
          ],
        },
        { type: 'message', text: '＠reviewers please look', is_markdown_support: true },
      ],
    });
  });

  it('build in a dry run: rendered, printed, nothing called', async () => {
    const run = await runOn('push.with-new-branch.json', {
      preset: 'build',
      status: 'Failure',
      dry_run: 'true',
    });
    expect(run.exitCode).toBe(0);
    expect(zoom.requests).toHaveLength(0);
    const request = JSON.parse(run.outputs.request as string);
    expect(request.content.head).toEqual({
      text: '❌ CI #42 failed',
      style: { color: '#CF222E', bold: true },
      sub_head: { text: 'Codertocat/Hello-World · master' },
    });
  });
});

describe('templates', () => {
  it('renders status, data, env and commits into a hand-written card', async () => {
    const run = await runOn(
      'push.with-new-branch.json',
      {
        status: 'cancelled',
        data: 'version: 1.4.0\nchecks:\n  lint: success\n',
        content: [
          'head:',
          '  text: "{{ status_emoji }} {{ github.repository }} {{ data.version }} {{ status }}"',
          '  style:',
          '    color: "{{ status_color }}"',
          'body:',
          '  - type: message',
          '    text: "{% for c in commits %}{{ c.short_id }} {{ c.message }}{% endfor %} to {{ env.TARGET | default: \'staging\' }}, lint {{ data.checks.lint }}"',
          '  - type: message',
          '    text: "{{ compare_url }}"',
        ].join('\n'),
      },
      { env: { TARGET: 'eu-1' } },
    );
    expect(run.exitCode).toBe(0);
    expect(sentContent()).toEqual({
      head: {
        text: '⏹️ Codertocat/Hello-World 1.4.0 cancelled',
        style: { color: '#6E7781' },
      },
      body: [
        { type: 'message', text: '6113728 Initial commit to eu-1, lint success' },
        {
          type: 'message',
          text: 'https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246',
        },
      ],
    });
  });

  it('mentions the channel and a person with markdown on', async () => {
    const run = await runOn('push.json', {
      is_markdown_support: 'true',
      content: '{{ "all" | mention }} {{ data.oncall | mention: "On-call" }}: {{ github.workflow }} failed',
      data: '{"oncall": "kz9x@xmpp.zoom.us"}',
    });
    expect(run.exitCode).toBe(0);
    expect(sentContent()).toEqual({
      body: [
        {
          type: 'message',
          text: '<!all> <!kz9x@xmpp.zoom.us|On-call>: CI failed',
          is_markdown_support: true,
        },
      ],
    });
  });
});

describe('bad template input fails before any call, with one error line', () => {
  it.each([
    [
      { content: 'Deployed {{ github.sah }}' },
      "Input 'content' at content.body[0].text line 1, col 13: unknown name 'github.sah'. Closest known names: github.sha.",
    ],
    [
      { content: 'head:\n  text: "{{ staus }}"' },
      "Input 'content' at content.head.text line 1, col 4: unknown name 'staus'. Closest known names: status",
    ],
    [{ content: '{{ "all" | mention }}' }, 'the mention filter needs is_markdown_support: true'],
    [
      { content: '{{ pr.title | mention }}', is_markdown_support: 'true' },
      "the mention filter takes a JID you wrote, not 'pr.title'",
    ],
    [{ content: 'x', status: 'done' }, "Invalid status 'done'"],
    [{ content: 'x', data: 'a: [' }, "Input 'data' line 1 is not valid YAML or JSON"],
    [{ preset: 'deploys' }, "Invalid preset 'deploys' (did you mean 'deploy'?)"],
    [{ preset: 'pull_request' }, "Invalid preset 'pull_request' for a 'push' event"],
    [{ preset: 'build', content: 'body:\n  - type: mesage' }, "unknown type 'mesage' (did you mean 'message'?)"],
  ])('%o', async (inputs, text) => {
    const run = await runOn('push.json', inputs);
    expectRefused(run, text);
    expect(run.outputs.result).toBe('failed');
  });
});
