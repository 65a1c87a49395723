// CSV exports of the lists and the statistics: every page of the same query (filters, sort and scope as
// the JSON answer), streamed one page at a time so an export of 100,000 cases never sits in memory whole.
// Column titles are Chinese with the field name; values are what a reader understands (labels, local times).
import type { ClosingReason, Status } from '../../domain/types';
import type { NextClock, PetitionSummary, Statistics } from '../schemas/reads';
import { BOM, csvLine, type Cell } from './csv';

// Typed by the domain's statuses and closing reasons: a new one cannot reach a spreadsheet unlabelled.
const STATUS: Record<Status, string> = {
  registered: '已登记', routed: '已转送', accepted: '已受理', in_handling: '办理中', awaiting_delivery: '待送达', awaiting_evaluation: '待评价', return_visit_required: '待回访',
  appeal_window: '复查申请期', in_review: '复查中', in_re_review: '复核中', closed: '已办结',
};
const CLASS: Record<string, string> = { suggestion: '建议意见类', report: '检举控告类', claim: '申诉求决类' };
const CHANNEL: Record<string, string> = { online: '网上', letter: '来信', phone: '来电', fax: '传真', visit: '来访' };
const CLOSING: Record<ClosingReason, string> = {
  satisfied: '满意办结', answered_anonymous: '匿名已答复', not_accepted: '不予受理', legal_procedure: '诉访分离', withdrawn: '撤回', appeal_window_lapsed: '申请期届满', final: '终结',
};
const RATING: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };
const COUNTS: Record<NextClock['counts'], string> = { working_days: '工作日 working days', calendar_days: '自然日 calendar days' };
const REASON: Record<string, string> = { overdue: '逾期', escalated: '升级', supervision: '督办' };

const label = (map: Record<string, string>, v: string | null | undefined) => (v ? map[v] ?? v : '');

/** "2026-11-28 14:05" in the organisation's time zone (a spreadsheet reads it as a date and time). */
export function localTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

interface Column<T> { title: string; value(row: T): Cell; staff?: boolean }

function petitionColumns(timeZone: string, unitName: (id: string | null) => string): Column<PetitionSummary>[] {
  const t = (v: string | null | undefined) => localTime(v, timeZone);
  return [
    { title: '查询码 queryCode', value: (r) => r.queryCode },
    { title: '标题 title', value: (r) => r.title },
    { title: '类别 class', value: (r) => label(CLASS, r.class) },
    { title: '渠道 channel', value: (r) => label(CHANNEL, r.channel) },
    { title: '状态 status', value: (r) => label(STATUS, r.status) },
    { title: '承办单位 unit', value: (r) => unitName(r.unitId) },
    { title: '承办人 officerId', value: (r) => r.officerId ?? '', staff: true },
    { title: '包案领导 leaderOwnerId', value: (r) => r.leaderOwnerId ?? '', staff: true },
    { title: '升级级别 escalationLevel', value: (r) => r.escalationLevel ?? 0, staff: true },
    { title: '未回复督办 openSupervision', value: (r) => r.openSupervision ?? 0, staff: true },
    { title: '逾期 overdue', value: (r) => r.overdue },
    { title: `下一期限 nextDeadline (${timeZone})`, value: (r) => t(r.nextDeadline) },
    // As the clock counts them; negative when overdue (NextClock.daysLeft).
    { title: '剩余天数 daysLeft', value: (r) => r.nextClock?.daysLeft ?? '' },
    { title: '计日 counts', value: (r) => (r.nextClock ? COUNTS[r.nextClock.counts] : '') },
    { title: `收到时间 receivedAt (${timeZone})`, value: (r) => t(r.receivedAt) },
    { title: `答复时间 repliedAt (${timeZone})`, value: (r) => t(r.repliedAt) },
    { title: `办结时间 closedAt (${timeZone})`, value: (r) => t(r.closedAt) },
    { title: '办结原因 closingReason', value: (r) => label(CLOSING, r.closingReason) },
    { title: '满意度 satisfaction', value: (r) => label(RATING, r.satisfaction) },
    { title: '信访人 petitionerName', value: (r) => r.petitionerName },
    { title: '编号 id', value: (r) => r.id },
  ];
}

export interface ExportContext { timeZone: string; unitName(id: string | null): string; staff: boolean }

/** Streams the header and every page the `page` function yields, following nextCursor to the end. */
async function* pages<T>(columns: Column<T>[], page: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>): AsyncGenerator<string> {
  yield BOM + csvLine(columns.map((c) => c.title));
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    if (p.items.length) yield p.items.map((r) => csvLine(columns.map((c) => c.value(r)))).join('');
    cursor = p.nextCursor ?? undefined;
  } while (cursor);
}

export function petitionsCsv(ctx: ExportContext, page: (cursor?: string) => Promise<{ items: PetitionSummary[]; nextCursor: string | null }>): AsyncGenerator<string> {
  return pages(petitionColumns(ctx.timeZone, ctx.unitName).filter((c) => ctx.staff || !c.staff), page);
}

export function boardCsv(ctx: ExportContext, page: (cursor?: string) => Promise<{ items: (PetitionSummary & { reasons: string[]; overdueForMs: number | null })[]; nextCursor: string | null }>): AsyncGenerator<string> {
  type Item = PetitionSummary & { reasons: string[]; overdueForMs: number | null };
  const columns: Column<Item>[] = [
    { title: '上板原因 reasons', value: (r) => r.reasons.map((x) => REASON[x] ?? x).join('、') },
    { title: '逾期天数 overdueDays', value: (r) => (r.overdueForMs === null ? '' : Math.floor(r.overdueForMs / 86_400_000)) },
    ...(petitionColumns(ctx.timeZone, ctx.unitName) as Column<Item>[]),
  ];
  return pages(columns, page);
}

const rate = (v: number | null) => (v === null ? '' : `${Math.round(v * 1000) / 10}%`);

/** The statistics as one table: the figures of each unit, then the total over your scope. */
export function statisticsCsv(s: Statistics, timeZone: string): string {
  const head = ['单位 unit', '单位编号 unitId', '收到 received', '答复 replied', '按期答复 repliedOnTime', '按期率 onTimeRate', '当前逾期 overdueNow', '错过期限 deadlinesMissed', '升级 escalations'];
  const rows = s.byUnit.map((u) => [u.unitName ?? '', u.unitId ?? '', u.received, u.replied, u.repliedOnTime, rate(u.onTimeRate), u.overdueNow, u.deadlinesMissed, u.escalations]);
  const total = ['合计 total', '', s.received.total, s.onTime.replied, s.onTime.onTime, rate(s.onTime.rate), s.overdue.openNow, s.overdue.deadlinesMissed, s.escalations.total];
  const period = [`统计期间 period (${timeZone})`, `${localTime(s.period.from, timeZone)} — ${localTime(s.period.to, timeZone)}`];
  const satisfaction = ['满意率 satisfaction', rate(s.satisfaction.rate), `评价 ${s.satisfaction.rated}`, `满意 ${s.satisfaction.satisfied}`, `基本满意 ${s.satisfaction.basicallySatisfied}`, `不满意 ${s.satisfaction.dissatisfied}`];
  const byClass = ['按类别 byClass', ...Object.entries(s.received.byClass).map(([k, v]) => `${CLASS[k] ?? k} ${v}`)];
  const byChannel = ['按渠道 byChannel', ...Object.entries(s.received.byChannel).map(([k, v]) => `${CHANNEL[k] ?? k} ${v}`)];
  return BOM + [period, [], head, ...rows, total, [], satisfaction, byClass, byChannel].map((r) => csvLine(r)).join('');
}
