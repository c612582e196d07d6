// The post step (action.yml `post:`, `post-if: always()`): when the job ends, edit the message the
// main step saved to the job's outcome and the time it took. It never fails the job: every problem
// becomes a warning.

import * as core from '@actions/core';
import { errorMessage } from '../errors.js';
import { buildContext, parseData } from '../message/context.js';
import {
  type FinalizeSetting,
  type FinalStatus,
  formatElapsed,
  renderFinalContent,
  withFinalValues,
} from '../message/finalize.js';
import { editMessage } from '../zoom/client.js';
import { connectZoom } from '../zoom/connect.js';
import { editBody } from '../zoom/modes.js';
import { createLog, type Log } from './log.js';
import { createSecrets, maskCredentials } from './secrets.js';
import { readAuth } from './settings.js';

/** The state name under which the main step saves a FinalizeState. */
export const FINALIZE_STATE = 'finalize';

/** Everything the post step needs besides credentials (read again from inputs, never saved). */
export interface FinalizeState {
  /** The message the main step wrote: the post step edits this one, whatever ZOOM_MESSAGE_ID says. */
  messageId: string;
  /** When the main step ran (ISO-8601): elapsed time counts from here when the job's start is unknown. */
  startedAt: string;
  finalize: FinalizeSetting;
  /** The `preset` input, when the workflow set one; `true` falls back to deploy. */
  preset: string;
  robotJid: string;
  accountId: string;
  toJid: string | undefined;
  userJid: string | undefined;
  isMarkdown: boolean;
  /** api_url as given or as resolved from the token answer. */
  apiUrl: string;
  oauthUrl: string;
  /** The retries and timeout_seconds inputs, as resolved by the main step. */
  retries?: number;
  timeoutMs?: number;
  /** With `key`: the post step re-reads the record and leaves the message to a newer run. */
  key?: { key: string; repository: string; issue: number; runId: number; runAttempt: number };
}

/** Reads the saved state back; undefined when it is missing or not what the main step writes. */
export function parseFinalizeState(text: string): FinalizeState | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<FinalizeState>;
    if (typeof value.messageId !== 'string' || !value.messageId) return undefined;
    if (typeof value.robotJid !== 'string' || typeof value.accountId !== 'string') return undefined;
    if (!value.finalize || (value.finalize.kind !== 'preset' && value.finalize.kind !== 'template')) return undefined;
    return value as FinalizeState;
  } catch {
    return undefined;
  }
}

/** The outcome to show, when the job started, and the one warning to print when it is unknown. */
interface Reading {
  status: FinalStatus;
  startedAt: number;
  warning: string | undefined;
}

// GitHub's calls in the post step: a local run may pass a token no GitHub will take.
const GITHUB_TIMEOUT_MS = 30_000;

/** Runs the post step: reads the job's outcome, edits the saved message; never fails the job. */
export async function runPost(): Promise<void> {
  const secrets = createSecrets();
  const log = createLog(secrets);
  try {
    maskCredentials(secrets);
    const state = parseFinalizeState(core.getState(FINALIZE_STATE));
    if (!state) {
      log.warning('Zoom finalize: the main step left no readable state, so the message is left as it is.');
    } else {
      await finalize(state, log);
    }
  } catch (error) {
    log.warning(
      `Zoom finalize: could not edit the message (${errorMessage(error)}). The job's result is not affected.`,
    );
  }
  // Whatever happened, a post step of a chat notice must not turn the job red.
  process.exitCode = 0;
}

async function finalize(state: FinalizeState, log: Log): Promise<void> {
  const env = process.env;
  const githubToken = core.getInput('github_token') || (env.GITHUB_TOKEN ?? '').trim();
  if (state.key && (await newerRunOwns(state.key, githubToken, log))) return;
  const reading = await readOutcome(githubToken, state);
  if (reading.warning) log.warning(reading.warning);
  const elapsed = formatElapsed(Date.now() - reading.startedAt);
  const data = await parseData(core.getInput('data'));
  const context = withFinalValues(buildContext(env, { status: '', data }), reading.status, elapsed);
  const content = await renderFinalContent(state.finalize, state.preset, context, state.isMarkdown);
  const leak = log.secrets.find(content, 'content');
  if (leak) throw new Error(`the final message at ${leak} holds a credential; it was not sent`);
  const auth = readAuth((name) => core.getInput(name), env, false);
  if (!auth) throw new Error("no 'token' or 'client_id' and 'client_secret' in the post step");
  const client = await connectZoom({
    auth,
    apiUrl: new URL(state.apiUrl),
    oauthUrl: new URL(state.oauthUrl),
    retries: state.retries ?? 3,
    timeoutMs: state.timeoutMs ?? 30_000,
    log: log.info,
    redact: log.secrets.redact,
    addSecret: log.secrets.add,
  });
  try {
    const result = await editMessage(client, state.messageId, editBody(state, content));
    const tracking = result.trackingId ? ` (Zoom tracking id ${result.trackingId})` : '';
    log.info(`Zoom message ${state.messageId} finalized: ${reading.status || 'finished'} after ${elapsed}${tracking}.`);
  } finally {
    await client.transport.close();
  }
}

/**
 * With a key, a newer run may have taken the message over while this job ran (a second push to
 * the pull request): its content stands, as for any older run's write.
 */
async function newerRunOwns(key: NonNullable<FinalizeState['key']>, token: string, log: Log): Promise<boolean> {
  if (!token) return false;
  const github = await import('../github/index.js');
  const store = {
    github: github.githubClient(token, GITHUB_TIMEOUT_MS),
    repository: key.repository,
    issue: key.issue,
  };
  let newest: Awaited<ReturnType<typeof github.findRecords>>[number] | undefined;
  try {
    [newest] = await github.findRecords(store, key.key);
  } catch (error) {
    log.warning(
      `Zoom finalize: could not re-read key '${key.key}' (${errorMessage(error)}); finalizing the message anyway.`,
    );
    return false;
  }
  if (!newest || !github.isOlderRun(key, newest)) return false;
  log.notice(
    `Zoom finalize skipped: key '${key.key}' now belongs to run ${newest.runId} attempt ${newest.runAttempt}, newer than this one (${key.runId} attempt ${key.runAttempt}); its message is left as that run made it.`,
  );
  return true;
}

async function readOutcome(token: string, state: FinalizeState): Promise<Reading> {
  const env = process.env;
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
    const github = await import('../github/index.js');
    try {
      const outcome = await github.readJobOutcome(github.githubClient(token, GITHUB_TIMEOUT_MS), {
        repository: env.GITHUB_REPOSITORY ?? '',
        runId: env.GITHUB_RUN_ID ?? '',
        runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
        runnerName: env.RUNNER_NAME ?? '',
        jobId: env.GITHUB_JOB ?? '',
      });
      const started = Date.parse(outcome.job.started_at ?? '');
      return {
        status: outcome.status,
        startedAt: Number.isNaN(started) ? fallback : started,
        warning: undefined,
      };
    } catch (error) {
      if (error instanceof github.GitHubApiError && (error.status === 403 || error.status === 404)) {
        return neutral(
          `GitHub refused to list this run's jobs (HTTP ${error.status}): give the job 'permissions: actions: read'`,
        );
      }
      throw error;
    }
  } catch (error) {
    return neutral(`the job's outcome could not be read (${errorMessage(error)})`);
  }
}
