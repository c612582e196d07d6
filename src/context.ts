// The values templates can use, built from the runner's environment and the event payload (pure).

import { readFileSync } from 'node:fs';

/** GitHub's `github` context, named as in workflow expressions. */
export interface GithubContext {
  repository: string;
  repository_owner: string;
  sha: string;
  ref: string;
  ref_name: string;
  head_ref: string;
  base_ref: string;
  event_name: string;
  event: Record<string, unknown>;
  actor: string;
  triggering_actor: string;
  workflow: string;
  job: string;
  run_id: string;
  run_number: string;
  run_attempt: string;
  server_url: string;
  api_url: string;
}

/** Everything a template sees. */
export interface TemplateContext {
  github: GithubContext;
  env: Record<string, string>;
}

// A template is written by the workflow author but may also carry text pasted in from an event by
// `${{ }}` (a PR title): it must not be able to print the action's inputs, the runner's own tokens
// or anything named like a credential.
const HIDDEN_VARIABLE =
  /^(INPUT_|ACTIONS_|STATE_)|TOKEN|SECRET|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|API_?KEY/i;

/** Builds the template context from the step's environment. */
export function buildContext(env: NodeJS.ProcessEnv): TemplateContext {
  const variable = (name: string): string => env[name] ?? '';
  const github: GithubContext = {
    repository: variable('GITHUB_REPOSITORY'),
    repository_owner: variable('GITHUB_REPOSITORY_OWNER'),
    sha: variable('GITHUB_SHA'),
    ref: variable('GITHUB_REF'),
    ref_name: variable('GITHUB_REF_NAME'),
    head_ref: variable('GITHUB_HEAD_REF'),
    base_ref: variable('GITHUB_BASE_REF'),
    event_name: variable('GITHUB_EVENT_NAME'),
    event: readEvent(env.GITHUB_EVENT_PATH),
    actor: variable('GITHUB_ACTOR'),
    triggering_actor: variable('GITHUB_TRIGGERING_ACTOR') || variable('GITHUB_ACTOR'),
    workflow: variable('GITHUB_WORKFLOW'),
    job: variable('GITHUB_JOB'),
    run_id: variable('GITHUB_RUN_ID'),
    run_number: variable('GITHUB_RUN_NUMBER'),
    run_attempt: variable('GITHUB_RUN_ATTEMPT'),
    server_url: variable('GITHUB_SERVER_URL') || 'https://github.com',
    api_url: variable('GITHUB_API_URL') || 'https://api.github.com',
  };
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !HIDDEN_VARIABLE.test(name)) environment[name] = value;
  }
  return { github, env: environment };
}

function readEvent(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  try {
    const event: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
  } catch {
    // A missing or unreadable payload (a local run) leaves github.event empty, as GitHub's toolkit does.
    return {};
  }
}
