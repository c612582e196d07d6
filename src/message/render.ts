// Content template -> the content object sent to Zoom. Only string leaves are rendered, after
// parsing, so no value can break the structure.

import type { Context, Template } from 'liquidjs';
import { errorMessage, InputError } from '../errors.js';
import { isRecord } from '../json.js';
import { type Content, textsIn } from './content.js';
import { emptyContext, type TemplateContext } from './context.js';
import { liquidText, mentionMarkup, neutralise } from './markdown.js';
import { closest } from './suggest.js';

const TEMPLATE_MARK = /\{\{|\{%/;

// What one message's templates may cost: a value pasted in with ${{ }} may be hostile. Each limit
// is far above what a message needs; a 5 MB content_file fits.
const LIMITS = {
  /** Characters of template text parsed (LiquidJS's parseLimit, over all leaves), and rendered. */
  chars: 16 * 1024 * 1024,
  /** Tags ({{ }}, {% %}) times the length of their text, over the message: LiquidJS reads from the start per tag. */
  tagsTimesChars: 200_000_000,
  /** Characters and list items that filters and ranges build (LiquidJS's memoryLimit, per leaf). */
  memory: 10_000_000,
  /** Milliseconds for all of a message's leaves together (LiquidJS's renderLimit, per call). */
  renderMs: 5_000,
  /** Block tags inside one another: LiquidJS parses and renders them by recursion. */
  nesting: 100,
};

const TOO_LONG = `the rendered text is over ${LIMITS.chars} characters`;

// LiquidJS's words for its limits (and V8's for two more), and what the step says instead.
const LIMIT_REASONS = new Map([
  ['parse length limit exceeded', `the templates are over ${LIMITS.chars} characters`],
  ['template render limit exceeded', `rendering took over ${LIMITS.renderMs / 1000} s (a loop too long?)`],
  [
    'memory alloc limit exceeded',
    `the template built over ${LIMITS.memory} characters or list items (a value grown in a loop, or a range too large?)`,
  ],
  ['Maximum call stack size exceeded', 'tags nested too deeply'],
  ['Invalid string length', TOO_LONG],
]);

// A text to render; `where` is how errors name it: "Input 'content' at content.body[0].text".
type Leaf = { path: string; text: string; where: string };

/** Renders each string leaf of `template` over `context`; `markdown` neutralises values and allows `mention`. */
export async function renderContent(
  template: Content,
  context: TemplateContext,
  source: string,
  options: { markdown: boolean } = { markdown: false },
): Promise<Content> {
  const leaves = [...textsIn(template, 'content')]
    .filter(({ text }) => TEMPLATE_MARK.test(text))
    .map((leaf) => ({ ...leaf, where: `Input '${source}' at ${leaf.path}` }));
  if (leaves.length === 0) return template;
  const rendered = await renderLeaves(leaves, context, options.markdown);
  return replaceLeaves(template, 'content', rendered) as Content;
}

/** Renders an input that is a template on its own (`key`): the message's name checks and errors, values raw. */
export async function renderText(text: string, context: TemplateContext, input: string): Promise<string> {
  if (!TEMPLATE_MARK.test(text)) return text;
  const rendered = await renderLeaves([{ path: input, text, where: `Input '${input}'` }], context, false);
  return rendered.get(input) ?? text;
}

/** Renders each leaf; the map goes from leaf path to its text. */
async function renderLeaves(leaves: Leaf[], context: TemplateContext, markdown: boolean): Promise<Map<string, string>> {
  const rendered = new Map<string, string>();
  // Loaded only here: a message with no {{ or {% in it never needs LiquidJS.
  const liquid = await import('liquidjs');
  const engine = new liquid.Liquid({
    jsTruthy: true,
    strictFilters: true,
    ownPropertyOnly: true,
    // The date filter's locale. Left out, LiquidJS asks Intl for the machine's, which costs a step
    // ~10 ms of ICU start-up; GitHub's runners are en-US, and a fixed one writes the same everywhere.
    locale: 'en-US',
    // Every {{ value }} passes through here unless its last filter is `raw` (or `mention`); the copy
    // it makes counts against the memory limit, as LiquidJS's own filters' copies do.
    outputEscape: markdown
      ? function neutraliseValue(this: { context: Context }, value: unknown) {
          const text = neutralise(liquidText(value));
          this.context.memoryLimit.use(text.length);
          return text;
        }
      : undefined,
    parseLimit: LIMITS.chars,
    memoryLimit: LIMITS.memory,
  });
  // include, render and layout read files on the runner: a value pasted in with ${{ }} could name
  // any file. Messages are self-contained, so these tags are refused at parse time.
  for (const tag of ['include', 'render', 'layout']) {
    engine.registerTag(tag, {
      parse: () => {
        throw new Error(`the '${tag}' tag is not available: it would read files on the runner`);
      },
      render: () => '',
    });
  }
  engine.registerFilter('mention', {
    raw: true,
    handler: (target: unknown, name?: unknown) => {
      if (!markdown) throw new Error(MENTION_NEEDS_MARKDOWN);
      return mentionMarkup(target, name);
    },
  });
  // Everything is checked before anything renders: one bad leaf fails the step with no half-work.
  let budget = LIMITS.tagsTimesChars;
  const parsed = leaves.map((leaf) => {
    const length = leaf.text.length;
    budget -= countTags(leaf.text, Math.floor(budget / length) + 1) * length;
    if (budget < 0) {
      throw new InputError(
        `${leaf.where}: too many tags ({{ }} and {% %}) for a text of ${length} characters: tags times the characters of their text may add up to ${LIMITS.tagsTimesChars} in a message. Expected fewer tags (a {% for %} loop over a list), or a shorter text.`,
      );
    }
    // Checked here, not left to a stack overflow, whose depth depends on the stack Node was given.
    const depth = nestingDepth(leaf.text);
    if (depth > LIMITS.nesting) {
      throw new InputError(
        `${leaf.where}: tags nested ${depth} deep; at most ${LIMITS.nesting} block tags ({% if %}, {% for %}, …) may sit inside one another.`,
      );
    }
    let templates: Template[];
    try {
      templates = engine.parse(leaf.text);
    } catch (error) {
      throw templateError(leaf.where, error);
    }
    checkNames(templates, liquid, leaf.where);
    checkMentions(templates, liquid, markdown, leaf.where);
    return { leaf, templates };
  });
  const deadline = performance.now() + LIMITS.renderMs;
  let written = 0;
  for (const { leaf, templates } of parsed) {
    let text: string;
    try {
      text = await engine.render(templates, context, { renderLimit: deadline - performance.now() });
    } catch (error) {
      throw templateError(leaf.where, error);
    }
    // LiquidJS counts what filters build, not what {{ }} writes: a value printed in a loop grows here.
    written += text.length;
    if (written > LIMITS.chars) throw new InputError(`${leaf.where}: template error: ${TOO_LONG}`);
    rendered.set(leaf.path, text);
  }
  return rendered;
}

const MENTION_NEEDS_MARKDOWN =
  "the mention filter needs is_markdown_support: true (Zoom only reads mention markup in markdown). Expected is_markdown_support: 'true' on this step";

type LiquidModule = typeof import('liquidjs');

// A misspelt name would render empty and nobody would notice; LiquidJS's strictVariables would also
// break `| default`, so names are checked statically against an empty context (github.event, env, data free).
function checkNames(templates: Template[], liquid: LiquidModule, where: string): void {
  const { globals } = liquid.analyzeSync(templates, { partials: false });
  const known = emptyContext();
  for (const { segments, location } of Object.values(globals).flat()) {
    const problem = unknownName(segments, known);
    if (problem) throw new InputError(`${where} line ${location.row}, col ${location.col}: ${problem}`);
  }
}

// Where the payload or the workflow decides what exists: names there are not checked.
const FREE_PATHS = ['github.event', 'env', 'data'];

/** Why `segments` names nothing in `known` (a context without values), or undefined when it may. */
function unknownName(segments: readonly (string | number | object)[], known: TemplateContext): string | undefined {
  let value: unknown = known;
  let path = '';
  for (const segment of segments) {
    // A computed segment (github[name]) cannot be checked before the run.
    if (typeof segment === 'object' || FREE_PATHS.includes(path)) return undefined;
    const here = path === '' ? String(segment) : `${path}.${segment}`;
    if (Array.isArray(value)) {
      if (segment === 'size') return undefined;
      if (typeof segment !== 'number' && segment !== 'first' && segment !== 'last') {
        return `'${path}' is a list: use ${path}[0], ${path}.first, ${path}.last or ${path}.size, or {% for item in ${path} %}, not '${here}'.`;
      }
      value = value[0];
    } else if (isRecord(value)) {
      if (!Object.hasOwn(value, segment)) {
        const prefix = path === '' ? '' : `${path}.`;
        const near = closest(String(segment), Object.keys(value)).map((name) => prefix + name);
        const free = path === '' ? ' (github.event.*, env.* and data.* may hold anything)' : '';
        return `unknown name '${here}'. Closest known names: ${near.join(', ')}${free}.`;
      }
      value = value[segment];
    } else {
      return segment === 'size' ? undefined : `'${path}' is a single value: it has no '${segment}'.`;
    }
    path = here;
  }
  return undefined;
}

// The mention filter writes live markup: it takes only what the workflow author wrote (a quoted
// JID, data.* or env.*), never an event value such as a PR title that someone else chose.
function checkMentions(templates: Template[], liquid: LiquidModule, markdown: boolean, where: string): void {
  for (const value of valuesIn(templates, liquid)) {
    if (!value.filters.some((filter) => filter.name === 'mention')) continue;
    if (!markdown) throw new InputError(`${where}: ${MENTION_NEEDS_MARKDOWN}.`);
    const [first, ...rest] = value.initial.postfix;
    const source = first?.getText().trim() ?? '';
    const trusted = rest.length === 0 && (liquid.TypeGuards.isQuotedToken(first) || /^(data|env)\s*[.[]/.test(source));
    if (!trusted) {
      const [row, col] = first?.getPosition() ?? [1, 1];
      throw new InputError(
        `${where} line ${row}, col ${col}: the mention filter takes a JID you wrote, not '${source}'. Expected a quoted JID, data.<key> or env.<NAME>, as in {{ "abc123@xmpp.zoom.us" | mention: "Ana" }} or {{ "all" | mention }}.`,
      );
    }
  }
}

function* valuesIn(templates: Template[], liquid: LiquidModule): Generator<InstanceType<LiquidModule['Value']>> {
  for (const template of templates) {
    for (const argument of template.arguments?.() ?? []) {
      if (argument instanceof liquid.Value) yield argument;
    }
    if (template.children) yield* valuesIn(liquid.toValueSync(template.children(false, true)), liquid);
  }
}

const BLOCK_TAGS = new Set(['if', 'unless', 'for', 'case', 'capture', 'tablerow', 'raw', 'comment']);

/** How deep block tags nest in `text`, at the deepest. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const [, name = ''] of text.matchAll(/\{%-?\s*(\w+)/g)) {
    if (name.startsWith('end')) depth -= 1;
    else if (BLOCK_TAGS.has(name)) deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

/** How many {{ and {% `text` holds, counting no further than `limit`. */
function countTags(text: string, limit: number): number {
  const marks = new RegExp(TEMPLATE_MARK, 'g');
  let count = 0;
  while (count < limit && marks.test(text)) count += 1;
  return count;
}

// LiquidJS ends its messages with ", line:2, col:5": moved to the front, as every other message says where.
function templateError(where: string, error: unknown): InputError {
  const [line = ''] = errorMessage(error).split('\n');
  const position = /, line:(\d+), col:(\d+)$/.exec(line);
  const text = position ? line.slice(0, position.index) : line;
  const at = position ? ` line ${position[1]}, col ${position[2]}` : '';
  return new InputError(`${where}${at}: template error: ${LIMIT_REASONS.get(text) ?? text}`);
}

function replaceLeaves(value: unknown, path: string, rendered: Map<string, string>): unknown {
  if (typeof value === 'string') return rendered.get(path) ?? value;
  if (Array.isArray(value)) return value.map((item, index) => replaceLeaves(item, `${path}[${index}]`, rendered));
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [key, replaceLeaves(child, `${path}.${key}`, rendered)]),
  );
}
