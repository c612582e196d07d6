// The card body item types: Zoom's, all of them and only them. The list is held to the SDK's
// typings at the type level (tsc checks this file: `npm run typecheck`), and to the simulator's
// own list; a type Zoom does not define is refused with Zoom's item for it.

import type { CardContent } from '@zoom/rivet/chatbot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseContent } from '../src/message/content.ts';
import { ITEM_TYPES, type ItemType, itemTypeHint } from '../src/message/item-types.ts';
import { ZOOM_ITEM_TYPES } from '../tools/zoom-simulator.ts';
import { INVENTED_TYPES, quotedTypes } from './support/cards.ts';

/** Every body item `type` in Zoom's SDK (@zoom/rivet 0.4.0: pages, sections and the body elements). */
type SdkItemType = NonNullable<CardContent['body']>[number]['type'];
/** Types on Zoom's card pages that the SDK's union lacks: a single `image` (the SDK has `images`). */
type CardPageOnly = 'image';

// Fails to compile when the SDK has a type the list lacks, or the list one neither the SDK nor a card page has.
expectTypeOf<ItemType>().toEqualTypeOf<SdkItemType | CardPageOnly>();
expectTypeOf<(typeof ZOOM_ITEM_TYPES)[number]>().toEqualTypeOf<SdkItemType | CardPageOnly>();
// And what is said to come from the card pages alone really is missing from the SDK.
expectTypeOf<Extract<CardPageOnly, SdkItemType>>().toEqualTypeOf<never>();

async function failure(text: string): Promise<string> {
  try {
    await parseContent(text, 'content');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected parseContent to throw');
}

describe("the list is Zoom's", () => {
  it('holds 19 types, once each, the same as the simulator knows on its own', () => {
    expect(ITEM_TYPES).toHaveLength(19);
    expect(new Set(ITEM_TYPES).size).toBe(19);
    expect([...ITEM_TYPES].sort()).toEqual([...ZOOM_ITEM_TYPES].sort());
  });

  it.each(INVENTED_TYPES)('has no %s', (type) => {
    expect(ITEM_TYPES).not.toContain(type);
    expect(ZOOM_ITEM_TYPES).not.toContain(type);
  });
});

describe('a type Zoom does not define', () => {
  it.each(INVENTED_TYPES)("%s: refused at its path, with Zoom's item for it", async (type) => {
    const message = await failure(`body:\n  - type: message\n    text: a\n  - type: ${type}\n`);
    expect(message).toMatch(
      new RegExp(
        `^Input 'content' at content\\.body\\[1\\]\\.type has an unknown type '${type}' \\(did you mean .+\\?\\)\\. Expected one of: `,
      ),
    );
    expect(message).toContain(`Expected one of: ${ITEM_TYPES.join(', ')}.`);
    const named = quotedTypes(message.replace("Input 'content'", ''), type);
    for (const name of named) expect(ITEM_TYPES, message).toContain(name);
  });

  it.each(INVENTED_TYPES.filter((type) => type !== 'header'))('%s: the hint names a Zoom type', (type) => {
    expect(quotedTypes(itemTypeHint(type), type).length).toBeGreaterThan(0);
  });

  it.each([
    ['checkbox', "(did you mean 'checkboxes'?)"],
    ['checkbox_group', "(did you mean 'checkboxes'?)"],
    ['date_picker', "(did you mean 'datepicker'?)"],
    ['time_picker', "(did you mean 'timepicker'?)"],
    ['radio', "(did you mean 'radio_buttons'?)"],
    ['radio_group', "(did you mean 'radio_buttons'?)"],
    ['input', "(did you mean 'plain_text_input'?)"],
    ['textarea', "(did you mean 'plain_text_input' with multiline: true?)"],
    ['switch', "(did you mean 'checkboxes' with a style (Zoom's switch group)?)"],
    ['switch_group', "(did you mean 'checkboxes' with a style (Zoom's switch group)?)"],
    ['member_select', "(did you mean 'select' with static_source: members?)"],
    ['channel_select', "(did you mean 'select' with static_source: channels?)"],
    ['dropdown', "(did you mean 'select'?)"],
    ['header', "(did you mean the card's head (head: { text: ... } beside body, not a body item)?)"],
    ['footer', "(did you mean a 'section' with a footer?)"],
    ['Checkbox', "(did you mean 'checkboxes'?)"],
  ])('%s -> %s', async (type, hint) => {
    expect(await failure(`{"body": [{"type": "${type}"}]}`)).toContain(`unknown type '${type}' ${hint}. Expected`);
  });

  it('inside a section too, at its path', async () => {
    const card =
      'body:\n  - type: section\n    sections:\n      - type: message\n        text: a\n      - type: checkbox\n';
    expect(await failure(card)).toContain(
      "at content.body[0].sections[1].type has an unknown type 'checkbox' (did you mean 'checkboxes'?).",
    );
  });

  it('a misspelling of a Zoom type still gets the nearest spelling, and nonsense gets none', () => {
    expect(itemTypeHint('mesage')).toBe(" (did you mean 'message'?)");
    expect(itemTypeHint('radio_button')).toBe(" (did you mean 'radio_buttons'?)");
    expect(itemTypeHint('plain_text_inpt')).toBe(" (did you mean 'plain_text_input'?)");
    expect(itemTypeHint('qwertyuiop')).toBe('');
    expect(itemTypeHint('constructor')).toBe('');
  });
});
