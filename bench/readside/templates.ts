// Case templates for synthetic projections: each path a petition office sees (registered, in handling,
// replied, closed satisfied, appealed and reviewed, withdrawn, overdue and criticised, ...) is driven through
// the real domain (register, decide, tick, due dates from the real calendar) once per class and age, with
// placeholders for everything that differs between cases. A seeded case is a template with its own ids,
// unit, people and text, shifted in time: the same shape as a row the projection writes.
import { computeDueDate, localDateOf, type HolidayCalendar } from '../../src/domain/calendar';
import {
  applyDueDates, decide, dueDateRequests, register, resolvePolicy, tick, viewCase,
  type Actor, type CaseView, type Command, type Effect, type PetitionCase, type PetitionClass, type PolicyDocument,
} from '../../src/domain';
import type { Rng } from './corpus';

const DAY = 86_400_000;
export const PLACEHOLDER = { id: '@ID@', queryCode: '@QC@', matterKey: '@MK@', unit: '@UNIT@', officer: '@OFFICER@', name: '@PNAME@', contact: '@PCONTACT@', idNumber: '@PIDNO@', user: '@PUSER@', title: '@TITLE@', content: '@CONTENT@' } as const;

const INTAKE: Actor = { id: 'intake-bench', role: 'intake_officer', unitId: 'office' };
const SUPERVISOR: Actor = { id: 'supervisor-bench', role: 'supervisor', unitId: 'office' };
const OFFICER: Actor = { id: PLACEHOLDER.officer, role: 'case_officer', unitId: PLACEHOLDER.unit };
const PETITIONER: Actor = { id: PLACEHOLDER.user, role: 'petitioner' };
const OPINION = { decision: 'support', facts: '经调查核实，反映情况基本属实。', legalBasis: '《信访工作条例》第三十二条', text: '已责成相关单位限期整改，并将处理结果书面告知。' } as const;

type Step = [day: number, command: Command];
const accept: Step = [1, { type: 'accept', unitId: PLACEHOLDER.unit, actor: INTAKE }];
const assign: Step = [2, { type: 'assign', unitId: PLACEHOLDER.unit, officerId: PLACEHOLDER.officer, actor: INTAKE }];
const reply = (day: number): Step => [day, { type: 'reply', ...OPINION, actor: OFFICER }];
const rate = (day: number, rating: 'satisfied' | 'basically_satisfied' | 'dissatisfied'): Step => [day, { type: 'evaluate', rating, actor: PETITIONER }];

/** The paths, by name: the steps, each on its day after receipt (a step later than the case's age has not happened). */
export const PATHS: Record<string, Step[]> = {
  registered: [],
  accepted: [accept],
  inHandling: [accept, assign],
  supervised: [accept, assign, [20, { type: 'supervise', instruction: '请于一周内报告办理进展', actor: SUPERVISOR }]],
  escalated: [accept, assign, [25, { type: 'escalate', reason: '群众反映强烈', level: 1, actor: SUPERVISOR }]],
  replied: [accept, assign, reply(30)],
  satisfied: [accept, assign, reply(30), rate(33, 'satisfied')],
  basicallySatisfied: [accept, assign, reply(28), rate(31, 'basically_satisfied')],
  dissatisfied: [accept, assign, reply(30), rate(33, 'dissatisfied')],
  reviewed: [accept, assign, reply(30), rate(33, 'dissatisfied'), [40, { type: 'requestReview', reason: '对处理意见不服', actor: PETITIONER }],
    [60, { type: 'issueReviewOpinion', ...OPINION, actor: OFFICER }], [63, { type: 'evaluate', rating: 'basically_satisfied', actor: PETITIONER }]],
  returnVisit: [accept, assign, reply(30), [48, { type: 'recordReturnVisit', outcome: 'satisfied', notes: '电话回访，表示满意', actor: OFFICER }]],
  lateReply: [accept, assign, reply(75), rate(78, 'dissatisfied')],
  overdue: [accept, assign],
  withdrawn: [[5, { type: 'withdraw', reason: '问题已自行解决', actor: PETITIONER }]],
  notAccepted: [[3, { type: 'notAccept', reason: '属于诉讼程序解决的事项', redirectTo: '人民法院', legalProcedure: true, actor: INTAKE }]],
  supervisedWithdrawn: [accept, [20, { type: 'supervise', instruction: '请核实情况', actor: SUPERVISOR }], [25, { type: 'withdraw', reason: '已协商解决', actor: PETITIONER }]],
};

/** The mix of paths by the case's age in days: recent cases are open, old ones mostly closed. */
const MIX: [maxAge: number, weights: Partial<Record<keyof typeof PATHS, number>>][] = [
  [3, { registered: 70, accepted: 30 }],
  [15, { registered: 10, accepted: 15, inHandling: 58, supervised: 4, escalated: 3, withdrawn: 4, notAccepted: 6 }],
  [60, { inHandling: 33, supervised: 5, escalated: 5, replied: 17, satisfied: 20, basicallySatisfied: 8, dissatisfied: 5, withdrawn: 3, notAccepted: 4 }],
  [120, { satisfied: 38, basicallySatisfied: 15, dissatisfied: 10, reviewed: 5, returnVisit: 8, lateReply: 7, overdue: 5, withdrawn: 4, notAccepted: 5, supervisedWithdrawn: 3 }],
  [Infinity, { satisfied: 42, basicallySatisfied: 16, dissatisfied: 11, reviewed: 6, returnVisit: 8, lateReply: 6, overdue: 0.7, withdrawn: 4, notAccepted: 5, supervisedWithdrawn: 1.3 }],
];

export function pathFor(ageDays: number, r: Rng): keyof typeof PATHS {
  const weights = MIX.find(([max]) => ageDays <= max)![1];
  const entries = Object.entries(weights) as [string, number][];
  let x = r.next() * entries.reduce((a, [, w]) => a + w, 0);
  for (const [name, w] of entries) if ((x -= w) <= 0) return name;
  return Object.keys(weights)[0]!;
}

/** Template ages: a case is viewed as a template of the largest age at or below its own. */
export const AGES = [1, 3, 6, 10, 15, 22, 30, 40, 50, 62, 75, 90, 110, 140, 200, 300, 500, 730];
export const ageBucket = (ageDays: number): number => AGES.filter((a) => a <= ageDays).at(-1) ?? AGES[0]!;

export interface Template { json: string; receivedAt: number; viewedAt: number }

function dueDates(c: PetitionCase, effects: Effect[], calendar: HolidayCalendar): PetitionCase {
  const ids = effects.flatMap((e) => (e.type === 'computeDueDates' ? e.clockIds : []));
  if (!ids.length) return c;
  const cal = { ...calendar, timeZone: c.policy.timeZone };
  return applyDueDates(c, dueDateRequests(c, ids).map(({ clockId, ...period }) => ({ clockId, ...computeDueDate(period, cal) })));
}

/** The template of a path for a class and age (viewed that long after receipt, with deadlines ticked). */
export function buildTemplate(path: keyof typeof PATHS, cls: PetitionClass, ageDays: number, policy: PolicyDocument, calendar: HolidayCalendar, receivedAt: number): Template {
  const viewedAt = receivedAt + ageDays * DAY;
  const r = register({
    id: PLACEHOLDER.id, queryCode: PLACEHOLDER.queryCode, matterKey: PLACEHOLDER.matterKey, organisationId: 'national', class: cls, channel: 'online',
    receivedAt: new Date(receivedAt).toISOString(), petitioner: { name: PLACEHOLDER.name, contact: PLACEHOLDER.contact, idNumber: PLACEHOLDER.idNumber },
    petitionerUserId: PLACEHOLDER.user, title: PLACEHOLDER.title, content: PLACEHOLDER.content, unitId: PLACEHOLDER.unit,
  }, resolvePolicy(policy, 'national', cls));
  let c = dueDates(r.case, r.effects, calendar);
  for (const [day, command] of PATHS[path]!) {
    const at = receivedAt + day * DAY + 3_600_000 * 2;
    if (at > viewedAt || c.status === 'closed') break;
    const ticked = tick(c, new Date(at).toISOString()); // deadlines that passed before the step
    if (ticked.changed) c = dueDates(ticked.case, ticked.effects, calendar);
    if (c.status === 'closed') break;
    const d = decide(c, command, new Date(at).toISOString());
    if (!d.ok) break; // a path step the case's state no longer allows (e.g. after a lapse)
    c = dueDates(d.case, d.effects, calendar);
  }
  const ticked = tick(c, new Date(viewedAt).toISOString());
  if (ticked.changed) c = dueDates(ticked.case, ticked.effects, calendar);
  const view = viewCase(c, new Date(viewedAt).toISOString());
  return { json: JSON.stringify(view), receivedAt, viewedAt };
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Every instant in the case moved by `deltaMs`; due dates follow their instants. */
function shift(value: unknown, deltaMs: number, timeZone: string): unknown {
  if (typeof value === 'string') return INSTANT.test(value) ? new Date(Date.parse(value) + deltaMs).toISOString() : value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = shift(value[i], deltaMs, timeZone);
    return value;
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = shift(o[k], deltaMs, timeZone);
    if (typeof o.dueAt === 'string' && typeof o.dueDate === 'string') o.dueDate = localDateOf(o.dueAt, timeZone);
    return o;
  }
  return value;
}

export interface Identity {
  id: string; queryCode: string; matterKey: string; unitId: string; officerId: string; channel: CaseView['channel'];
  petitioner: { name: string; contact: string; idNumber: string }; petitionerUserId?: string; title: string; content: string; receivedAt: number;
}

const text = (s: string) => JSON.stringify(s).slice(1, -1);

/** A case from a template: its identity filled in, moved in time so that it was received at `receivedAt`. */
export function instantiate(t: Template, who: Identity): CaseView {
  const json = t.json
    .replaceAll(PLACEHOLDER.id, who.id).replaceAll(PLACEHOLDER.queryCode, who.queryCode).replaceAll(PLACEHOLDER.matterKey, who.matterKey)
    .replaceAll(PLACEHOLDER.unit, who.unitId).replaceAll(PLACEHOLDER.officer, who.officerId)
    .replaceAll(PLACEHOLDER.name, text(who.petitioner.name)).replaceAll(PLACEHOLDER.contact, who.petitioner.contact).replaceAll(PLACEHOLDER.idNumber, who.petitioner.idNumber)
    .replaceAll(PLACEHOLDER.user, who.petitionerUserId ?? 'petitioner').replaceAll(PLACEHOLDER.title, text(who.title)).replaceAll(PLACEHOLDER.content, text(who.content));
  const view = JSON.parse(json) as CaseView;
  shift(view, who.receivedAt - t.receivedAt, view.policy.timeZone);
  view.channel = who.channel;
  const registered = view.timeline[0];
  if (registered) registered.data.channel = who.channel;
  if (!who.petitionerUserId) delete view.petitionerUserId;
  return view;
}
