// The YAML that message cards are written in, parsed without the YAML library: block mappings and
// sequences of one-line scalars. Loading and first use of the library cost a step ~10 ms (npm run
// bench); a card outside this subset, or anything this is unsure of, goes to the library, which
// also writes the error messages.

interface Line {
  indent: number;
  text: string;
}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?$/;
const ITEM_LINE = /^-(?: +(.*))?$/;
const RESERVED_KEY = /^(__proto__|true|false|null|yes|no|on|off|y|n)$/i;

class Unsure extends Error {}

/**
 * Parses `text` when it is a block mapping of the card subset; undefined when it is not (or may not
 * be), for the YAML library to parse. Where it returns a value, the library returns the same.
 */
export function parseYamlSubset(text: string): Record<string, unknown> | undefined {
  // Only spaces indent YAML; tabs, CR, other white space and control characters are left to it.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
  if (/[^\S \n]|[\x00-\x09\x0b-\x1f\x7f]/.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const body = raw.replace(/^ +/, '');
    // Blank lines and whole-line comments mean nothing in block context.
    if (body === '' || body.startsWith('#')) continue;
    lines.push({ indent: raw.length - body.length, text: body.replace(/ +$/, '') });
  }
  const first = lines[0];
  if (!first || !KEY_LINE.test(first.text)) return undefined;
  try {
    const position = { next: 0 };
    const value = parseMapping(lines, position, first.indent);
    return position.next === lines.length ? value : undefined;
  } catch (error) {
    if (error instanceof Unsure) return undefined;
    throw error;
  }
}

function parseMapping(
  lines: Line[],
  position: { next: number },
  indent: number,
): Record<string, unknown> {
  const mapping: Record<string, unknown> = {};
  for (
    let line = lines[position.next];
    line && line.indent >= indent;
    line = lines[position.next]
  ) {
    if (line.indent > indent) throw new Unsure();
    const match = KEY_LINE.exec(line.text);
    const key = match?.[1];
    // A key YAML reads as a boolean or null (True, NULL, ...) is the library's to name.
    if (key === undefined || RESERVED_KEY.test(key) || Object.hasOwn(mapping, key)) {
      throw new Unsure();
    }
    position.next++;
    const rest = match?.[2] ?? '';
    mapping[key] = rest === '' ? parseNested(lines, position, indent) : scalar(rest);
  }
  return mapping;
}

// The block under `key:`: a mapping indented further, or a sequence indented further or not at all.
function parseNested(lines: Line[], position: { next: number }, indent: number): unknown {
  const line = lines[position.next];
  if (!line) throw new Unsure();
  if (ITEM_LINE.test(line.text) && line.indent >= indent) {
    return parseSequence(lines, position, line.indent);
  }
  if (line.indent > indent && KEY_LINE.test(line.text)) {
    return parseMapping(lines, position, line.indent);
  }
  throw new Unsure();
}

function parseSequence(lines: Line[], position: { next: number }, indent: number): unknown[] {
  const sequence: unknown[] = [];
  for (
    let line = lines[position.next];
    line && line.indent >= indent;
    line = lines[position.next]
  ) {
    if (line.indent > indent) throw new Unsure();
    const item = ITEM_LINE.exec(line.text)?.[1];
    if (item === undefined) {
      // A key at the sequence's own indent ends a sequence that sits under its parent's key.
      if (KEY_LINE.test(line.text)) break;
      throw new Unsure();
    }
    if (KEY_LINE.test(item)) {
      // `- key: value` opens a mapping whose keys line up with this first one.
      lines[position.next] = { indent: indent + line.text.length - item.length, text: item };
      sequence.push(parseMapping(lines, position, indent + line.text.length - item.length));
    } else {
      position.next++;
      sequence.push(scalar(item));
    }
  }
  return sequence;
}

function scalar(text: string): unknown {
  const first = text[0];
  if (first === '"') {
    const match = /^"([^"\\]*)"$/.exec(text);
    if (!match) throw new Unsure();
    return match[1];
  }
  if (first === "'") {
    const match = /^'((?:[^']|'')*)'$/.exec(text);
    if (!match) throw new Unsure();
    return (match[1] ?? '').replace(/''/g, "'");
  }
  // YAML 1.2 core schema: these words are null and booleans, small decimal integers are numbers.
  if (text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  if (/^(?:0|[1-9][0-9]{0,14})$/.test(text)) return Number(text);
  // A plain string: starts with a letter, holds no comment (' #') and no nested key (': ').
  if (!/^[A-Za-z_]/.test(first ?? '') || text.includes(': ') || text.includes(' #')) {
    throw new Unsure();
  }
  if (text.endsWith(':')) throw new Unsure();
  return text;
}
