// run(): the main step (inputs -> content -> Zoom -> outputs) or, when the runner hands back the
// main step's state, the post step. The one place that fails the step.

import * as core from '@actions/core';
import { CallError, errorMessage } from '../errors.js';
import { buildContext, parseData } from '../message/context.js';
import { renderFinalContent, withFinalValues } from '../message/finalize.js';
import { ZoomApiError } from '../zoom/errors.js';
import { loadContent } from './content.js';
import { runDelete } from './delete.js';
import { createLog, type Log } from './log.js';
import { FINALIZE_STATE, runPost } from './post.js';
import { createSecrets, maskCredentials } from './secrets.js';
import { parseInputs, type Settings } from './settings.js';
import { compactJson, emptyOutputs, resolveKey, type Step } from './step.js';
import { summaryMarkdown } from './summary.js';
import { runWrite } from './write.js';

/**
 * The runner gives the post step the main step's saved state, and nothing else tells the two
 * apart: the main step always leaves this marker, so the post step can never send a second time.
 */
export const POST_MARKER = 'isPost';

/** Runs the step the runner (or @github/local-action) is at: main, or post. */
export async function run(): Promise<void> {
  if (core.getState(POST_MARKER)) {
    // Without finalize there is nothing to do.
    if (core.getState(FINALIZE_STATE)) await runPost();
    return;
  }
  await runMain();
}

async function runMain(): Promise<void> {
  const secrets = createSecrets();
  const log = createLog(secrets);
  log.saveState(POST_MARKER, 'true');
  const outputs = emptyOutputs();
  let failOnError = true;
  let step: Step | undefined;
  try {
    maskCredentials(secrets);
    const settings = parseInputs((name) => core.getInput(name), process.env);
    failOnError = settings.failOnError;
    step = { log, outputs, summary: { mode: settings.mode, result: '' } };
    logSettings(log, settings);
    const context = buildContext(process.env, {
      status: settings.status,
      data: await parseData(settings.data),
    });
    if (settings.mode === 'delete') {
      const key = settings.key ? await resolveKey(settings.key, context) : undefined;
      await runDelete(settings, key, step);
    } else {
      const content = await loadContent(settings, context, secrets);
      step.summary.content = content;
      if (settings.finalize) {
        // Render the final message now with a stand-in outcome, so a template error fails here,
        // before any call, rather than in the post step where it could only warn.
        await renderFinalContent(
          settings.finalize,
          settings.preset ?? '',
          withFinalValues(context, 'success', '0s'),
          settings.isMarkdown,
        );
      }
      const key = settings.key ? await resolveKey(settings.key, context) : undefined;
      await runWrite(settings, content, key, step);
    }
  } catch (error) {
    outputs.result = 'failed';
    const message = errorMessage(error);
    if (!failOnError && error instanceof CallError) {
      log.warning(`${message} (fail_on_error is false: the step goes on)`);
    } else {
      log.fail(message);
    }
    // Zoom's last response: a delete that went on after a failure already holds a later one.
    if (error instanceof ZoomApiError && !outputs.response) {
      outputs.response = compactJson(error.details.body);
    }
    if (step) step.summary.error = message;
  } finally {
    for (const [name, value] of Object.entries(outputs)) log.setOutput(name, value);
    if (step) {
      step.summary.result = outputs.result;
      await log.summary(summaryMarkdown(step.summary));
    }
  }
}

function logSettings(log: Log, settings: Settings): void {
  const { auth, githubToken, ...visible } = settings;
  log.debug(`mode: ${settings.mode}; auth: ${auth?.kind ?? 'none (dry run)'}`);
  log.debug(`github_token: ${githubToken ? 'set' : 'not set'}`);
  log.debug(`settings: ${JSON.stringify(visible)}`);
}
