// The post step (action.yml `post:`, `post-if: always()`): when the job ends, edit the message the
// main step saved to the job's outcome and the time it took. It never fails the job: every problem
// becomes a warning. Loaded through import() only when the main step saved a message to finalize.

import { connectZoom } from './connect.js';
import { buildContext, parseData } from './context.js';
import { GitHubApiError } from './errors.js';
import {
  FINALIZE_STATE,
  type FinalizeState,
  type FinalStatus,
  formatElapsed,
  parseFinalizeState,
  renderFinalContent,
  withFinalValues,
} from './finalize.js';
import { readAuth } from './inputs.js';
import { readJobOutcome } from './job-outcome.js';
import { editBody } from './operations.js';
import * as runner from './runner.js';
import { editMessage, type ZoomClient } from './zoom.js';

const TIMEOUT_MS = 30_000;

/** The outcome to show, when the job started, and the one warning to print when it is unknown. */
interface Reading {
  status: FinalStatus;
  startedAt: number;
  warning: string | undefined;
}

/** Runs the post step: reads the job's outcome, edits the saved message; never fails the job. */
export async function runPost(env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const state = parseFinalizeState(runner.getState(FINALIZE_STATE, env));
    if (!state) {
      runner.annotate(
        'warning',
        'Zoom finalize: the main step left no readable state, so the message is left as it is.',
      );
      return;
    }
    await finalize(state, env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    runner.annotate(
      'warning',
      `Zoom finalize: could not edit the message (${message}). The job's result is not affected.`,
    );
  }
  // Whatever happened, a post step of a chat notice must not turn the job red.
  process.exitCode = 0;
}

async function finalize(state: FinalizeState, env: NodeJS.ProcessEnv): Promise<void> {
  const read = (name: string): string => runner.getInput(name, env);
  const githubToken = read('github_token') || (env.GITHUB_TOKEN ?? '').trim();
  const credentials = [githubToken, read('token'), read('client_secret'), read('client_id')];
  for (const secret of [...credentials, env.ZOOM_CLIENT_SECRET ?? '', env.ZOOM_CLIENT_ID ?? '']) {
    runner.setSecret(secret.trim());
  }
  if (state.key && (await newerRunOwns(state.key, githubToken, env))) return;
  const reading = await readOutcome(githubToken, state, env);
  if (reading.warning) runner.annotate('warning', reading.warning);
  const elapsed = formatElapsed(Date.now() - reading.startedAt);
  const data = await parseData(read('data'));
  const context = withFinalValues(buildContext(env, { status: '', data }), reading.status, elapsed);
  const content = await renderFinalContent(state.finalize, state.preset, context, state.isMarkdown);
  const leak = runner.findSecret(content, 'content');
  if (leak) throw new Error(`the final message at ${leak} holds a credential; it was not sent`);
  const client = await connect(state, env);
  const result = await editMessage(client, state.messageId, editBody(state, content));
  const tracking = result.trackingId ? ` (Zoom tracking id ${result.trackingId})` : '';
  runner.info(
    `Zoom message ${state.messageId} finalized: ${reading.status || 'finished'} after ${elapsed}${tracking}.`,
  );
}

/**
 * With a key, a newer run may have taken the message over while this job ran (a second push to
 * the pull request): its content stands, as for any older run's write.
 */
async function newerRunOwns(
  key: NonNullable<FinalizeState['key']>,
  token: string,
  env: NodeJS.ProcessEnv,
): Promise<boolean> {
  if (!token) return false;
  const { findRecords, isOlderRun } = await import('./keyed.js');
  const store = {
    client: { apiUrl: githubApiUrl(env), token, timeoutMs: TIMEOUT_MS },
    repository: key.repository,
    issue: key.issue,
  };
  let newest: Awaited<ReturnType<typeof findRecords>>[number] | undefined;
  try {
    [newest] = await findRecords(store, key.key);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    runner.annotate(
      'warning',
      `Zoom finalize: could not re-read key '${key.key}' (${message}); finalizing the message anyway.`,
    );
    return false;
  }
  if (!newest || !isOlderRun(key, newest)) return false;
  runner.annotate(
    'notice',
    `Zoom finalize skipped: key '${key.key}' now belongs to run ${newest.runId} attempt ${newest.runAttempt}, newer than this one (${key.runId} attempt ${key.runAttempt}); its message is left as that run made it.`,
  );
  return true;
}

function githubApiUrl(env: NodeJS.ProcessEnv): URL {
  return new URL(env.GITHUB_API_URL || 'https://api.github.com');
}

async function readOutcome(
  token: string,
  state: FinalizeState,
  env: NodeJS.ProcessEnv,
): Promise<Reading> {
  const saved = Date.parse(state.startedAt);
  const fallback = Number.isNaN(saved) ? Date.now() : saved;
  const neutral = (why: string): Reading => ({
    status: '',
    startedAt: fallback,
    warning: `Zoom finalize: ${why}, so the message says the job finished, without its outcome; the time counts from this action's main step.`,
  });
  if (!token) {
    return neutral("no github_token (and no GITHUB_TOKEN) to read the job's outcome with");
  }
  try {
    const outcome = await readJobOutcome(
      {
        apiUrl: githubApiUrl(env),
        token,
        timeoutMs: TIMEOUT_MS,
      },
      {
        repository: env.GITHUB_REPOSITORY ?? '',
        runId: env.GITHUB_RUN_ID ?? '',
        runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
        runnerName: env.RUNNER_NAME ?? '',
        jobId: env.GITHUB_JOB ?? '',
      },
    );
    const started = Date.parse(outcome.job.started_at ?? '');
    return {
      status: outcome.status,
      startedAt: Number.isNaN(started) ? fallback : started,
      warning: undefined,
    };
  } catch (error) {
    if (error instanceof GitHubApiError && (error.status === 403 || error.status === 404)) {
      return neutral(
        `GitHub refused to list this run's jobs (HTTP ${error.status}): give the job 'permissions: actions: read'`,
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    return neutral(`the job's outcome could not be read (${message})`);
  }
}

function connect(state: FinalizeState, env: NodeJS.ProcessEnv): Promise<ZoomClient> {
  const auth = readAuth((name) => runner.getInput(name, env), env, false);
  if (!auth) throw new Error("no 'token' or 'client_id' and 'client_secret' in the post step");
  return connectZoom({
    auth,
    apiUrl: new URL(state.apiUrl),
    oauthUrl: new URL(state.oauthUrl),
    retries: state.retries ?? 3,
    timeoutMs: state.timeoutMs ?? 30_000,
  });
}
