// Ready-made messages (the `preset` input) and how the user's content merges over them.
//
// A preset is a content template like one a user would write: every event value goes through
// {{ }} and so is neutralised with markdown on. Only choices made here from known values (colors,
// the status word, which fields exist) are written in as literal text.

import { InputError } from '../errors.js';
import type { Content, ContentItem } from './content.js';
import type { TemplateContext } from './context.js';
import type { Status } from './status.js';

/** The ready-made messages the `preset` input names. */
export const PRESETS = ['deploy', 'build', 'pull_request'] as const;
export type Preset = (typeof PRESETS)[number];

const GREY = '#6E7781';
const PR_COLORS = { open: '#1F883D', draft: GREY, merged: '#8250DF', closed: '#CF222E' };

const BUILD_WORDS: Record<Status, string> = {
  success: 'succeeded',
  failure: 'failed',
  cancelled: 'was cancelled',
  skipped: 'was skipped',
  in_progress: 'is running',
};

const DEPLOY_WORDS: Record<Status | '', string> = {
  success: 'Deployed',
  failure: 'Deploy failed:',
  cancelled: 'Deploy cancelled:',
  skipped: 'Deploy skipped:',
  in_progress: 'Deploying',
  '': 'Deploy:',
};

// The branch a person would name: the PR's head, the branch a triggering run ran on, the deployed
// ref; else the ref that triggered this run.
const REF =
  '{{ github.head_ref | default: github.event.workflow_run.head_branch | default: github.event.deployment.ref | default: github.ref_name }}';

/** The content template of `preset` for this run; `markdown` is is_markdown_support. */
export function presetContent(preset: Preset, context: TemplateContext, markdown: boolean): Content {
  if (preset === 'pull_request') return pullRequestPreset(context, markdown);
  const run = runLinks(context);
  const emoji = context.status ? `${context.status_emoji} ` : '';
  let title: string;
  let fields: ContentItem['items'];
  if (preset === 'build') {
    const word = context.status ? ` ${BUILD_WORDS[context.status]}` : '';
    title = `${emoji}${run.name} #${run.number}${word}`;
    fields = [
      field('Repository', '{{ github.repository }}'),
      field('Ref', REF),
      field('Commit', commit(markdown)),
      field('Actor', '{{ github.actor }}'),
    ];
  } else {
    const environment = deploymentEnvironment(context);
    const where = environment ? ' to {{ github.event.deployment.environment }}' : '';
    title = `${emoji}${DEPLOY_WORDS[context.status]} {{ github.repository }}${where}`;
    fields = [
      ...(environment ? [field('Environment', '{{ github.event.deployment.environment }}')] : []),
      field('Ref', REF),
      field('Commit', commit(markdown)),
      field('Actor', '{{ github.actor }}'),
    ];
  }
  return card({
    title,
    subtitle: preset === 'build' ? `{{ github.repository }} · ${REF}` : `${run.name} #${run.number}`,
    color: context.status_color,
    markdown,
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
  const emoji = context.status ? `${context.status_emoji} ` : '';
  const fields = [
    field('Author', '{{ pr.author }}'),
    ...(pr.head ? [field('Branch', '{{ pr.head }} → {{ pr.base }}')] : []),
    field('State', state),
    field('Commit', commit(markdown)),
  ];
  const items: ContentItem[] = [
    { type: 'fields', items: fields },
    link(markdown, 'pr.url', 'View pull request #{{ pr.number }}'),
  ];
  if (context.status) {
    const run = runLinks(context);
    items.push(link(markdown, run.url, `Checks ${context.status}: run #${run.number}`));
  }
  return card({
    title: `${emoji}{{ pr.title }}`,
    subtitle: `{{ github.repository }} #{{ pr.number }} · ${state}`,
    color: context.status_color || PR_COLORS[state],
    markdown,
    items,
  });
}

interface Card {
  title: string;
  subtitle: string;
  color: string;
  markdown: boolean;
  items: ContentItem[];
}

// Status in the head: Zoom's style colors it when markdown is off (markdown ignores style); the
// section's sidebar color shows either way.
function card({ title, subtitle, color, markdown, items }: Card): Content {
  const style = !markdown && color ? { style: { color, bold: true } } : {};
  return {
    head: { text: title, ...style, sub_head: { text: subtitle } },
    body: [{ type: 'section', ...(color ? { sidebar_color: color } : {}), sections: items }],
  };
}

function field(key: string, value: string): Record<string, unknown> {
  return { key, value, short: true };
}

function commit(markdown: boolean): string {
  return markdown ? '<{{ commit_url | raw }}|{{ short_sha }}>' : '{{ short_sha }}';
}

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

function deploymentEnvironment(context: TemplateContext): boolean {
  const deployment = context.github.event.deployment;
  return (
    typeof deployment === 'object' &&
    deployment !== null &&
    typeof (deployment as Record<string, unknown>).environment === 'string'
  );
}

/**
 * The user's content over a preset: keys of head and settings replace the preset's one by one,
 * body items come after the preset's.
 */
export function mergeContent(preset: Content, over: Partial<Content>): Content {
  const merged: Content = { ...preset };
  if (over.head) merged.head = { ...preset.head, ...over.head } as Content['head'];
  if (over.settings) merged.settings = { ...preset.settings, ...over.settings };
  if (over.body) merged.body = [...(preset.body ?? []), ...over.body];
  return merged;
}
