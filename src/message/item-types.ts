// Zoom's card body item types, and Zoom's item for a name that other chat cards use.

import { suggest } from './suggest.js';

// The union in Zoom's SDK typings (the body of `CardContent` in `@zoom/rivet/chatbot`) and the card
// pages' types, and no others; test/item-types.test.ts holds it to the SDK.
/** The `type` of every card body item Zoom defines. */
// biome-ignore format: a list of names reads best a few to a line
export const ITEM_TYPES = [
  'message', 'fields', 'actions', 'select', 'attachments', 'file', 'divider', 'progress_bar', 'section',
  'page', 'alert', 'images',
  // Only on Zoom's card pages (a single image): the SDK's union has `images` alone.
  'image',
  'datepicker', 'timepicker', 'radio_buttons', 'checkboxes', 'plain_text_input', 'video',
] as const;

/** One of Zoom's body item types. */
export type ItemType = (typeof ITEM_TYPES)[number];

/** True for a type Zoom defines. */
export function isItemType(type: string): type is ItemType {
  return (ITEM_TYPES as readonly string[]).includes(type);
}

// Names from other chat platforms' cards (or guessed), each with what Zoom writes for the thing.
const ZOOM_WAY = new Map<string, string>([
  ['header', "the card's head (head: { text: ... } beside body, not a body item)"],
  ['styled_text', "'message' with a style"],
  ['plain_text', "'message'"],
  ['context', "'message'"],
  ['link', "'message' with a link"],
  ['dropdown', "'select'"],
  ['multi_select', "'checkboxes' (several choices) or 'select' (one)"],
  ['form_field', "'fields' with editable: true, or 'plain_text_input'"],
  ['input', "'plain_text_input'"],
  ['textarea', "'plain_text_input' with multiline: true"],
  ['radio', "'radio_buttons'"],
  ['radio_group', "'radio_buttons'"],
  ['checkbox', "'checkboxes'"],
  ['checkbox_group', "'checkboxes'"],
  ['switch', "'checkboxes' with a style (Zoom's switch group)"],
  ['switch_group', "'checkboxes' with a style (Zoom's switch group)"],
  ['stepper', "'progress_bar' (steps done) or 'plain_text_input' (a number)"],
  ['member_select', "'select' with static_source: members"],
  ['channel_select', "'select' with static_source: channels"],
  ['overflow', "'actions' (buttons) or 'select' (a menu)"],
  ['footer', "a 'section' with a footer"],
  ['feedback_buttons', "'actions'"],
  ['app_modal', "'actions' (a button; the bot's endpoint answers it)"],
  ['zoom_app', "'actions' (a button; the bot's endpoint answers it)"],
]);

/** " (did you mean ...?)" for a type Zoom does not have: Zoom's item for a known stand-in, else the nearest spelling. */
export function itemTypeHint(type: string): string {
  const zoomWay = ZOOM_WAY.get(type.toLowerCase());
  return zoomWay ? ` (did you mean ${zoomWay}?)` : suggest(type, ITEM_TYPES);
}
