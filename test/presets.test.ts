import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { type Content, parseContent, validateContent } from '../src/message/content.js';
import { buildContext } from '../src/message/context.js';
import type { Preset } from '../src/message/presets.js';
import { mergeContent, presetContent } from '../src/message/presets.js';
import { renderContent } from '../src/message/render.js';
import type { Status } from '../src/message/status.js';
import { FIXTURE_EVENTS, type FixtureFile, runnerEnv } from './support/events.ts';

async function renderPreset(
  preset: Preset,
  file: FixtureFile,
  { markdown = false, status = '' as Status | '' } = {},
): Promise<Content> {
  const context = buildContext(runnerEnv(file), { status, data: {} });
  return renderContent(presetContent(preset, context, markdown), context, 'preset', { markdown });
}

interface Expected {
  title: string;
  subtitle: string;
  color?: string;
  fields: [string, string][];
  links: [string, string][];
}

// The card every preset builds, written out here independently of src/presets.ts.
function card({ title, subtitle, color, fields, links }: Expected, markdown: boolean): Record<string, unknown> {
  return {
    head: {
      text: title,
      ...(color && !markdown ? { style: { color, bold: true } } : {}),
      sub_head: { text: subtitle },
    },
    body: [
      {
        type: 'section',
        ...(color ? { sidebar_color: color } : {}),
        sections: [
          { type: 'fields', items: fields.map(([key, value]) => ({ key, value, short: true })) },
          ...links.map(([label, url]) =>
            markdown ? { type: 'message', text: `<${url}|${label}>` } : { type: 'message', text: label, link: url },
          ),
        ],
      },
    ],
  };
}

const HELLO = 'Codertocat/Hello-World';
const RUN = `https://github.com/${HELLO}/actions/runs/1234567890`;
const OCTO_RUN = 'https://github.com/octo-org/octo-repo/actions/runs/289782451';
const GREEN = '#1F883D';
const RED = '#CF222E';

// What differs from fixture to fixture for the build and deploy presets.
const RUNS: Record<
  FixtureFile,
  { repo: string; ref: string; commit: string; run: string; number: string; status?: string }
> = {
  'push.json': { repo: HELLO, ref: 'master', commit: '0000000', run: RUN, number: '42' },
  'push.with-new-branch.json': {
    repo: HELLO,
    ref: 'master',
    commit: '6113728',
    run: RUN,
    number: '42',
  },
  'pull_request.opened.json': {
    repo: HELLO,
    ref: 'changes',
    commit: 'ec26c3e',
    run: RUN,
    number: '42',
  },
  'pull_request.closed.json': {
    repo: HELLO,
    ref: 'changes',
    commit: 'ec26c3e',
    run: RUN,
    number: '42',
  },
  'pull_request.opened.with-null-body.json': {
    repo: HELLO,
    ref: 'changes',
    commit: 'ec26c3e',
    run: RUN,
    number: '42',
  },
  'deployment_status.json': {
    repo: HELLO,
    ref: 'master',
    commit: 'f95f852',
    run: RUN,
    number: '42',
    status: 'success',
  },
  'workflow_run.completed.json': {
    repo: 'octo-org/octo-repo',
    ref: 'master',
    commit: '3484a3f',
    run: OCTO_RUN,
    number: '163',
    status: 'success',
  },
  'release.published.json': {
    repo: HELLO,
    ref: 'master',
    commit: 'fedcba9',
    run: RUN,
    number: '42',
  },
};

function commitValue(file: FixtureFile, markdown: boolean): string {
  const { repo, commit } = RUNS[file];
  if (!markdown) return commit;
  const full = buildContext(runnerEnv(file)).commit_url;
  expect(full).toMatch(new RegExp(`^https://github.com/${repo}/commit/${commit}[0-9a-f]{33}$`));
  return `<${full}|${commit}>`;
}

describe.each([false, true])('with is_markdown_support %s', (markdown) => {
  describe('preset build, over every fixture payload', () => {
    it.each(FIXTURE_EVENTS)('%s', async (file) => {
      const run = RUNS[file];
      const done = run.status === 'success';
      expect(await renderPreset('build', file, { markdown })).toEqual(
        card(
          {
            title: done ? `✅ CI #${run.number} succeeded` : `CI #${run.number}`,
            subtitle: `${run.repo} · ${run.ref}`,
            color: done ? GREEN : undefined,
            fields: [
              ['Repository', run.repo],
              ['Ref', run.ref],
              ['Commit', commitValue(file, markdown)],
              ['Actor', 'Codertocat'],
            ],
            links: [[`View run #${run.number}`, run.run]],
          },
          markdown,
        ),
      );
    });

    it('shows a failure in red from the status input', async () => {
      const content = await renderPreset('build', 'push.with-new-branch.json', {
        markdown,
        status: 'failure',
      });
      expect(content.head?.text).toBe('❌ CI #42 failed');
      expect(content.head?.style).toEqual(markdown ? undefined : { color: RED, bold: true });
      expect(content.body?.[0]?.sidebar_color).toBe(RED);
    });

    it('shows a cancelled run in grey, not red', async () => {
      const content = await renderPreset('build', 'push.json', { markdown, status: 'cancelled' });
      expect(content.head?.text).toBe('⏹️ CI #42 was cancelled');
      expect(content.body?.[0]?.sidebar_color).toBe('#6E7781');
    });
  });

  describe('preset deploy, over every fixture payload', () => {
    it.each(FIXTURE_EVENTS)('%s', async (file) => {
      const run = RUNS[file];
      const deployment = file === 'deployment_status.json';
      const done = run.status === 'success';
      expect(await renderPreset('deploy', file, { markdown })).toEqual(
        card(
          {
            title: done ? `✅ Deployed ${run.repo}${deployment ? ' to production' : ''}` : `Deploy: ${run.repo}`,
            subtitle: `CI #${run.number}`,
            color: done ? GREEN : undefined,
            fields: [
              ...(deployment ? [['Environment', 'production'] as [string, string]] : []),
              ['Ref', run.ref],
              ['Commit', commitValue(file, markdown)],
              ['Actor', 'Codertocat'],
            ],
            links: [[`View run #${run.number}`, run.run]],
          },
          markdown,
        ),
      );
    });
  });

  describe('preset pull_request', () => {
    const title = 'Update the README with new information.';
    const pr = `https://github.com/${HELLO}/pull/2`;
    it.each([
      ['pull_request.opened.json', 'open', GREEN],
      ['pull_request.closed.json', 'closed', RED],
      ['pull_request.opened.with-null-body.json', 'open', GREEN],
    ] as const)('%s', async (file, state, color) => {
      expect(await renderPreset('pull_request', file, { markdown })).toEqual(
        card(
          {
            title,
            subtitle: `${HELLO} #2 · ${state}`,
            color,
            fields: [
              ['Author', 'Codertocat'],
              ['Branch', 'changes → master'],
              ['State', state],
              ['Commit', commitValue(file, markdown)],
            ],
            links: [['View pull request #2', pr]],
          },
          markdown,
        ),
      );
    });

    it('adds the checks when a status is given, colored by it', async () => {
      const content = await renderPreset('pull_request', 'pull_request.opened.json', {
        markdown,
        status: 'failure',
      });
      expect(content.head?.text).toBe(`❌ ${title}`);
      expect(content.body?.[0]?.sidebar_color).toBe(RED);
      expect(content.body?.[0]?.sections).toContainEqual(
        markdown
          ? { type: 'message', text: `<${RUN}|Checks failure: run #42>` }
          : { type: 'message', text: 'Checks failure: run #42', link: RUN },
      );
    });
  });
});

describe('preset pull_request on an event without a pull request', () => {
  it.each(['push.json', 'release.published.json', 'deployment_status.json'] as const)('%s', (file) => {
    const context = buildContext(runnerEnv(file));
    expect(() => presetContent('pull_request', context, false)).toThrow(InputError);
    expect(() => presetContent('pull_request', context, false)).toThrow(
      `Invalid preset 'pull_request' for a '${context.github.event_name}' event: there is no pull request.`,
    );
  });
});

describe('content over a preset', () => {
  const preset: Content = {
    head: { text: 'Preset head', style: { color: GREEN }, sub_head: { text: 'Preset sub' } },
    body: [{ type: 'divider' }],
    settings: { default_sidebar_color: GREEN, is_split_sidebar: false },
  };

  it('replaces head and settings keys one by one, adds body items after the preset body', async () => {
    const over = await parseContent(
      'head:\n  text: Mine\nsettings:\n  is_split_sidebar: true\nbody:\n  - type: message\n    text: extra',
      'content',
      true,
    );
    expect(mergeContent(preset, over)).toEqual({
      head: { text: 'Mine', style: { color: GREEN }, sub_head: { text: 'Preset sub' } },
      body: [{ type: 'divider' }, { type: 'message', text: 'extra' }],
      settings: { default_sidebar_color: GREEN, is_split_sidebar: true },
    });
  });

  it('takes a head without text, or settings alone', async () => {
    const over = await parseContent('head:\n  sub_head:\n    text: Mine', 'content', true);
    expect(mergeContent(preset, over).head).toEqual({
      text: 'Preset head',
      style: { color: GREEN },
      sub_head: { text: 'Mine' },
    });
    const settings = await parseContent('settings:\n  is_split_sidebar: true', 'content', true);
    expect(mergeContent(preset, settings).body).toEqual([{ type: 'divider' }]);
  });

  it('adds plain text as one more message', async () => {
    const over = await parseContent('Ping {{ github.actor }}', 'content', true);
    expect(mergeContent(preset, over).body).toEqual([
      { type: 'divider' },
      { type: 'message', text: 'Ping {{ github.actor }}' },
    ]);
  });

  it('still checks what it can: a bad body item, a head text that is not a string', async () => {
    await expect(parseContent('body:\n  - type: mesage\n    text: x', 'content', true)).rejects.toThrow(
      "unknown type 'mesage' (did you mean 'message'?)",
    );
    const merged = mergeContent(preset, { head: { text: 5 as unknown as string } });
    expect(() => validateContent(merged, 'content')).toThrow('at content.head.text: the head needs a text string');
  });

  it('without a preset, still needs head or body', async () => {
    await expect(parseContent('settings:\n  a: 1', 'content')).rejects.toThrow("needs 'head' or a non-empty 'body'");
  });
});
