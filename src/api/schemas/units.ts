// The pickers: the unit tree and the people of a unit, so the console offers choices instead of typed ids.
import { z } from 'zod';
import { Id } from './common';

export const UnitsQuerySchema = z.object({
  scope: z.enum(['mine', 'all']).default('mine').meta({
    description: 'mine (default): the units whose cases you see (a case officer their unit; a supervisor or intake officer their unit and every unit below; an admin all). '
      + 'all: every unit, each marked inScope (routing, 转送, may send a case to any unit).',
  }),
}).strict();

export const UnitNodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable().meta({ description: 'The unit above; null for a top unit' }),
  depth: z.number().int().min(0).meta({ description: 'Levels below the top of the whole tree (0 for a top unit)' }),
  inScope: z.boolean().meta({ description: 'Its cases are in your scope (you may assign or reassign into it)' }),
}).meta({ id: 'UnitNode' });

export const UnitTreeSchema = z.object({
  units: z.array(UnitNodeSchema).meta({ description: 'In tree order (depth first, each unit before the units below it, siblings by name): indent by depth, or nest by parentId' }),
});

export const UnitIdParams = z.object({ id: Id.meta({ description: 'Unit id' }) });

const PersonSchema = z.object({ id: z.string().meta({ description: 'User id' }), name: z.string() });

export const UnitPeopleSchema = z.object({
  unit: z.object({ id: z.string(), name: z.string() }),
  officers: z.array(PersonSchema).meta({ description: 'The unit\'s case officers (承办人): the choices for officerId (accept, assign, reassign)' }),
  leaders: z.array(PersonSchema.extend({ unitId: z.string(), unitName: z.string() })).meta({
    description: 'Supervisors of the unit and of the units above it: the choices for leaderOwnerId (包案, on assign and escalate), nearest unit first',
  }),
});
