// Zoom's content body item types, from Zoom's docs, SDK typings and card builder. Only a misspelt
// type is refused: the list is generous because refusing a type Zoom accepts would be worse than
// letting Zoom judge.

/** The body item `type`s a card may use. */
export const ITEM_TYPES: readonly string[] = [
  'message fields actions select multi_select attachments file divider progress_bar section alert',
  'images image page header styled_text plain_text context link dropdown form_field datepicker',
  'timepicker date_picker time_picker input textarea radio radio_group checkbox checkbox_group switch',
  'switch_group stepper member_select channel_select overflow footer feedback_buttons app_modal',
  'zoom_app',
]
  .join(' ')
  .split(' ');
