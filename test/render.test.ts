import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import type { Content } from '../src/message/content.js';
import { buildContext, type TemplateContext } from '../src/message/context.js';
import { neutralise } from '../src/message/markdown.js';
import { renderContent } from '../src/message/render.js';
import type { Status } from '../src/message/status.js';
import { FIXTURE_EVENTS, type FixtureFile, readEvent, runnerEnv } from './support/events.ts';
import { writeEventFile } from './support/temp.ts';

interface Options {
  markdown?: boolean;
  file?: FixtureFile;
  data?: Record<string, unknown>;
  status?: Status | '';
  env?: NodeJS.ProcessEnv;
  eventPath?: string;
}

function contextFor(options: Options): TemplateContext {
  const env = runnerEnv(options.file ?? 'push.with-new-branch.json', options.env);
  if (options.eventPath) env.GITHUB_EVENT_PATH = options.eventPath;
  return buildContext(env, { status: options.status ?? '', data: options.data ?? {} });
}

/** Renders one message text as the action would. */
async function render(text: string, options: Options = {}): Promise<string> {
  const content = await renderContent({ body: [{ type: 'message', text }] }, contextFor(options), 'content', {
    markdown: options.markdown ?? false,
  });
  return content.body?.[0]?.text as string;
}

async function failure(text: string, options: Options = {}): Promise<string> {
  const error = await render(text, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return (error as Error).message;
}

/** A pull_request.opened payload with some fields replaced, written to a file. */
function pullRequestEvent(changes: Record<string, unknown>): string {
  const event = readEvent('pull_request.opened.json');
  event.pull_request = { ...(event.pull_request as object), ...changes };
  return writeEventFile(event);
}

describe('a hand-written template over every fixture payload', () => {
  const template: Content = {
    head: {
      text: '{% if status %}{{ status_emoji }} {% endif %}{{ github.event_name }}: {{ github.repository }}',
    },
    body: [
      {
        type: 'message',
        text: '{% if pr.number %}#{{ pr.number }} {{ pr.title }} by {{ pr.author }}{% if pr.head %} ({{ pr.head }} → {{ pr.base }}){% endif %}: {% if pr.merged %}merged{% else %}{{ pr.state }}{% endif %}{% else %}{{ github.ref_name }} at {{ short_sha }}{% endif %}',
      },
      {
        type: 'message',
        text: '{% for c in commits %}{{ c.short_id }} {{ c.message }} by {{ c.author }}{% else %}no commits{% endfor %}; {{ pr.body | default: "no description" | truncate: 20 }}',
      },
      {
        type: 'fields',
        items: [
          { key: 'Run', value: '{{ run_url }}' },
          { key: 'Release', value: '{{ github.event.release.tag_name | default: "-" }}' },
        ],
      },
    ],
  };
  const hello = 'Codertocat/Hello-World';
  const pr = '#2 Update the README with new information. by Codertocat (changes → master)';
  const expected: Record<FixtureFile, [string, string, string, string?]> = {
    'push.json': [`push: ${hello}`, 'master at 0000000', 'no commits; no description'],
    'push.with-new-branch.json': [
      `push: ${hello}`,
      'master at 6113728',
      '6113728 Initial commit by Codertocat; no description',
    ],
    'pull_request.opened.json': [`pull_request: ${hello}`, `${pr}: open`, 'no commits; This is a pretty ...'],
    'pull_request.closed.json': [`pull_request: ${hello}`, `${pr}: closed`, 'no commits; This is a pretty ...'],
    'pull_request.opened.with-null-body.json': [`pull_request: ${hello}`, `${pr}: open`, 'no commits; no description'],
    'deployment_status.json': [`✅ deployment_status: ${hello}`, 'master at f95f852', 'no commits; no description'],
    'workflow_run.completed.json': [
      '✅ workflow_run: octo-org/octo-repo',
      'master at 3484a3f',
      'no commits; no description',
    ],
    'release.published.json': [`release: ${hello}`, 'master at fedcba9', 'no commits; no description', '0.0.1'],
  };

  it.each(FIXTURE_EVENTS)('%s', async (file) => {
    const [head, first, second, release = '-'] = expected[file];
    const repository = file.startsWith('workflow_run') ? 'octo-org/octo-repo' : hello;
    const content = await renderContent(template, contextFor({ file }), 'content');
    expect(content).toEqual({
      head: { text: head },
      body: [
        { type: 'message', text: first },
        { type: 'message', text: second },
        {
          type: 'fields',
          items: [
            { key: 'Run', value: `https://github.com/${repository}/actions/runs/1234567890` },
            { key: 'Release', value: release },
          ],
        },
      ],
    });
  });

  it('leaves a content without templates as it is', async () => {
    const content: Content = { head: { text: 'Deployed' }, body: [{ type: 'divider' }] };
    expect(await renderContent(content, contextFor({}), 'content')).toBe(content);
  });
});

describe('strict names', () => {
  it.each([
    ['{{ github.sah }}', "line 1, col 4: unknown name 'github.sah'. Closest known names: github.sha."],
    ['{{ staus }}', "unknown name 'staus'. Closest known names: status "],
    ['{{ pr.titel | default: "x" }}', "unknown name 'pr.titel'. Closest known names: pr.title."],
    ['{{ commits[0].mesage }}', "unknown name 'commits.0.mesage'. Closest known names: commits.0.message."],
    ['{% if github.evnt.action %}x{% endif %}', "unknown name 'github.evnt'. Closest known names: github.event"],
    ['{% for c in comits %}{% endfor %}', "unknown name 'comits'. Closest known names: commits"],
    ['{{ run_url.host }}', "'run_url' is a single value: it has no 'host'."],
    ['{{ commits.message }}', "'commits' is a list: use commits[0]"],
    [
      'ok\n  {{ github.event_nam }}',
      "line 2, col 6: unknown name 'github.event_nam'. Closest known names: github.event_name",
    ],
  ])('%j fails before rendering', async (text, message) => {
    const error = await failure(text);
    expect(error).toContain("Input 'content' at content.body[0].text");
    expect(error).toContain(message);
  });

  it.each([
    ['{{ github.event.pull_request.nothing.here }}', ''],
    ['{{ env.NOT_SET }}|{{ data.a.b[3].c }}', '|'],
    ['{% assign who = github.actor %}{{ who }}', 'Codertocat'],
    ['{% for c in commits %}{{ c.anything }}{{ forloop.index }}{% endfor %}', '1'],
    ['{{ commits.size }} {{ commits.first.short_id }} {{ pr.title.size }}', '1 6113728 0'],
    ['{% capture x %}{{ github.job }}{% endcapture %}{{ x }}', 'notify'],
  ])('%j is allowed', async (text, expected) => {
    expect(await render(text)).toBe(expected);
  });

  it('lets | default: work on known, event, env and data names', async () => {
    const text =
      '{{ github.head_ref | default: "no branch" }}, {{ github.event.nothing | default: "n/a" }}, {{ env.NOPE | default: "e" }}, {{ data.missing | default: "d" }}, {{ pr.title | default: "no PR" }}';
    expect(await render(text)).toBe('no branch, n/a, e, d, no PR');
  });

  it('treats the empty pr fields of other events as false', async () => {
    expect(await render('{% if pr.number %}PR{% else %}no PR{% endif %}')).toBe('no PR');
    expect(await render('{% if pr.number %}PR{% endif %}', { file: 'pull_request.opened.json' })).toBe('PR');
  });

  it('fails on any unknown top-level name, and never under github.event, env or data (property)', async () => {
    const known = new Set(Object.keys(contextFor({})));
    const name = fc
      .stringMatching(/^[a-z][a-z0-9_]{0,11}$/)
      .filter((n) => !known.has(n) && !['empty', 'blank', 'nil', 'null', 'true', 'false'].includes(n));
    await fc.assert(
      fc.asyncProperty(name, async (n) => {
        expect(await failure(`{{ ${n} }}`)).toContain(`unknown name '${n}'`);
        expect(await render(`{{ github.event.${n} }}{{ env.${n} }}{{ data.${n} }}`)).toBe('');
      }),
      { numRuns: 100 },
    );
  });
});

describe('template errors', () => {
  it.each([
    ['Hi {{ github.actor | nosuchfilter }}', 'line 1, col 4: template error: undefined filter: nosuchfilter'],
    ['Hi\n{% if pr.number %}open', 'line 2, col 1: template error: tag {% if pr.number %} not closed'],
    ['{{ github.actor', 'line 1, col 1: template error: output "{{ github.actor" not closed'],
    ["{% include '/etc/passwd' %}", "line 1, col 1: template error: the 'include' tag is not available"],
    ["{% render 'secrets.txt' %}", "line 1, col 1: template error: the 'render' tag is not available"],
  ])('%j', async (text, message) => {
    expect(await failure(text)).toContain(`Input 'content' at content.body[0].text ${message}`);
  });

  it('names the field path of a nested leaf', async () => {
    const template: Content = {
      body: [{ type: 'section', sections: [{ type: 'message', text: '{{ pr.nmber }}' }] }],
    };
    const error = await renderContent(template, contextFor({}), 'content_file').catch((e) => e);
    expect(error.message).toMatch(
      /^Input 'content_file' at content\.body\[0\]\.sections\[0\]\.text line 1, col 4: unknown name 'pr\.nmber'/,
    );
  });
});

describe('values with markdown on are neutralised, text outside {{ }} is not', () => {
  const hostile: [string, string][] = [
    ['*free* _money_ ~now~ `rm -rf`', '∗free∗ ˍmoneyˍ ∼now∼ ˋrm -rfˋ'],
    ['<https://evil.example|Approve> <!all> @all', '˂https://evil.example|Approve˃ ˂!all˃ ＠all'],
    ['{{ github.token }} {% if true %}x{% endif %}', '{{ github.token }} {% if true %}x{% endif %}'],
    ['"double" \'single\' {braces} \\ back\\', '"double" \'single\' {braces} ⧵ back⧵'],
    ['first line\n> quoted\n*third*', 'first line\n˃ quoted\n∗third∗'],
  ];

  it.each(hostile)('PR title %j', async (title, shown) => {
    const eventPath = pullRequestEvent({ title });
    const options = { file: 'pull_request.opened.json' as const, eventPath };
    expect(await render('*{{ pr.title }}* by {{ pr.author }}', { ...options, markdown: true })).toBe(
      `*${shown}* by Codertocat`,
    );
    // With markdown off Zoom shows text as is: the value goes through unchanged.
    expect(await render('*{{ pr.title }}*', options)).toBe(`*${title}*`);
    // `| raw` is the way out for a value the author trusts.
    expect(await render('{{ pr.title | raw }}', { ...options, markdown: true })).toBe(title);
  });

  it('neutralises event, env and data values, assigned or filtered', async () => {
    const eventPath = pullRequestEvent({ head: { ref: 'fix_*all*' } });
    const text =
      '{{ github.event.pull_request.head.ref }} {{ env.NOTE }} {{ data.note }} {% assign t = pr.head | upcase %}{{ t }}';
    expect(
      await render(text, {
        markdown: true,
        file: 'pull_request.opened.json',
        eventPath,
        env: { NOTE: '<!all>' },
        data: { note: '`x`' },
      }),
    ).toBe('fixˍ∗all∗ ˂!all˃ ˋxˋ FIXˍ∗ALL∗');
  });

  it('truncates a very long hostile title before neutralising it', async () => {
    const eventPath = pullRequestEvent({ title: `${'*'.repeat(10_000)}tail` });
    const text = await render('{{ pr.title | truncate: 10 }}', {
      markdown: true,
      file: 'pull_request.opened.json',
      eventPath,
    });
    expect(text).toBe('∗∗∗∗∗∗∗...');
  });

  it("keeps any value whole between the template's own markup (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 60 }), async (value) => {
        const text = await render('*{{ data.v }}* <{{ run_url | raw }}|run>', {
          markdown: true,
          data: { v: value },
        });
        expect(text).toBe(
          `*${neutralise(value)}* <https://github.com/Codertocat/Hello-World/actions/runs/1234567890|run>`,
        );
        expect(text.match(/\*/g)).toHaveLength(2);
        expect(text.match(/</g)).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });

  it('passes any value through unchanged with markdown off, never evaluating it (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (value) => {
        expect(await render('{{ data.v }}', { data: { v: value } })).toBe(value);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the mention filter', () => {
  it.each([
    ['{{ "all" | mention }} failed', {}, '<!all> failed'],
    ['{{ "abc@xmpp.zoom.us" | mention: "Ana" }}', {}, '<!abc@xmpp.zoom.us|Ana>'],
    [
      '{{ data.oncall | mention: data.name }}',
      { oncall: 'x1@xmpp.zoom.us', name: 'On *call*' },
      '<!x1@xmpp.zoom.us|On ∗call∗>',
    ],
    ['{{ env.ONCALL | mention: pr.author }}', {}, '<!oncall@xmpp.zoom.us|>'],
  ])('%j', async (text, data, expected) => {
    if (expected.endsWith('|>')) {
      // A name that renders empty is refused: Zoom's markup needs one.
      expect(await failure(text, { markdown: true, data, env: { ONCALL: 'oncall@xmpp.zoom.us' } })).toContain(
        'a user mention needs the name to show',
      );
      return;
    }
    expect(await render(text, { markdown: true, data })).toBe(expected);
  });

  it('needs markdown on, and says so', async () => {
    expect(await failure('{{ "all" | mention }}')).toContain(
      "Input 'content' at content.body[0].text: the mention filter needs is_markdown_support: true",
    );
  });

  it.each([
    ['{{ pr.title | mention }}', "not 'pr.title'"],
    ['{{ github.event.sender.login | mention: "x" }}', "not 'github.event.sender.login'"],
    ['{% assign who = "all" %}{{ who | mention }}', "not 'who'"],
    ['{% if true %}{{ commits.first.author | mention: "x" }}{% endif %}', "not 'commits.first.author'"],
  ])('refuses an event value: %j', async (text, message) => {
    const error = await failure(text, { markdown: true });
    expect(error).toContain('the mention filter takes a JID you wrote');
    expect(error).toContain(message);
  });

  it('cannot be reached by a PR titled "all"', async () => {
    const eventPath = pullRequestEvent({ title: 'all' });
    const options = { markdown: true, file: 'pull_request.opened.json' as const, eventPath };
    expect(await failure('{{ pr.title | mention }}', options)).toContain('takes a JID you wrote');
    expect(await render('{{ pr.title }}', options)).toBe('all');
  });
});
