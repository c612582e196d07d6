// npm run bench: what one action step costs, measured as whole processes against one stub of Zoom's
// API (tools/zoom-simulator.ts, in this process, on 127.0.0.1), each row paired with a floor: the
// least a Node process can do to make the same requests. Prints tables (rows, budgets, dist/,
// bulk deletes) and writes them as JSON (BENCH_OUT).
//
// The floors, each a bare `node -e` script started exactly like the action (the same environment:
// runner variables, INPUT_* with action.yml's defaults, STATE_* for the post step, the file-command
// files and the event payload in a fresh directory), reading its token and URLs from the same
// INPUT_* variables the action reads:
// - `node -e 0`: Node starts and exits. The floor of the post step without finalize, and of the
//   two request floors below.
// - fetch floor: one global `fetch` POST of the message body, reads the answer, exits 2 unless 201.
//   The floor of every send with a token.
// - node:http floor: the same POST with `node:http`'s request(). Shown against `node -e 0`.
// - credentials floor: a fetch POST to the token endpoint (Basic auth, client_credentials), then
//   the fetch POST of the message to the answer's api_url.
// - edit floor: one fetch PUT of the message body.
// - delete floor: one fetch DELETE per id, paced as the action paces them (src/zoom/pacer.ts
//   DEFAULT_BURST start at once, then DEFAULT_RATE_PER_SECOND a second, at most
//   DEFAULT_CONCURRENCY in flight), so that the action's calls in flight are not compared with
//   calls one after the other.
//
// Pairing: each round runs every pair (row, floor) back to back, the floor first in one pair and
// second in the next, and the other way round in the next round; round 0 warms the disk cache and
// is not counted. A row's ratio is the median of its per-round ratios to the floor run next to it:
// other load on the machine hits both runs of a pair alike.
//
// Wall time, CPU (user+sys) and peak RSS come from wait4() of the child, read by a 30-line C
// helper compiled at start (the wall time runs from fork to reaped exit). Without a C compiler,
// GNU time (`/usr/bin/time`, CPU to 10 ms only); without either, wall time alone.
//
// Settings (environment): BENCH_ROUNDS (or BENCH_RUNS; default 20) measured rounds; BENCH_BULK_IDS
// (default 100) and BENCH_BULK_RUNS (default 3) for the rate-limited bulk deletes; BENCH_OUT
// (default bench-results/latest.json); BENCH_ENTRY (default dist/index.js) measures another build,
// e.g. the one before a change, copied elsewhere; BENCH_ENFORCE=1 exits 1 when a budget fails.

import { execFileSync, spawn } from 'node:child_process';
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
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import { DEFAULT_BURST, DEFAULT_CONCURRENCY, DEFAULT_RATE_PER_SECOND } from '../src/zoom/pacer.ts';
import { parseFileCommands, RUNNER_VARIABLES } from '../tools/run-action.ts';
import { type Fault, type RecordedRequest, startZoomSimulator, type ZoomSimulator } from '../tools/zoom-simulator.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GNU_TIME = '/usr/bin/time';

/** What a bench run is asked to do. */
export interface BenchOptions {
  /** Measured rounds (each runs every pair once), after one warm-up round. */
  rounds: number;
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
  /** What the command does, in words. */
  does: string;
  /** Measured runs, over every pair the command is in. */
  runs: number;
  wallMs: Spread;
  /** User + system CPU of the child; null when the meter cannot tell. */
  cpuMs: Spread | null;
  /** null when the meter cannot tell. */
  peakRssMiB: Spread | null;
  /** Requests the stub saw per run. */
  requests: { min: number; max: number };
  /** The floor this row is paired with; null for a command that is only ever a floor. */
  floor: string | null;
  /** The median of the per-round ratios (this row's run / the floor's run next to it). */
  pairedRatioToFloor: number | null;
  /** The ratio of the medians of the two within the pair. */
  ratioToFloor: number | null;
  /** The ratio of the CPU medians within the pair: hardly moved by other load on the machine. */
  cpuRatioToFloor: number | null;
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
  /** How long every delete is answered 429 (Retry-After 1) from the first one on; 0: no storm. */
  stormMs: number;
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

/** One file of dist/, and for JavaScript whether it is minified. */
export interface DistFile {
  file: string;
  bytes: number;
  /** For .js files. */
  layout?: Layout & {
    /** Bytes terser prints for the same code (no compress, no mangle) / bytes of the file. */
    reprintRatio: number;
    minified: boolean;
  };
}

/** A budget and how the measured figure stands against it. */
export interface Budget {
  id: string;
  label: string;
  measured: number;
  limit: number;
  aim?: number;
  unit: string;
  pass: boolean;
  /** Within the aim as well (true when there is no aim). */
  aimMet: boolean;
}

/** What the JSON file holds. */
export interface BenchReport {
  date: string;
  node: string;
  platform: string;
  cpus: number;
  /** 1-minute load average when the rows started and when they ended. */
  load: { start: number; end: number };
  rounds: number;
  meter: string;
  dist: { bytes: number; files: number; entryBytes: number; list: DistFile[] };
  rows: RowResult[];
  budgets: Budget[];
  bulk: BulkResult[];
}

interface Command {
  id: string;
  label: string;
  kind: RowResult['kind'];
  does: string;
  /** Arguments to node. */
  args: string[];
  expectedRequests: number;
  /** For the action: the `result` output a successful run writes; null: it writes no output. */
  expectedResult?: string | null;
}

interface Pair {
  row: Command;
  floor: Command;
  /** INPUT_* and STATE_* for one run of either; called once per run, so seeded ids are fresh. */
  env(): Record<string, string>;
}

interface ProcessRun {
  exitCode: number | null;
  wallMs: number;
  cpuMs: number | undefined;
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
// What the action sends for TEXT once rendered with the runner variables' GitHub context.
const RENDERED_TEXT = 'Deployed octo-org/hello-world at 0123456789abcdef0123456789abcdef01234567 by octocat';

/**
 * When each of `count` calls starts, in ms after the first, under the action's pacer: `burst` at
 * once, then one every 1000 / ratePerSecond ms (the token bucket refills from the start).
 */
export function paceSchedule(count: number, burst: number, ratePerSecond: number): number[] {
  return Array.from({ length: count }, (_, i) => (Math.max(0, i - burst + 1) * 1000) / ratePerSecond);
}

// The floors. Each checks every answer's status, so a floor that did not do its job fails its row.
// The message body comes as the first argument; tokens and URLs from the action's own INPUT_*.
const FLOOR_FETCH_SEND = `(async () => {
  const e = process.env;
  const r = await fetch(e.INPUT_API_URL + '/im/chat/messages', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + e.INPUT_TOKEN, 'content-type': 'application/json', accept: 'application/json' },
    body: process.argv[1],
  });
  await r.text();
  if (r.status !== 201) process.exit(2);
})()`;
const FLOOR_HTTP_SEND = `(() => {
  const e = process.env;
  const body = process.argv[1];
  const req = require('node:http').request(new URL(e.INPUT_API_URL + '/im/chat/messages'), {
    method: 'POST',
    headers: {
      authorization: 'Bearer ' + e.INPUT_TOKEN, 'content-type': 'application/json', accept: 'application/json',
      'content-length': Buffer.byteLength(body),
    },
  }, (res) => {
    res.resume();
    res.on('end', () => { if (res.statusCode !== 201) process.exit(2); });
  });
  req.on('error', () => process.exit(3));
  req.end(body);
})()`;
const FLOOR_CREDENTIALS = `(async () => {
  const e = process.env;
  const t = await fetch(e.INPUT_OAUTH_URL, {
    method: 'POST',
    headers: {
      authorization: 'Basic ' + Buffer.from(e.INPUT_CLIENT_ID + ':' + e.INPUT_CLIENT_SECRET).toString('base64'),
      'content-type': 'application/x-www-form-urlencoded', accept: 'application/json',
    },
    body: 'grant_type=client_credentials',
  });
  const j = await t.json();
  const r = await fetch(j.api_url + '/v2/im/chat/messages', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + j.access_token, 'content-type': 'application/json', accept: 'application/json' },
    body: process.argv[1],
  });
  await r.text();
  if (r.status !== 201) process.exit(2);
})()`;
const FLOOR_EDIT = `(async () => {
  const e = process.env;
  const r = await fetch(e.INPUT_API_URL + '/im/chat/messages/' + encodeURIComponent(e.INPUT_MESSAGE_ID), {
    method: 'PUT',
    headers: { authorization: 'Bearer ' + e.INPUT_TOKEN, 'content-type': 'application/json', accept: 'application/json' },
    body: process.argv[1],
  });
  await r.text();
  if (r.status !== 200) process.exit(2);
})()`;
// The first argument: [start offsets in ms, most in flight], from paceSchedule and the pacer.
const FLOOR_DELETE = `(async () => {
  const e = process.env;
  const [starts, most] = JSON.parse(process.argv[1]);
  const who = { robot_jid: e.INPUT_ROBOT_JID, account_id: e.INPUT_ACCOUNT_ID };
  const query = new URLSearchParams(who).toString();
  const one = async (id) => {
    const r = await fetch(e.INPUT_API_URL + '/im/chat/messages/' + encodeURIComponent(id) + '?' + query, {
      method: 'DELETE',
      headers: { authorization: 'Bearer ' + e.INPUT_TOKEN, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(who),
    });
    await r.text();
    if (r.status !== 200) process.exit(2);
  };
  const ids = e.INPUT_MESSAGE_ID.split('\\n');
  const going = new Set();
  const t0 = performance.now();
  for (let i = 0; i < ids.length; i++) {
    const wait = t0 + starts[i] - performance.now();
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
    while (going.size >= most) await Promise.race(going);
    const call = one(ids[i]).finally(() => going.delete(call));
    going.add(call);
  }
  await Promise.all(going);
})()`;

function messageBody(zoom: ZoomSimulator, toJid: boolean): string {
  return JSON.stringify({
    robot_jid: zoom.options.robotJid,
    account_id: zoom.options.accountId,
    is_markdown_support: false,
    content: { body: [{ type: 'message', text: RENDERED_TEXT }] },
    ...(toJid ? { to_jid: zoom.options.channels[0] } : {}),
  });
}

function seedMessages(zoom: ZoomSimulator, count: number, prefix: string): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}_${zoom.requests.length}_${i}_${Math.random().toString(36).slice(2, 10)}`;
    ids.push(zoom.store(id, 'seeded by the bench'));
  }
  return ids;
}

function pairs(entry: string, zoom: ZoomSimulator): Pair[] {
  const token = zoom.mintToken();
  const who = {
    robot_jid: zoom.options.robotJid,
    account_id: zoom.options.accountId,
  };
  const send = (content: string) => () =>
    inputEnv({ ...who, token, api_url: zoom.apiUrl, to_jid: zoom.options.channels[0] ?? '', content });
  const action = (id: string, label: string, does: string, requests: number, result: string | null): Command => ({
    id,
    label,
    kind: 'action',
    does,
    args: [entry],
    expectedRequests: requests,
    expectedResult: result,
  });

  const startup: Command = {
    id: 'startup',
    label: 'node -e 0',
    kind: 'startup',
    does: 'Node starts and exits, nothing else',
    args: ['-e', '0'],
    expectedRequests: 0,
  };
  const fetchSend: Command = {
    id: 'floor-fetch',
    label: 'floor: fetch, 1 POST',
    kind: 'floor',
    does: 'node -e: one global fetch POST of the message body, answer read, status checked',
    args: ['-e', FLOOR_FETCH_SEND, messageBody(zoom, true)],
    expectedRequests: 1,
  };
  const httpSend: Command = {
    id: 'floor-http',
    label: 'floor: node:http, 1 POST',
    kind: 'floor',
    does: "node -e: the same POST with node:http's request()",
    args: ['-e', FLOOR_HTTP_SEND, messageBody(zoom, true)],
    expectedRequests: 1,
  };
  const credentials: Command = {
    id: 'floor-credentials',
    label: 'floor: fetch, token POST + POST',
    kind: 'floor',
    does: "node -e: fetch POST to the token endpoint, then fetch POST of the message to the answer's api_url",
    args: ['-e', FLOOR_CREDENTIALS, messageBody(zoom, true)],
    expectedRequests: 2,
  };
  const edit: Command = {
    id: 'floor-edit',
    label: 'floor: fetch, 1 PUT',
    kind: 'floor',
    does: 'node -e: one fetch PUT of the message body',
    args: ['-e', FLOOR_EDIT, messageBody(zoom, false)],
    expectedRequests: 1,
  };
  const schedule = paceSchedule(DELETE_IDS, DEFAULT_BURST, DEFAULT_RATE_PER_SECOND);
  const del: Command = {
    id: 'floor-delete',
    label: `floor: fetch, ${DELETE_IDS} DELETEs paced as the action`,
    kind: 'floor',
    does: `node -e: ${DELETE_IDS} fetch DELETEs, ${DEFAULT_BURST} at once then ${DEFAULT_RATE_PER_SECOND} a second (starts at ${schedule.join(', ')} ms), at most ${DEFAULT_CONCURRENCY} in flight`,
    args: ['-e', FLOOR_DELETE, JSON.stringify([schedule, DEFAULT_CONCURRENCY])],
    expectedRequests: DELETE_IDS,
  };

  const sendToken = send(TEXT);
  return [
    { row: fetchSend, floor: startup, env: sendToken },
    { row: httpSend, floor: startup, env: sendToken },
    {
      row: action('action-send-token', 'action: send, token', 'dist/index.js, a text with {{ github.* }}', 1, 'sent'),
      floor: fetchSend,
      env: sendToken,
    },
    {
      row: action(
        'action-post',
        'action: post step, no finalize',
        'dist/index.js with STATE_isPost=true and no STATE_finalize',
        0,
        null,
      ),
      floor: startup,
      env: () => ({ ...sendToken(), STATE_isPost: 'true' }),
    },
    {
      row: action('action-send-plain', 'action: send, token, plain text', 'a text without templates', 1, 'sent'),
      floor: fetchSend,
      env: send(PLAIN),
    },
    {
      row: action('action-send-card', 'action: send, token, YAML card', 'a card in YAML', 1, 'sent'),
      floor: fetchSend,
      env: send(CARD),
    },
    {
      row: action('action-send-filter', 'action: send, token, Liquid filter', 'a text with a Liquid filter', 1, 'sent'),
      floor: fetchSend,
      env: send(FILTERED),
    },
    {
      row: action(
        'action-send-credentials',
        'action: send, client id/secret',
        'token minted, then the send',
        2,
        'sent',
      ),
      floor: credentials,
      env: () =>
        inputEnv({
          ...who,
          client_id: zoom.options.clientId,
          client_secret: zoom.options.clientSecret,
          oauth_url: zoom.oauthUrl,
          to_jid: zoom.options.channels[0] ?? '',
          content: TEXT,
        }),
    },
    {
      row: action('action-edit', 'action: edit, token', 'one PUT', 1, 'edited'),
      floor: edit,
      env: () =>
        inputEnv({
          ...who,
          mode: 'edit',
          message_id: seedMessages(zoom, 1, 'edit')[0] ?? '',
          token,
          api_url: zoom.apiUrl,
          content: TEXT,
        }),
    },
    {
      row: action(
        'action-delete',
        `action: delete ${DELETE_IDS} ids, token`,
        `${DELETE_IDS} DELETEs`,
        DELETE_IDS,
        'deleted',
      ),
      floor: del,
      env: () =>
        inputEnv({
          ...who,
          mode: 'delete',
          message_id: seedMessages(zoom, DELETE_IDS, 'del').join('\n'),
          token,
          api_url: zoom.apiUrl,
        }),
    },
  ];
}

/** Which of a pair runs first: it alternates from pair to pair and from round to round. */
export function floorFirst(round: number, pairIndex: number): boolean {
  return (round + pairIndex) % 2 === 0;
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
      if (fallback?.[1] !== undefined && name) defaults[name] = fallback[1].replace(/^"(.*)"$/, '$1');
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

/** How a child's wall time, CPU and peak RSS are read. */
interface Meter {
  name: string;
  /** The command and arguments that run node with `args`, writing the figures to `file`. */
  wrap(args: string[], file: string): [string, string[]];
  /** The figures from `file`, or what is missing as undefined. */
  read(file: string): { wallMs?: number; cpuMs?: number; rssKiB?: number };
  close(): void;
}

// Reaps the child with wait4() and writes: wall ms (fork to reaped exit), user ms, system ms, peak
// RSS in KiB. GNU time would do, but prints CPU in hundredths of a second.
const WAIT4_C = `#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
  if (argc < 3) return 125;
  struct timespec start, end;
  struct rusage usage;
  int status;
  clock_gettime(CLOCK_MONOTONIC, &start);
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[2], argv + 2);
    _exit(127);
  }
  if (pid < 0 || wait4(pid, &status, 0, &usage) < 0) return 126;
  clock_gettime(CLOCK_MONOTONIC, &end);
  FILE *out = fopen(argv[1], "w");
  if (!out) return 126;
  fprintf(out, "%.3f %.3f %.3f %ld\\n",
          (end.tv_sec - start.tv_sec) * 1e3 + (end.tv_nsec - start.tv_nsec) / 1e6,
          usage.ru_utime.tv_sec * 1e3 + usage.ru_utime.tv_usec / 1e3,
          usage.ru_stime.tv_sec * 1e3 + usage.ru_stime.tv_usec / 1e3, usage.ru_maxrss);
  fclose(out);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
`;

function numbers(file: string): number[] {
  if (!existsSync(file)) return [];
  const last = readFileSync(file, 'utf8').trim().split('\n').pop() ?? '';
  return last.split(/\s+/).map(Number);
}

function createMeter(): Meter {
  const dir = mkdtempSync(join(tmpdir(), 'zoom-bench-meter-'));
  const close = () => rmSync(dir, { recursive: true, force: true });
  try {
    writeFileSync(join(dir, 'wait4.c'), WAIT4_C);
    execFileSync('cc', ['-O2', '-o', join(dir, 'wait4'), join(dir, 'wait4.c')], { stdio: 'ignore' });
    return {
      name: 'wait4() of the child (a C helper): wall from fork to reaped exit, ru_utime + ru_stime, ru_maxrss',
      wrap: (args, file) => [join(dir, 'wait4'), [file, process.execPath, ...args]],
      read: (file) => {
        const [wallMs, userMs, systemMs, rssKiB] = numbers(file);
        if (rssKiB === undefined || !Number.isFinite(rssKiB)) return {};
        return { wallMs, cpuMs: (userMs ?? Number.NaN) + (systemMs ?? Number.NaN), rssKiB };
      },
      close,
    };
  } catch {
    // no C compiler: fall back below
  }
  if (existsSync(GNU_TIME)) {
    return {
      name: 'GNU time -f "%U %S %M" (CPU in 10 ms steps, ru_maxrss); wall from spawn to exit in the bench',
      wrap: (args, file) => [GNU_TIME, ['-f', '%U %S %M', '-o', file, process.execPath, ...args]],
      read: (file) => {
        const [user, system, rssKiB] = numbers(file);
        if (rssKiB === undefined || !Number.isFinite(rssKiB)) return {};
        return { cpuMs: ((user ?? Number.NaN) + (system ?? Number.NaN)) * 1000, rssKiB };
      },
      close,
    };
  }
  return {
    name: 'wall time from spawn to exit only (no C compiler, no /usr/bin/time)',
    wrap: (args) => [process.execPath, args],
    read: () => ({}),
    close,
  };
}

/** Runs node once through the meter, in a fresh runner-like directory, as the runner starts a step. */
async function runNode(meter: Meter, args: string[], extraEnv: Record<string, string>): Promise<ProcessRun> {
  const dir = mkdtempSync(join(tmpdir(), 'zoom-bench-'));
  try {
    const env = { ...runnerEnv(dir), ...extraEnv };
    for (const file of ['output', 'env', 'state', 'summary']) writeFileSync(join(dir, file), '');
    writeFileSync(join(dir, 'event.json'), readFileSync(join(ROOT, 'test/fixtures/github-events/push.json')));
    const figures = join(dir, 'figures');
    const [command, commandArgs] = meter.wrap(args, figures);
    const started = performance.now();
    // The runner reads both streams through pipes: so does the bench.
    const child = spawn(command, commandArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code));
    });
    const spawnToExit = performance.now() - started;
    const measured = meter.read(figures);
    return {
      exitCode,
      wallMs: measured.wallMs ?? spawnToExit,
      cpuMs: measured.cpuMs,
      rssKiB: measured.rssKiB,
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

/** The median of the ratios of runs taken side by side (row[i] / floor[i]). */
export function pairedRatio(row: number[], floor: number[]): number {
  if (row.length !== floor.length) throw new Error(`${row.length} row runs against ${floor.length} floor runs`);
  return spread(row.map((wall, i) => wall / (floor[i] ?? Number.NaN))).median;
}

function range(values: number[]): { min: number; max: number } {
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** How code is laid out: minified code is long lines with no indentation. */
export interface Layout {
  lines: number;
  averageLineLength: number;
  /** Share of the lines that start with two spaces or a tab. */
  indentedShare: number;
}

/** Measures the layout of a text. */
export function layoutOf(text: string): Layout {
  const lines = text.split('\n');
  const indented = lines.filter((line) => /^( {2}|\t)/.test(line)).length;
  return { lines: lines.length, averageLineLength: text.length / lines.length, indentedShare: indented / lines.length };
}

/**
 * Whether a chunk reads as minified: long lines, hardly any indentation, and terser printing the
 * same code (without compressing or mangling) no shorter than 97% of it, so no comments or
 * whitespace are left to drop.
 */
export function looksMinified(layout: Layout, reprintRatio: number): boolean {
  return layout.averageLineLength >= 500 && layout.indentedShare <= 0.01 && reprintRatio >= 0.97;
}

async function inspectDist(dist: string): Promise<BenchReport['dist']> {
  const list: DistFile[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      const stat = statSync(path);
      if (stat.isDirectory()) {
        await walk(path);
        continue;
      }
      const file: DistFile = { file: relative(dist, path), bytes: stat.size };
      if (/\.[cm]?js$/.test(name)) {
        const text = readFileSync(path, 'utf8');
        const layout = layoutOf(text);
        const printed = await minify(text, { module: true, compress: false, mangle: false });
        const reprintRatio = (printed.code ?? '').length / text.length;
        file.layout = { ...layout, reprintRatio, minified: looksMinified(layout, reprintRatio) };
      }
      list.push(file);
    }
  };
  await walk(dist);
  return {
    bytes: list.reduce((sum, item) => sum + item.bytes, 0),
    files: list.length,
    entryBytes: list.find((item) => item.file === 'index.js')?.bytes ?? 0,
    list,
  };
}

const MIB = 1024 * 1024;
/** The budgets. */
export const LIMITS = {
  sendVsFetch: { limit: 1.4, aim: 1.25 },
  postVsStartup: { limit: 1.3, aim: 1.2 },
  sendRssMiB: 70,
  distBytes: 1_000_000,
} as const;

/** Each budget against the figures: ratios are the paired ones, RSS the worst run's. */
export function judgeBudgets(rows: RowResult[], dist: BenchReport['dist']): Budget[] {
  const row = (id: string) => rows.find((candidate) => candidate.id === id);
  const budget = (id: string, label: string, measured: number, limit: number, unit: string, aim?: number): Budget => ({
    id,
    label,
    measured,
    limit,
    unit,
    // NaN (a row that was not measured) fails.
    pass: measured <= limit,
    aimMet: measured <= (aim ?? limit),
    ...(aim === undefined ? {} : { aim }),
  });
  const send = row('action-send-token');
  const post = row('action-post');
  const scripts = dist.list.filter((file) => file.layout);
  const unminified = scripts.filter((file) => !file.layout?.minified).length;
  return [
    budget(
      'send-vs-fetch',
      'send with a token / fetch floor (paired)',
      send?.pairedRatioToFloor ?? Number.NaN,
      LIMITS.sendVsFetch.limit,
      '×',
      LIMITS.sendVsFetch.aim,
    ),
    budget(
      'post-vs-startup',
      'post step without finalize / node -e 0 (paired)',
      post?.pairedRatioToFloor ?? Number.NaN,
      LIMITS.postVsStartup.limit,
      '×',
      LIMITS.postVsStartup.aim,
    ),
    budget(
      'send-rss',
      'peak RSS of a send with a token (worst run)',
      send?.peakRssMiB?.max ?? Number.NaN,
      LIMITS.sendRssMiB,
      'MiB',
    ),
    budget('dist-bytes', 'dist/ in total, every file', dist.bytes, LIMITS.distBytes, 'bytes'),
    budget(
      'dist-minified',
      `chunks of dist/ not minified (of ${scripts.length})`,
      scripts.length ? unminified : Number.NaN,
      0,
      'files',
    ),
  ];
}

async function measureRows(options: BenchOptions, meter: Meter, log: (line: string) => void): Promise<RowResult[]> {
  const zoom = await startZoomSimulator();
  try {
    const list = pairs(options.entry ?? join(ROOT, 'dist', 'index.js'), zoom);
    const commands = new Map<string, Command>();
    for (const pair of list) {
      commands.set(pair.row.id, pair.row);
      commands.set(pair.floor.id, pair.floor);
    }
    const samples = new Map<
      string,
      { wall: number[]; cpu: number[]; rss: number[]; requests: number[]; failures: string[] }
    >();
    for (const id of commands.keys()) samples.set(id, { wall: [], cpu: [], rss: [], requests: [], failures: [] });
    const pairWalls = list.map(() => ({ row: [] as number[], floor: [] as number[] }));
    const pairCpus = list.map(() => ({ row: [] as number[], floor: [] as number[] }));

    const measure = async (command: Command, env: Record<string, string>): Promise<ProcessRun> => {
      const seen = zoom.requests.length;
      const result = await runNode(meter, command.args, env);
      const requests = zoom.requests.length - seen;
      const sample = samples.get(command.id);
      if (sample) {
        sample.wall.push(result.wallMs);
        if (result.cpuMs !== undefined) sample.cpu.push(result.cpuMs);
        if (result.rssKiB !== undefined) sample.rss.push(result.rssKiB / 1024);
        sample.requests.push(requests);
        const written = Object.keys(result.outputs).length;
        const problem =
          result.exitCode !== 0
            ? `exit code ${result.exitCode}: ${result.stderr.slice(0, 300)}`
            : requests !== command.expectedRequests
              ? `${requests} requests, expected ${command.expectedRequests}`
              : command.expectedResult === null && written > 0
                ? `${written} outputs written, expected none`
                : command.expectedResult && result.outputs.result !== command.expectedResult
                  ? `result '${result.outputs.result}', expected '${command.expectedResult}'`
                  : undefined;
        if (problem) sample.failures.push(problem);
      }
      return result;
    };

    for (let round = 0; round <= options.rounds; round++) {
      for (const [index, pair] of list.entries()) {
        const order = floorFirst(round, index) ? [pair.floor, pair.row] : [pair.row, pair.floor];
        const runs = new Map<Command, ProcessRun>();
        for (const command of order) runs.set(command, await measure(command, pair.env()));
        if (round === 0) continue;
        pairWalls[index]?.row.push(runs.get(pair.row)?.wallMs ?? Number.NaN);
        pairWalls[index]?.floor.push(runs.get(pair.floor)?.wallMs ?? Number.NaN);
        pairCpus[index]?.row.push(runs.get(pair.row)?.cpuMs ?? Number.NaN);
        pairCpus[index]?.floor.push(runs.get(pair.floor)?.cpuMs ?? Number.NaN);
      }
      // The warm-up round's figures go.
      if (round === 0) {
        for (const sample of samples.values()) {
          for (const values of [sample.wall, sample.cpu, sample.rss, sample.requests]) values.length = 0;
          sample.failures.length = 0;
        }
      }
      if (round > 0 && (round % 5 === 0 || round === options.rounds)) log(`  ${round}/${options.rounds} rounds`);
    }

    // Bare start-up first, then the floors, then the action, each in the order of the pairs.
    const rank = { startup: 0, floor: 1, action: 2 };
    const ordered = [...commands.values()].sort((a, b) => rank[a.kind] - rank[b.kind]);
    return ordered.map((command) => {
      const sample = samples.get(command.id) ?? { wall: [], cpu: [], rss: [], requests: [], failures: [] };
      const index = list.findIndex((pair) => pair.row === command);
      const pair = list[index];
      const walls = pairWalls[index];
      const cpus = pairCpus[index];
      const row: RowResult = {
        id: command.id,
        label: command.label,
        kind: command.kind,
        does: command.does,
        runs: sample.wall.length,
        wallMs: spread(sample.wall),
        cpuMs: sample.cpu.length ? spread(sample.cpu) : null,
        peakRssMiB: sample.rss.length ? spread(sample.rss) : null,
        requests: range(sample.requests),
        floor: pair?.floor.id ?? null,
        pairedRatioToFloor: walls ? pairedRatio(walls.row, walls.floor) : null,
        ratioToFloor: walls ? spread(walls.row).median / spread(walls.floor).median : null,
        cpuRatioToFloor: cpus && sample.cpu.length ? spread(cpus.row).median / spread(cpus.floor).median : null,
        failures: sample.failures.length,
      };
      if (sample.failures[0]) row.failureSample = sample.failures[0];
      return row;
    });
  } finally {
    await zoom.close();
  }
}

// The bulk deletes: Business's limit, one between, Pro's, and Business's after a storm of 429s
// (every delete refused, Retry-After 1, for 2.5 s), which the pacer must climb back from.
const BULK_CASES = [
  { ratePerSecond: 60, stormMs: 0 },
  { ratePerSecond: 30, stormMs: 0 },
  { ratePerSecond: 20, stormMs: 0 },
  { ratePerSecond: 60, stormMs: 2500 },
];

/** A fault hook: every DELETE in the `ms` from the first one is answered 429 with Retry-After 1. */
function storm(ms: number): (request: RecordedRequest) => Fault | undefined {
  let from: number | undefined;
  return (request) => {
    if (request.method !== 'DELETE') return undefined;
    from ??= performance.now();
    if (performance.now() - from >= ms) return undefined;
    const body = { code: 429, message: 'You have reached the maximum per-second rate limit for this API.' };
    return { kind: 'respond', status: 429, body, headers: { 'retry-after': '1' } };
  };
}

async function measureBulk(options: BenchOptions, meter: Meter, log: (line: string) => void): Promise<BulkResult[]> {
  const entry = options.entry ?? join(ROOT, 'dist', 'index.js');
  const results: BulkResult[] = [];
  for (const { ratePerSecond, stormMs } of BULK_CASES) {
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
        if (stormMs > 0) zoom.onRequest(storm(stormMs));
        const ids = seedMessages(zoom, options.bulkIds, 'bulk');
        const result = await runNode(
          meter,
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
      const during = stormMs > 0 ? `, ${stormMs / 1000} s of 429s first` : '';
      results.push({
        id: `bulk-delete-${ratePerSecond}${stormMs > 0 ? '-storm' : ''}`,
        label: `action: delete ${options.bulkIds} ids, ${latencyMs} ms answers, limit ${ratePerSecond}/s${during}`,
        ids: options.bulkIds,
        latencyMs,
        ratePerSecond,
        stormMs,
        runs: options.bulkRuns,
        wallMs: spread(wall),
        peakRssMiB: rss.length ? spread(rss) : null,
        status429: range(limited),
        requests: range(requests),
        allDeleted,
        exitCodes,
      });
      log(`  bulk delete at ${ratePerSecond}/s${during} measured`);
    } finally {
      await zoom.close();
    }
  }
  return results;
}

/** Measures every row, the dist/ budgets and the bulk deletes; writes the JSON when options.outFile is set. */
export async function runBench(options: BenchOptions, log: (line: string) => void = () => {}): Promise<BenchReport> {
  const meter = createMeter();
  try {
    const loadStart = loadavg()[0] ?? Number.NaN;
    const rows = await measureRows(options, meter, log);
    const loadEnd = loadavg()[0] ?? Number.NaN;
    const bulk = options.bulkRuns > 0 ? await measureBulk(options, meter, log) : [];
    const dist = await inspectDist(dirname(options.entry ?? join(ROOT, 'dist', 'index.js')));
    const report: BenchReport = {
      date: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: availableParallelism(),
      load: { start: loadStart, end: loadEnd },
      rounds: options.rounds,
      meter: meter.name,
      dist,
      rows,
      budgets: judgeBudgets(rows, dist),
      bulk,
    };
    if (options.outFile) {
      mkdirSync(dirname(options.outFile), { recursive: true });
      writeFileSync(options.outFile, `${JSON.stringify(report, null, 2)}\n`);
    }
    return report;
  } finally {
    meter.close();
  }
}

const ms = (value: number): string => value.toFixed(1);
const median = (value: Spread | null, digits = 1): string => (value ? value.median.toFixed(digits) : 'n/a');
const ratio = (value: number | null): string => (value === null ? '' : value.toFixed(2));
const count = (value: { min: number; max: number }): string =>
  value.min === value.max ? String(value.min) : `${value.min}-${value.max}`;

/** The report as Markdown: rows, floors, budgets, dist/ and the bulk deletes. */
export function formatReport(report: BenchReport): string {
  const labels = new Map(report.rows.map((row) => [row.id, row.label]));
  const lines = [
    `Node ${report.node}, ${report.platform}, ${report.cpus} cores, load average ${report.load.start.toFixed(2)} at the start and ${report.load.end.toFixed(2)} at the end; ${report.rounds} rounds (medians, p25-p75).`,
    `Measured with ${report.meter}.`,
    '',
    '| command | median ms | p25-p75 ms | CPU ms | peak RSS MiB (median, max) | requests | floor | × floor, paired | × floor, medians | CPU × floor |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
  ];
  for (const row of report.rows) {
    const failed = row.failures ? ` (${row.failures} FAILED: ${row.failureSample})` : '';
    lines.push(
      `| ${row.label}${failed} | ${ms(row.wallMs.median)} | ${ms(row.wallMs.p25)}-${ms(row.wallMs.p75)} | ${median(row.cpuMs)} | ${median(row.peakRssMiB)}, ${row.peakRssMiB ? row.peakRssMiB.max.toFixed(1) : 'n/a'} | ${count(row.requests)} | ${row.floor ? (labels.get(row.floor) ?? row.floor) : ''} | ${ratio(row.pairedRatioToFloor)} | ${ratio(row.ratioToFloor)} | ${ratio(row.cpuRatioToFloor)} |`,
    );
  }
  lines.push(
    '',
    "× floor, paired: the median over the rounds of (the row's run / the floor's run next to it); × floor, medians: the ratio of the two medians in the pair; CPU × floor: the ratio of their CPU medians. CPU is user + system time of the child.",
    '',
    'What each command runs (each one started as the runner starts the action: the same environment, runner variables, INPUT_*, file-command files and event payload, against the same stub on 127.0.0.1):',
    '',
  );
  for (const row of report.rows) lines.push(`- ${row.label}: ${row.does}.`);
  lines.push('', '| budget | measured | limit | aim | result |', '| --- | ---: | ---: | ---: | --- |');
  for (const budget of report.budgets) {
    const figure = (value: number) =>
      budget.unit === '×' ? `${value.toFixed(2)}×` : budget.unit === 'MiB' ? `${value.toFixed(1)} MiB` : String(value);
    const result = budget.pass ? (budget.aimMet ? 'pass' : 'pass (aim missed)') : 'FAIL';
    lines.push(
      `| ${budget.label} | ${figure(budget.measured)} | ${figure(budget.limit)} | ${budget.aim === undefined ? '' : figure(budget.aim)} | ${result} |`,
    );
  }
  lines.push(
    '',
    `dist/: ${report.dist.bytes} bytes (${(report.dist.bytes / MIB).toFixed(2)} MiB) in ${report.dist.files} files; dist/index.js ${report.dist.entryBytes} bytes.`,
    '',
    '| dist/ file | bytes | lines | average line | indented lines | terser reprint | minified |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const file of report.dist.list) {
    const layout = file.layout;
    lines.push(
      layout
        ? `| ${file.file} | ${file.bytes} | ${layout.lines} | ${Math.round(layout.averageLineLength)} | ${(layout.indentedShare * 100).toFixed(1)}% | ${layout.reprintRatio.toFixed(3)} | ${layout.minified ? 'yes' : 'NO'} |`
        : `| ${file.file} | ${file.bytes} | | | | | |`,
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
        `| ${bulk.label} | ${ms(bulk.wallMs.median)} | ${ms(bulk.wallMs.min)}-${ms(bulk.wallMs.max)} | ${median(bulk.peakRssMiB)} | ${count(bulk.status429)} | ${count(bulk.requests)} | ${bulk.allDeleted ? 'yes' : 'no'} | ${bulk.exitCodes.join(' ')} |`,
      );
    }
  }
  return lines.join('\n');
}

function positiveInteger(names: string[], fallback: number, minimum: number): number {
  const name = names.find((candidate) => process.env[candidate]) ?? names[0] ?? '';
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
    rounds: positiveInteger(['BENCH_ROUNDS', 'BENCH_RUNS'], 20, 1),
    bulkIds: positiveInteger(['BENCH_BULK_IDS'], 100, 1),
    bulkRuns: positiveInteger(['BENCH_BULK_RUNS'], 3, 0),
    entry: resolve(ROOT, process.env.BENCH_ENTRY || 'dist/index.js'),
    outFile: resolve(ROOT, process.env.BENCH_OUT || 'bench-results/latest.json'),
  };
  console.error(`Measuring ${options.rounds} rounds with Node ${process.version}...`);
  const report = await runBench(options, (line) => console.error(line));
  console.log(formatReport(report));
  console.error(`\nWrote ${relative(process.cwd(), options.outFile ?? '')}`);
  const failed = report.rows.filter((row) => row.failures > 0);
  if (failed.length) {
    console.error(`Rows with failed runs: ${failed.map((row) => row.id).join(', ')}`);
    process.exitCode = 1;
  }
  const over = report.budgets.filter((budget) => !budget.pass);
  if (over.length) {
    console.error(`Budgets failed: ${over.map((budget) => budget.id).join(', ')}`);
    if (process.env.BENCH_ENFORCE === '1') process.exitCode = 1;
  }
}
