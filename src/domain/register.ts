// A new petition: registered (登记), query code issued, the acceptance clock starts at receipt.
import type { Effect } from './commands';
import { Draft } from './draft';
import type { PetitionCase, ResolvedPolicy } from './types';

/** What intake knows of a new petition: the case's own fields, with the unit that receives it. */
export type Registration = Pick<
  PetitionCase,
  | 'id' | 'queryCode' | 'matterKey' | 'organisationId' | 'class' | 'channel' | 'receivedAt'
  | 'petitioner' | 'petitionerUserId' | 'title' | 'content' | 'intakeOfficerId' | 'anonymous'
> & { unitId: string };

export function register(r: Registration, policy: ResolvedPolicy): { case: PetitionCase; effects: Effect[] } {
  const blank: PetitionCase = {
    ...r,
    status: 'registered',
    stage: 'handling',
    escalationLevel: 0,
    policy,
    clocks: [],
    appeals: [],
    evaluations: [],
    supervision: [],
    escalations: [],
    criticisms: [],
    linkedSubmissions: [],
    timeline: [],
    seq: 0,
  };
  const d = new Draft(blank, r.receivedAt, r.intakeOfficerId ?? r.petitionerUserId ?? 'petitioner');
  d.startClock('acceptance');
  const e = d.event('registered', { channel: r.channel, class: r.class, unitId: r.unitId }, 'registration');
  d.notifyPetitioner(e, 'registration', { queryCode: r.queryCode });
  return { case: d.case, effects: d.effects() };
}
