// The post step (`post-if: always()`): edits the main step's message to the job's outcome and time; never fails.

import * as core from '@actions/core';
import { errorMessage } from '../errors.js';
import { isRecord, parseJsonObject } from '../json.js';
import { buildContext, parseData } from '../message/context.js';
import { type FinalizeSetting, formatElapsed, renderFinalContent, withFinalValues } from '../message/finalize.js';
import { editMessage } from '../zoom/client.js';
import { trackingNote } from '../zoom/errors.js';
import { editBody } from '../zoom/modes.js';
import { createLog, type Log } from './log.js';
import { createSecrets, maskCredentials } from './secrets.js';
import { parseInputs, type WriteSettings } from './settings.js';
import { withZoom } from './step.js';

/** The state name under which the main step saves a FinalizeState. */
export const FINALIZE_STATE = 'finalize';

/** What only the main step knows; the post step reads everything else from its inputs again. */
export interface FinalizeState {
  /** The message the main step wrote: the post step edits this one, whatever ZOOM_MESSAGE_ID says. */
  messageId: string;
  /** When the main step ran (ISO-8601): elapsed time counts from here when the job's start is unknown. */
  startedAt: string;
  finalize: FinalizeSetting;
  /** With `key`: the post step re-reads the record and leaves the message to a newer run. */
  key?: { key: string; repository: string; issue: number; runId: number; runAttempt: number };
}

/** Reads the saved state back; undefined when it is missing or not what the main step writes. */
export function parseFinalizeState(text: string): FinalizeState | undefined {
  const value = parseJsonObject(text) as Partial<FinalizeState> | undefined;
  if (typeof value?.messageId !== 'string' || !value.messageId) return undefined;
  if (!isRecord(value.finalize) || !['preset', 'template'].includes(String(value.finalize.kind))) return undefined;
  return value as FinalizeState;
}

// GitHub's calls in the post step: a local run may pass a token no GitHub will take.
const GITHUB_TIMEOUT_MS = 30_000;
const GITHUB_LIMIT = "the post step's limit for GitHub's calls";

/** Runs the post step: reads the job's outcome, edits the saved message; never fails the job. */
export async function runPost(): Promise<void> {
  const log = createLog(createSecrets());
  try {
    maskCredentials(log.secrets);
    const state = parseFinalizeState(core.getState(FINALIZE_STATE));
    if (state) await finalize(state, log);
    else log.warning('Zoom finalize: the main step left no readable state, so the message is left as it is.');
  } catch (error) {
    log.warning(
      `Zoom finalize: could not edit the message (${errorMessage(error)}). The job's result is not affected.`,
    );
  }
  // Whatever happened, a post step of a chat notice must not turn the job red.
  process.exitCode = 0;
}

async function finalize(state: FinalizeState, log: Log): Promise<void> {
  const settings = parseInputs((name) => core.getInput(name), process.env) as WriteSettings;
  const token = settings.githubToken ?? '';
  if (state.key && (await newerRunOwns(state.key, token, log))) return;
  const reading = await readOutcome(token, state, log);
  const elapsed = formatElapsed(Date.now() - reading.startedAt);
  const data = await parseData(settings.data);
  const context = withFinalValues(buildContext(process.env, { status: '', data }), reading.status, elapsed);
  const content = await renderFinalContent(state.finalize, settings.preset ?? '', context, settings.isMarkdown);
  const leak = log.secrets.find(content, 'content');
  if (leak) throw new Error(`the final message at ${leak} holds a credential; it was not sent`);
  await withZoom(settings, log, async (client) => {
    const result = await editMessage(client, state.messageId, editBody(settings, content));
    log.info(
      `Zoom message ${state.messageId} finalized: ${reading.status || 'finished'} after ${elapsed}${trackingNote(result.trackingId)}.`,
    );
  });
}

// With a key, a newer run may have taken the message over while this job ran (a second push to the
// pull request): its content stands, as for any older run's write.
async function newerRunOwns(key: NonNullable<FinalizeState['key']>, token: string, log: Log): Promise<boolean> {
  if (!token) return false;
  const github = await import('../github/index.js');
  const client = github.githubClient(token, GITHUB_TIMEOUT_MS, process.env, GITHUB_LIMIT);
  const store = { github: client, repository: key.repository, issue: key.issue };
  const [newest] = await github.findRecords(store, key.key).catch((error: unknown) => {
    log.warning(
      `Zoom finalize: could not re-read key '${key.key}' (${errorMessage(error)}); finalizing the message anyway.`,
    );
    return [];
  });
  if (!newest || !github.isOlderRun(key, newest)) return false;
  log.notice(
    `Zoom finalize skipped: key '${key.key}' now belongs to run ${newest.runId} attempt ${newest.runAttempt}, newer than this one (${key.runId} attempt ${key.runAttempt}); its message is left as that run made it.`,
  );
  return true;
}

/** The outcome to show and when the job started; one warning when the outcome is unknown. */
async function readOutcome(token: string, state: FinalizeState, log: Log) {
  const saved = Date.parse(state.startedAt);
  const fallback = Number.isNaN(saved) ? Date.now() : saved;
  const neutral = (why: string) => {
    log.warning(
      `Zoom finalize: ${why}, so the message says the job finished, without its outcome; the time counts from this action's main step.`,
    );
    return { status: '' as const, startedAt: fallback };
  };
  if (!token) return neutral("no github_token (and no GITHUB_TOKEN) to read the job's outcome with");
  const env = process.env;
  try {
    const github = await import('../github/index.js');
    const client = github.githubClient(token, GITHUB_TIMEOUT_MS, process.env, GITHUB_LIMIT);
    const outcome = await github.readJobOutcome(client, {
      repository: env.GITHUB_REPOSITORY ?? '',
      runId: env.GITHUB_RUN_ID ?? '',
      runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
      runnerName: env.RUNNER_NAME ?? '',
      jobId: env.GITHUB_JOB ?? '',
    });
    const started = Date.parse(outcome.job.started_at ?? '');
    return { status: outcome.status, startedAt: Number.isNaN(started) ? fallback : started };
  } catch (error) {
    const status = isRecord(error) && error.name === 'GitHubApiError' ? error.status : undefined;
    if (status === 403 || status === 404) {
      return neutral(
        `GitHub refused to list this run's jobs (HTTP ${status}): give the job 'permissions: actions: read'`,
      );
    }
    return neutral(`the job's outcome could not be read (${errorMessage(error)})`);
  }
}
