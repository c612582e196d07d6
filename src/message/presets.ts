// Ready-made messages (the `preset` input), written as a user would: event values go through {{ }}
// (neutralised with markdown on); only choices from known values (colors, words) are literal text.

import { InputError } from '../errors.js';
import { isRecord } from '../json.js';
import type { Content, ContentItem } from './content.js';
import type { TemplateContext } from './context.js';
import type { Status } from './status.js';

/** The ready-made messages the `preset` input names. */
export const PRESETS = ['deploy', 'build', 'pull_request'] as const;
export type Preset = (typeof PRESETS)[number];

const PR_COLORS = { open: '#1F883D', draft: '#6E7781', merged: '#8250DF', closed: '#CF222E' };

// How each status reads in a title: "CI #12 failed", "Deploy failed: owner/repo".
const WORDS: Record<Status, { build: string; deploy: string }> = {
  success: { build: 'succeeded', deploy: 'Deployed' },
  failure: { build: 'failed', deploy: 'Deploy failed:' },
  cancelled: { build: 'was cancelled', deploy: 'Deploy cancelled:' },
  skipped: { build: 'was skipped', deploy: 'Deploy skipped:' },
  in_progress: { build: 'is running', deploy: 'Deploying' },
};

// The branch a person would name: the PR's head, the branch a triggering run ran on, the deployed
// ref; else the ref that triggered this run.
const REF =
  '{{ github.head_ref | default: github.event.workflow_run.head_branch | default: github.event.deployment.ref | default: github.ref_name }}';

/** The content template of `preset` for this run; `markdown` is is_markdown_support. */
export function presetContent(preset: Preset, context: TemplateContext, markdown: boolean): Content {
  if (preset === 'pull_request') return pullRequestPreset(context, markdown);
  const { status } = context;
  const run = runLinks(context);
  let title: string;
  let first: Record<string, unknown>[];
  if (preset === 'build') {
    title = `${run.name} #${run.number}${status ? ` ${WORDS[status].build}` : ''}`;
    first = [field('Repository', '{{ github.repository }}')];
  } else {
    const deployment = context.github.event.deployment;
    const environment = isRecord(deployment) && typeof deployment.environment === 'string';
    const where = environment ? ' to {{ github.event.deployment.environment }}' : '';
    title = `${status ? WORDS[status].deploy : 'Deploy:'} {{ github.repository }}${where}`;
    first = environment ? [field('Environment', '{{ github.event.deployment.environment }}')] : [];
  }
  const fields = [...first, field('Ref', REF), field('Commit', commit(markdown)), field('Actor', '{{ github.actor }}')];
  return card(context, markdown, {
    title,
    subtitle: preset === 'build' ? `{{ github.repository }} · ${REF}` : `${run.name} #${run.number}`,
    items: [{ type: 'fields', items: fields }, link(markdown, run.url, `View run #${run.number}`)],
  });
}

function pullRequestPreset(context: TemplateContext, markdown: boolean): Content {
  const pr = context.pr;
  if (pr.number === '') {
    throw new InputError(
      `Invalid preset 'pull_request' for a '${context.github.event_name || 'unknown'}' event: there is no pull request. Expected a pull_request, pull_request_target, pull_request_review or issue_comment (on a PR) event, or another preset (deploy, build).`,
    );
  }
  const state = pr.merged ? 'merged' : pr.draft ? 'draft' : pr.state === 'closed' ? 'closed' : 'open';
  const fields = [
    field('Author', '{{ pr.author }}'),
    ...(pr.head ? [field('Branch', '{{ pr.head }} → {{ pr.base }}')] : []),
    field('State', state),
    field('Commit', commit(markdown)),
  ];
  const run = runLinks(context);
  const view = link(markdown, 'pr.url', 'View pull request #{{ pr.number }}');
  const checks = context.status ? [link(markdown, run.url, `Checks ${context.status}: run #${run.number}`)] : [];
  return card(context, markdown, {
    title: '{{ pr.title }}',
    subtitle: `{{ github.repository }} #{{ pr.number }} · ${state}`,
    items: [{ type: 'fields', items: fields }, view, ...checks],
    stateColor: PR_COLORS[state],
  });
}

type Card = { title: string; subtitle: string; items: ContentItem[]; stateColor?: string };

// The status's emoji leads the title, its color in the head: Zoom's style colors it when markdown
// is off (markdown ignores style); the section's sidebar color shows either way. Without a status,
// stateColor (the pull request's state's) colors it.
function card(context: TemplateContext, markdown: boolean, { title, subtitle, items, stateColor }: Card): Content {
  const emoji = context.status ? `${context.status_emoji} ` : '';
  const color = context.status_color || stateColor;
  const style = !markdown && color ? { style: { color, bold: true } } : {};
  return {
    head: { text: `${emoji}${title}`, ...style, sub_head: { text: subtitle } },
    body: [{ type: 'section', ...(color ? { sidebar_color: color } : {}), sections: items }],
  };
}

const field = (key: string, value: string): Record<string, unknown> => ({ key, value, short: true });
const commit = (markdown: boolean): string =>
  markdown ? '<{{ commit_url | raw }}|{{ short_sha }}>' : '{{ short_sha }}';

// URLs are raw: GitHub builds them, and neutralising a `_` in a repository name would break them.
function link(markdown: boolean, url: string, label: string): ContentItem {
  return markdown
    ? { type: 'message', text: `<{{ ${url} | raw }}|${label}>` }
    : { type: 'message', text: label, link: `{{ ${url} }}` };
}

// A workflow started by another run's end reports on that run, not on itself.
function runLinks(context: TemplateContext): { name: string; number: string; url: string } {
  if (context.github.event_name === 'workflow_run') {
    return {
      name: '{{ github.event.workflow_run.name | default: github.workflow }}',
      number: '{{ github.event.workflow_run.run_number }}',
      url: 'github.event.workflow_run.html_url',
    };
  }
  return { name: '{{ github.workflow }}', number: '{{ github.run_number }}', url: 'run_url' };
}

/** The user's content over a preset: head and settings keys replace the preset's one by one, body items follow its own. */
export function mergeContent(preset: Content, over: Partial<Content>): Content {
  const merged: Content = { ...preset };
  if (over.head) merged.head = { ...preset.head, ...over.head } as Content['head'];
  if (over.settings) merged.settings = { ...preset.settings, ...over.settings };
  if (over.body) merged.body = [...(preset.body ?? []), ...over.body];
  return merged;
}
