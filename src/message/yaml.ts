// YAML (and JSON, which is YAML) as the user writes it in content, content_file, finalize and data,
// parsed with the `yaml` library, loaded only when a text needs it; errors name the input and line.

import { InputError } from '../errors.js';
import { nestsDeeperThan } from '../json.js';

/** What the error for a text that does not parse says. */
export interface ParseOptions {
  /** The form expected, for the error: "Zoom's content object (head, body, settings)". */
  expected: string;
  /** Say "quote it" for a value opened by an unquoted `{{` (message templates). */
  quoteHint: boolean;
}

// A mapping value or list item whose first character is an unquoted `{{`.
const UNQUOTED_TEMPLATE = /^\s*(?:-\s+)?(?:[^\s'"#:][^:#]*:\s+)?\{\{/;

// Far deeper than a card or toJSON(needs) goes, and well short of where a recursive walk (the YAML
// library's, JSON.stringify's, ours) runs out of stack.
const MAX_DEPTH = 100;
// The YAML library's guard against an alias bomb ("billion laughs"): an alias's expansions, counted.
const MAX_ALIAS_COUNT = 100;

/** Parses `text` as JSON when it is strict JSON, else as YAML; throws InputError naming `input`. */
export async function parseYamlOrJson(text: string, input: string, options: ParseOptions): Promise<unknown> {
  const value = await parse(text, input, options);
  if (nestsDeeperThan(value, MAX_DEPTH)) throw tooDeep(input, options);
  return value;
}

function tooDeep(input: string, options: ParseOptions): InputError {
  return new InputError(
    `Input '${input}' nests lists and mappings over ${MAX_DEPTH} levels deep. Expected ${options.expected}, nested at most ${MAX_DEPTH} levels.`,
  );
}

async function parse(text: string, input: string, options: ParseOptions): Promise<unknown> {
  // JSON.parse is already loaded: a JSON text (what toJSON() writes) needs no YAML library.
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // Not strict JSON (a flow-style YAML mapping, a trailing comma): let YAML have a go.
    }
  }
  const { LineCounter, isCollection, parseDocument, visit } = await import('yaml');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  // The library catches its own stack overflow on deep nesting and reports it as this code.
  if (document.errors.some((error) => error.code === 'RESOURCE_EXHAUSTION')) throw tooDeep(input, options);
  if (options.quoteHint) {
    const lines = text.split('\n');
    const opensTemplate = (line: number | undefined) =>
      line !== undefined && UNQUOTED_TEMPLATE.test(lines[line - 1] ?? '');
    // In YAML `text: {{ x }}` is a mapping inside a mapping, not a string: either a parse error on
    // that line or a collection used as a key (without any {{, that is another YAML mistake).
    let templateLine = document.errors.map((error) => error.linePos?.[0].line).find(opensTemplate);
    visit(document, {
      Pair(_, { key }) {
        const line = isCollection(key) && key.range ? lineCounter.linePos(key.range[0]).line : undefined;
        if (templateLine === undefined && opensTemplate(line)) templateLine = line;
      },
    });
    if (templateLine !== undefined) {
      throw new InputError(
        `Input '${input}' line ${templateLine}: a YAML value that starts with '{{' must be quoted, as in text: "{{ github.actor }}" (found: ${lines[templateLine - 1]?.trim()}).`,
      );
    }
  }
  const [error] = document.errors;
  if (error) {
    const where = error.linePos ? ` line ${error.linePos[0].line}` : '';
    const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(
      `Input '${input}'${where} is not valid YAML or JSON: ${reason}. Expected ${options.expected}.`,
    );
  }
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The library's words: "Excessive alias count indicates a resource exhaustion attack".
    if (!(error instanceof ReferenceError)) throw error;
    throw new InputError(
      `Input '${input}': its YAML aliases (*name) expand past ${MAX_ALIAS_COUNT} copies, as an alias bomb does. Expected ${options.expected}, with few aliases.`,
    );
  }
}
