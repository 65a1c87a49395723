// A reporter's identity stays protected, also from the platform (检举控告: the material and the reporter's
// identity may reach only those handling the case). A report goes through the real API on the dev server
// with an appeal, a supervision notice (a signal) and continue-as-new; then the server's own record is
// read without any codec, as anyone with access to Temporal or its Web UI would: no event of any kind and
// no query answer holds the reporter's name, contact, ID number, the title or the text in clear.
import type { Connection } from '@temporalio/client';
import { decode } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import type { CaseView } from '../../src/domain';
import { ENCODING, EncryptionCodec, KEY_ID_METADATA } from '../../src/temporal/encryptionCodec';
import { workflowIdFor } from '../../src/temporal/ids';
import { getCaseQuery } from '../../src/workflows/messages';
import { PATCHES } from '../../src/workflows/petition.workflow';
import { actionPath, expectOk, OPINION } from '../support/apiFixtures';
import { startApiStack, type ApiStack, type DemoUser } from '../support/apiStack';
import { testKeyring } from '../support/codec';
import { eventBytes, eventKind, metadataText, payloadsIn, plaintextIn, rawRuns } from '../support/rawHistory';

// Distinctive, so that a hit can only be this case's data: Chinese and ASCII.
const REPORTER = {
  name: '欧阳澈明 Ouyang-Cheming',
  contact: 'cheming.reporter-7731@example.cn',
  idNumber: '11010519900307783X',
  address: '海淀区清河路甲17号 Qinghe-Rd-17',
};
const TITLE = '举报某建筑公司挪用工资保证金 ZEBRA-TITLE-5521';
const CONTENT = '项目经理以虚假名义挪用工资保证金八十万元，证据见附件 ZEBRA-CONTENT-9043。';
const SECRETS = [REPORTER.name, '欧阳澈明', 'Ouyang-Cheming', REPORTER.contact, REPORTER.idNumber, REPORTER.address, TITLE, 'ZEBRA-TITLE-5521', CONTENT, 'ZEBRA-CONTENT-9043'];

// The server suggests continue-as-new after this many events (the workflow heeds the suggestion).
const SUGGEST_CONTINUE_AS_NEW_AT = 40;

let stack: ApiStack;
let c: CaseView;
let runs: Awaited<ReturnType<typeof rawRuns>>;
const namespace = () => stack.env.namespace ?? 'default';
const connection = () => stack.env.connection as Connection;
const codec = new EncryptionCodec(testKeyring());

async function act(user: DemoUser, action: string, body: Record<string, unknown>): Promise<void> {
  expectOk(await stack.as(user).post(actionPath(c.id, action), body), `${user} ${action}`);
  c = expectOk(await stack.as('admin').get(`/api/v1/petitions/${c.id}`), 'detail').body.petition;
}

const encrypted = (p: temporal.api.common.v1.IPayload) => metadataText(p, 'encoding') === ENCODING && metadataText(p, KEY_ID_METADATA) === 'test-1';
const clear = async (p: temporal.api.common.v1.IPayload) => Buffer.from((await decode([codec], [p as never]))[0]!.data ?? []).toString('utf8');

beforeAll(async () => {
  stack = await startApiStack({ devServerArgs: ['--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${SUGGEST_CONTINUE_AS_NEW_AT}`] });

  // A report, submitted online by a signed-in petitioner, with every personal field.
  const submitted = await stack.as('petitioner-liu').post('/api/v1/petitions', {
    class: 'report', title: TITLE, content: CONTENT, petitioner: REPORTER, unitId: 'unit-labour',
  });
  c = expectOk(submitted, 'submission').body.petition;
  await act('intake-wang', 'accept', { unitId: 'unit-labour', officerId: 'officer-li' });
  // Staff write the reporter's name and ID number into their own texts too: those are protected as well.
  await act('supervisor-zhao', 'supervise', { instruction: `请于十日内答复举报人${REPORTER.name}（${REPORTER.idNumber}）。` }); // a signal
  await act('officer-li', 'answerSupervision', { noticeId: c.supervision[0]!.id, answer: `已联系${REPORTER.name}，正在核查。` });
  await act('officer-li', 'reply', { ...OPINION, text: `${REPORTER.name}举报属实，已责令整改。` });
  await act('petitioner-liu', 'evaluate', { rating: 'dissatisfied', comment: `本人${REPORTER.name}不满意。` });
  await act('petitioner-liu', 'requestReview', { reason: `挪用事实未查清，身份证号${REPORTER.idNumber}。` }); // the appeal (复查)
  expect(c.status).toBe('in_review');

  runs = await rawRuns(connection(), namespace(), workflowIdFor(c.id));
});

afterAll(async () => {
  await stack?.close();
});

test('the lifecycle ran into continue-as-new: more than one run', () => {
  expect(runs.length).toBeGreaterThan(1);
  const continued = runs.slice(1).map((r) => r.events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId);
  expect(continued).toEqual(runs.slice(0, -1).map((r) => r.runId));
});

test('no event of any run holds the reporter\'s data in clear, in its raw bytes or in anything base64 inside them', () => {
  const hits = runs.flatMap((r) => r.events.flatMap((e) => {
    const found = plaintextIn(eventBytes(e), SECRETS);
    return found.length ? [`${r.runId} #${e.eventId} ${eventKind(e)}: ${found.join(', ')}`] : [];
  }));
  expect(hits).toEqual([]);
});

test('every payload of every kind is encrypted with the current key, and holds the case\'s data once decrypted', async () => {
  const all = runs.flatMap((r) => r.events.flatMap((e) => payloadsIn(e).map((p) => ({ kind: eventKind(e), ...p }))));
  const where = (kind: string, at: RegExp) => all.filter((p) => p.kind === kind && at.test(p.at));
  const kinds: [string, RegExp][] = [
    ['workflowExecutionStarted', /\.input\./], // the registration, then each continued run's input
    ['workflowExecutionUpdateAccepted', /\.acceptedRequest\.input\.args\./], // officers' and petitioners' actions
    ['workflowExecutionUpdateCompleted', /\.outcome\.success\./], // their answers (the case view)
    ['workflowExecutionSignaled', /\.input\./], // the supervisor's notice
    ['activityTaskScheduled', /\.input\./], // due dates and the projection write
    ['activityTaskCompleted', /\.result\./],
    ['workflowExecutionContinuedAsNew', /\.input\./], // the whole case carried over
  ];
  for (const [kind, at] of kinds) {
    const found = where(kind, at);
    expect([kind, found.length > 0]).toEqual([kind, true]);
    expect([kind, found.filter((p) => !encrypted(p.payload)).map((p) => p.at)]).toEqual([kind, []]);
  }
  // Not vacuous: decrypted, these are the reporter's data.
  const text = async (kind: string, at: RegExp) => (await Promise.all(where(kind, at).map((p) => clear(p.payload)))).join('\n');
  expect(await text('workflowExecutionStarted', /\.input\./)).toContain(REPORTER.idNumber);
  expect(await text('workflowExecutionContinuedAsNew', /\.input\./)).toContain(CONTENT);
  expect(await text('workflowExecutionSignaled', /\.input\./)).toContain(REPORTER.name);
  expect(await text('workflowExecutionUpdateAccepted', /\.acceptedRequest\.input\.args\./)).toContain(REPORTER.idNumber);
  expect(await text('workflowExecutionUpdateCompleted', /\.outcome\.success\./)).toContain(REPORTER.contact);
  expect(await text('activityTaskScheduled', /\.input\./)).toContain(TITLE);

  // Everything else that carries payloads: search attributes (indexed by the server, so never encrypted:
  // status, class, unit, officer, dates), markers (patched(): the SDK core writes the patch id itself),
  // and nothing more; memo is not set.
  const rest = all.filter((p) => !kinds.some(([kind, at]) => p.kind === kind && at.test(p.at)));
  expect(rest.filter((p) => !encrypted(p.payload) && !/\.searchAttributes\./.test(p.at) && p.kind !== 'markerRecorded').map((p) => `${p.kind} ${p.at}`)).toEqual([]);
  const markers = all.filter((p) => p.kind === 'markerRecorded');
  expect(markers.length).toBeGreaterThan(0);
  const patchIds = new Set<string>(Object.values(PATCHES));
  for (const m of markers) {
    const content = JSON.parse(Buffer.from(m.payload.data ?? []).toString('utf8'));
    expect(patchIds.has(content.id)).toBe(true);
  }
  expect(all.filter((p) => /\.memo\./.test(p.at))).toEqual([]);
});

test('a query answered by the worker reaches the server encrypted (queried with the bare gRPC service)', async () => {
  const raw = await connection().workflowService.queryWorkflow({
    namespace: namespace(), execution: { workflowId: workflowIdFor(c.id) }, query: { queryType: getCaseQuery.name },
  });
  const payloads = raw.queryResult?.payloads ?? [];
  expect(payloads.length).toBe(1);
  expect(payloads.every(encrypted)).toBe(true);
  expect(plaintextIn(temporal.api.common.v1.Payloads.encode({ payloads }).finish(), SECRETS)).toEqual([]);
  expect(await clear(payloads[0]!)).toContain(REPORTER.name);
});

test('the workflow\'s description and its listing (memo, search attributes) hold none of it', async () => {
  const described = await connection().workflowService.describeWorkflowExecution({ namespace: namespace(), execution: { workflowId: workflowIdFor(c.id) } });
  expect(plaintextIn(temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse.encode(described).finish(), SECRETS)).toEqual([]);
  const listed = await connection().workflowService.listWorkflowExecutions({ namespace: namespace(), query: `WorkflowId = '${workflowIdFor(c.id)}'` });
  expect(listed.executions?.length).toBeGreaterThan(0);
  expect(plaintextIn(temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse.encode(listed).finish(), SECRETS)).toEqual([]);
});
