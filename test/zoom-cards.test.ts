// Cards as Zoom's pages write them, one per item type, sent by the action to the Zoom simulator
// (which knows Zoom's item types on its own): each is posted as written. A type Zoom does not
// define fails the step before any call, with Zoom's item for it.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ITEM_TYPES } from '../src/message/item-types.ts';
import type { ActionRun } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { CARD_ITEMS, INVENTED_TYPES, quotedTypes } from './support/cards.ts';
import { runInProcess } from './support/in-process.ts';

type Card = { body: { sections: { type: string }[] }[] };

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

function send(content: string): Promise<ActionRun> {
  return runInProcess({ inputs: { ...zoomInputs(zoom), content } });
}

/** The card for `type`: its items at the top level and, where Zoom allows it, inside a section too. */
function cardFor(type: keyof typeof CARD_ITEMS): object {
  const items = CARD_ITEMS[type];
  const nested = type === 'section' || type === 'page' ? [] : [{ type: 'section', sections: items }];
  return { head: { text: `A ${type} card` }, body: [...items, ...nested] };
}

describe("every item type Zoom defines, as Zoom's pages write it", () => {
  it.each(ITEM_TYPES)('%s: posted as written', async (type) => {
    const card = cardFor(type);
    const run = await send(JSON.stringify(card, null, 2));
    expect(run.commands('error')).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.result).toBe('sent');
    const sends = zoom.requests.filter((request) => request.path === '/v2/im/chat/messages');
    expect(sends.map((request) => request.status)).toEqual([201]);
    expect(sends[0]?.body).toMatchObject({ content: card });
    expect([...zoom.messages.values()].map((message) => message.content)).toEqual([card]);
  });

  it('as YAML too: checkboxes, radio buttons, an input and a video inside a section', async () => {
    const yaml = [
      'head:',
      '  text: Release 1.2.0',
      'body:',
      '  - type: section',
      '    sections:',
      '      - type: checkboxes',
      '        action_id: steps',
      '        options:',
      '          - { text: Run migrations, value: migrate, initial_selected: true }',
      '      - type: radio_buttons',
      '        action_id: rollout',
      '        initial_option: { value: canary, text: Canary }',
      '        options: [{ value: canary, text: Canary }, { value: full, text: Full rollout }]',
      '      - type: plain_text_input',
      '        action_id: notes',
      '        multiline: true',
      '        placeholder: What changed',
      '      - type: video',
      '        video_url: https://octo-org.github.io/demo.mp4',
      '        title: { text: Demo }',
    ].join('\n');
    const run = await send(yaml);
    expect(run.exitCode).toBe(0);
    const [content] = [...zoom.messages.values()].map((message) => message.content as Card);
    const types = content?.body[0]?.sections.map((item) => item.type);
    expect(types).toEqual(['checkboxes', 'radio_buttons', 'plain_text_input', 'video']);
  });
});

describe('the card rule reads YAML as YAML', () => {
  const posted = () => [...zoom.messages.values()].map((message) => message.content);

  it.each([
    ['comments', '# Posted by the deploy job\n# (a card)\nhead:\n  text: Deployed\nbody:\n  - type: divider\n'],
    ['a document marker', '---\nhead:\n  text: Deployed\nbody:\n  - type: divider\n'],
    ['both', '# deploy.yml\n--- # the card\n\nhead:\n  text: Deployed # shipped\nbody:\n  - type: divider\n'],
  ])('a card after %s is a card', async (_, content) => {
    const run = await send(content);
    expect(run.exitCode).toBe(0);
    expect(posted()).toEqual([{ head: { text: 'Deployed' }, body: [{ type: 'divider' }] }]);
  });

  it.each(['# Deployed', '# Deployed\nAll 212 tests passed', '---\nDeployed'])('%j is text', async (content) => {
    const run = await send(content);
    expect(run.exitCode).toBe(0);
    expect(posted()).toEqual([{ body: [{ type: 'message', text: content }] }]);
  });
});

describe('a type Zoom does not define', () => {
  it.each(INVENTED_TYPES)("%s: the step fails before any call, naming Zoom's item", async (type) => {
    const run = await send(`head:\n  text: Deployed\nbody:\n  - type: section\n    sections:\n      - type: ${type}\n`);
    expect(run.exitCode).toBe(1);
    expect(run.outputs.result).toBe('failed');
    expect(zoom.requests).toEqual([]);
    const errors = run.commands('error');
    expect(errors).toHaveLength(1);
    const error = errors[0] as string;
    expect(error).toContain(`at content.body[0].sections[0].type has an unknown type '${type}' (did you mean `);
    const named = quotedTypes(error.replace("Input 'content'", ''), type);
    for (const name of named) expect(ITEM_TYPES, error).toContain(name);
  });
});
