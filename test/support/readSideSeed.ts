// Cases for the read-side tests, built by the domain (register, decide, tick with the real calendar) and
// written by the real projection activity after every step, as the workflow writes them: events arrive
// over several writes, each counted by the write that inserts it. A small unit tree and its users.
import { issueToken, upsertUnit, upsertUser } from '../../src/accounts';
import { projectionActivities } from '../../src/activities/projection';
import type { Db } from '../../src/db/client';
import { viewCase, type Actor, type CaseView, type Channel, type PetitionClass, type Rating } from '../../src/domain';
import { DAY, HOUR, OPINION, Petition, plus, type Cmd } from '../unit/domainFixtures';

/** The tree: office › labour › arbitration; office › housing. */
export const UNITS = [
  { id: 'office', name: '信访局 Office', parentId: null },
  { id: 'labour', name: '人社局 Labour', parentId: 'office' },
  { id: 'arbitration', name: '仲裁院 Arbitration', parentId: 'labour' },
  { id: 'housing', name: '住建局 Housing', parentId: 'office' },
] as const;
export type UnitId = (typeof UNITS)[number]['id'];

export const OFFICERS: Record<UnitId, string[]> = {
  office: ['off-a'], labour: ['lab-a', 'lab-b'], arbitration: ['arb-a'], housing: ['hou-a', 'hou-b'],
};
export const PETITIONERS = ['citizen-1', 'citizen-2', 'citizen-3'];

/** The moment the seeded cases are viewed at (the "now" of the projection). */
export const NOW = '2026-11-20T04:00:00.000Z';

const WORDS = ['工资拖欠', '物业维修', '噪音扰民', '拆迁补偿', '医保报销', '社保转移', '道路积水', '暖气不热', '违章建筑', '劳动合同'];
const NAMES = ['张伟', '王芳', '李娜', '刘强', '陈静'];

/** A small deterministic random source (mulberry32), so every run seeds the same cases. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

export async function seedOrganisation(db: Db): Promise<Record<string, string>> {
  for (const u of UNITS) await upsertUnit(db, u);
  const tokens: Record<string, string> = {};
  const user = async (id: string, role: Parameters<typeof upsertUser>[1]['role'], unitId: string | null) => {
    await upsertUser(db, { id, name: id, role, unitId });
    tokens[id] = await issueToken(db, id);
  };
  for (const [unit, officers] of Object.entries(OFFICERS)) for (const o of officers) await user(o, 'case_officer', unit);
  await user('sup-office', 'supervisor', 'office');
  await user('sup-labour', 'supervisor', 'labour');
  await user('intake', 'intake_officer', 'office');
  await user('root', 'admin', null);
  for (const p of PETITIONERS) await user(p, 'petitioner', null);
  return tokens;
}

export interface Seeded { id: string; unitId: string; views: CaseView[] }

/**
 * `count` cases over the year before NOW in every state the domain reaches by ordinary commands,
 * each projected after every step. Returns each case's final view.
 */
export async function seedCases(db: Db, count: number, seed = 1): Promise<CaseView[]> {
  const r = random(seed);
  const write = projectionActivities(db).recordCaseChange;
  const out: CaseView[] = [];
  for (let i = 0; i < count; i++) {
    const unit = r.pick(UNITS).id as UnitId;
    const cls = r.pick<PetitionClass>(['claim', 'claim', 'suggestion', 'report']);
    const channel = r.pick<Channel>(['online', 'online', 'letter', 'phone', 'visit', 'fax']);
    const petitionerUser = channel === 'online' && r.next() < 0.7 ? r.pick(PETITIONERS) : undefined;
    const word = r.pick(WORDS);
    const receivedAt = plus(NOW, -r.int(1, 360) * DAY - r.int(0, 23) * HOUR);
    const p = new Petition({
      id: `case-${seed}-${String(i).padStart(5, '0')}`,
      queryCode: `Q${seed}${String(i).padStart(6, '0')}`,
      matterKey: `m-${seed}-${i}`,
      class: cls, channel, unitId: unit, receivedAt,
      petitionerUserId: petitionerUser,
      petitioner: { name: r.pick(NAMES), contact: `1380000${String(r.int(0, 9999)).padStart(4, '0')}`, idNumber: `11010119900101${String(r.int(0, 9999)).padStart(4, '0')}` },
      title: `${word} ${i}`,
      content: `关于${word}的问题，${r.pick(WORDS)}，请尽快处理。Case ${i} HEATING`,
      // Every 11th case is flagged as a likely repeat of the one before it (no random draw: the rest of the data is unchanged).
      ...(i % 11 === 5 ? { likelyRepeatOf: { id: `case-${seed}-${String(i - 1).padStart(5, '0')}`, queryCode: `Q${seed}${String(i - 1).padStart(6, '0')}` } } : {}),
    });
    let projected = 0;
    const project = async () => {
      const view = viewCase(p.case, p.now);
      await write({ view, events: p.case.timeline.filter((e) => e.seq > projected), notices: [] });
      projected = p.case.seq;
    };
    await project();
    const officer: Actor = { id: OFFICERS[unit][0]!, role: 'case_officer', unitId: unit };
    const supervisor: Actor = { id: 'sup-office', role: 'supervisor', unitId: 'office' };
    const intakeActor: Actor = { id: 'intake', role: 'intake_officer', unitId: 'office' };
    const step = async (cmd: Cmd, days = r.int(1, 10)) => {
      const at = plus(p.now, days * DAY);
      if (at > NOW) return false;
      p.advance(at);
      p.tick(); // deadlines that passed meanwhile, as the workflow's timers would have fired them
      if (p.case.status === 'closed' || !p.try(cmd).ok) return false;
      p.do(cmd);
      await project();
      return true;
    };
    const path = r.next();
    if (path < 0.06) {
      await step({ type: 'notAccept', reason: '不属于信访事项', redirectTo: '法院', actor: intakeActor });
    } else if (path < 0.1) {
      if (r.next() < 0.5) await step({ type: 'supervise', instruction: '请一周内报告', actor: supervisor });
      await step({ type: 'withdraw', reason: '已解决' });
    } else if (path > 0.12 && await step({ type: 'accept', unitId: unit, actor: intakeActor })) {
      if (r.next() < 0.85 && await step({ type: 'assign', unitId: unit, officerId: officer.id, actor: intakeActor })) {
        if (r.next() < 0.15) await step({ type: 'escalate', reason: '群众反映强烈', level: r.pick([1, 2]), actor: supervisor });
        if (r.next() < 0.15) await step({ type: 'supervise', instruction: '请加快办理', actor: supervisor });
        if (r.next() < 0.8 && await step({ type: 'reply', ...OPINION, actor: officer }, r.int(5, 75))) {
          const rating = r.pick<Rating>(['satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied']);
          if (r.next() < 0.8) await step({ type: 'evaluate', rating, actor: { id: petitionerUser ?? 'x', role: 'petitioner' } }, r.int(1, 5));
        }
      }
    }
    // Time passes to NOW: windows lapse, deadlines breach, escalations a level higher (通报).
    p.advance(NOW);
    if (p.tick().changed) await project();
    out.push(viewCase(p.case, NOW));
  }
  return out;
}
