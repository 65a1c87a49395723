// Intake: acceptance (受理), non-acceptance (不予受理), routing (转送/交办) and a receiving unit's objection.
import { runningClock } from '../actions';
import { noteBreach } from '../clocks';
import type { CommandOf } from '../commands';
import type { Draft } from '../draft';
import { assign } from './handling';

export function accept(d: Draft, cmd: CommandOf<'accept'>): void {
  const c = d.case;
  d.stopClocks(['acceptance', 'objection']);
  c.status = 'accepted';
  if (cmd.unitId) c.unitId = cmd.unitId;
  d.startClock('handling');
  const e = d.event('accepted', { unitId: c.unitId }, 'acceptance');
  d.notifyPetitioner(e, 'acceptance');
  if (cmd.officerId) assign(d, { ...cmd, type: 'assign', unitId: c.unitId ?? cmd.actor.unitId ?? '', officerId: cmd.officerId });
}

export function notAccept(d: Draft, cmd: CommandOf<'notAccept'>): void {
  const c = d.case;
  c.notAcceptance = { reason: cmd.reason, redirectTo: cmd.redirectTo };
  // The non-acceptance notice (不予受理告知) is the answer the acceptance clock waits for: met or late, not cancelled.
  d.stopClocks(['acceptance', 'objection']);
  const e = d.event('not_accepted', { reason: cmd.reason, redirectTo: cmd.redirectTo, legalProcedure: !!cmd.legalProcedure }, 'non_acceptance');
  d.notifyPetitioner(e, 'non_acceptance', { reason: cmd.reason, redirectTo: cmd.redirectTo });
  d.close(cmd.legalProcedure ? 'legal_procedure' : 'not_accepted');
}

/**
 * Rules 2 (W22): the office that first received the petition has 15 days from its receipt; routing
 * hands that one clock on to the receiving unit instead of starting another, so no chain of routings
 * and objections can keep a case undecided past its due date without a breach.
 */
function moveTo(d: Draft, toUnitId: string): void {
  const c = d.case;
  c.previousUnitId = c.unitId;
  c.unitId = toUnitId;
  const acceptance = runningClock(c, 'acceptance');
  if (acceptance) noteBreach(acceptance, d.now, c.previousUnitId);
  if (acceptance) acceptance.unitId = toUnitId;
}

export function route(d: Draft, cmd: CommandOf<'route'>): void {
  const c = d.case;
  if (d.current) {
    d.stopClocks(['objection']);
    moveTo(d, cmd.toUnitId);
  } else {
    d.stopClocks(['acceptance', 'objection']);
    c.previousUnitId = c.unitId;
    c.unitId = cmd.toUnitId;
  }
  c.status = 'routed';
  d.startClock('objection');
  if (!d.current) d.startClock('acceptance');
  const e = d.event('routed', { fromUnitId: c.previousUnitId, toUnitId: cmd.toUnitId, reason: cmd.reason }, 'transfer');
  d.notifyPetitioner(e, 'transfer', { toUnitId: cmd.toUnitId });
  d.notify(e, 'unit', 'petition_routed', { reason: cmd.reason }, cmd.toUnitId);
}

/**
 * Rules 1: the objection moved the case back at once. Rules 2 (W23): it is a request that the routing
 * office decides; the receiving unit holds the case (and its acceptance clock) meanwhile.
 */
export function objectRouting(d: Draft, cmd: CommandOf<'objectRouting'>): void {
  const c = d.case;
  const objecting = c.unitId;
  if (d.current) {
    d.stopClocks(['objection']);
    c.pendingObjection = { reason: cmd.reason, at: d.now, by: d.actorId, unitId: objecting, routingUnitId: c.previousUnitId };
    const e = d.event('routing_objection_raised', { unitId: objecting, routingUnitId: c.previousUnitId, reason: cmd.reason });
    d.notify(e, 'unit', 'routing_objection', { reason: cmd.reason, objectingUnitId: objecting }, c.previousUnitId);
    return;
  }
  d.stopClocks(['objection', 'acceptance']);
  c.unitId = c.previousUnitId;
  c.previousUnitId = objecting;
  c.status = 'registered';
  d.startClock('acceptance');
  // The matter moves back to the routing unit: for the petitioner that is another transfer (each one is shown).
  const e = d.event('routing_objected', { unitId: objecting, toUnitId: c.unitId, reason: cmd.reason }, 'transfer');
  d.notifyPetitioner(e, 'transfer', { toUnitId: c.unitId });
  d.notify(e, 'unit', 'routing_objected', { reason: cmd.reason }, c.unitId);
}

/**
 * The routing office decides the objection (W23): upheld, the case comes back to it (registered) or
 * goes on to another unit; rejected, it stays with the receiving unit, which may no longer object.
 */
export function decideObjection(d: Draft, cmd: CommandOf<'decideObjection'>): void {
  const c = d.case;
  const objection = c.pendingObjection!;
  c.pendingObjection = undefined;
  if (!cmd.uphold) {
    const e = d.event('routing_objection_rejected', { unitId: c.unitId, reason: cmd.reason });
    d.notify(e, 'unit', 'routing_objection_rejected', { reason: cmd.reason }, c.unitId);
    return;
  }
  const to = cmd.toUnitId ?? objection.routingUnitId ?? c.previousUnitId;
  moveTo(d, to ?? '');
  // Routed on, the routing office stays the one that decides a further objection.
  if (cmd.toUnitId) c.previousUnitId = objection.routingUnitId;
  c.status = cmd.toUnitId ? 'routed' : 'registered';
  if (cmd.toUnitId) d.startClock('objection');
  const e = d.event('routing_objection_upheld', { fromUnitId: objection.unitId, toUnitId: c.unitId, reason: cmd.reason }, 'transfer');
  d.notifyPetitioner(e, 'transfer', { toUnitId: c.unitId });
  d.notify(e, 'unit', cmd.toUnitId ? 'petition_routed' : 'routing_objection_upheld', { reason: cmd.reason }, c.unitId);
}

export function linkRepeat(d: Draft, cmd: CommandOf<'linkRepeat'>): void {
  const c = d.case;
  c.linkedSubmissions.push({ submissionId: cmd.submissionId, receivedAt: cmd.receivedAt, channel: cmd.channel });
  // The repeat's own text, for the officer: what the petitioner added is not lost (the public view shows
  // none of it). A command recorded before it carried the text records what it did then.
  const { submissionId, receivedAt, channel, title, content, queryCode, basis } = cmd;
  const data = title === undefined ? { submissionId } : { submissionId, receivedAt, channel, title, content, queryCode, basis };
  // W19: not accepted again while handled; the petitioner is told where it stands.
  const e = d.event('repeat_linked', data, 'repeat_linked');
  d.notifyPetitioner(e, 'repeat_linked', { submissionId: cmd.submissionId });
}
