// npm run bench: what one action step costs, measured as whole processes against the local Zoom
// simulator, side by side with the floor (a bare `node -e` making the same requests with fetch)
// and bare start-up (`node -e 0`). Prints a table and writes it as JSON (BENCH_OUT).
//
// Settings (environment): BENCH_RUNS (default 20) measured runs per row, after one warm-up run;
// BENCH_BULK_IDS (default 100) and BENCH_BULK_RUNS (default 3) for the rate-limited bulk delete;
// BENCH_OUT (default bench-results/latest.json); BENCH_ENTRY (default dist/index.js) measures
// another build, e.g. the one before a change, copied elsewhere.
//
// Peak RSS comes from GNU time (`/usr/bin/time -f %M`), which reads the child's own rusage from
// wait4(): the child is started through it, so every row pays the same ~1 ms for the wrapper.

import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFileCommands, RUNNER_VARIABLES } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator } from '../tools/zoom-simulator.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIME = '/usr/bin/time';

/** What a bench run is asked to do. */
export interface BenchOptions {
  runs: number;
  bulkIds: number;
  bulkRuns: number;
  /** The bundle to measure; default dist/index.js. */
  entry?: string;
  /** Where the JSON goes; undefined writes none. */
  outFile?: string;
}

/** Median, quartiles and range of a sample. */
export interface Spread {
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
}

/** One measured command. */
export interface RowResult {
  id: string;
  label: string;
  kind: 'startup' | 'floor' | 'action';
  runs: number;
  wallMs: Spread;
  /** null when GNU time is not there. */
  peakRssMiB: Spread | null;
  /** Requests the simulator saw per run. */
  requests: { min: number; max: number };
  /** The floor row this row is compared with, and the ratio of the medians. */
  floor: string;
  ratioToFloor: number;
  /**
   * The median of the per-round ratios (this row's run / the floor's run of the same round): less
   * sensitive than ratioToFloor to other load on the machine, which hits both runs of a round.
   */
  pairedRatioToFloor: number;
  /** Runs that did not do their job (bad exit code, wrong result, wrong request count). */
  failures: number;
  failureSample?: string;
}

/** One rate-limited bulk delete setting. */
export interface BulkResult {
  id: string;
  label: string;
  ids: number;
  latencyMs: number;
  ratePerSecond: number;
  runs: number;
  wallMs: Spread;
  peakRssMiB: Spread | null;
  /** 429 answers per run. */
  status429: { min: number; max: number };
  requests: { min: number; max: number };
  /** Every run deleted every id and reported them all in deleted_ids. */
  allDeleted: boolean;
  exitCodes: (number | null)[];
}

/** What the JSON file holds. */
export interface BenchReport {
  date: string;
  node: string;
  platform: string;
  cpus: number;
  runs: number;
  rssMethod: string;
  dist: {
    bytes: number;
    files: number;
    entryBytes: number;
    list: { file: string; bytes: number }[];
  };
  rows: RowResult[];
  bulk: BulkResult[];
}

interface Scenario {
  id: string;
  label: string;
  kind: RowResult['kind'];
  floor: string;
  /** Arguments to node, and extra environment. */
  command(zoom: ZoomSimulator): { args: string[]; env: Record<string, string> };
  /** Put the simulator in the state the run needs (messages to edit or delete). */
  prepare?(zoom: ZoomSimulator): void;
  expectedRequests: number;
  /** For the action: the `result` output a successful run writes. */
  expectedResult?: string;
}

interface ProcessRun {
  exitCode: number | null;
  wallMs: number;
  rssKiB: number | undefined;
  outputs: Record<string, string>;
  stderr: string;
}

const DELETE_IDS = 10;
const TEXT = 'Deployed {{ github.repository }} at {{ github.sha }} by {{ github.actor }}';
const PLAIN = 'Deployed octo-org/hello-world: all checks passed.';
// A filter is past what the action renders itself: this is the cost of loading Liquid.
const FILTERED = 'Deployed {{ github.repository }} at {{ github.sha | slice: 0, 7 }}';
const CARD = [
  'head:',
  '  text: "Deploying {{ github.repository }}"',
  'body:',
  '  - type: message',
  '    text: "Started by {{ github.actor }} on {{ github.ref_name }}"',
].join('\n');
// What the action sends for TEXT once rendered with run-action's GitHub context.
const RENDERED_TEXT =
  'Deployed octo-org/hello-world at 0123456789abcdef0123456789abcdef01234567 by octocat';

function messageBody(zoom: ZoomSimulator): string {
  return JSON.stringify({
    robot_jid: zoom.options.robotJid,
    account_id: zoom.options.accountId,
    is_markdown_support: false,
    content: { body: [{ type: 'message', text: RENDERED_TEXT }] },
    to_jid: zoom.options.channels[0],
  });
}

function seedMessages(zoom: ZoomSimulator, count: number, prefix: string): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}_${zoom.requests.length}_${i}_${Math.random().toString(36).slice(2, 10)}`;
    zoom.messages.set(id, {
      id,
      robotJid: zoom.options.robotJid,
      toJid: zoom.options.channels[0] ?? '',
      accountId: zoom.options.accountId,
      content: { body: [{ type: 'message', text: 'seeded by the bench' }] },
      isMarkdown: false,
      sentTime: '2025-01-01 00:00:00',
      edits: 0,
    });
    ids.push(id);
  }
  return ids;
}

// The floor: the least a Node process can do to make the same requests, with global fetch.
// Every request's status is checked, so a floor that did not do its job fails the row.
const FLOOR_SEND = `(async()=>{const e=process.env;const r=await fetch(e.B_API+'/im/chat/messages',{method:'POST',headers:{authorization:'Bearer '+e.B_TOKEN,'content-type':'application/json',accept:'application/json'},body:e.B_BODY});await r.text();if(r.status!==201)process.exit(2)})()`;
const FLOOR_CREDENTIALS = `(async()=>{const e=process.env;const t=await fetch(e.B_OAUTH,{method:'POST',headers:{authorization:'Basic '+Buffer.from(e.B_ID+':'+e.B_SECRET).toString('base64'),'content-type':'application/x-www-form-urlencoded',accept:'application/json'},body:'grant_type=client_credentials'});const j=await t.json();const r=await fetch(j.api_url+'/v2/im/chat/messages',{method:'POST',headers:{authorization:'Bearer '+j.access_token,'content-type':'application/json',accept:'application/json'},body:e.B_BODY});await r.text();if(r.status!==201)process.exit(2)})()`;
const FLOOR_EDIT = `(async()=>{const e=process.env;const r=await fetch(e.B_API+'/im/chat/messages/'+encodeURIComponent(e.B_ID),{method:'PUT',headers:{authorization:'Bearer '+e.B_TOKEN,'content-type':'application/json',accept:'application/json'},body:e.B_BODY});await r.text();if(r.status!==200)process.exit(2)})()`;
const FLOOR_DELETE = `(async()=>{const e=process.env;for(const id of e.B_IDS.split('\\n')){const r=await fetch(e.B_API+'/im/chat/messages/'+encodeURIComponent(id)+'?'+e.B_QUERY,{method:'DELETE',headers:{authorization:'Bearer '+e.B_TOKEN,accept:'application/json'}});await r.text();if(r.status!==200)process.exit(2)}})()`;

function scenarios(entry: string): Scenario[] {
  let token = '';
  const tokenOf = (zoom: ZoomSimulator): string => {
    token ||= zoom.mintToken();
    return token;
  };
  const who = (zoom: ZoomSimulator): Record<string, string> => ({
    robot_jid: zoom.options.robotJid,
    account_id: zoom.options.accountId,
  });
  let editId = '';
  let deleteIds: string[] = [];
  const action = (inputs: Record<string, string>) => ({ args: [entry], env: inputEnv(inputs) });
  return [
    {
      id: 'startup',
      label: 'node -e 0',
      kind: 'startup',
      floor: 'floor-send',
      expectedRequests: 0,
      command: () => ({ args: ['-e', '0'], env: {} }),
    },
    {
      id: 'floor-send',
      label: 'floor: fetch, 1 POST',
      kind: 'floor',
      floor: 'floor-send',
      expectedRequests: 1,
      command: (zoom) => ({
        args: ['-e', FLOOR_SEND],
        env: { B_API: zoom.apiUrl, B_TOKEN: tokenOf(zoom), B_BODY: messageBody(zoom) },
      }),
    },
    {
      id: 'floor-credentials',
      label: 'floor: fetch, token POST + POST',
      kind: 'floor',
      floor: 'floor-credentials',
      expectedRequests: 2,
      command: (zoom) => ({
        args: ['-e', FLOOR_CREDENTIALS],
        env: {
          B_OAUTH: zoom.oauthUrl,
          B_ID: zoom.options.clientId,
          B_SECRET: zoom.options.clientSecret,
          B_BODY: messageBody(zoom),
        },
      }),
    },
    {
      id: 'floor-edit',
      label: 'floor: fetch, 1 PUT',
      kind: 'floor',
      floor: 'floor-edit',
      expectedRequests: 1,
      prepare: (zoom) => {
        editId = seedMessages(zoom, 1, 'edit')[0] ?? '';
      },
      command: (zoom) => ({
        args: ['-e', FLOOR_EDIT],
        env: {
          B_API: zoom.apiUrl,
          B_TOKEN: tokenOf(zoom),
          B_ID: editId,
          B_BODY: messageBody(zoom),
        },
      }),
    },
    {
      id: 'floor-delete',
      label: `floor: fetch, ${DELETE_IDS} DELETEs in turn`,
      kind: 'floor',
      floor: 'floor-delete',
      expectedRequests: DELETE_IDS,
      prepare: (zoom) => {
        deleteIds = seedMessages(zoom, DELETE_IDS, 'del');
      },
      command: (zoom) => ({
        args: ['-e', FLOOR_DELETE],
        env: {
          B_API: zoom.apiUrl,
          B_TOKEN: tokenOf(zoom),
          B_IDS: deleteIds.join('\n'),
          B_QUERY: new URLSearchParams(who(zoom)).toString(),
        },
      }),
    },
    {
      id: 'action-send-token',
      label: 'action: send, token',
      kind: 'action',
      floor: 'floor-send',
      expectedRequests: 1,
      expectedResult: 'sent',
      command: (zoom) =>
        action({
          ...who(zoom),
          token: tokenOf(zoom),
          api_url: zoom.apiUrl,
          to_jid: zoom.options.channels[0] ?? '',
          content: TEXT,
        }),
    },
    {
      id: 'action-send-token-plain',
      label: 'action: send, token, text without templates',
      kind: 'action',
      floor: 'floor-send',
      expectedRequests: 1,
      expectedResult: 'sent',
      command: (zoom) =>
        action({
          ...who(zoom),
          token: tokenOf(zoom),
          api_url: zoom.apiUrl,
          to_jid: zoom.options.channels[0] ?? '',
          content: PLAIN,
        }),
    },
    {
      id: 'action-send-token-card',
      label: 'action: send, token, YAML card',
      kind: 'action',
      floor: 'floor-send',
      expectedRequests: 1,
      expectedResult: 'sent',
      command: (zoom) =>
        action({
          ...who(zoom),
          token: tokenOf(zoom),
          api_url: zoom.apiUrl,
          to_jid: zoom.options.channels[0] ?? '',
          content: CARD,
        }),
    },
    {
      id: 'action-send-token-filter',
      label: 'action: send, token, text with a Liquid filter',
      kind: 'action',
      floor: 'floor-send',
      expectedRequests: 1,
      expectedResult: 'sent',
      command: (zoom) =>
        action({
          ...who(zoom),
          token: tokenOf(zoom),
          api_url: zoom.apiUrl,
          to_jid: zoom.options.channels[0] ?? '',
          content: FILTERED,
        }),
    },
    {
      id: 'action-send-credentials',
      label: 'action: send, client id/secret',
      kind: 'action',
      floor: 'floor-credentials',
      expectedRequests: 2,
      expectedResult: 'sent',
      command: (zoom) =>
        action({
          ...who(zoom),
          client_id: zoom.options.clientId,
          client_secret: zoom.options.clientSecret,
          oauth_url: zoom.oauthUrl,
          to_jid: zoom.options.channels[0] ?? '',
          content: TEXT,
        }),
    },
    {
      id: 'action-edit',
      label: 'action: edit, token',
      kind: 'action',
      floor: 'floor-edit',
      expectedRequests: 1,
      expectedResult: 'edited',
      prepare: (zoom) => {
        editId = seedMessages(zoom, 1, 'edit')[0] ?? '';
      },
      command: (zoom) =>
        action({
          ...who(zoom),
          mode: 'edit',
          message_id: editId,
          token: tokenOf(zoom),
          api_url: zoom.apiUrl,
          content: TEXT,
        }),
    },
    {
      id: 'action-delete',
      label: `action: delete ${DELETE_IDS} ids, token`,
      kind: 'action',
      floor: 'floor-delete',
      expectedRequests: DELETE_IDS,
      expectedResult: 'deleted',
      prepare: (zoom) => {
        deleteIds = seedMessages(zoom, DELETE_IDS, 'del');
      },
      command: (zoom) =>
        action({
          ...who(zoom),
          mode: 'delete',
          message_id: deleteIds.join('\n'),
          token: tokenOf(zoom),
          api_url: zoom.apiUrl,
        }),
    },
  ];
}

// The runner sets INPUT_<NAME> for every input, with action.yml's default when the workflow
// leaves it out; read the defaults the way the runner does, from action.yml.
let defaults: Record<string, string> | undefined;
function inputEnv(inputs: Record<string, string>): Record<string, string> {
  if (!defaults) {
    defaults = {};
    let name = '';
    for (const line of readFileSync(join(ROOT, 'action.yml'), 'utf8').split('\n')) {
      if (line === 'outputs:') break;
      const input = /^ {2}([a-z_]+):$/.exec(line);
      if (input?.[1]) name = input[1];
      const fallback = /^ {4}default: (.*)$/.exec(line);
      if (fallback?.[1] !== undefined && name)
        defaults[name] = fallback[1].replace(/^"(.*)"$/, '$1');
    }
  }
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...defaults, ...inputs })) {
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  return env;
}

function runnerEnv(dir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    CI: 'true',
    ...RUNNER_VARIABLES,
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: dir,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
  };
}

/** Runs node once, through GNU time when it is there, in a fresh runner-like directory. */
async function runNode(args: string[], extraEnv: Record<string, string>): Promise<ProcessRun> {
  const dir = mkdtempSync(join(tmpdir(), 'zoom-bench-'));
  try {
    const env = { ...runnerEnv(dir), ...extraEnv };
    for (const file of ['output', 'env', 'state', 'summary']) writeFileSync(join(dir, file), '');
    writeFileSync(
      join(dir, 'event.json'),
      readFileSync(join(ROOT, 'test/fixtures/github-events/push.json')),
    );
    const rssFile = join(dir, 'rss');
    const timed = existsSync(TIME);
    const [command, commandArgs] = timed
      ? [TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...args]]
      : [process.execPath, args];
    const started = performance.now();
    const child = spawn(command, commandArgs, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => resolve(code));
    });
    const wallMs = performance.now() - started;
    await new Promise((resolve) =>
      child.stderr.readableEnded ? resolve(undefined) : child.stderr.on('close', resolve),
    );
    const rssText =
      timed && existsSync(rssFile)
        ? readFileSync(rssFile, 'utf8').trim().split('\n').pop()
        : undefined;
    const rssKiB = rssText && /^\d+$/.test(rssText) ? Number(rssText) : undefined;
    return {
      exitCode,
      wallMs,
      rssKiB,
      outputs: parseFileCommands(readFileSync(join(dir, 'output'), 'utf8')),
      stderr,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median, quartiles and range; quartiles by linear interpolation. */
export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => {
    if (sorted.length === 0) return Number.NaN;
    const position = (sorted.length - 1) * q;
    const low = Math.floor(position);
    const high = Math.ceil(position);
    const a = sorted[low] ?? Number.NaN;
    const b = sorted[high] ?? Number.NaN;
    return a + (b - a) * (position - low);
  };
  return { median: at(0.5), p25: at(0.25), p75: at(0.75), min: at(0), max: at(1) };
}

function range(values: number[]): { min: number; max: number } {
  return { min: Math.min(...values), max: Math.max(...values) };
}

function distSize(dist: string): BenchReport['dist'] {
  const list: { file: string; bytes: number }[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else list.push({ file: relative(dist, path), bytes: stat.size });
    }
  };
  walk(dist);
  return {
    bytes: list.reduce((sum, item) => sum + item.bytes, 0),
    files: list.length,
    entryBytes: list.find((item) => item.file === 'index.js')?.bytes ?? 0,
    list,
  };
}

async function measureRows(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<RowResult[]> {
  const zoom = await startZoomSimulator();
  try {
    const list = scenarios(options.entry ?? join(ROOT, 'dist', 'index.js'));
    const samples = new Map<
      string,
      { wall: number[]; rss: number[]; requests: number[]; failures: string[] }
    >();
    for (const scenario of list)
      samples.set(scenario.id, { wall: [], rss: [], requests: [], failures: [] });
    // Rows take turns run by run, so a slow spell of the machine spreads over all of them;
    // run 0 warms the disk cache and is not counted.
    for (let run = 0; run <= options.runs; run++) {
      for (const scenario of list) {
        scenario.prepare?.(zoom);
        const { args, env } = scenario.command(zoom);
        const seen = zoom.requests.length;
        const result = await runNode(args, env);
        const requests = zoom.requests.length - seen;
        if (run === 0) continue;
        const sample = samples.get(scenario.id);
        if (!sample) continue;
        sample.wall.push(result.wallMs);
        if (result.rssKiB !== undefined) sample.rss.push(result.rssKiB / 1024);
        sample.requests.push(requests);
        const problem =
          result.exitCode !== 0
            ? `exit code ${result.exitCode}: ${result.stderr.slice(0, 300)}`
            : requests !== scenario.expectedRequests
              ? `${requests} requests, expected ${scenario.expectedRequests}`
              : scenario.expectedResult && result.outputs.result !== scenario.expectedResult
                ? `result '${result.outputs.result}', expected '${scenario.expectedResult}'`
                : undefined;
        if (problem) sample.failures.push(problem);
      }
      if (run > 0 && (run % 5 === 0 || run === options.runs)) log(`  ${run}/${options.runs} runs`);
    }
    const medians = new Map<string, number>();
    for (const [id, sample] of samples) medians.set(id, spread(sample.wall).median);
    return list.map((scenario) => {
      const sample = samples.get(scenario.id) ?? { wall: [], rss: [], requests: [], failures: [] };
      const wallMs = spread(sample.wall);
      const floorWalls = samples.get(scenario.floor)?.wall ?? [];
      const row: RowResult = {
        id: scenario.id,
        label: scenario.label,
        kind: scenario.kind,
        runs: sample.wall.length,
        wallMs,
        peakRssMiB: sample.rss.length ? spread(sample.rss) : null,
        requests: range(sample.requests),
        floor: scenario.floor,
        ratioToFloor: wallMs.median / (medians.get(scenario.floor) ?? Number.NaN),
        pairedRatioToFloor: spread(
          sample.wall.map((wall, round) => wall / (floorWalls[round] ?? Number.NaN)),
        ).median,
        failures: sample.failures.length,
      };
      if (sample.failures[0]) row.failureSample = sample.failures[0];
      return row;
    });
  } finally {
    await zoom.close();
  }
}

async function measureBulk(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<BulkResult[]> {
  const entry = options.entry ?? join(ROOT, 'dist', 'index.js');
  const results: BulkResult[] = [];
  for (const ratePerSecond of [60, 20]) {
    const latencyMs = 50;
    const zoom = await startZoomSimulator({ latencyMs, ratePerSecond });
    try {
      const token = zoom.mintToken();
      const wall: number[] = [];
      const rss: number[] = [];
      const limited: number[] = [];
      const requests: number[] = [];
      const exitCodes: (number | null)[] = [];
      let allDeleted = true;
      for (let run = 0; run < options.bulkRuns; run++) {
        // A fresh one-second window for each run, as if the runs were far apart.
        zoom.reset();
        if (run > 0) await new Promise((resolve) => setTimeout(resolve, 1100));
        const ids = seedMessages(zoom, options.bulkIds, 'bulk');
        const result = await runNode(
          [entry],
          inputEnv({
            mode: 'delete',
            message_id: ids.join('\n'),
            token,
            api_url: zoom.apiUrl,
            robot_jid: zoom.options.robotJid,
            account_id: zoom.options.accountId,
          }),
        );
        wall.push(result.wallMs);
        if (result.rssKiB !== undefined) rss.push(result.rssKiB / 1024);
        limited.push(zoom.requests.filter((request) => request.status === 429).length);
        requests.push(zoom.requests.length);
        exitCodes.push(result.exitCode);
        const reported = (result.outputs.deleted_ids ?? '').split('\n').filter(Boolean);
        const gone = ids.every((id) => !zoom.messages.has(id));
        if (!gone || reported.length !== ids.length) allDeleted = false;
      }
      results.push({
        id: `bulk-delete-${ratePerSecond}`,
        label: `action: delete ${options.bulkIds} ids, ${latencyMs} ms answers, limit ${ratePerSecond}/s`,
        ids: options.bulkIds,
        latencyMs,
        ratePerSecond,
        runs: options.bulkRuns,
        wallMs: spread(wall),
        peakRssMiB: rss.length ? spread(rss) : null,
        status429: range(limited),
        requests: range(requests),
        allDeleted,
        exitCodes,
      });
      log(`  bulk delete at ${ratePerSecond}/s measured`);
    } finally {
      await zoom.close();
    }
  }
  return results;
}

/** Measures every row and the bulk deletes; writes the JSON when options.outFile is set. */
export async function runBench(
  options: BenchOptions,
  log: (line: string) => void = () => {},
): Promise<BenchReport> {
  const rows = await measureRows(options, log);
  const bulk = options.bulkRuns > 0 ? await measureBulk(options, log) : [];
  const report: BenchReport = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: (await import('node:os')).availableParallelism(),
    runs: options.runs,
    rssMethod: existsSync(TIME)
      ? 'GNU time -f %M (ru_maxrss of the child from wait4), median of the runs'
      : 'not measured: /usr/bin/time is missing',
    dist: distSize(dirname(options.entry ?? join(ROOT, 'dist', 'index.js'))),
    rows,
    bulk,
  };
  if (options.outFile) {
    mkdirSync(dirname(options.outFile), { recursive: true });
    writeFileSync(options.outFile, `${JSON.stringify(report, null, 2)}\n`);
  }
  return report;
}

const ms = (value: number): string => value.toFixed(1);
const mib = (value: Spread | null): string => (value ? value.median.toFixed(1) : 'n/a');
const count = (value: { min: number; max: number }): string =>
  value.min === value.max ? String(value.min) : `${value.min}-${value.max}`;

/** The report as Markdown tables (what the README shows). */
export function formatReport(report: BenchReport): string {
  const lines = [
    `Node ${report.node}, ${report.platform}, ${report.cpus} cores, ${report.runs} runs per row (medians; spread = p25-p75 and min-max).`,
    '',
    '| command | median ms | p25-p75 ms | min-max ms | peak RSS MiB | requests | × floor | × floor, paired |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of report.rows) {
    const failed = row.failures ? ` (${row.failures} FAILED: ${row.failureSample})` : '';
    lines.push(
      `| ${row.label}${failed} | ${ms(row.wallMs.median)} | ${ms(row.wallMs.p25)}-${ms(row.wallMs.p75)} | ${ms(row.wallMs.min)}-${ms(row.wallMs.max)} | ${mib(row.peakRssMiB)} | ${count(row.requests)} | ${row.ratioToFloor.toFixed(2)} | ${row.pairedRatioToFloor.toFixed(2)} (${row.floor}) |`,
    );
  }
  if (report.bulk.length) {
    lines.push(
      '',
      '| bulk delete | median ms | min-max ms | peak RSS MiB | 429s | requests | all deleted | exit codes |',
      '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    );
    for (const bulk of report.bulk) {
      lines.push(
        `| ${bulk.label} | ${ms(bulk.wallMs.median)} | ${ms(bulk.wallMs.min)}-${ms(bulk.wallMs.max)} | ${mib(bulk.peakRssMiB)} | ${count(bulk.status429)} | ${count(bulk.requests)} | ${bulk.allDeleted ? 'yes' : 'no'} | ${bulk.exitCodes.join(' ')} |`,
      );
    }
  }
  lines.push(
    '',
    `dist/: ${report.dist.bytes} bytes in ${report.dist.files} files; dist/index.js ${report.dist.entryBytes} bytes.`,
  );
  return lines.join('\n');
}

function positiveInteger(name: string, fallback: number, minimum: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${name}='${text}': expected a whole number of at least ${minimum}.`);
  }
  return value;
}

if (import.meta.main) {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) {
    console.error(`The bench measures what GitHub runs (node24); this is Node ${process.version}.`);
    process.exit(1);
  }
  const options: BenchOptions = {
    runs: positiveInteger('BENCH_RUNS', 20, 1),
    bulkIds: positiveInteger('BENCH_BULK_IDS', 100, 1),
    bulkRuns: positiveInteger('BENCH_BULK_RUNS', 3, 0),
    entry: resolve(ROOT, process.env.BENCH_ENTRY || 'dist/index.js'),
    outFile: resolve(ROOT, process.env.BENCH_OUT || 'bench-results/latest.json'),
  };
  console.error(`Measuring ${options.runs} runs per row with Node ${process.version}...`);
  const report = await runBench(options, (line) => console.error(line));
  console.log(formatReport(report));
  console.error(`\nWrote ${relative(process.cwd(), options.outFile ?? '')}`);
  const failed = report.rows.filter((row) => row.failures > 0);
  if (failed.length) {
    console.error(`Rows with failed runs: ${failed.map((row) => row.id).join(', ')}`);
    process.exitCode = 1;
  }
}
