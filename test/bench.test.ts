// npm run bench works: a tiny run has every row, paired with its floor, sane figures, the budgets
// and the JSON file; its pure parts compute what they say. Timings are not asserted: they belong to
// the machine, not to the code.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minify } from 'terser';
import { describe, expect, it } from 'vitest';
import {
  type BenchReport,
  floorFirst,
  formatReport,
  judgeBudgets,
  LIMITS,
  layoutOf,
  looksMinified,
  paceSchedule,
  pairedRatio,
  type RowResult,
  runBench,
  spread,
} from '../scripts/bench.ts';
import { createPacer, DEFAULT_BURST, DEFAULT_CONCURRENCY, DEFAULT_RATE_PER_SECOND } from '../src/zoom/pacer.ts';

describe('scripts/bench.ts', () => {
  it('measures every row on a tiny run, each paired with its floor, and writes the JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
    try {
      const outFile = join(dir, 'nested', 'latest.json');
      const report = await runBench({ rounds: 2, bulkIds: 5, bulkRuns: 1, outFile });
      const written = JSON.parse(readFileSync(outFile, 'utf8')) as BenchReport;
      expect(written.rows.map((row) => row.id)).toEqual(report.rows.map((row) => row.id));
      const floors: Record<string, string | null> = {
        startup: null,
        'floor-fetch': 'startup',
        'floor-http': 'startup',
        'floor-credentials': null,
        'floor-edit': null,
        'floor-delete': null,
        'action-send-token': 'floor-fetch',
        'action-post': 'startup',
        'action-send-plain': 'floor-fetch',
        'action-send-card': 'floor-fetch',
        'action-send-filter': 'floor-fetch',
        'action-send-credentials': 'floor-credentials',
        'action-edit': 'floor-edit',
        'action-delete': 'floor-delete',
      };
      expect(Object.fromEntries(written.rows.map((row) => [row.id, row.floor]))).toEqual(floors);
      expect(written.rows.map((row) => row.id)).toEqual(Object.keys(floors));
      const expectedRequests: Record<string, number> = {
        startup: 0,
        'action-post': 0,
        'floor-credentials': 2,
        'action-send-credentials': 2,
        'floor-delete': 10,
        'action-delete': 10,
      };
      // A command runs once a round in every pair it is in: node -e 0 is the floor of three rows,
      // the fetch floor of five and a row once.
      const pairsIn: Record<string, number> = { startup: 3, 'floor-fetch': 5 };
      for (const row of written.rows) {
        expect(row.failures, `${row.id}: ${row.failureSample}`).toBe(0);
        expect(row.runs, row.id).toBe(2 * (pairsIn[row.id] ?? 1));
        expect(row.wallMs.min).toBeGreaterThan(0);
        expect(row.wallMs.min).toBeLessThanOrEqual(row.wallMs.median);
        expect(row.wallMs.median).toBeLessThanOrEqual(row.wallMs.max);
        expect(row.wallMs.max).toBeLessThan(30_000);
        if (row.floor) {
          expect(row.pairedRatioToFloor).toBeGreaterThan(0);
          expect(row.ratioToFloor).toBeGreaterThan(0);
        } else {
          expect([row.pairedRatioToFloor, row.ratioToFloor, row.cpuRatioToFloor]).toEqual([null, null, null]);
        }
        const requests = expectedRequests[row.id] ?? 1;
        expect(row.requests, row.id).toEqual({ min: requests, max: requests });
        if (written.meter.startsWith('wait4') || written.meter.startsWith('GNU time')) {
          expect(row.peakRssMiB?.median).toBeGreaterThan(5);
          expect(row.peakRssMiB?.median).toBeLessThan(1024);
          expect(row.cpuMs?.median).toBeGreaterThan(0);
          expect(row.cpuMs?.median).toBeLessThan(30_000);
          if (row.floor) expect(row.cpuRatioToFloor).toBeGreaterThan(0);
        }
      }
      expect(written.load.start).toBeGreaterThanOrEqual(0);
      expect(written.budgets.map((budget) => budget.id)).toEqual([
        'send-vs-fetch',
        'post-vs-startup',
        'send-rss',
        'dist-bytes',
        'dist-minified',
      ]);
      expect(written.bulk.map((bulk) => [bulk.ratePerSecond, bulk.stormMs])).toEqual([
        [60, 0],
        [30, 0],
        [20, 0],
        [60, 2500],
      ]);
      expect(written.bulk[3]?.status429.min).toBeGreaterThan(0);
      for (const bulk of written.bulk) {
        expect(bulk.ids).toBe(5);
        expect(bulk.allDeleted).toBe(true);
        expect(bulk.exitCodes).toEqual([0]);
        expect(bulk.requests.min).toBeGreaterThanOrEqual(5);
        expect(bulk.status429.max).toBeLessThan(bulk.requests.max);
      }
      expect(written.dist.files).toBeGreaterThanOrEqual(2);
      expect(written.dist.entryBytes).toBeGreaterThan(0);
      expect(written.dist.bytes).toBe(written.dist.list.reduce((sum, file) => sum + file.bytes, 0));
      expect(written.dist.list.find((file) => file.file === 'index.js')?.layout).toBeDefined();
      expect(written.dist.list.find((file) => file.file === 'licenses.txt')?.layout).toBeUndefined();
      const table = formatReport(written);
      for (const row of written.rows) expect(table).toContain(`| ${row.label} |`);
      for (const budget of written.budgets) expect(table).toContain(`| ${budget.label} |`);
      expect(table).toContain('dist/:');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('spread gives the median and quartiles of a sample', () => {
    expect(spread([5, 1, 3, 2, 4])).toEqual({ median: 3, p25: 2, p75: 4, min: 1, max: 5 });
    expect(spread([1, 2])).toEqual({ median: 1.5, p25: 1.25, p75: 1.75, min: 1, max: 2 });
  });

  it('pairedRatio is the median of the ratios of runs side by side, not the ratio of medians', () => {
    // The medians are 20 and 15 (ratio 1.33), but two runs in three are twice the floor run next to them.
    expect(pairedRatio([10, 20, 30], [5, 30, 15])).toBe(2);
    expect(pairedRatio([30], [20])).toBe(1.5);
    expect(() => pairedRatio([1, 2], [1])).toThrow('2 row runs against 1 floor runs');
  });

  it('floorFirst alternates from pair to pair and from round to round', () => {
    expect([0, 1, 2, 3].map((pair) => floorFirst(1, pair))).toEqual([false, true, false, true]);
    expect([0, 1, 2, 3].map((pair) => floorFirst(2, pair))).toEqual([true, false, true, false]);
  });

  it("paceSchedule gives the start times of the action's pacer: a burst, then its rate", async () => {
    const schedule = paceSchedule(10, DEFAULT_BURST, DEFAULT_RATE_PER_SECOND);
    expect(schedule).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 20, 40]);
    expect(paceSchedule(4, 1, 10)).toEqual([0, 100, 200, 300]);
    // The real pacer, as the action makes it: no call starts before the schedule says, the burst
    // starts together, and the paced ones are not held far longer than their slot.
    const pacer = createPacer({
      ratePerSecond: DEFAULT_RATE_PER_SECOND,
      concurrency: DEFAULT_CONCURRENCY,
      burst: DEFAULT_BURST,
    });
    const created = performance.now();
    const starts = await Promise.all(schedule.map(() => pacer.run(async (startedAt) => startedAt - created)));
    starts.forEach((start, i) => {
      expect(start).toBeGreaterThanOrEqual((schedule[i] ?? 0) - 0.5);
      expect(start).toBeLessThan((schedule[i] ?? 0) + 250);
    });
    expect(Math.max(...starts.slice(0, DEFAULT_BURST))).toBeLessThan(schedule[DEFAULT_BURST] ?? 0);
  });

  it('looksMinified tells terser output from the code it came from', async () => {
    const source = Array.from({ length: 40 }, (_, i) =>
      [
        '// a comment terser drops',
        `export function add${i}(first, second) {`,
        '  const total = first + second;',
        '  return total;',
        '}',
        `export const names${i} = ["one", "two"].map((name) => name.toUpperCase());`,
        '',
      ].join('\n'),
    ).join('\n');
    const minified = (await minify(source, { module: true, compress: true, mangle: true })).code ?? '';
    const reprint = async (text: string) =>
      ((await minify(text, { module: true, compress: false, mangle: false })).code ?? '').length / text.length;
    expect(layoutOf(source).indentedShare).toBeGreaterThan(0.2);
    expect(layoutOf(minified)).toMatchObject({ lines: 1, indentedShare: 0 });
    expect(looksMinified(layoutOf(minified), await reprint(minified))).toBe(true);
    expect(looksMinified(layoutOf(source), await reprint(source))).toBe(false);
    // One long line of unminified code still carries what terser would drop.
    const joined = source.replace(/\/\/ (.*)\n/g, '/* $1 */    ').replace(/\n/g, '    ');
    expect(layoutOf(joined)).toMatchObject({ lines: 1, indentedShare: 0 });
    expect(looksMinified(layoutOf(joined), await reprint(joined))).toBe(false);
  });

  it('judgeBudgets holds each figure against its limit and aim', () => {
    const row = (id: string, paired: number, rssMax: number): RowResult => ({
      id,
      label: id,
      kind: 'action',
      does: '',
      runs: 1,
      wallMs: spread([1]),
      cpuMs: null,
      peakRssMiB: { ...spread([rssMax - 1]), max: rssMax },
      requests: { min: 1, max: 1 },
      floor: 'floor',
      pairedRatioToFloor: paired,
      ratioToFloor: 1,
      cpuRatioToFloor: 1,
      failures: 0,
    });
    const layout = { lines: 1, averageLineLength: 5000, indentedShare: 0, reprintRatio: 1 };
    const dist = (bytes: number, minified: boolean): BenchReport['dist'] => ({
      bytes,
      files: 2,
      entryBytes: bytes - 10,
      list: [
        { file: 'index.js', bytes: bytes - 10, layout: { ...layout, minified } },
        { file: 'licenses.txt', bytes: 10 },
      ],
    });
    const passing = judgeBudgets(
      [row('action-send-token', 1.3, LIMITS.sendRssMiB), row('action-post', 1.1, 40)],
      dist(LIMITS.distBytes, true),
    );
    expect(passing.map((budget) => [budget.id, budget.pass, budget.aimMet])).toEqual([
      ['send-vs-fetch', true, false],
      ['post-vs-startup', true, true],
      ['send-rss', true, true],
      ['dist-bytes', true, true],
      ['dist-minified', true, true],
    ]);
    expect(passing[2]?.measured).toBe(LIMITS.sendRssMiB);
    const failing = judgeBudgets(
      [row('action-send-token', 1.41, LIMITS.sendRssMiB + 0.1), row('action-post', 1.31, 40)],
      dist(LIMITS.distBytes + 1, false),
    );
    expect(failing.map((budget) => budget.pass)).toEqual([false, false, false, false, false]);
    // A row that was not measured fails its budget rather than passing it.
    const missing = judgeBudgets([], dist(10, true));
    expect(missing.slice(0, 3).map((budget) => budget.pass)).toEqual([false, false, false]);
  });
});
