// The fixture payloads with the environment a runner would set for each of them.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/github-events/', import.meta.url));

/** GITHUB_SHA of the runs that are not pushes. */
export const RUNNER_SHA = 'fedcba9876543210fedcba9876543210fedcba98';

/** Every fixture, with the event name GitHub would put in GITHUB_EVENT_NAME. */
export const FIXTURE_EVENTS = [
  ['push.json', 'push'],
  ['push.with-new-branch.json', 'push'],
  ['pull_request.opened.json', 'pull_request'],
  ['pull_request.closed.json', 'pull_request'],
  ['pull_request.opened.with-null-body.json', 'pull_request'],
  ['deployment_status.json', 'deployment_status'],
  ['workflow_run.completed.json', 'workflow_run'],
  ['release.published.json', 'release'],
] as const;

export type FixtureFile = (typeof FIXTURE_EVENTS)[number][0];

/** The parsed payload of a fixture. */
export function readEvent(file: FixtureFile): Record<string, unknown> {
  return JSON.parse(readFileSync(FIXTURES + file, 'utf8'));
}

/** The runner's variables for a run triggered by the fixture `file`, as GitHub sets them. */
export function runnerEnv(file: FixtureFile, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const event = readEvent(file);
  const name = FIXTURE_EVENTS.find(([f]) => f === file)?.[1] ?? '';
  const repository = (event.repository as { full_name: string }).full_name;
  const pr = event.pull_request as { number: number; head: { ref: string }; base: { ref: string } };
  const onPr = name === 'pull_request';
  return {
    GITHUB_EVENT_PATH: FIXTURES + file,
    GITHUB_EVENT_NAME: name,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0],
    // Outside push the runner's sha is in no payload (a PR's merge commit, a default branch's tip).
    GITHUB_SHA: name === 'push' ? String(event.after) : RUNNER_SHA,
    GITHUB_REF: onPr ? `refs/pull/${pr.number}/merge` : 'refs/heads/master',
    GITHUB_REF_NAME: onPr ? `${pr.number}/merge` : 'master',
    GITHUB_HEAD_REF: onPr ? pr.head.ref : '',
    GITHUB_BASE_REF: onPr ? pr.base.ref : '',
    GITHUB_ACTOR: 'Codertocat',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'notify',
    GITHUB_RUN_ID: '1234567890',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    ...extra,
  };
}
