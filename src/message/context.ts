// The values templates can use, built from the runner's environment and the event payload.

import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { isRecord } from '../json.js';
import { normaliseStatus, type Status, statusLook } from './status.js';
import { parseYamlOrJson } from './yaml.js';

// The `github` context's plain values: each is the runner's GITHUB_<NAME> variable.
const GITHUB_NAMES = [
  'repository',
  'repository_owner',
  'sha',
  'ref',
  'ref_name',
  'head_ref',
  'base_ref',
  'event_name',
  'actor',
  'triggering_actor',
  'workflow',
  'job',
  'run_id',
  'run_number',
  'run_attempt',
  'server_url',
  'api_url',
] as const;

/** GitHub's `github` context, named as in workflow expressions. */
export type GithubContext = Record<(typeof GITHUB_NAMES)[number], string> & { event: Record<string, unknown> };

/** The pull request the event is about; every field is '' on other events. */
export interface PullRequestContext {
  number: number | '';
  title: string;
  url: string;
  author: string;
  head: string;
  base: string;
  draft: boolean | '';
  state: string;
  merged: boolean | '';
  body: string;
}

/** One pushed commit. */
export interface CommitContext {
  id: string;
  short_id: string;
  message: string;
  author: string;
  url: string;
}

/** Everything a template sees. */
export interface TemplateContext {
  github: GithubContext;
  run_url: string;
  commit_url: string;
  short_sha: string;
  repository_url: string;
  compare_url: string;
  pr: PullRequestContext;
  commits: CommitContext[];
  status: Status | '';
  status_color: string;
  status_emoji: string;
  /** finalize: the time since the job started ("3m 12s"); empty elsewhere. */
  elapsed: string;
  env: Record<string, string>;
  data: Record<string, unknown>;
}

/** What the action's own inputs add to the context. */
export interface ContextInputs {
  status: Status | '';
  data: Record<string, unknown>;
}

// A template is written by the workflow author but may also carry text pasted in from an event by
// `${{ }}` (a PR title): it must not be able to print the action's inputs (client_secret among
// them), the runner's own tokens (ACTIONS_*), saved state, or anything named like a credential.
const HIDDEN_ENV =
  /^(INPUT_|ACTIONS_|STATE_)|^ZOOM_CLIENT_(ID|SECRET)$|TOKEN|SECRET|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|API_?KEY/i;

const PULL_REQUEST_EVENTS = [
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
];

/** Builds the template context from the step's environment and the action's inputs. */
export function buildContext(
  env: NodeJS.ProcessEnv,
  inputs: ContextInputs = { status: '', data: {} },
): TemplateContext {
  const github = { event: readEvent(env.GITHUB_EVENT_PATH) } as GithubContext;
  for (const name of GITHUB_NAMES) github[name] = env[`GITHUB_${name.toUpperCase()}`] ?? '';
  github.triggering_actor ||= github.actor;
  github.server_url = (github.server_url || 'https://github.com').replace(/\/+$/, '');
  github.api_url ||= 'https://api.github.com';
  const event = github.event;
  const repositoryUrl = github.repository ? `${github.server_url}/${github.repository}` : '';
  const sha = eventCommit(github);
  const status = inputs.status || eventStatus(github);
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !HIDDEN_ENV.test(name)) environment[name] = value;
  }
  return {
    github,
    run_url: runUrl(repositoryUrl, github),
    commit_url: repositoryUrl && sha ? `${repositoryUrl}/commit/${sha}` : '',
    short_sha: sha.slice(0, 7),
    repository_url: repositoryUrl,
    compare_url: github.event_name === 'push' ? text(event.compare) : '',
    pr: pullRequest(github),
    commits: github.event_name === 'push' ? pushedCommits(event.commits) : [],
    status,
    ...statusLook(status),
    elapsed: '',
    env: environment,
    data: inputs.data,
  };
}

function runUrl(repositoryUrl: string, github: GithubContext): string {
  if (!repositoryUrl || !github.run_id) return '';
  const url = `${repositoryUrl}/actions/runs/${github.run_id}`;
  const attempt = Number(github.run_attempt);
  return attempt > 1 ? `${url}/attempts/${attempt}` : url;
}

// The commit a person means: a pull request's head (GITHUB_SHA is a merge commit made for the run),
// the commit a triggering workflow ran on, the deployed commit; else GITHUB_SHA.
function eventCommit(github: GithubContext): string {
  const event = github.event;
  if (PULL_REQUEST_EVENTS.includes(github.event_name)) {
    const head = field(field(event, 'pull_request'), 'head');
    return text(field(head, 'sha')) || github.sha;
  }
  if (github.event_name === 'workflow_run') {
    return text(field(field(event, 'workflow_run'), 'head_sha')) || github.sha;
  }
  if (github.event_name === 'deployment' || github.event_name === 'deployment_status') {
    return text(field(field(event, 'deployment'), 'sha')) || github.sha;
  }
  return github.sha;
}

// A workflow triggered by a finished run or a deployment status reports that outcome when the
// `status` input is left empty.
function eventStatus(github: GithubContext): Status | '' {
  const event = github.event;
  if (github.event_name === 'workflow_run') {
    const run = field(event, 'workflow_run');
    return normaliseStatus(text(field(run, 'conclusion')) || text(field(run, 'status'))) ?? '';
  }
  if (github.event_name === 'deployment_status') {
    return normaliseStatus(text(field(field(event, 'deployment_status'), 'state'))) ?? '';
  }
  return '';
}

const NO_PULL_REQUEST: PullRequestContext = {
  number: '',
  title: '',
  url: '',
  author: '',
  head: '',
  base: '',
  draft: '',
  state: '',
  merged: '',
  body: '',
};

function pullRequest(github: GithubContext): PullRequestContext {
  const event = github.event;
  if (PULL_REQUEST_EVENTS.includes(github.event_name)) {
    const pr = field(event, 'pull_request');
    if (!isRecord(pr)) return NO_PULL_REQUEST;
    return {
      number: typeof pr.number === 'number' ? pr.number : '',
      title: text(pr.title),
      url: text(pr.html_url),
      author: text(field(pr.user, 'login')),
      head: text(field(pr.head, 'ref')),
      base: text(field(pr.base, 'ref')),
      draft: pr.draft === true,
      state: text(pr.state),
      merged: pr.merged === true,
      body: text(pr.body),
    };
  }
  // A comment on a pull request arrives as an issue with a pull_request link: no branches in it.
  const issue = field(event, 'issue');
  if (github.event_name === 'issue_comment' && isRecord(issue) && isRecord(issue.pull_request)) {
    return {
      number: typeof issue.number === 'number' ? issue.number : '',
      title: text(issue.title),
      url: text(issue.html_url),
      author: text(field(issue.user, 'login')),
      head: '',
      base: '',
      draft: issue.draft === true,
      state: text(issue.state),
      merged: Boolean(issue.pull_request.merged_at),
      body: text(issue.body),
    };
  }
  return NO_PULL_REQUEST;
}

function pushedCommits(value: unknown): CommitContext[] {
  return Array.isArray(value) ? value.filter(isRecord).map(commitOf) : [];
}

function commitOf(commit: Record<string, unknown>): CommitContext {
  const id = text(commit.id);
  return {
    id,
    short_id: id.slice(0, 7),
    message: text(commit.message).split('\n')[0] ?? '',
    author: text(field(commit.author, 'name')) || text(field(commit.author, 'username')),
    url: text(commit.url),
  };
}

/** A context with every name and no values, one empty commit in the list: the names' shape. */
export function emptyContext(): TemplateContext {
  return { ...buildContext({}), commits: [commitOf({})] };
}

function readEvent(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  try {
    const event: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return isRecord(event) ? event : {};
  } catch {
    // A missing or unreadable payload (a local run) leaves github.event empty, as GitHub's toolkit does.
    return {};
  }
}

function field(value: unknown, name: string): unknown {
  return isRecord(value) ? value[name] : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** Parses the `data` input (YAML or JSON) into the mapping templates see as `data`. */
export async function parseData(source: string): Promise<Record<string, unknown>> {
  if (source.trim() === '') return {};
  const value = await parseYamlOrJson(source, 'data', {
    expected: 'a mapping, such as ${{ toJSON(needs) }} or key: value lines',
    quoteHint: false,
  });
  if (!isRecord(value)) {
    const found = Array.isArray(value) ? 'a list' : `${typeof value} ${JSON.stringify(value)}`;
    throw new InputError(
      `Input 'data' must be a mapping (templates read it as data.<key>), got ${found}. Expected key: value lines or a JSON object.`,
    );
  }
  return value;
}
