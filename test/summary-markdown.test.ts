// The job summary as Markdown, whole: its table, the preview of the message and the delete rows.

import { describe, expect, it } from 'vitest';
import { previewContent, summaryMarkdown } from '../src/action/summary.js';
import type { Content } from '../src/message/content.js';

describe('summaryMarkdown', () => {
  it('a send: a heading, one row per value given, and the message in a fence', () => {
    expect(
      summaryMarkdown({
        mode: 'send',
        result: 'sent',
        messageId: 'm-1',
        target: 'chan@conference.xmpp.zoom.us',
        trackingId: 'v=2.0;rid=R',
        content: { head: { text: 'Hi' } },
      }),
    ).toBe(
      [
        '### Zoom chatbot message: sent',
        '',
        '| | |',
        '| --- | --- |',
        '| Mode | send |',
        '| Result | sent |',
        '| Message id | m-1 |',
        '| Target | chan@conference.xmpp.zoom.us |',
        '| Zoom tracking id | v=2.0;rid=R |',
        '',
        'Content:',
        '',
        '```text',
        'Hi',
        '```',
        '',
      ].join('\n'),
    );
  });

  it('a dry run says what it would post; a failure gives its error', () => {
    expect(summaryMarkdown({ mode: 'edit', result: 'dry_run', content: { head: { text: 'Hi' } } })).toBe(
      [
        '### Zoom chatbot message: dry_run',
        '',
        '| | |',
        '| --- | --- |',
        '| Mode | edit |',
        '| Result | dry_run |',
        '',
        'Would post:',
        '',
        '```text',
        'Hi',
        '```',
        '',
      ].join('\n'),
    );
    expect(summaryMarkdown({ mode: 'send', result: 'failed', error: 'Zoom said `no` & <b>left</b>' })).toBe(
      [
        '### Zoom chatbot message: failed',
        '',
        '| | |',
        '| --- | --- |',
        '| Mode | send |',
        '| Result | failed |',
        '| Error | Zoom said &#96;no&#96; &amp; &lt;b&gt;left&lt;/b&gt; |',
        '',
      ].join('\n'),
    );
  });

  it('a fence of three backticks for a preview with two in a row, one more than the longest run above', () => {
    const fenced = (text: string) =>
      summaryMarkdown({ mode: 'send', result: 'sent', content: { body: [{ type: 'message', text }] } });
    expect(fenced('a `` b')).toContain('\n```text\na `` b\n```\n');
    expect(fenced('a ```` b ` c')).toContain('\n`````text\na ```` b ` c\n`````\n');
  });

  it('a delete: one row per id, at most 200, and how many more there were', () => {
    const deletes = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ messageId: `id-${i}`, outcome: i ? 'deleted' : 'failed: a | b' }));
    const two = summaryMarkdown({ mode: 'delete', result: 'failed', target: '2 message id(s)', deletes: deletes(2) });
    expect(two).toBe(
      [
        '### Zoom chatbot message: failed',
        '',
        '| | |',
        '| --- | --- |',
        '| Mode | delete |',
        '| Result | failed |',
        '| Target | 2 message id(s) |',
        '',
        '| Message id | Outcome |',
        '| --- | --- |',
        '| id-0 | failed: a \\| b |',
        '| id-1 | deleted |',
        '',
      ].join('\n'),
    );
    const exactly = summaryMarkdown({ mode: 'delete', result: 'deleted', deletes: deletes(200) });
    expect(exactly.split('\n').filter((line) => line.startsWith('| id-'))).toHaveLength(200);
    expect(exactly).not.toContain('more ids');
    const over = summaryMarkdown({ mode: 'delete', result: 'deleted', deletes: deletes(203) });
    const rows = over.split('\n').filter((line) => line.startsWith('| id-'));
    expect(rows).toHaveLength(200);
    expect(rows.at(-1)).toBe('| id-199 | deleted |');
    expect(over.endsWith('| id-199 | deleted |\n\n… and 3 more ids (see the step log).\n')).toBe(true);
    expect(summaryMarkdown({ mode: 'delete', result: 'deleted', deletes: [] })).not.toContain('Outcome');
  });
});

describe('previewContent', () => {
  it('a head alone has no blank line after it; a sub_head that is not text is left out', () => {
    expect(previewContent({ head: { text: 'Title', sub_head: { text: 3 } } })).toBe('Title');
    expect(previewContent({ head: { text: 'Title', sub_head: 'Sub' }, body: [] })).toBe('Title');
    expect(previewContent({ head: { text: 'T' }, body: [{ type: 'divider' }] })).toBe('T\n\n----');
  });

  it('shows fields, bare attachments and progress, and skips what is not an item', () => {
    const content = {
      body: [
        'not an item',
        { type: 'fields', items: [{ key: 'Env', value: 'prod' }, 'x', { key: 'Ref' }] },
        { type: 'actions', items: 'none' },
        { type: 'attachments', resource_url: 'https://x.test/a' },
        { type: 'attachments', information: { title: 'not a mapping' } },
        { type: 'progress_bar' },
        { type: 'section', footer: 42 },
        { type: 'image' },
        { type: 'alert', text: 7 },
        { type: 'message' },
      ],
    } as unknown as Content;
    expect(previewContent(content).split('\n')).toEqual([
      'Env: prod',
      'Ref: ',
      '',
      'Attachment: https://x.test/a',
      'Attachment: ',
      '[progress ]',
      '[image]',
      '[alert] ',
      '',
    ]);
  });

  it('cuts a line over 300 characters, and keeps one of exactly 300', () => {
    const preview = previewContent({
      body: [
        { type: 'message', text: 'a'.repeat(300) },
        { type: 'message', text: 'b'.repeat(301) },
      ],
    });
    expect(preview.split('\n')).toEqual(['a'.repeat(300), `${'b'.repeat(300)}…`]);
  });

  it('keeps 40 lines whole, and says how many more there were past them', () => {
    const lines = (count: number) =>
      previewContent({
        body: [{ type: 'message', text: Array.from({ length: count }, (_, i) => `l${i}`).join('\n') }],
      });
    expect(lines(40).split('\n')).toHaveLength(40);
    expect(lines(41).split('\n').slice(-2)).toEqual(['l39', '… (1 more lines)']);
  });
});
