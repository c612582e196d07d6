// Deleting 100 messages against a simulator that answers in 50 ms and enforces a per-account limit
// per second, as Zoom does: within Business's 60 a second, and paced to Pro's 20 without hammering;
// and 200 through a storm of 429s, after which the pace climbs back (test/pacer.test.ts has its arithmetic).
// Counts and order only: how long it takes is the benchmark's business (npm run bench).

import { afterEach, describe, expect, it } from 'vitest';
import { startZoomSimulator, type ZoomSimulator } from '../tools/zoom-simulator.ts';
import { runInProcess as runAction } from './support/in-process.ts';

let zoom: ZoomSimulator | undefined;

afterEach(async () => {
  await zoom?.close();
  zoom = undefined;
});

async function deleteHundred(ratePerSecond: number, count = 100, faults?: (sim: ZoomSimulator) => void) {
  zoom = await startZoomSimulator({ latencyMs: 50, ratePerSecond });
  const sim = zoom;
  faults?.(sim);
  const ids = Array.from({ length: count }, (_, i) => {
    const id = `bulk_${String(i).padStart(3, '0')}`;
    sim.messages.set(id, {
      id,
      robotJid: sim.options.robotJid,
      toJid: sim.options.channels[0] as string,
      accountId: sim.options.accountId,
      content: { head: { text: id } },
      isMarkdown: false,
      sentTime: '2026-01-01 00:00:00',
      edits: 0,
    });
    return id;
  });
  const result = await runAction({
    inputs: {
      mode: 'delete',
      message_id: ids.join('\n'),
      token: sim.mintToken(),
      api_url: sim.apiUrl,
      robot_jid: sim.options.robotJid,
      account_id: sim.options.accountId,
    },
  });
  const statuses = sim.requests.map((r) => r.status);
  const deletedPaths = sim.requests.filter((r) => r.status === 200).map((r) => r.path);
  return {
    ids,
    result,
    /** Each id's path, once per successful DELETE, sorted. */
    deletedPaths: deletedPaths.sort(),
    requests: statuses.length,
    ok: statuses.filter((s) => s === 200).length,
    limited: statuses.filter((s) => s === 429).length,
    remaining: sim.messages.size,
  };
}

describe('bulk delete of 100 ids, 50 ms latency', () => {
  it('at 60 a second (Business): every id deleted once, in order, no more than a few 429s', async () => {
    const run = await deleteHundred(60);
    expect(run.result.exitCode).toBe(0);
    expect(run.remaining).toBe(0);
    expect(run.ok).toBe(100);
    // The pacer's start (a burst of 8, then 50 a second) keeps under 60 in any second.
    expect(run.limited).toBeLessThanOrEqual(3);
    expect(run.requests).toBe(100 + run.limited);
    expect(run.deletedPaths).toEqual(run.ids.map((id) => `/v2/im/chat/messages/${id}`));
    expect(run.result.outputs.deleted_ids?.split('\n')).toEqual(run.ids);
    expect(run.result.stdout).toContain('Deleted 100 of 100 Zoom message(s); 0 already gone, 0 failed.');
  });

  it('at 20 a second (Pro): all deleted, paced to the limit rather than hammering it', async () => {
    const run = await deleteHundred(20);
    expect(run.result.exitCode).toBe(0);
    expect(run.remaining).toBe(0);
    expect(run.ok).toBe(100);
    // The first second teaches the limit: a few 429s, then none (each retried, none lost).
    expect(run.limited).toBeGreaterThan(0);
    expect(run.limited).toBeLessThanOrEqual(5);
    expect(run.requests).toBe(100 + run.limited);
    expect(run.deletedPaths).toEqual(run.ids.map((id) => `/v2/im/chat/messages/${id}`));
    expect(run.result.outputs.deleted_ids?.split('\n')).toEqual(run.ids);
    expect(run.result.commands('warning')).toEqual([]);
  }, 20_000);
});

describe('bulk delete of 200 ids through a storm of 429s, 50 ms latency', () => {
  it('2.5 s of 429s (Retry-After 1) from the first delete, then 60 a second: every id deleted once', async () => {
    const storm = (sim: ZoomSimulator) => {
      let from: number | undefined;
      sim.onRequest((req) => {
        if (req.method !== 'DELETE') return undefined;
        from ??= performance.now();
        if (performance.now() - from >= 2500) return undefined;
        return {
          kind: 'respond',
          status: 429,
          body: { code: 429, message: 'Too many requests.' },
          headers: { 'retry-after': '1' },
        };
      });
    };
    const run = await deleteHundred(60, 200, storm);
    expect(run.result.exitCode).toBe(0);
    expect(run.remaining).toBe(0);
    expect(run.ok).toBe(200);
    expect(run.limited).toBeGreaterThan(0);
    expect(run.requests).toBe(200 + run.limited);
    expect(run.deletedPaths).toEqual(run.ids.map((id) => `/v2/im/chat/messages/${id}`));
    expect(run.result.outputs.deleted_ids?.split('\n')).toEqual(run.ids);
    expect(run.result.stdout).toContain('Deleted 200 of 200 Zoom message(s); 0 already gone, 0 failed.');
    expect(run.result.commands('warning')).toEqual([]);
    // About 10 s here, mostly waiting; before the pace climbed back it took 36 s.
  }, 30_000);
});
