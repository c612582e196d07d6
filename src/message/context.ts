// The values templates can use, built from the runner's environment and the event payload.

import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { isRecord, parseJsonObject } from '../json.js';
import { normaliseStatus, type Status, statusLook } from './status.js';
import { parseYamlOrJson } from './yaml.js';

// The `github` context's plain values: each is the runner's GITHUB_<NAME> variable.
const GITHUB_NAMES = [
  ['repository', 'repository_owner', 'sha', 'ref', 'ref_name', 'head_ref', 'base_ref', 'event_name'],
  ['actor', 'triggering_actor', 'workflow', 'job', 'run_id', 'run_number', 'run_attempt', 'server_url', 'api_url'],
] as const;

/** GitHub's `github` context, named as in workflow expressions. */
export type GithubContext = Record<(typeof GITHUB_NAMES)[number][number], string> & { event: Record<string, unknown> };

/** The pull request the event is about; every field is '' on other events. */
export type PullRequestContext = Record<'title' | 'url' | 'author' | 'head' | 'base' | 'state' | 'body', string> & {
  number: number | '';
  draft: boolean | '';
  merged: boolean | '';
};

/** One pushed commit. */
export type CommitContext = Record<'id' | 'short_id' | 'message' | 'author' | 'url', string>;

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
export type ContextInputs = Pick<TemplateContext, 'status' | 'data'>;

// A template may carry event text pasted in by `${{ }}` (a PR title): it must not print the action's
// inputs (client_secret), the runner's tokens (ACTIONS_*), saved state or anything named like a credential:
// a long word anywhere in the name (NPMTOKEN, npm_config_//host/:_authToken), a short one as a whole part.
const HIDDEN_ENV =
  /^(INPUT_|ACTIONS_|STATE_)|^ZOOM_CLIENT_(ID|SECRET)$|TOKEN|SECRET|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|API_?KEY/i;
const HIDDEN_PART =
  /^(PASS|PASSWD|PASSWORD|PWD|SECRETS?|TOKENS?|KEYS?|CREDS?|CREDENTIALS?|AUTH|PAT|CERTS?|COOKIES?|PRIVATE)$/;

/** True for a variable templates must not see: DB_PASS, DEPLOY_KEY, GH_PAT; not PATH or GIT_AUTHOR_NAME. */
export function isHiddenEnv(name: string): boolean {
  return HIDDEN_ENV.test(name) || name.split(/[_-]/).some((part) => HIDDEN_PART.test(part.toUpperCase()));
}

const PR_EVENTS = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'];

/** Builds the template context from the step's environment and the action's inputs. */
export function buildContext(env: NodeJS.ProcessEnv, inputs?: ContextInputs): TemplateContext {
  const github = { event: readEvent(env.GITHUB_EVENT_PATH) } as GithubContext;
  for (const name of GITHUB_NAMES.flat()) github[name] = env[`GITHUB_${name.toUpperCase()}`] ?? '';
  github.triggering_actor ||= github.actor;
  github.server_url = (github.server_url || 'https://github.com').replace(/\/+$/, '');
  github.api_url ||= 'https://api.github.com';
  const event = github.event;
  const repositoryUrl = github.repository ? `${github.server_url}/${github.repository}` : '';
  const runUrl = repositoryUrl && github.run_id ? `${repositoryUrl}/actions/runs/${github.run_id}` : '';
  const attempt = Number(github.run_attempt);
  const sha = eventCommit(github);
  const status = inputs?.status || eventStatus(github);
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !isHiddenEnv(name)) environment[name] = value;
  }
  return {
    github,
    run_url: attempt > 1 && runUrl ? `${runUrl}/attempts/${attempt}` : runUrl,
    commit_url: repositoryUrl && sha ? `${repositoryUrl}/commit/${sha}` : '',
    short_sha: sha.slice(0, 7),
    repository_url: repositoryUrl,
    compare_url: github.event_name === 'push' ? text(event.compare) : '',
    pr: pullRequest(github),
    commits:
      github.event_name === 'push' && Array.isArray(event.commits) ? event.commits.filter(isRecord).map(commitOf) : [],
    status,
    ...statusLook(status),
    elapsed: '',
    env: environment,
    data: inputs?.data ?? {},
  };
}

// The commit a person means: a pull request's head (GITHUB_SHA is a merge commit made for the run),
// the commit a triggering workflow ran on, the deployed commit; else GITHUB_SHA.
function eventCommit({ event, event_name: name, sha }: GithubContext): string {
  let commit: unknown;
  if (PR_EVENTS.includes(name)) commit = field(field(event.pull_request, 'head'), 'sha');
  if (name === 'workflow_run') commit = field(event.workflow_run, 'head_sha');
  if (name === 'deployment' || name === 'deployment_status') commit = field(event.deployment, 'sha');
  return text(commit) || sha;
}

// With the `status` input empty, a workflow started by a finished run or a deployment status reports it.
function eventStatus({ event, event_name: name }: GithubContext): Status | '' {
  const run = event.workflow_run;
  let status = '';
  if (name === 'workflow_run') status = text(field(run, 'conclusion')) || text(field(run, 'status'));
  if (name === 'deployment_status') status = text(field(event.deployment_status, 'state'));
  return normaliseStatus(status) ?? '';
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

// A comment on a pull request arrives as an issue with a pull_request link: no branches in it.
function pullRequest({ event, event_name: name }: GithubContext): PullRequestContext {
  const onIssue = name === 'issue_comment';
  const pr = onIssue ? event.issue : PR_EVENTS.includes(name) ? event.pull_request : undefined;
  if (!isRecord(pr) || (onIssue && !isRecord(pr.pull_request))) return NO_PULL_REQUEST;
  return {
    number: typeof pr.number === 'number' ? pr.number : '',
    title: text(pr.title),
    url: text(pr.html_url),
    author: text(field(pr.user, 'login')),
    head: onIssue ? '' : text(field(pr.head, 'ref')),
    base: onIssue ? '' : text(field(pr.base, 'ref')),
    draft: pr.draft === true,
    state: text(pr.state),
    merged: onIssue ? Boolean(field(pr.pull_request, 'merged_at')) : pr.merged === true,
    body: text(pr.body),
  };
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
    return parseJsonObject(readFileSync(path, 'utf8')) ?? {};
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
  const expected = 'a mapping, such as ${{ toJSON(needs) }} or key: value lines';
  const value = await parseYamlOrJson(source, 'data', { expected, quoteHint: false });
  if (!isRecord(value)) {
    const found = Array.isArray(value) ? 'a list' : `${typeof value} ${JSON.stringify(value)}`;
    throw new InputError(
      `Input 'data' must be a mapping (templates read it as data.<key>), got ${found}. Expected key: value lines or a JSON object.`,
    );
  }
  return value;
}
