// The job summary: what was done, to what, with a readable preview; nothing secret.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { previewContent, summaryMarkdown } from '../src/action/summary.js';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { runInProcess as runAction } from './support/in-process.ts';

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

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...zoomInputs(zoom),
    ...extra,
  };
}

describe('job summary (end to end)', () => {
  it('a send: mode, result, message id, target and the rendered content', async () => {
    const run = await runAction({
      inputs: inputs({
        content: [
          'head:',
          '  text: "Deployed {{ github.repository }}"',
          'body:',
          '  - type: message',
          '    text: "by {{ github.actor }}"',
          '  - type: fields',
          '    items:',
          '      - { key: Env, value: prod }',
        ].join('\n'),
      }),
    });
    expect(run.exitCode).toBe(0);
    const id = run.outputs.message_id as string;
    expect(run.summary).toContain('### Zoom chatbot message: sent');
    expect(run.summary).toContain('| Mode | send |');
    expect(run.summary).toContain('| Result | sent |');
    expect(run.summary).toContain(`| Message id | ${id} |`);
    expect(run.summary).toContain(`| Target | ${zoom.options.channels[0]} |`);
    expect(run.summary).toMatch(/\| Zoom tracking id \| v=2\.0;clid=sim;rid=SIM_\w+ \|/);
    expect(run.summary).toContain('```text\nDeployed octo-org/hello-world\n\nby octocat\nEnv: prod\n```');
    expect(run.summary).not.toContain(zoom.options.clientSecret);
  });

  it('a failure says why', async () => {
    const run = await runAction({ inputs: inputs({ content: 'x', to_jid: 'nowhere@conference.xmpp.zoom.us' }) });
    expect(run.exitCode).toBe(1);
    expect(run.summary).toContain('| Result | failed |');
    expect(run.summary).toContain('| Error | Zoom send failed: HTTP 403, code 7004');
  });

  it('a delete lists every id with its outcome', async () => {
    const sent = await runAction({ inputs: inputs({ content: 'bye' }) });
    const id = sent.outputs.message_id as string;
    const run = await runAction({ inputs: inputs({ mode: 'delete', message_id: `${id} gone` }) });
    expect(run.exitCode).toBe(0);
    expect(run.summary).toContain('| Mode | delete |');
    expect(run.summary).toContain('| Target | 2 message id(s) |');
    expect(run.summary).toContain(`| ${id} | deleted |`);
    expect(run.summary).toContain('| gone | already gone (404, code 8001) |');
  });
});

describe('summaryMarkdown and previewContent', () => {
  it('keeps table cells on one line and free of HTML and column breaks', () => {
    const markdown = summaryMarkdown({
      mode: 'send',
      result: 'failed',
      error: 'a | b <script>x</script>\nnext',
    });
    expect(markdown).toContain('| Error | a \\| b &lt;script&gt;x&lt;/script&gt; next |');
  });

  it('fences the preview with more backticks than it holds', () => {
    const markdown = summaryMarkdown({
      mode: 'send',
      result: 'sent',
      content: { body: [{ type: 'message', text: 'code: ```js```' }] },
    });
    expect(markdown).toContain('````text\ncode: ```js```\n````');
  });

  it('previews every common item type', () => {
    const preview = previewContent({
      head: { text: 'Title', sub_head: { text: 'Sub' } },
      body: [
        { type: 'message', text: 'line 1\nline 2' },
        { type: 'actions', items: [{ text: 'Approve' }, { text: 'Reject' }] },
        { type: 'divider' },
        {
          type: 'attachments',
          resource_url: 'https://x.test/a',
          information: { title: { text: 'Report' } },
        },
        { type: 'progress_bar', value: 40 },
        { type: 'section', sections: [{ type: 'message', text: 'inside' }], footer: 'foot' },
        { type: 'alert', text: 'careful' },
      ],
    });
    expect(preview.split('\n')).toEqual([
      'Title',
      'Sub',
      '',
      'line 1',
      'line 2',
      '[Approve] [Reject]',
      '----',
      'Attachment: Report https://x.test/a',
      '[progress 40]',
      'inside',
      'foot',
      '[alert] careful',
    ]);
  });

  it('cuts a long preview short', () => {
    const body = Array.from({ length: 60 }, (_, i) => ({ type: 'message', text: `line ${i}` }));
    const lines = previewContent({ body }).split('\n');
    expect(lines).toHaveLength(41);
    expect(lines[40]).toBe('… (20 more lines)');
  });
});
