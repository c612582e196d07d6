// What a step writes through @actions/core (log, annotations, outputs, state, summary), redacted on its way out.

import * as core from '@actions/core';
import { errorMessage } from '../errors.js';
import type { Secrets } from './secrets.js';

/** The step's writer; see createLog. */
export type Log = ReturnType<typeof createLog>;

// The runner reads a line of stdout that starts with `::` as a workflow command. core escapes the
// commands it writes (warning, error, debug, groups), not the plain lines: a line break in a value
// from outside (an id in Zoom's answer, a file, a comment) could start a line of its own. Every line
// break inside a plain line is written escaped, so each message is exactly one line.
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029\u0085]/g;

/** `text` as one line: each line break written as `\n`. */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAK, '\\n');
}

/** A writer that redacts with `secrets`. */
export function createLog(secrets: Secrets) {
  const clean = (text: string): string => secrets.redact(text);
  const info = (message: string) => core.info(oneLine(clean(message)));
  return {
    secrets,
    /** One line of the log. */
    info,
    /** Several lines of the log, each written as one. */
    lines: (lines: string[]) => lines.forEach(info),
    debug: (message: string) => core.debug(clean(message)),
    warning: (message: string) => core.warning(clean(message)),
    notice: (message: string) => core.notice(clean(message)),
    /** One error annotation, and the step fails. */
    fail: (message: string) => core.setFailed(clean(message)),
    /** Opens a collapsible group; the returned function closes it. */
    group(title: string): () => void {
      core.startGroup(clean(title));
      return () => core.endGroup();
    },
    setOutput: (name: string, value: string) => core.setOutput(name, clean(value)),
    /** For this process and the job's later steps. */
    exportVariable: (name: string, value: string) => core.exportVariable(name, value),
    /** For this action's post step. */
    saveState: (name: string, value: string) => core.saveState(name, value),
    /** Appends Markdown to the job summary, when the runner keeps one. */
    async summary(markdown: string): Promise<void> {
      // core.summary keeps the summary file's path from its first use: a step (and each of
      // local-action's calls of run() in one process) takes a fresh one, which reads it anew.
      const Summary = core.summary.constructor as new () => typeof core.summary;
      const summary = typeof Summary === 'function' ? new Summary() : core.summary;
      try {
        await (typeof summary.addRaw === 'function' ? summary : core.summary).addRaw(clean(markdown), true).write();
      } catch (error) {
        // Outside a runner (a local run) there is no summary file: nothing to append to.
        core.debug(`No job summary written: ${errorMessage(error)}`);
      }
    },
  };
}
