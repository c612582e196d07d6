// scripts/actionlint.ts (part of npm run lint): which Markdown code blocks are workflows, where their
// problems are reported, and that actionlint itself runs and finds them.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultFiles,
  formatFinding,
  lintFile,
  lintWorkflow,
  placeInMarkdown,
  workflowSnippets,
} from '../scripts/actionlint.ts';
import { ROOT } from '../tools/run-action.ts';

const ACROSS_JOBS = [
  '# Across jobs', // 1
  '', // 2
  '```yaml', // 3
  'jobs:', // 4
  '  announce:', // 5
  '    runs-on: ubuntu-latest', // 6
  '    steps:', // 7
  '      - run: echo announce', // 8
  '  report:', // 9
  '    needs: [announce, deploy]', // 10
  '    runs-on: ubuntu-latest', // 11
  '    steps:', // 12
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, for actionlint to read
  '      - run: echo "${{ needs.deploy.result }}"', // 13
  '```', // 14
  '',
].join('\n');

describe('workflow snippets in Markdown', () => {
  it('takes YAML blocks with on: and jobs: at the top level, as written', () => {
    const markdown = ['Text', '```yaml', 'on: push', 'jobs:', '  a:', '    runs-on: x', '```', ''].join('\n');
    expect(workflowSnippets(markdown)).toEqual([
      { yaml: 'on: push\njobs:\n  a:\n    runs-on: x\n', firstLine: 3, added: 0 },
    ]);
  });

  it('gives a snippet with jobs: but no on: a stand-in trigger, one line above its own', () => {
    const [snippet] = workflowSnippets(ACROSS_JOBS);
    expect(snippet?.firstLine).toBe(4);
    expect(snippet?.added).toBe(1);
    expect(snippet?.yaml.split('\n').slice(0, 3)).toEqual(['on: workflow_dispatch', 'jobs:', '  announce:']);
  });

  it('leaves out steps, other languages, nested jobs: keys and unclosed text outside blocks', () => {
    const markdown = [
      '```yaml',
      '- uses: actions/checkout@v5',
      '```',
      '```sh',
      'jobs: not yaml',
      '```',
      '```yaml',
      'with:',
      '  jobs: 3',
      '```',
      'jobs:',
      '  outside: a block',
      '',
    ].join('\n');
    expect(workflowSnippets(markdown)).toEqual([]);
  });

  it('reads a block indented in a list item, ~~~ fences and longer fences', () => {
    const markdown = [
      '- Step one:', // 1
      '', // 2
      '  ```yml', // 3
      '  on: push', // 4
      '  jobs: {}', // 5
      '  ```', // 6
      '~~~YAML', // 7
      'jobs: {}', // 8
      '~~~', // 9
      '````yaml', // 10
      'on: push', // 11
      'jobs:', // 12
      '  a:', // 13
      '    steps:', // 14
      '      - run: |', // 15
      '          ```', // 16
      '````', // 17
      '',
    ].join('\n');
    expect(workflowSnippets(markdown)).toEqual([
      { yaml: 'on: push\njobs: {}\n', firstLine: 4, added: 0 },
      { yaml: 'on: workflow_dispatch\njobs: {}\n', firstLine: 8, added: 1 },
      { yaml: 'on: push\njobs:\n  a:\n    steps:\n      - run: |\n          ```\n', firstLine: 11, added: 0 },
    ]);
  });

  it("places a snippet's problem on its Markdown line", () => {
    const snippet = { yaml: '', firstLine: 10, added: 1 };
    const result = { message: 'm', line: 3, column: 5, kind: 'k' };
    expect(placeInMarkdown(result, snippet, 'docs/x.md')).toEqual({ ...result, file: 'docs/x.md', line: 11 });
    expect(placeInMarkdown({ ...result, line: 1 }, snippet, 'x.md').line).toBe(10);
    expect(placeInMarkdown(result, { ...snippet, added: 0 }, 'x.md').line).toBe(12);
    expect(formatFinding({ ...result, file: 'x.md', line: 12 })).toBe('x.md:12:5: m [k]');
  });
});

describe('actionlint', () => {
  it('finds a needed job that the workflow does not define', async () => {
    const results = await lintWorkflow(
      'on: push\njobs:\n  a:\n    needs: b\n    runs-on: ubuntu-latest\n    steps: [{ run: hi }]\n',
      'w.yml',
    );
    expect(results).toEqual([
      { message: 'job "a" needs job "b" which does not exist in this workflow', line: 3, column: 3, kind: 'job-needs' },
    ]);
  });

  it("reports a Markdown file's problems at the file's own lines", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'actionlint-'));
    try {
      writeFileSync(join(dir, 'doc.md'), ACROSS_JOBS);
      writeFileSync(
        join(dir, 'ok.yml'),
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n',
      );
      const findings = await lintFile(join(dir, 'doc.md'), dir);
      expect(findings.map(formatFinding)).toEqual([
        'doc.md:9:3: job "report" needs job "deploy" which does not exist in this workflow [job-needs]',
        'doc.md:13:24: property "deploy" is not defined in object type {announce: {outputs: {}; result: string}} [expression]',
      ]);
      expect(await lintFile(join(dir, 'ok.yml'), dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("checks the project's workflows, then the Markdown at the top and in docs/", () => {
    const files = defaultFiles().map((file) => file.slice(ROOT.length));
    expect(files).toContain('.github/workflows/ci.yml');
    expect(files).toContain('.github/workflows/release.yml');
    expect(files).toContain('README.md');
    expect(files.indexOf('.github/workflows/ci.yml')).toBeLessThan(files.indexOf('README.md'));
    expect(files.some((file) => file.startsWith('docs/') && file.endsWith('.md'))).toBe(true);
    expect(files.filter((file) => !/^(\.github\/workflows\/[^/]+\.ya?ml|[^/]+\.md|docs\/.+\.md)$/.test(file))).toEqual(
      [],
    );
  });
});
