// Long life and restarts: continue-as-new carries the case over, a worker restart repeats nothing.
import { officer, petitioner, supervisor } from '../support/fixtures';
import { Harness, recordHistories } from './harness';

// No workflow cache: every workflow task replays the whole history (and the time-skipping server
// does not move tasks off a stopped worker's sticky queue).
const h = new Harness('durability', { maxCachedWorkflows: 0 });
beforeAll(() => h.setup());
afterAll(() => h.teardown());
recordHistories(h);

test('continue-as-new when the history grows: state, clocks and timeline carry over, and the case still closes', async () => {
  const p = await h.start({}, { historyLimit: 40 });
  const firstRun = (await p.handle.describe()).runId;
  await p.act('accept', officer, { unitId: 'unit-housing', officerId: officer.id });
  for (let i = 1; i <= 8; i++) {
    await p.signal('supervise', supervisor, { instruction: `Progress report ${i}.` });
    await h.advance(1);
  }
  const later = await p.handle.describe();
  expect(later.runId).not.toBe(firstRun);
  let v = await p.view();
  expect(v.supervision).toHaveLength(8);
  expect(v.timeline.map((e) => e.seq)).toEqual(Array.from({ length: v.seq }, (_, i) => i + 1));
  expect(v.clocks.find((k) => k.kind === 'handling')).toMatchObject({ running: true, dueAt: expect.any(String) });

  await p.act('reply', officer, { decision: 'support', facts: 'f', legalBasis: 'b', text: 't' });
  v = await p.act('evaluate', petitioner, { rating: 'satisfied' });
  expect(v.status).toBe('appeal_window');
  await h.advance(32); // the review window lapses: closed
  v = await p.view();
  expect(v).toMatchObject({ status: 'closed', closingReason: 'appeal_window_lapsed' });
  // The eight supervision notices still await their answers: the workflow runs until they come.
  for (const notice of v.supervision) v = await p.act('answerSupervision', officer, { noticeId: notice.id, answer: `Answered ${notice.id}.` });
  await p.handle.result();
  const events = await p.events();
  expect(events.map((e) => e.seq)).toEqual(v.timeline.map((e) => e.seq)); // nothing lost, nothing twice across runs
  const notices = await p.notices();
  expect(new Set(notices.map((n) => n.key)).size).toBe(notices.length);
  expect(notices.filter((n) => n.kind === 'supervision_notice')).toHaveLength(8);
});

test('worker restarts in mid-lifecycle: the new worker replays the history and sends no warning or escalation twice', async () => {
  const p = await h.start();
  await p.act('accept', officer, { unitId: 'unit-housing', officerId: officer.id });
  await h.advance(20); // past 50% of the handling period
  await h.stopWorker(); // a fresh worker has no cached state: it must replay the history
  await h.startWorker();
  await h.advance(50); // past 80%, one day before, and the deadline itself
  await h.stopWorker();
  await h.startWorker();
  await h.advance(5); // past the grace period
  const v = await p.view();
  expect(v).toMatchObject({ overdue: true, escalationLevel: 2 });
  expect(v.timeline.filter((e) => e.type === 'deadline_warning').map((e) => e.data.marker)).toEqual(['warn:0.5', 'warn:0.8', 'warn:1d']);
  expect(v.timeline.filter((e) => e.type === 'deadline_breached')).toHaveLength(1);
  expect(v.timeline.filter((e) => e.type === 'escalated')).toHaveLength(1);
  const notices = await p.notices();
  expect(notices.filter((n) => n.kind === 'deadline_breached')).toHaveLength(1);
  expect(notices.filter((n) => n.kind === 'criticism')).toHaveLength(1);
  expect(new Set(notices.map((n) => n.key)).size).toBe(notices.length);
  const row = await h.db.petition.findUniqueOrThrow({ where: { id: p.id } });
  expect(row).toMatchObject({ overdue: true, escalationLevel: 2, lastSeq: v.seq });
  expect((await p.events()).map((e) => e.seq)).toEqual(v.timeline.map((e) => e.seq));
});
