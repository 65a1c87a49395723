// The petition state machine: decide(case, command, now) -> the next case and the effects to run.
// Pure: no I/O, no clock reads; the workflow supplies `now` from workflow time.
import { allowedActions } from './actions';
import type { Command, CommandType, Effect, Refusal } from './commands';
import { Draft } from './draft';
import { refusalFor, whyNot } from './refusals';
import { handlers, type Handler } from './transitions';
import type { PetitionCase } from './types';

export type Decision =
  | { ok: true; case: PetitionCase; effects: Effect[] }
  | { ok: false; refusal: Refusal; allowedActions: CommandType[] };

export function decide(c: PetitionCase, cmd: Command, now: string): Decision {
  const allowed = allowedActions(c, now);
  if (!allowed.includes(cmd.type)) {
    return { ok: false, refusal: { code: 'not_allowed', message: whyNot(c, cmd.type, now) }, allowedActions: allowed };
  }
  const problem = refusalFor(c, cmd, now);
  if (problem) return { ok: false, refusal: problem, allowedActions: allowed };
  const d = new Draft(c, now, cmd.actor.id);
  (handlers[cmd.type] as Handler<CommandType>)(d, cmd);
  return { ok: true, case: d.case, effects: d.effects() };
}
