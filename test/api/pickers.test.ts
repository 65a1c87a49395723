// The pickers on the real stack: the unit tree in each caller's scope (or all of it, marked), and the
// case officers and leaders of a unit, the choices accept, assign, route, reassign and escalate offer.
import { DEMO_UNITS } from '../../src/accounts/demo';
import { treeOrder } from '../../src/api/routes/units';
import { actionPath, driveTo, expectOk } from '../support/apiFixtures';
import { startApiStack, type ApiStack } from '../support/apiStack';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
  // A second case officer in labour, a disabled one (never offered), and a unit below arbitration.
  await stack.db.unit.create({ data: { id: 'unit-arbitration-east', name: '东区仲裁庭 East Tribunal', parentId: 'unit-labour-arbitration' } });
  await stack.db.user.createMany({
    data: [
      { id: 'officer-ma', name: '马承办 Ma', role: 'case_officer', unitId: 'unit-labour' },
      { id: 'officer-gone', name: '离职 Gone', role: 'case_officer', unitId: 'unit-labour', disabledAt: new Date() },
      { id: 'officer-east', name: '东 East', role: 'case_officer', unitId: 'unit-arbitration-east' },
    ],
  });
});
afterAll(async () => stack?.close());

const ids = (units: { id: string }[]) => units.map((u) => u.id);

test('the tree in tree order: each unit before those below it, with its depth; siblings by name', async () => {
  const all = expectOk(await stack.as('admin').get('/api/v1/units'), 'units').body.units;
  expect(all).toEqual([
    { id: 'petition-office', name: DEMO_UNITS[0].name, parentId: null, depth: 0, inScope: true },
    { id: 'unit-labour', name: DEMO_UNITS[1].name, parentId: 'petition-office', depth: 1, inScope: true },
    { id: 'unit-labour-arbitration', name: DEMO_UNITS[2].name, parentId: 'unit-labour', depth: 2, inScope: true },
    { id: 'unit-arbitration-east', name: '东区仲裁庭 East Tribunal', parentId: 'unit-labour-arbitration', depth: 3, inScope: true },
    { id: 'unit-housing', name: DEMO_UNITS[3].name, parentId: 'petition-office', depth: 1, inScope: true },
  ]);
  // 市人力… sorts before 市住房… in Chinese collation (rén before zhù).
  expect(treeOrder([{ id: 'b', name: '乙', parentId: null }, { id: 'a', name: '甲', parentId: 'nowhere' }]).map((u) => u.id)).toEqual(['a', 'b']);
});

test('scope: a case officer sees their unit, a supervisor their subtree; scope=all shows every unit, marked', async () => {
  expect(ids((await stack.as('officer-li').get('/api/v1/units')).body.units)).toEqual(['unit-labour']);
  expect(ids((await stack.as('supervisor-sun').get('/api/v1/units')).body.units)).toEqual(['unit-labour', 'unit-labour-arbitration', 'unit-arbitration-east']);
  expect(ids((await stack.as('intake-wang').get('/api/v1/units')).body.units)).toHaveLength(5);
  const all = (await stack.as('officer-chen').get('/api/v1/units?scope=all')).body.units as { id: string; inScope: boolean }[];
  expect(all.map((u) => [u.id, u.inScope])).toEqual([
    ['petition-office', false], ['unit-labour', false], ['unit-labour-arbitration', false], ['unit-arbitration-east', false], ['unit-housing', true],
  ]);
  expect((await stack.as('petitioner-liu').get('/api/v1/units')).status).toBe(403);
  expect((await stack.as('officer-li').get('/api/v1/units?scope=everything')).status).toBe(400);
});

test('officers of a unit: its case officers (not disabled ones, not those of units below); leaders: supervisors of it and above, nearest first', async () => {
  const labour = expectOk(await stack.as('supervisor-sun').get('/api/v1/units/unit-labour/officers'), 'labour').body;
  expect(labour).toEqual({
    unit: { id: 'unit-labour', name: DEMO_UNITS[1].name },
    officers: [{ id: 'officer-li', name: '李承办 Li (labour case officer)' }, { id: 'officer-ma', name: '马承办 Ma' }],
    leaders: [
      { id: 'supervisor-sun', name: '孙督办 Sun (labour supervisor)', unitId: 'unit-labour', unitName: DEMO_UNITS[1].name },
      { id: 'supervisor-zhao', name: '赵督办 Zhao (office supervisor)', unitId: 'petition-office', unitName: DEMO_UNITS[0].name },
    ],
  });
  const east = expectOk(await stack.as('supervisor-sun').get('/api/v1/units/unit-arbitration-east/officers'), 'east').body;
  expect(east.officers).toEqual([{ id: 'officer-east', name: '东 East' }]);
  expect(east.leaders.map((l: { id: string }) => l.id)).toEqual(['supervisor-sun', 'supervisor-zhao']);

  expect((await stack.as('officer-chen').get('/api/v1/units/unit-labour/officers')).status).toBe(403);
  expect((await stack.as('admin').get('/api/v1/units/no-such-unit/officers')).status).toBe(404);
  expect((await stack.as('admin').get('/api/v1/units/bad%20id/officers')).status).toBe(400);
});

test('the choices are accepted: assigning the case to an officer picked from the list works', async () => {
  const c = await driveTo(stack, 'accepted', { unitId: 'unit-labour' });
  const { officers, leaders } = (await stack.as('supervisor-sun').get('/api/v1/units/unit-labour/officers')).body;
  const picked = officers.find((o: { id: string }) => o.id === 'officer-ma');
  const res = await stack.as('supervisor-sun').post(actionPath(c.id, 'assign'), { unitId: 'unit-labour', officerId: picked.id, leaderOwnerId: leaders[0].id });
  expect(res.status).toBe(200);
  expect(res.body.petition).toMatchObject({ status: 'in_handling', officerId: 'officer-ma', leaderOwnerId: 'supervisor-sun' });
});
