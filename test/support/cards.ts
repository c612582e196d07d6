// One realistic card body per Zoom item type, in the shapes of Zoom's card pages and SDK typings
// (tsc holds every SDK item here to @zoom/rivet's own types), and the type names Zoom does not have.

import type { CardContent } from '@zoom/rivet/chatbot';
import type { ItemType } from '../../src/message/item-types.ts';

type SdkBody = NonNullable<CardContent['body']>;
type SdkItemType = SdkBody[number]['type'];

const RUN = 'https://github.com/octo-org/hello-world/actions/runs/1234567890';
const ASSETS = 'https://octo-org.github.io/hello-world/assets';

/** The body items of one card per type the SDK defines (several where Zoom has variants: pickers, switch group, textarea). */
const SDK_ITEMS = {
  message: [
    {
      type: 'message',
      text: 'Deployed octo-org/hello-world to production',
      style: { color: '#2da44e', bold: true, italic: false },
      link: RUN,
    },
  ],
  fields: [
    {
      type: 'fields',
      items: [
        { key: 'Environment', value: 'production', short: true },
        { key: 'Commit', value: '0123456', short: true },
        { key: 'Release notes', value: 'Fixes the login loop', short: false, editable: true },
      ],
    },
  ],
  actions: [
    {
      type: 'actions',
      items: [
        { text: 'Approve', value: 'approve', style: 'Primary' },
        { text: 'Details', value: 'details', style: 'Default' },
        { text: 'Roll back', value: 'rollback', style: 'Danger' },
        { text: 'Merged', value: 'merged', style: 'Disabled' },
      ],
    },
  ],
  select: [
    {
      type: 'select',
      text: 'Environment',
      selected_item: { text: 'Staging', value: 'staging' },
      select_items: [
        { text: 'Staging', value: 'staging' },
        { text: 'Production', value: 'production' },
      ],
    },
    { type: 'select', text: 'Reviewer', static_source: 'members' },
    { type: 'select', text: 'Announce in', static_source: 'channels' },
  ],
  attachments: [
    {
      type: 'attachments',
      resource_url: `${RUN}/artifacts`,
      img_url: `${ASSETS}/build.png`,
      information: { title: { text: 'Build artifacts' }, description: { text: 'hello-world-1.2.0.tar.gz, 4 MB' } },
    },
  ],
  file: [
    {
      type: 'file',
      icon_url: `${ASSETS}/log.png`,
      title: { text: 'build.log', file_url: `${RUN}/logs` },
      description: { text: 'The full build log' },
    },
  ],
  divider: [{ type: 'divider', style: { bold: false, dotted: true, color: '#d0d7de' } }],
  progress_bar: [{ type: 'progress_bar', value: 60 }],
  section: [
    {
      type: 'section',
      sidebar_color: '#2da44e',
      sections: [
        { type: 'message', text: 'All 212 tests passed' },
        { type: 'fields', items: [{ key: 'Duration', value: '3m 12s', short: true }] },
      ],
      footer: 'GitHub Actions',
      footer_icon: `${ASSETS}/actions.png`,
      ts: 1767225600000,
    },
  ],
  page: [
    {
      type: 'page',
      cur_page: 1,
      pages: [
        { pageNo: 1, body: [{ type: 'section', sections: [{ type: 'message', text: 'Changes: 1 of 2' }] }] },
        { pageNo: 2, body: [{ type: 'section', sections: [{ type: 'message', text: 'Changes: 2 of 2' }] }] },
      ],
    },
  ],
  alert: [{ type: 'alert', text: 'Deploy paused: waiting for approval', level: 'warning', closable: true }],
  images: [
    {
      type: 'images',
      cur_index: 0,
      images: [
        { image_url: `${ASSETS}/before.png`, alt_text: 'Before', image_index: 0 },
        { image_url: `${ASSETS}/after.png`, alt_text: 'After', image_index: 1 },
      ],
    },
  ],
  datepicker: [{ type: 'datepicker', initial_date: '2026-12-01', action_id: 'release_date' }],
  timepicker: [{ type: 'timepicker', initial_time: '09:30', action_id: 'release_time' }],
  radio_buttons: [
    {
      type: 'radio_buttons',
      initial_option: { value: 'canary', text: 'Canary' },
      options: [
        { value: 'canary', text: 'Canary' },
        { value: 'full', text: 'Full rollout' },
      ],
      action_id: 'rollout',
    },
  ],
  checkboxes: [
    {
      type: 'checkboxes',
      options: [
        { text: 'Run migrations', value: 'migrate', initial_selected: true },
        { text: 'Notify customers', value: 'notify' },
      ],
      action_id: 'steps',
    },
    // Zoom's switch group: checkboxes with a style (the value's name is not confirmed).
    {
      type: 'checkboxes',
      options: [{ text: 'Maintenance mode', value: 'maintenance', initial_selected: false }],
      action_id: 'switches',
      style: 'switch',
    },
  ],
  plain_text_input: [
    {
      type: 'plain_text_input',
      action_id: 'reason',
      text: 'Reason',
      value: '',
      placeholder: 'Why roll back?',
      multiline: false,
      min_length: 1,
      max_length: 200,
    },
    {
      type: 'plain_text_input',
      action_id: 'notes',
      text: 'Release notes',
      value: '',
      placeholder: 'What changed',
      multiline: true,
      min_length: 0,
      max_length: 2000,
    },
  ],
  video: [
    {
      type: 'video',
      title: { text: 'What is new in 1.2.0', is_markdown_support: false },
      action_id: 'demo',
      title_url: `${ASSETS}/demo.html`,
      video_url: `${ASSETS}/demo.mp4`,
      thumbnail_url: `${ASSETS}/demo.png`,
      author_name: 'octocat',
      provider_name: 'GitHub',
      provider_icon_url: `${ASSETS}/github.png`,
    },
  ],
} satisfies { [T in SdkItemType]: SdkBody };

/** One card body per item type Zoom defines; `image` is from the card pages, which the SDK lacks. */
export const CARD_ITEMS: { [T in ItemType]: object[] } = {
  ...SDK_ITEMS,
  image: [{ type: 'image', image_url: `${ASSETS}/diagram.png`, alt_text: 'Deploy pipeline' }],
};

/** Names Zoom defines no item for, once accepted by this action. */
export const INVENTED_TYPES = [
  'header',
  'styled_text',
  'plain_text',
  'context',
  'link',
  'dropdown',
  'form_field',
  'date_picker',
  'time_picker',
  'input',
  'textarea',
  'radio',
  'radio_group',
  'checkbox',
  'checkbox_group',
  'switch',
  'switch_group',
  'stepper',
  'member_select',
  'channel_select',
  'overflow',
  'footer',
  'feedback_buttons',
  'app_modal',
  'zoom_app',
  'multi_select',
];

/** The names a text quotes ('x'), apart from `but`. */
export function quotedTypes(text: string, but: string): string[] {
  return [...text.matchAll(/'([a-z_]+)'/g)].map((match) => match[1] as string).filter((name) => name !== but);
}
