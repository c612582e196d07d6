// run(): the main step (inputs -> content -> Zoom -> outputs), or the post step. The one place that fails the step.

import * as core from '@actions/core';
import { CallError, errorMessage } from '../errors.js';
import { buildContext, parseData } from '../message/context.js';
import { renderFinalContent, withFinalValues } from '../message/finalize.js';
import { ZoomApiError } from '../zoom/errors.js';
import { loadContent } from './content.js';
import { runDelete } from './delete.js';
import { createLog } from './log.js';
import { FINALIZE_STATE, runPost } from './post.js';
import { createSecrets, maskCredentials } from './secrets.js';
import { parseInputs } from './settings.js';
import { emptyOutputs, reportSkip, resolveKey, responseOutput } from './step.js';
import { type SummaryInfo, summaryMarkdown } from './summary.js';
import { runWrite } from './write.js';

// Nothing else tells the post step from the main step: the main step always leaves this marker in
// its state, so the post step can never send a second time.
const POST_MARKER = 'isPost';

/** Runs the step the runner (or @github/local-action) is at: main, or post. */
export async function run(): Promise<void> {
  if (!core.getState(POST_MARKER)) return runMain();
  // Without finalize the post step has nothing to do.
  if (core.getState(FINALIZE_STATE)) await runPost();
}

async function runMain(): Promise<void> {
  const log = createLog(createSecrets());
  log.saveState(POST_MARKER, 'true');
  const outputs = emptyOutputs();
  let failOnError = true;
  let summary: SummaryInfo | undefined;
  try {
    maskCredentials(log.secrets);
    const settings = parseInputs((name) => core.getInput(name), process.env);
    failOnError = settings.failOnError;
    summary = { mode: settings.mode, result: '' };
    const step = { log, outputs, summary };
    // Each resolved input, never a secret.
    const { auth, githubToken, ...visible } = settings;
    log.debug(`mode: ${settings.mode}; auth: ${auth?.kind ?? (settings.skip ? 'none (skip)' : 'none (dry run)')}`);
    log.debug(`github_token: ${githubToken ? 'set' : 'not set'}`);
    log.debug(`settings: ${JSON.stringify(visible)}`);
    const context = buildContext(process.env, { status: settings.status, data: await parseData(settings.data) });
    // A skip comes after every check (the content, the final message, the key) and before any call.
    if (settings.mode === 'delete') {
      const key = await resolveKey(settings, context);
      if (settings.skip) reportSkip(step);
      else await runDelete(settings, step, key);
    } else {
      const content = await loadContent(settings, context, log.secrets);
      summary.content = content;
      if (settings.finalize) {
        // Render the final message now with a stand-in outcome, so a template error fails here,
        // before any call, rather than in the post step where it could only warn.
        const standIn = withFinalValues(context, 'success', '0s');
        await renderFinalContent(settings.finalize, settings.preset ?? '', standIn, settings.isMarkdown);
      }
      const key = await resolveKey(settings, context);
      if (settings.skip) reportSkip(step);
      else await runWrite(settings, content, step, key);
    }
  } catch (error) {
    outputs.result = 'failed';
    const message = errorMessage(error);
    const warnOnly = !failOnError && error instanceof CallError;
    if (warnOnly) log.warning(`${message} (fail_on_error is false: the step goes on)`);
    else log.fail(message);
    // Zoom's last response: a delete that went on after a failure already holds a later one.
    if (error instanceof ZoomApiError && !outputs.response) outputs.response = responseOutput(error.details.body);
    if (summary) summary.error = message;
  } finally {
    // The step's result is decided: writing it down can only warn.
    try {
      for (const [name, value] of Object.entries(outputs)) log.setOutput(name, value);
      if (summary) {
        summary.result = outputs.result;
        await log.summary(summaryMarkdown(summary));
      }
    } catch (error) {
      log.warning(`Could not write the step's outputs or summary: ${errorMessage(error)}.`);
    }
  }
}
