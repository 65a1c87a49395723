// Demo data. `npm start` seeds the demo organisation (src/accounts/demo.ts) into a database without users,
// unless SEED_DEMO=false; `npm start -- --seed` then adds a handful of petitions through the running API,
// as the demo users, so the UI and the Temporal Web UI have cases in several states to show.
// Every request carries a fixed Idempotency-Key and every step is skipped when the case is already past
// it, so a second --seed adds nothing.
import { DEMO_USERS, seedDemoOrganisation } from './accounts/demo';
import type { Config } from './config';
import type { Db } from './db/client';
import type { CaseView, PersonAction } from './domain';
import { createLogger } from './log';
import { hostForUrl } from './temporal/devServer';

const log = createLogger('seed');

/** Seeds the demo organisation when no user exists yet; false when there were users (nothing changed). */
export async function seedDemoOrganisationIfEmpty(db: Db): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  await seedDemoOrganisation(db);
  return true;
}

type DemoUserId = (typeof DEMO_USERS)[number]['id'];

interface Step {
  as: DemoUserId;
  action: PersonAction;
  body: Record<string, unknown>;
  /** The case is already past this step (seeded before): skip it. */
  done(p: CaseView): boolean;
}

interface DemoPetition {
  key: string;
  /** What the case shows once seeded. */
  shows: string;
  submittedBy: DemoUserId;
  submission: Record<string, unknown>;
  steps: Step[];
}

const pastRegistration = (p: CaseView) => p.status !== 'registered' && p.status !== 'routed';

export const DEMO_PETITIONS: DemoPetition[] = [
  {
    key: 'street-lights',
    shows: 'registered online, waiting for acceptance (15-day clock)',
    submittedBy: 'petitioner-liu',
    submission: {
      class: 'suggestion', title: '青年路路灯不亮 Street lights out on Qingnian Road',
      content: 'The street lights on Qingnian Road between No. 12 and No. 40 have been out for two weeks.',
      petitioner: { name: '刘女士 Ms Liu', contact: '13800000001' }, unitId: 'unit-housing',
    },
    steps: [],
  },
  {
    key: 'unpaid-wages',
    shows: 'registered at a visit, accepted and assigned to officer-li (in handling, 60-day clock)',
    submittedBy: 'intake-wang',
    submission: {
      class: 'claim', channel: 'visit', title: '宏达建筑拖欠工资 Unpaid wages at Hongda Construction',
      content: 'Twelve workers have not been paid for March to May; the contractor does not answer.',
      petitioner: { name: '张师傅 Mr Zhang', contact: '13800000003' }, unitId: 'petition-office',
    },
    steps: [
      { as: 'intake-wang', action: 'accept', body: {}, done: pastRegistration },
      { as: 'intake-wang', action: 'assign', body: { unitId: 'unit-labour', officerId: 'officer-li' }, done: (p) => !!p.officerId },
    ],
  },
  {
    key: 'heating',
    shows: 'accepted and replied by officer-chen, awaiting the petitioner\'s evaluation',
    submittedBy: 'petitioner-zhou',
    submission: {
      class: 'claim', title: '供暖不热 No heating since October',
      content: 'The flat at Building 3, Hexie Garden has had no heating since 15 October despite the paid fee.',
      petitioner: { name: '周先生 Mr Zhou', contact: '13800000002' }, unitId: 'unit-housing',
    },
    steps: [
      { as: 'officer-chen', action: 'accept', body: { officerId: 'officer-chen' }, done: pastRegistration },
      {
        as: 'officer-chen', action: 'reply',
        body: {
          decision: 'support', facts: 'The heating company confirmed a blocked valve in Building 3.',
          legalBasis: 'Municipal heating regulations, art. 21', text: 'The valve is repaired; the fee for October is refunded.',
        },
        done: (p) => !!p.reply,
      },
    ],
  },
  {
    key: 'arbitration-award',
    shows: 'in handling by officer-li, escalated and under supervision (督办) by supervisor-sun',
    submittedBy: 'petitioner-liu',
    submission: {
      class: 'claim', title: '仲裁裁决未执行 Arbitration award not enforced',
      content: 'The labour arbitration award of January has still not been paid by the employer.',
      petitioner: { name: '刘女士 Ms Liu', contact: '13800000001' }, unitId: 'unit-labour',
    },
    steps: [
      { as: 'officer-li', action: 'accept', body: { officerId: 'officer-li' }, done: pastRegistration },
      { as: 'supervisor-sun', action: 'escalate', body: { level: 1, reason: 'Second complaint about the same award; handle with priority.' }, done: (p) => p.escalationLevel >= 1 },
      { as: 'supervisor-sun', action: 'supervise', body: { instruction: 'Report progress on enforcing the award.', listed: true }, done: (p) => p.supervision.length > 0 },
    ],
  },
  {
    key: 'noise-complaint',
    shows: 'registered by phone at the petition office and routed to the housing bureau (objection window open)',
    submittedBy: 'intake-wang',
    submission: {
      class: 'report', channel: 'phone', title: '工地夜间施工噪音 Night-time construction noise',
      content: 'The building site next to Hexie Garden works past midnight every day.',
      petitioner: { name: '吴女士 Ms Wu', contact: '13800000004' }, unitId: 'petition-office',
    },
    steps: [
      { as: 'intake-wang', action: 'route', body: { toUnitId: 'unit-housing', reason: 'Construction permits are the housing bureau\'s.' }, done: (p) => p.status !== 'registered' },
    ],
  },
];

const TOKENS = new Map<string, string>(DEMO_USERS.map((u) => [u.id, u.token]));

class SeedError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

function client(baseUrl: string) {
  return async (as: DemoUserId, method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string): Promise<{ petition: CaseView }> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKENS.get(as)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const json = await res.json().catch(() => undefined) as { petition: CaseView; error?: { code: string; message: string } } | undefined;
    if (res.status === 401) {
      throw new SeedError(401, `the API does not know ${as}'s demo token: the demo organisation is seeded only into a database ` +
        'without users, and not with SEED_DEMO=false');
    }
    if (!res.ok || !json?.petition) throw new SeedError(res.status, `${method} ${path} as ${as}: ${res.status} ${json?.error?.code ?? ''} ${json?.error?.message ?? ''}`.trim());
    return json;
  };
}

export interface SeededPetition { key: string; id: string; status: string; queryCode: string }

/** Creates the demo petitions through the API at baseUrl (idempotent). Returns what is there now. */
export async function seedDemoPetitions(baseUrl: string): Promise<SeededPetition[]> {
  const call = client(baseUrl);
  const seeded: SeededPetition[] = [];
  for (const demo of DEMO_PETITIONS) {
    try {
      const submitted = await call(demo.submittedBy, 'POST', '/api/v1/petitions', demo.submission, `demo-seed-${demo.key}-submit`);
      const id = submitted.petition.id;
      // A retried submission answers with the case as it was then: read it as it is now.
      let { petition } = await call(demo.submittedBy, 'GET', `/api/v1/petitions/${id}`);
      for (const step of demo.steps) {
        if (step.done(petition)) continue;
        ({ petition } = await call(step.as, 'POST', `/api/v1/petitions/${id}/actions/${step.action}`, step.body, `demo-seed-${demo.key}-${step.action}`));
      }
      seeded.push({ key: demo.key, id, status: petition.status, queryCode: petition.queryCode });
      log.info(`demo petition ${id} ${petition.status}: ${demo.shows}`, { queryCode: petition.queryCode });
    } catch (err) {
      if (err instanceof SeedError && err.status === 401) throw err; // no demo organisation: nothing else will work
      log.warn(`demo petition "${demo.key}" not seeded: ${(err as Error).message}`);
    }
  }
  return seeded;
}

/** `npm start -- --seed`, once the API answers. */
export async function seedDemo(config: Config): Promise<SeededPetition[]> {
  return seedDemoPetitions(`http://${hostForUrl(config.API_HOST)}:${config.API_PORT}`);
}
