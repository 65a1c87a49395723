// `npm run admin -- calendar load` as ops run it (a child process on a real SQLite file) against the real
// Temporal dev server: the file's checks and exit codes, the year saved for every worker, and the running
// petitions with provisional due dates found by their search attribute and signalled once per arrangement.
// The petitions here are executions on a task queue no worker polls: they just wait, and their histories
// show exactly which signals reached them.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TypedSearchAttributes } from '@temporalio/common';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { main } from '../../src/admin/cli';
import type { Db } from '../../src/db/client';
import { findProvisionalPetitions, signalProvisionalPetitions } from '../../src/ops/recomputeDueDates';
import { readHolidayYears } from '../../src/policy/holidayYears';
import { PetitionProvisionalDeadline, PetitionStatus } from '../../src/temporal/searchAttributes';
import { payloadKeysSetting } from '../support/codec';
import { eventually } from '../support/http';
import { devServerEnv, ROOT } from '../support/temporal';
import { createTestDb } from '../support/testDb';

interface CliResult { code: number; stdout: string; stderr: string }
/** The suite's payload key, as the test's own client has it: the command's signals are encrypted with it. */
const KEYS = { PAYLOAD_KEYS: payloadKeysSetting('test-1'), PAYLOAD_KEY_CURRENT: 'test-1' };
/** Tests that start several CLI processes (each loads tsx and the Temporal client): room for a busy machine. */
const CLI_TIMEOUT_MS = 300_000;

const TMP = path.join(ROOT, '.data', 'test', `calendar-${crypto.randomUUID()}`);
const STATUTORY_2027 = ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05',
  '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03'];
// A made-up 2027 notice in the shape of CALENDAR_FILE: the statutory days, longer breaks, two make-up Sundays.
const ARRANGEMENT_2027 = {
  source: 'test: 国务院办公厅关于2027年部分节假日安排的通知',
  timeZone: 'Asia/Shanghai',
  years: { '2027': {
    holidays: [...STATUTORY_2027, '2027-01-02', '2027-01-03', '2027-02-09', '2027-02-10', '2027-02-11', '2027-10-04', '2027-10-05'],
    workdays: ['2027-01-31', '2027-02-20'],
  } },
};

function writeJson(name: string, content: unknown): string {
  const file = path.join(TMP, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

describe('calendar load, list and show', () => {
  let env: TestWorkflowEnvironment;
  let t: Awaited<ReturnType<typeof createTestDb>>;
  let db: Db;
  const taskQueue = `no-worker-${crypto.randomUUID()}`;

  function admin(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
    return new Promise((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', path.join('src', 'admin', 'cli.ts'), ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: t.url, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: 'default', LOG_LEVEL: 'info', ...KEYS, ...extraEnv },
      }, (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
    });
  }

  /** The same command in this process (its checks are many; a process each would take minutes on a busy machine). */
  async function adminHere(args: string[]): Promise<CliResult> {
    let stdout = '';
    let stderr = '';
    const saved = { ...process.env };
    Object.assign(process.env, { DATABASE_URL: t.url, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: 'default', ...KEYS });
    try {
      const code = await main(args, { print: (s) => { stdout += `${s}\n`; }, note: (s) => { stderr += `${s}\n`; } });
      return { code, stdout, stderr };
    } finally {
      process.env = saved;
    }
  }

  /** A petition execution that waits, with the attribute the petition workflow keeps up to date. */
  async function waitingPetition(id: string, provisional: boolean) {
    return env.client.workflow.start('petitionWorkflow', {
      taskQueue, workflowId: `petition-${id}`, args: [],
      typedSearchAttributes: new TypedSearchAttributes([
        { key: PetitionStatus, value: 'in_handling' },
        { key: PetitionProvisionalDeadline, value: provisional },
      ]),
    });
  }

  /** The recomputeDueDates signals in a petition's history, decrypted and decoded. */
  async function recomputeSignals(workflowId: string): Promise<unknown[]> {
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const signals = (history.events ?? [])
      .map((e) => e.workflowExecutionSignaledEventAttributes)
      .filter((a) => a?.signalName === 'recomputeDueDates');
    return Promise.all(signals.map(async (a) => (await decodeArrayFromPayloads(env.client.options.loadedDataConverter, a!.input!.payloads))[0]));
  }

  beforeAll(async () => {
    fs.mkdirSync(TMP, { recursive: true });
    [env, t] = await Promise.all([devServerEnv(), createTestDb()]);
    db = t.db;
    await waitingPetition('p1', true);
    await waitingPetition('p2', true);
    await waitingPetition('covered', false);
    const closed = await waitingPetition('closed', true);
    await closed.terminate('closed before the arrangement was published');
    // The visibility store answers within a moment of the starts.
    await eventually(async () => ((await findProvisionalPetitions(env.client)).length === 2 ? true : undefined), 'the visibility store');
    expect((await findProvisionalPetitions(env.client)).sort()).toEqual(['petition-p1', 'petition-p2']);
  });
  afterAll(async () => {
    await env?.teardown();
    await t?.cleanup();
    fs.rmSync(TMP, { recursive: true, force: true });
  });

  test('a wrong command line is exit code 2 with the usage; a file that fails a check is exit code 1 and writes nothing', async () => {
    // As ops run it: a child process each for the exit codes; the many checks behind exit code 1 in this process.
    const good = writeJson('good.json', ARRANGEMENT_2027);
    const usage = await Promise.all([['calendar', 'load'], ['calendar', 'load', good, '--sauce', 'x'], ['calendar', 'show'],
      ['calendar', 'list', '2027'], ['calendar', 'show', '2027', '--dry-run'], ['calendar', 'load', good, '--source']].map((a) => admin(a)));
    for (const r of usage) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).toContain('calendar load <file.json> [--source <notice>] [--dry-run]');
    }

    const withYear = (year: Record<string, unknown>, more: Record<string, unknown> = {}) => ({ timeZone: 'Asia/Shanghai', years: { '2027': year }, ...more });
    const refusals: [string, string | object, RegExp][] = [
      ['missing.json', '', /cannot read .*missing\.json: ENOENT/],
      ['notjson.json', '{"timeZone": "Asia/Shanghai", years: {}}', /notjson\.json is not JSON: /],
      ['baddate.json', withYear({ holidays: [...STATUTORY_2027, '2027-02-30'], workdays: [] }), /Invalid holiday calendar: years\.2027\.holidays has invalid date "2027-02-30"/],
      ['weekdayworkday.json', withYear({ holidays: STATUTORY_2027, workdays: ['2027-02-03'] }), /make-up workday 2027-02-03 is not a Saturday or Sunday/],
      ['zone.json', { ...withYear({ holidays: STATUTORY_2027, workdays: [] }), timeZone: 'Asia/Hong_Kong' }, /is for the time zone Asia\/Hong_Kong, but the service counts in Asia\/Shanghai/],
      ['empty.json', { timeZone: 'Asia/Shanghai', years: {} }, /has no years: nothing to load/],
      ['range.json', { timeZone: 'Asia/Shanghai', years: { '1949': { holidays: [], workdays: [] } } }, /1949: outside 1950-2100/],
    ];
    const refused = [];
    for (const [name, content] of refusals) {
      refused.push(await adminHere(['calendar', 'load', name === 'missing.json' ? path.join(TMP, name) : writeJson(name, content)]));
    }
    for (const [i, [name, , message]] of refusals.entries()) {
      const r = refused[i]!;
      expect({ name, code: r.code, stdout: r.stdout }).toEqual({ name, code: 1, stdout: '' });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain('Usage:');
    }

    // The Spring Festival's 除夕 and 初三 left as working days (初二 even a make-up Sunday), Qingming forgotten.
    const incomplete = writeJson('incomplete.json', withYear({
      holidays: STATUTORY_2027.filter((d) => !['2027-02-05', '2027-02-07', '2027-02-08', '2027-04-05'].includes(d)),
      workdays: ['2027-02-07'],
    }));
    const r = await admin(['calendar', 'load', incomplete]);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toContain('was not loaded (nothing changed). Every statutory holiday (《全国年节及纪念日放假办法》第二条');
    expect(r.stderr).toContain('2027: 4 statutory holidays not a rest day:');
    expect(r.stderr).toContain('2027-02-05 (Fri) 春节（农历除夕）, 第二条（二）');
    expect(r.stderr).toContain('2027-02-07 (Sun) 春节（正月初二）, 第二条（二）, listed as a make-up working day');
    expect(r.stderr).toContain('2027-02-08 (Mon) 春节（正月初三）, 第二条（二）');
    expect(r.stderr).toContain('2027-04-05 (Mon) 清明节, 第二条（三）');
    // 初一 (Sat 02-06) is missing from the list too, but a Saturday that is not a make-up day is a rest day anyway.
    expect(r.stderr).not.toContain('2027-02-06');

    expect(await adminHere(['calendar', 'show', '20x7'])).toEqual({ code: 1, stdout: '', stderr: 'error: invalid year "20x7": four digits, e.g. 2027\n' });
    expect(await readHolidayYears(db)).toEqual([]);
    for (const id of ['petition-p1', 'petition-p2']) expect(await recomputeSignals(id)).toEqual([]);
  }, CLI_TIMEOUT_MS);

  test('show before the load: 2027 counts its statutory holidays only (provisional)', async () => {
    const r = await admin(['calendar', 'show', '2027']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2027: no State Council arrangement loaded. Due dates counting 2027 are provisional');
    expect(r.stdout).toMatch(/^2027-02-05 {2}Fri {2}春节（农历除夕） 第二条（二）$/m);
    expect(r.stdout.match(/^2027-\d\d-\d\d /gm)).toHaveLength(13);
  });

  test('load: a dry run changes nothing; the load saves the year and signals each provisional petition once; a rerun signals nobody again', async () => {
    const file = writeJson('2027.json', ARRANGEMENT_2027);

    const dry = await admin(['calendar', 'load', file, '--dry-run']);
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toBe([
      '2027: new: 20 rest days listed (7 beyond the statutory holidays), 2 make-up working days (2027-01-31, 2027-02-20)',
      'dry run: nothing written (1 year would be)',
      'dry run: 2 running petitions with provisional due dates would be signalled to recompute them',
      '',
    ].join('\n'));
    expect(await readHolidayYears(db)).toEqual([]);
    expect(await recomputeSignals('petition-p1')).toEqual([]);

    const loaded = await admin(['calendar', 'load', file, '--source', '国办发明电〔2026〕99号']);
    expect(loaded).toMatchObject({ code: 0, stderr: '' });
    expect(loaded.stdout).toContain('2027: new: 20 rest days listed');
    expect(loaded.stdout).toContain('saved 2027 (source: 国办发明电〔2026〕99号): every worker counts it from its next due date');
    expect(loaded.stdout).toContain('signalled 2 of 2 running petitions with provisional due dates to recompute them');
    const [row] = await readHolidayYears(db);
    expect(row).toMatchObject({ year: '2027', source: '国办发明电〔2026〕99号', workdays: ['2027-01-31', '2027-02-20'] });
    expect(row!.holidays).toEqual([...ARRANGEMENT_2027.years['2027'].holidays].sort());

    const signal = { reason: 'State Council holiday arrangement for 2027 loaded (国办发明电〔2026〕99号)', calendarYears: ['2027'] };
    expect(await recomputeSignals('petition-p1')).toEqual([signal]);
    expect(await recomputeSignals('petition-p2')).toEqual([signal]);
    expect(await recomputeSignals('petition-covered')).toEqual([]);
    expect(await recomputeSignals('petition-closed')).toEqual([]);

    // The same command again (e.g. after a lost connection): nothing rewritten, and Temporal drops the repeats
    // by their request id, so each petition still has the one signal.
    const updatedAt = row!.updatedAt;
    const again = await admin(['calendar', 'load', file, '--source', '国办发明电〔2026〕99号']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('2027: unchanged');
    expect(again.stdout).toContain('nothing to save: the database already has this arrangement');
    expect((await readHolidayYears(db))[0]!.updatedAt).toEqual(updatedAt);
    expect(await recomputeSignals('petition-p1')).toEqual([signal]);
    expect(await recomputeSignals('petition-p2')).toEqual([signal]);

    // A corrected notice is a different arrangement: saved with what changed, and signalled again.
    const corrected = structuredClone(ARRANGEMENT_2027);
    corrected.years['2027'].holidays.push('2027-02-12');
    corrected.years['2027'].workdays = ['2027-01-31'];
    const fixed = await admin(['calendar', 'load', writeJson('2027-corrected.json', corrected)]);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('2027: changed: rest days added 2027-02-12; make-up working days removed 2027-02-20');
    expect(fixed.stdout).toContain('saved 2027 (source: test: 国务院办公厅关于2027年部分节假日安排的通知)'); // the file's own "source"
    expect(await recomputeSignals('petition-p1')).toHaveLength(2);

    const list = await admin(['calendar', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^2025 {2}CN\.json\s+28\s+5\s+-\s+-$/m);
    expect(list.stdout).toMatch(/^2027 {2}database\s+21\s+1\s+\S+Z\s+test: 国务院办公厅关于2027年部分节假日安排的通知$/m);
    const show = await admin(['calendar', 'show', '2027']);
    expect(show.stdout).toMatch(/^2027: loaded into the database \S+Z, last changed \S+Z; source: test: /);
    expect(show.stdout).toMatch(/^2027-01-31 {2}Sun {2}make-up working day$/m);
    expect(show.stdout).toMatch(/^2027-02-12 {2}Fri {2}rest day$/m);
  }, CLI_TIMEOUT_MS);

  test('the fan-out function: the visibility query finds only running provisional petitions; a dry run sends nothing', async () => {
    await waitingPetition('p3', true);
    await eventually(async () => ((await findProvisionalPetitions(env.client)).length === 3 ? true : undefined), 'the visibility store');
    const options = { reason: 'test', calendarYears: ['2028'], key: 'arrangement-2028' };
    expect(await signalProvisionalPetitions(env.client, { ...options, dryRun: true }))
      .toEqual({ matched: expect.arrayContaining(['petition-p1', 'petition-p2', 'petition-p3']), signalled: 0, closedMeanwhile: [], failed: [] });
    expect(await recomputeSignals('petition-p3')).toEqual([]);
    const report = await signalProvisionalPetitions(env.client, { ...options, concurrency: 2 });
    expect(report).toMatchObject({ signalled: 3, closedMeanwhile: [], failed: [] });
    await signalProvisionalPetitions(env.client, options); // the same key again: dropped by Temporal
    expect(await recomputeSignals('petition-p3')).toEqual([{ reason: 'test', calendarYears: ['2028'] }]);
    expect(await recomputeSignals('petition-p1')).toHaveLength(3); // 2027, corrected 2027, 2028
  });

  test('Temporal unreachable after the save: exit code 1, the year stays saved, and the message says to run it again', async () => {
    const file = writeJson('2028.json', { timeZone: 'Asia/Shanghai', years: { '2028': {
      holidays: ['2028-01-01', '2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28', '2028-04-04', '2028-05-01', '2028-05-02',
        '2028-05-28', '2028-10-01', '2028-10-02', '2028-10-03'],
      workdays: [],
    } } });
    const r = await admin(['calendar', 'load', file], { TEMPORAL_ADDRESS: '127.0.0.1:1' }); // nothing listens on port 1
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('saved 2028');
    expect(r.stderr).toContain('error: the arrangement is saved and new due dates use it, but the running petitions with provisional due dates were not told to recompute them: Temporal at 127.0.0.1:1');
    expect(r.stderr).toContain('Run the same command again once Temporal is reachable');
    expect((await readHolidayYears(db)).map((y) => y.year)).toEqual(['2027', '2028']);
  });
});
