// How late deadline handling runs when many deadlines fall in the same minute. The bench registers
// letters received days ago (see ../lib/placeMarker.ts) so that each one's first deadline warning falls
// at its own instant inside one wall-clock minute, then measures, per petition:
//   handled:  the workflow's deadline_warning event time (workflow time of the task that ran tick) - marker time
//   outbox:   when the projection wrote the warning notice to the outbox - marker time
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import type { Db } from '../../src/db/client';
import { resolvePolicy, validatePolicy, type PolicyDocument } from '../../src/domain';
import type { HolidayCalendar } from '../../src/domain/calendar';
import { registrationFor, startPetition } from '../lib/drivers';
import { submission } from '../lib/fixtures';
import { placeWarning } from '../lib/placeMarker';
import { Progress, say } from '../lib/progress';
import type { Account } from '../lib/stack';
import { closedLoop, percentile, round } from '../lib/stats';

/**
 * The default policy plus bench organisations whose first warning comes earlier (at 25 %, 10 % and 6 % of
 * the acceptance period). With the national 50 % warning alone only some minutes of a day can be hit by a
 * receipt time in the past (due dates end a local day, so each receipt day covers a window of targets);
 * together they reach every minute of the year (checked over 2026 with its holidays).
 */
export function deadlinePolicy(base: PolicyDocument): { doc: PolicyDocument; organisations: string[] } {
  const doc = validatePolicy({
    ...base,
    organisations: {
      ...base.organisations,
      'bench-warn-25': { warnings: { fractions: [0.25, 0.5, 0.8] } },
      'bench-warn-10': { warnings: { fractions: [0.1, 0.5, 0.8] } },
      'bench-warn-6': { warnings: { fractions: [0.06, 0.5, 0.8] } },
    },
  });
  return { doc, organisations: ['national', 'bench-warn-25', 'bench-warn-10', 'bench-warn-6'] };
}

interface Lateness { p50: number; p90: number; p99: number; max: number; min: number }
export interface DeadlinesResult {
  deadlines: number;
  /** Start of the window in which they all fall, and its length. */
  minute: string;
  windowSeconds: number;
  startSeconds: number;
  startedBeforeMinute: number;
  handled: number;
  markers: Record<string, number>;
  organisations: Record<string, number>;
  handledLatenessMs: Lateness;
  outboxLatenessMs: Lateness;
  /** From the end of the window to the last warning in the outbox. */
  drainedSecondsAfterMinute: number;
  errors: number;
  firstErrors: string[];
}

const lateness = (values: number[]): Lateness => {
  const s = [...values].sort((a, b) => a - b);
  return { p50: round(percentile(s, 50)), p90: round(percentile(s, 90)), p99: round(percentile(s, 99)), max: round(s.at(-1) ?? NaN), min: round(s[0] ?? NaN) };
};

export async function deadlines(
  client: Client, db: Db, base: PolicyDocument, calendar: HolidayCalendar, intake: Account,
  count: number, concurrency: number, expectedPerSecond: number, windowSeconds = 60,
): Promise<DeadlinesResult> {
  const { doc, organisations } = deadlinePolicy(base);
  // The window opens after the petitions are surely started (twice the expected time plus 10 s); a whole
  // minute is a minute of the wall clock, as a batch of statutory deadlines would be.
  const windowMs = windowSeconds * 1000;
  const lead = ((count / Math.max(1, expectedPerSecond)) * 2 + 10) * 1000;
  const minute = windowSeconds === 60 ? Math.ceil((Date.now() + lead) / 60_000) * 60_000 : Date.now() + lead;
  const plan = Array.from({ length: count }, (_, i) => {
    const target = minute + Math.floor((i * windowMs) / count);
    for (const org of organisations) {
      const policy = resolvePolicy(doc, org, 'claim');
      const placed = placeWarning(target, policy, calendar);
      if (placed) return { target, org, policy, ...placed };
    }
    throw new Error(`no receipt time puts a warning at ${new Date(target).toISOString()}`);
  });
  say(`deadlines: ${count} warnings fall in the ${windowSeconds} s from ${new Date(minute).toISOString()} (${Math.round((minute - Date.now()) / 1000)} s from now)`);

  const ids = new Map<string, (typeof plan)[number]>();
  const startProgress = new Progress(`starting ${count} petitions with deadlines`, count);
  const started = await closedLoop(count, concurrency, async (i) => {
    const p = plan[i]!;
    const body = submission({ channel: 'letter', organisationId: p.org });
    const reg = registrationFor(body, intake.actor, p.receivedAt);
    ids.set(reg.id, p);
    await startPetition(client, reg, p.policy);
  }, () => startProgress.tick());
  startProgress.finish();
  const startedBeforeMinute = Date.now() < minute ? started.latencies.length : 0;

  const wait = new Progress('deadline warnings handled', count);
  const until = minute + windowMs + 180_000;
  let seen = 0;
  // Prisma's SQLite driver takes at most 999 parameters: ask in slices.
  const slices: string[][] = [];
  const idList = [...ids.keys()];
  for (let i = 0; i < idList.length; i += 500) slices.push(idList.slice(i, i + 500));
  const where = (petitionId: string[]) => ({ kind: 'deadline_warning', petitionId: { in: petitionId } });
  for (;;) {
    const n = (await Promise.all(slices.map((s) => db.notification.count({ where: where(s) })))).reduce((a, b) => a + b, 0);
    wait.tick(n - seen);
    seen = n;
    if (n >= started.latencies.length || Date.now() > until) break;
    await sleep(1_000);
  }
  wait.finish();
  const written = (await Promise.all(slices.map((s) => db.notification.findMany({ where: where(s) })))).flat();

  const events = (await Promise.all(slices.map((petitionId) =>
    db.petitionEvent.findMany({ where: { type: 'deadline_warning', petitionId: { in: petitionId } } })))).flat();
  const handled: number[] = [];
  const markers: Record<string, number> = {};
  for (const e of events) {
    const p = ids.get(e.petitionId)!;
    const marker = (JSON.parse(e.data) as { marker?: string }).marker ?? '?';
    markers[marker] = (markers[marker] ?? 0) + 1;
    if (marker === p.marker) handled.push(e.at.getTime() - p.target);
  }
  const outbox = written.map((n) => n.createdAt.getTime() - ids.get(n.petitionId)!.target);
  const lastNotice = Math.max(...written.map((n) => n.createdAt.getTime()));
  const orgCount: Record<string, number> = {};
  for (const p of plan) orgCount[p.org] = (orgCount[p.org] ?? 0) + 1;
  return {
    deadlines: count,
    minute: new Date(minute).toISOString(),
    windowSeconds,
    startSeconds: round(started.wallMs / 1000),
    startedBeforeMinute,
    handled: handled.length,
    markers,
    organisations: orgCount,
    handledLatenessMs: lateness(handled),
    outboxLatenessMs: lateness(outbox),
    drainedSecondsAfterMinute: round((lastNotice - (minute + windowMs)) / 1000),
    errors: started.errors,
    firstErrors: started.firstErrors,
  };
}
