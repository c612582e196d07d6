// What a step writes, through @actions/core: log lines, annotations, groups, outputs, variables,
// state and the job summary. Every text passes the step's redaction on its way out.

import * as core from '@actions/core';
import type { Secrets } from './secrets.js';

/** The step's writer; see createLog. */
export interface Log {
  readonly secrets: Secrets;
  info(message: string): void;
  debug(message: string): void;
  warning(message: string): void;
  notice(message: string): void;
  /** One error annotation, and the step fails. */
  fail(message: string): void;
  /** Opens a collapsible group; the returned function closes it. */
  group(title: string): () => void;
  setOutput(name: string, value: string): void;
  /** For this process and the job's later steps. */
  exportVariable(name: string, value: string): void;
  /** For this action's post step. */
  saveState(name: string, value: string): void;
  /** Appends Markdown to the job summary, when the runner keeps one. */
  summary(markdown: string): Promise<void>;
}

/** A writer that redacts with `secrets`. */
export function createLog(secrets: Secrets): Log {
  const clean = (text: string): string => secrets.redact(text);
  return {
    secrets,
    info: (message) => core.info(clean(message)),
    debug: (message) => core.debug(clean(message)),
    warning: (message) => core.warning(clean(message)),
    notice: (message) => core.notice(clean(message)),
    fail: (message) => core.setFailed(clean(message)),
    group(title) {
      core.startGroup(clean(title));
      return () => core.endGroup();
    },
    setOutput: (name, value) => core.setOutput(name, clean(value)),
    exportVariable: (name, value) => core.exportVariable(name, value),
    saveState: (name, value) => core.saveState(name, value),
    async summary(markdown) {
      // core.summary keeps the summary file's path from its first use: a step (and each of
      // local-action's calls of run() in one process) takes a fresh one, which reads it anew.
      const Summary = core.summary.constructor as new () => typeof core.summary;
      const summary = typeof Summary === 'function' ? new Summary() : core.summary;
      try {
        await (typeof summary.addRaw === 'function' ? summary : core.summary).addRaw(clean(markdown), true).write();
      } catch (error) {
        // Outside a runner (a local run) there is no summary file: nothing to append to.
        core.debug(`No job summary written: ${error instanceof Error ? error.message : error}`);
      }
    },
  };
}
