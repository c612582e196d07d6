// Hostile content costs bounded work: a template's loops, growing values, tags and output are capped
// (LiquidJS's limits and the action's own), a YAML alias bomb and a very deep card are refused.
// Each fails with an error naming the input, the step fails, and nothing reaches Zoom.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionRun } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { runInProcess } from './support/in-process.ts';
import { tempDir } from './support/temp.ts';

let zoom: ZoomSimulator;

beforeAll(async () => {
  zoom = await startZoomSimulator();
});
afterAll(async () => {
  await zoom.close();
});
beforeEach(() => {
  zoom.reset();
});

function run(inputs: Record<string, string>, workspace?: string): Promise<ActionRun> {
  return runInProcess({ inputs: { ...zoomInputs(zoom), ...inputs }, workspace });
}

/** The text a message item posted. */
function postedText(): string | undefined {
  const content = [...zoom.messages.values()][0]?.content as { body?: { text?: string }[] } | undefined;
  return content?.body?.[0]?.text;
}

function expectRefused(result: ActionRun, error: string | RegExp): void {
  // The runner reads %25 in a workflow command as %.
  const errors = result.commands('error').map((line) => line.replaceAll('%25', '%'));
  expect(errors).toHaveLength(1);
  if (typeof error === 'string') expect(errors[0]).toBe(error);
  else expect(errors[0]).toMatch(error);
  expect(result.exitCode).toBe(1);
  expect(result.outputs.result).toBe('failed');
  expect(zoom.requests).toHaveLength(0);
}

// 10^10 iterations; each inner range is a new list of 10^5, so it trips whichever limit comes first.
const NESTED_LOOP = '{% for i in (1..100000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}';
// The same 10^10 over one list made once: nothing is built, only time passes.
const NESTED_LOOP_ONE_LIST =
  '{% assign list = (1..100000) %}{% for i in list %}{% for j in list %}x{% endfor %}{% endfor %}';
// The string doubles 100 times: 2^100 characters.
const DOUBLING = '{% assign s = "x" %}{% for i in (1..100) %}{% assign s = s | append: s %}{% endfor %}{{ s }}';

describe('templates', () => {
  it('a loop of 10^10 iterations over one list fails on the render limit, naming the input and field', async () => {
    const result = await run({ content: `body:\n  - type: message\n    text: '${NESTED_LOOP_ONE_LIST}'` });
    expectRefused(
      result,
      "Input 'content' at content.body[0].text line 1, col 51: template error: rendering took over 5 s (a loop too long?)",
    );
  }, 30_000);

  it('a loop of 10^10 iterations over new ranges fails too', async () => {
    const result = await run({ content: NESTED_LOOP });
    expectRefused(
      result,
      /^Input 'content' at content\.body\[0\]\.text line 1, col 27: template error: (rendering took over 5 s|the template built over 10000000 characters)/,
    );
  }, 30_000);

  it('a string doubled in a loop fails on the memory limit', async () => {
    const result = await run({ content: `head:\n  text: ok\nbody:\n  - type: message\n    text: '${DOUBLING}'` });
    expectRefused(
      result,
      "Input 'content' at content.body[0].text line 1, col 44: template error: the template built over 10000000 characters or list items (a value grown in a loop, or a range too large?)",
    );
  });

  it('a range too large to build fails on the memory limit before it is built', async () => {
    const result = await run({ content: '{% for i in (1..100000000000) %}x{% endfor %}' });
    expectRefused(
      result,
      "Input 'content' at content.body[0].text line 1, col 1: template error: the template built over 10000000 characters or list items (a value grown in a loop, or a range too large?)",
    );
  });

  it('with markdown on, the copies that neutralising makes count against the memory limit', async () => {
    // 2^22 characters, built within the memory limit, then printed (and so neutralised) three times.
    const grow = '{% assign s = "x" %}{% for i in (1..22) %}{% assign s = s | append: s %}{% endfor %}';
    const result = await run({ content: `${grow}{{ s }}{{ s }}{{ s }}`, is_markdown_support: 'true' });
    expectRefused(
      result,
      /^Input 'content' at content\.body\[0\]\.text line 1, col \d+: template error: the template built over/,
    );
  });

  it('a value printed until the text is over 16 MiB fails, though building it stayed within the memory limit', async () => {
    const grow = '{% assign s = "x" %}{% for i in (1..22) %}{% assign s = s | append: s %}{% endfor %}';
    const result = await run({ content: `${grow}{% for i in (1..5) %}{{ s }}{% endfor %}` });
    expectRefused(
      result,
      "Input 'content' at content.body[0].text: template error: the rendered text is over 16777216 characters",
    );
  });

  it('tags times the characters of their text are capped: a long text holds only a few tags', async () => {
    // 2 × 10^8 in a message: here 100 tags in one text of 10^6 characters, and one more in the next.
    const filler = 'a'.repeat(1_000_000 - 100 * '{{ github.actor }}'.length);
    const first = `${'{{ github.actor }}'.repeat(100)}${filler}`;
    const second = `{{ github.sha }}${filler}${'{{ github.actor }}'.repeat(99)}`;
    const within = await run({
      content: JSON.stringify({
        body: [
          { type: 'message', text: first },
          { type: 'message', text: first },
        ],
      }),
    });
    expect(within.commands('error')).toEqual([]);
    expect(within.exitCode).toBe(0);
    zoom.reset();
    const content = JSON.stringify({
      body: [
        { type: 'message', text: first },
        { type: 'message', text: `${second}{{ github.sha }}` },
      ],
    });
    expectRefused(
      await run({ content }),
      "Input 'content' at content.body[1].text: too many tags ({{ }} and {% %}) for a text of 1000014 characters: tags times the characters of their text may add up to 200000000 in a message. Expected fewer tags (a {% for %} loop over a list), or a shorter text.",
    );
  });

  it('many tags in a short text: 10000 of them in one text is over the cap', async () => {
    const result = await run({ content: '{{ github.actor }}'.repeat(10_000) });
    expectRefused(
      result,
      "Input 'content' at content.body[0].text: too many tags ({{ }} and {% %}) for a text of 180000 characters: tags times the characters of their text may add up to 200000000 in a message. Expected fewer tags (a {% for %} loop over a list), or a shorter text.",
    );
  });

  it('1000 tags in a short text are fine', async () => {
    const result = await run({ content: '{{ github.actor }}'.repeat(1_000) });
    expect(result.exitCode).toBe(0);
    expect(postedText()).toBe('octocat'.repeat(1_000));
  });

  it('tags nested too deeply fail with a message before parsing, not a stack overflow', async () => {
    const result = await run({ content: `${'{% if true %}'.repeat(2_000)}x${'{% endif %}'.repeat(2_000)}` });
    expectRefused(
      result,
      /^Input 'content' at content\.body\[0\]\.text: tags nested 2000 deep; at most 100 block tags \(\{% if %\}, \{% for %\}, …\) may sit inside one another\.$/,
    );
  });

  it('100 block tags inside one another render; 101 are refused', async () => {
    const nested = (n: number) => `${'{% for i in (1..1) %}'.repeat(n)}x${'{% endfor %}'.repeat(n)}`;
    expect((await run({ content: nested(100) })).exitCode).toBe(0);
    zoom.reset();
    expectRefused(await run({ content: nested(101) }), /tags nested 101 deep/);
  });

  it('tags side by side do not add up to a depth', async () => {
    const result = await run({ content: '{% if true %}a{% endif %}'.repeat(500) });
    expect(result.exitCode).toBe(0);
  });

  it('a 5 MB content_file with templates still posts', async () => {
    const workspace = tempDir('ws-');
    const line = `${'a'.repeat(99)}\n`;
    const text = `Deploy by {{ github.actor }}\n${line.repeat(50_000)}{{ github.workflow }}`;
    writeFileSync(join(workspace, 'big.md'), text);
    const result = await run({ content_file: 'big.md' }, workspace);
    expect(result.commands('error')).toEqual([]);
    expect(result.exitCode).toBe(0);
    const posted = postedText() ?? '';
    expect(posted.length).toBe(text.length - '{{ github.actor }}{{ github.workflow }}'.length + 'octocatCI'.length);
    expect(posted.length).toBeGreaterThan(5_000_000);
    expect(posted.startsWith('Deploy by octocat\n')).toBe(true);
  });
});

// "Billion laughs": nine aliases of nine aliases of ..., 9^9 strings once expanded.
function aliasBomb(indent = ''): string {
  const levels = 'abcdefghi'.split('');
  const lines = [`${indent}a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (const [index, name] of levels.slice(1).entries()) {
    const previous = levels[index];
    lines.push(`${indent}${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
  }
  return lines.join('\n');
}

const CARD_BOMB = `settings:\n${aliasBomb('  ')}\nbody:\n  - type: message\n    text: x`;
const ALIAS_ERROR = (input: string, expected: string) =>
  `Input '${input}': its YAML aliases (*name) expand past 100 copies, as an alias bomb does. Expected ${expected}, with few aliases.`;
const CARD = "Zoom's content object (head, body, settings)";
const DATA = 'a mapping, such as ${{ toJSON(needs) }} or key: value lines';

describe('a YAML alias bomb', () => {
  it('in content', async () => {
    expectRefused(await run({ content: CARD_BOMB }), ALIAS_ERROR('content', CARD));
  });

  it('in content_file', async () => {
    const workspace = tempDir('ws-');
    writeFileSync(join(workspace, 'card.yml'), CARD_BOMB);
    expectRefused(await run({ content_file: 'card.yml' }, workspace), ALIAS_ERROR('content_file', CARD));
  });

  it('in finalize', async () => {
    expectRefused(await run({ content: 'Deploying', finalize: CARD_BOMB }), ALIAS_ERROR('finalize', CARD));
  });

  it('in data', async () => {
    expectRefused(await run({ content: 'x', data: aliasBomb() }), ALIAS_ERROR('data', DATA));
  });

  it('a few aliases are fine', async () => {
    const data = 'base: &base {region: eu, tier: gold}\nprimary: *base\nbackup: *base';
    const result = await run({ content: '{{ data.primary.region }} {{ data.backup.tier }}', data });
    expect(result.exitCode).toBe(0);
    expect(postedText()).toBe('eu gold');
  });
});

// The card from the issue: every item holds another card's body, 20,000 levels down.
function deepJsonCard(levels: number): string {
  return `${'{"body":[{"type":"message","text":"x","a":'.repeat(levels)}1${'}]}'.repeat(levels)}`;
}

const DEPTH_ERROR = (input: string, expected: string) =>
  `Input '${input}' nests lists and mappings over 100 levels deep. Expected ${expected}, nested at most 100 levels.`;

describe('a very deep card', () => {
  it('in content, as strict JSON', async () => {
    expectRefused(await run({ content: deepJsonCard(20_000) }), DEPTH_ERROR('content', CARD));
  });

  it('in content, as YAML flow (not strict JSON), where the YAML library runs out of stack', async () => {
    const yaml = `body: [${'{type: message, text: x, a: ['.repeat(5_000)}1${']}'.repeat(5_000)}]`;
    expectRefused(await run({ content: yaml }), DEPTH_ERROR('content', CARD));
    zoom.reset();
    // A trailing comma: not JSON, so YAML reads it.
    const trailingComma = deepJsonCard(20_000).replace(/\}$/, ',}');
    expectRefused(await run({ content: trailingComma }), DEPTH_ERROR('content', CARD));
  });

  it('in content_file', async () => {
    const workspace = tempDir('ws-');
    writeFileSync(join(workspace, 'card.json'), deepJsonCard(20_000));
    expectRefused(await run({ content_file: 'card.json' }, workspace), DEPTH_ERROR('content_file', CARD));
  });

  it('in finalize', async () => {
    expectRefused(await run({ content: 'Deploying', finalize: deepJsonCard(20_000) }), DEPTH_ERROR('finalize', CARD));
  });

  it('in data', async () => {
    const data = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    expectRefused(await run({ content: 'x', data }), DEPTH_ERROR('data', DATA));
  });

  it('100 levels are allowed', async () => {
    // content (1), body (2), the item (3), then 97 mappings under it: 100 levels.
    const value = `${'{"k":'.repeat(96)}{}${'}'.repeat(96)}`;
    const result = await run({ content: `{"body":[{"type":"message","text":"x","k":${value}}]}` });
    expect(result.commands('error')).toEqual([]);
    expect(result.exitCode).toBe(0);
    zoom.reset();
    const deeper = await run({ content: `{"body":[{"type":"message","text":"x","k":{"k":${value}}}]}` });
    expectRefused(deeper, DEPTH_ERROR('content', CARD));
  });
});
