import crypto from 'node:crypto';
import type { Actor, PetitionClass, Registration } from '../../src/domain';
import { resolvePolicy } from '../../src/domain';
import { loadPolicy } from '../../src/policy/load';
import { POLICY_FILE } from './temporal';

export const officer: Actor = { id: 'officer-li', role: 'case_officer', unitId: 'unit-housing' };
export const intake: Actor = { id: 'intake-wang', role: 'intake_officer', unitId: 'unit-office' };
export const supervisor: Actor = { id: 'supervisor-zhao', role: 'supervisor', unitId: 'unit-office' };
export const petitioner: Actor = { id: 'citizen-chen', role: 'petitioner' };
/** An officer of the unit above housing: the review body (复查机关) for housing's reply. */
export const reviewer: Actor = { id: 'officer-wu', role: 'case_officer', unitId: 'unit-office' };
/** An officer of the body the policy names above the office: the re-review body (复核机关). */
export const reReviewer: Actor = { id: 'officer-qian', role: 'case_officer', unitId: 'petition-office' };

export function registration(overrides: Partial<Registration> = {}): Registration {
  const id = crypto.randomUUID();
  return {
    id,
    queryCode: id.slice(0, 8).toUpperCase(),
    matterKey: `matter-${id}`,
    organisationId: 'national',
    class: 'claim',
    channel: 'online',
    receivedAt: new Date().toISOString(),
    petitioner: { name: '陈明', contact: '13800000000' },
    petitionerUserId: petitioner.id,
    title: 'Heating not repaired',
    content: 'The heating in building 3 has not worked since October.',
    unitId: 'unit-office',
    intakeOfficerId: intake.id,
    ...overrides,
  };
}

export function policyFor(organisationId = 'national', cls: PetitionClass = 'claim') {
  return resolvePolicy(loadPolicy(POLICY_FILE), organisationId, cls);
}

export const DAY = 24 * 60 * 60 * 1000;
