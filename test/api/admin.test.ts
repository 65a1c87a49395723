// The admin command as people run it (a child process on a real SQLite file), the tokens it issues
// authenticating for real, and the demo data: the organisation `npm start` seeds into an empty database
// and the demo petitions `--seed` creates through the real API, twice without adding anything.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_USERS } from '../../src/accounts/demo';
import { verifyPassword } from '../../src/accounts/passwords';
import { principalFor } from '../../src/api/http/principal';
import { createDb, type Db } from '../../src/db/client';
import { setLogLevel } from '../../src/log';
import { DEMO_PETITIONS, seedDemoOrganisationIfEmpty, seedDemoPetitions } from '../../src/seed';
import { startApiStack, type ApiStack } from '../support/apiStack';
import { eventually } from '../support/http';
import { ROOT } from '../support/temporal';
import { migratedDatabaseFile } from '../support/testDb';

interface CliResult { code: number; stdout: string; stderr: string }

function admin(databaseUrl: string, ...args: string[]): Promise<CliResult> {
  return adminWithInput(databaseUrl, '', ...args);
}

/** The command with text piped into its standard input (a password). */
function adminWithInput(databaseUrl: string, input: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', path.join('src', 'admin', 'cli.ts'), ...args], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' },
    }, (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
    child.stdin?.end(input);
  });
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const files: string[] = [];
const removeDbFiles = () => { for (const f of files) for (const x of [f, `${f}-wal`, `${f}-shm`]) fs.rmSync(x, { force: true }); };

describe('npm run admin', () => {
  let url: string;
  let db: Db;
  const run = (...args: string[]) => admin(url, ...args);

  beforeAll(async () => {
    const file = migratedDatabaseFile();
    files.push(file);
    url = `file:${file}`;
    db = await createDb(url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    removeDbFiles();
  });

  test('--help prints the usage; a wrong command line prints it to stderr with exit code 2', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run admin -- <command>');
    expect(help.stdout).toContain('token revoke <userId>');

    const wrong = [[], ['frob'], ['unit', 'delete', 'x'], ['unit', 'add'], ['unit', 'add', 'x'], ['unit', 'add', 'x', '--name'],
      ['unit', 'add', 'x', '--name', 'X', '--role', 'admin'], ['unit', 'list', 'extra'], ['user', 'add', 'u', '--name', 'U'], ['token', 'issue']];
    const results = await Promise.all(wrong.map((args) => run(...args))); // independent: side by side
    for (const [i, args] of wrong.entries()) {
      const r = results[i]!;
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).toContain('Usage: npm run admin -- <command>');
      expect(r.stdout).toBe('');
    }
  });

  test('units, a user and a token: issued once, stored as its sha256 only, listed without it, and it authenticates', async () => {
    expect(await run('unit', 'add', 'office', '--name', 'City Petition Office')).toMatchObject({ code: 0, stdout: 'created unit office\n' });
    expect((await run('unit', 'add', 'transport', '--name', 'Transport', '--parent', 'office')).code).toBe(0);
    expect(await run('unit', 'add', 'transport', '--name', '交通局 Transport Bureau', '--parent', 'office'))
      .toMatchObject({ code: 0, stdout: 'updated unit transport: name Transport -> 交通局 Transport Bureau\n' });
    const units = await run('unit', 'list');
    expect(units.stdout).toMatch(/^office\s+0\s+City Petition Office$/m);
    expect(units.stdout).toMatch(/^ {2}transport\s+0\s+交通局 Transport Bureau$/m);

    expect((await run('user', 'add', 'officer-ma', '--name', '马 Ma', '--role', 'case_officer', '--unit', 'transport')).code).toBe(0);
    expect(await db.user.findUnique({ where: { id: 'officer-ma' } })).toMatchObject({ name: '马 Ma', role: 'case_officer', unitId: 'transport' });
    expect((await run('user', 'list')).stdout).toMatch(/^officer-ma\s+case_officer\s+transport\s+0\s+-\s+马 Ma$/m);

    const issued = await run('token', 'issue', 'officer-ma', '--label', "Ma's laptop");
    expect(issued.code).toBe(0);
    expect(issued.stdout).toMatch(/^pt_[A-Za-z0-9_-]{43}\n$/); // the token alone, for $(...)
    expect(issued.stderr).toContain('will not be shown again');
    const token = issued.stdout.trim();

    const rows = await db.apiToken.findMany({ where: { userId: 'officer-ma' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tokenHash: sha256(token), label: "Ma's laptop", revokedAt: null, lastUsedAt: null });
    expect(JSON.stringify(rows)).not.toContain(token);

    const principal = await principalFor(db, token);
    expect(principal).toEqual({ userId: 'officer-ma', role: 'case_officer', unitId: 'transport', unitIds: ['transport'] });

    const list = await run('token', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).not.toContain(token);
    expect(list.stdout).not.toContain(sha256(token));
    expect(list.stdout).toMatch(/^id\s+user\s+created\s+last used\s+revoked\s+label$/m);
    const line = list.stdout.split('\n').find((l) => l.startsWith(rows[0]!.id))!;
    expect(line).toMatch(new RegExp(`^${rows[0]!.id}\\s+officer-ma\\s+\\S+Z\\s+\\S+Z\\s+-\\s+Ma's laptop$`)); // used once, not revoked
    expect((await run('token', 'list', 'officer-ma')).stdout).toContain(rows[0]!.id);
    expect((await run('user', 'list')).stdout).toMatch(/^officer-ma\s+case_officer\s+transport\s+1\s/m);

    expect(await run('token', 'revoke', 'officer-ma')).toMatchObject({ code: 0, stdout: 'revoked 1 token of user officer-ma\n' });
    await expect(principalFor(db, token)).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect((await run('token', 'list', 'officer-ma')).stdout).toMatch(new RegExp(`^${rows[0]!.id}\\s+officer-ma\\s+\\S+Z\\s+\\S+Z\\s+\\S+Z\\s+Ma's laptop$`, 'm'));
    expect(await run('token', 'revoke', 'officer-ma')).toMatchObject({ code: 0, stdout: 'user officer-ma has no active tokens\n' });
  });

  test('a single token is revoked by its id; the user\'s other tokens keep working', async () => {
    await run('unit', 'add', 'office2', '--name', 'Office');
    await run('user', 'add', 'sup-he', '--name', 'He', '--role', 'supervisor', '--unit', 'office2');
    const first = (await run('token', 'issue', 'sup-he')).stdout.trim();
    const second = (await run('token', 'issue', 'sup-he', '--label', 'phone')).stdout.trim();
    const firstId = (await db.apiToken.findUniqueOrThrow({ where: { tokenHash: sha256(first) } })).id;

    expect(await run('token', 'revoke', firstId)).toMatchObject({ code: 0, stdout: `revoked token ${firstId} of user sup-he\n` });
    await expect(principalFor(db, first)).rejects.toMatchObject({ status: 401 });
    await expect(principalFor(db, second)).resolves.toMatchObject({ userId: 'sup-he', role: 'supervisor' });
    expect((await run('token', 'revoke', firstId)).stdout).toMatch(/was already revoked at/);
  });

  test('user password: from standard input or --password, or a generated one-time password printed once; stored as a scrypt hash; sessions end', async () => {
    await run('unit', 'add', 'office3', '--name', 'Office');
    await run('user', 'add', 'officer-pw', '--name', 'Pw', '--role', 'case_officer', '--unit', 'office3');
    const session = await db.session.create({ data: { id: 'some-session', userId: 'officer-pw', expiresAt: new Date(Date.now() + 3600_000) } });

    const piped = await adminWithInput(url, 'Piped-secret-42\n', 'user', 'password', 'officer-pw');
    expect(piped).toMatchObject({ code: 0, stdout: '' });
    expect(piped.stderr).toContain('set the password of officer-pw');
    let user = await db.user.findUniqueOrThrow({ where: { id: 'officer-pw' } });
    expect(await verifyPassword('Piped-secret-42', user.passwordHash)).toBe(true);
    expect(user.passwordHash).not.toContain('Piped-secret-42');
    expect(user.passwordChangeRequired).toBe(false);
    expect(await db.session.findUnique({ where: { id: session.id } })).toBeNull();
    expect((await run('user', 'list')).stdout).toMatch(/^officer-pw\s+case_officer\s+office3\s+0\s+set\s+Pw$/m);

    expect((await run('user', 'password', 'officer-pw', '--password', 'Given-secret-43', '--one-time')).code).toBe(0);
    user = await db.user.findUniqueOrThrow({ where: { id: 'officer-pw' } });
    expect(await verifyPassword('Given-secret-43', user.passwordHash)).toBe(true);
    expect(user.passwordChangeRequired).toBe(true);

    const generated = await run('user', 'password', 'officer-pw', '--generate');
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(/^[A-Za-z2-9]{7}-[A-Za-z2-9]{7}\n$/);
    user = await db.user.findUniqueOrThrow({ where: { id: 'officer-pw' } });
    expect(await verifyPassword(generated.stdout.trim(), user.passwordHash)).toBe(true);
    expect(user.passwordChangeRequired).toBe(true);
    expect((await run('user', 'list')).stdout).toMatch(/^officer-pw\s+case_officer\s+office3\s+0\s+one-time\s+Pw$/m);

    const weak = await run('user', 'password', 'officer-pw', '--password', 'short');
    expect(weak).toMatchObject({ code: 1, stdout: '' });
    expect(weak.stderr).toMatch(/password: at least 10 characters/);
    expect((await adminWithInput(url, '', 'user', 'password', 'officer-pw')).stderr).toMatch(/no password on standard input/);
    expect((await run('user', 'password', 'nobody', '--password', 'Whatever-123')).stderr).toMatch(/user nobody does not exist/);

    const token = (await run('token', 'issue', 'officer-pw')).stdout.trim();
    const disabled = await run('user', 'disable', 'officer-pw');
    expect(disabled).toMatchObject({ code: 0, stdout: 'disabled user officer-pw: 1 token revoked, 0 sessions ended\n' });
    await expect(principalFor(db, token)).rejects.toMatchObject({ status: 401 });
    expect((await run('user', 'list')).stdout).toMatch(/^officer-pw\s+case_officer\s+office3\s+0\s+disabled\s+Pw$/m);
    expect((await run('token', 'issue', 'officer-pw')).stderr).toMatch(/officer-pw is disabled/);
    expect((await run('user', 'enable', 'officer-pw')).code).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: 'officer-pw' } })).disabledAt).toBeNull();
  }, 300_000); // sixteen runs of the command, each a process of its own

  test('refusals exit with 1 and a one-line message, no stack trace, and change nothing', async () => {
    const before = { units: await db.unit.count(), users: await db.user.count(), tokens: await db.apiToken.count() };
    const cases: [string[], RegExp][] = [
      [['unit', 'add', 'x', '--name', 'X', '--parent', 'nowhere'], /unit nowhere does not exist/],
      [['unit', 'add', 'office', '--name', 'Office', '--parent', 'transport'], /transport is below office/],
      [['unit', 'add', 'bad id', '--name', 'X'], /invalid unit id "bad id"/],
      [['user', 'add', 'u1', '--name', 'U', '--role', 'boss'], /unknown role "boss": one of petitioner, intake_officer, case_officer, supervisor, admin/],
      [['user', 'add', 'u1', '--name', 'U', '--role', 'case_officer'], /a case_officer needs a unit/],
      [['user', 'add', 'u1', '--name', 'U', '--role', 'case_officer', '--unit', 'nowhere'], /unit nowhere does not exist/],
      [['user', 'add', 'anonymous', '--name', 'A', '--role', 'petitioner'], /reserved/],
      [['token', 'issue', 'nobody'], /user nobody does not exist/],
      [['token', 'list', 'nobody'], /user nobody does not exist/],
      [['token', 'revoke', 'nothing'], /no user or token with id nothing/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(...args))); // independent: side by side
    for (const [i, [args, message]] of cases.entries()) {
      const r = results[i]!;
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 1, stdout: '' });
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect({ units: await db.unit.count(), users: await db.user.count(), tokens: await db.apiToken.count() }).toEqual(before);
  });

  test('a new database is migrated first, then used', async () => {
    const file = path.join(ROOT, '.data', 'test', `${crypto.randomUUID()}-new.db`);
    files.push(file);
    const r = await admin(`file:${file}`, 'unit', 'add', 'office', '--name', 'Office');
    expect(r).toMatchObject({ code: 0, stdout: 'created unit office\n' });
    expect(r.stderr).toMatch(/applying \d+ database migration\(s\)/);
    const again = await admin(`file:${file}`, 'unit', 'list');
    expect(again.stderr).toBe('');
    expect(again.stdout).toMatch(/^office\s+0\s+Office$/m);
  });
});

describe('the demo organisation', () => {
  afterAll(removeDbFiles);

  test('is seeded into a database without users, once; not where the admin command created users', async () => {
    const file = migratedDatabaseFile();
    files.push(file);
    const db = await createDb(`file:${file}`);
    try {
      expect(await seedDemoOrganisationIfEmpty(db)).toBe(true);
      expect(await db.user.count()).toBe(DEMO_USERS.length);
      expect(await seedDemoOrganisationIfEmpty(db)).toBe(false);
      expect(await db.apiToken.count()).toBe(DEMO_USERS.length);
      await expect(principalFor(db, 'demo-intake-token')).resolves.toMatchObject({ userId: 'intake-wang', role: 'intake_officer' });
    } finally {
      await db.$disconnect();
    }

    const real = migratedDatabaseFile();
    files.push(real);
    await admin(`file:${real}`, 'user', 'add', 'root', '--name', 'Root', '--role', 'admin');
    const realDb = await createDb(`file:${real}`);
    try {
      expect(await seedDemoOrganisationIfEmpty(realDb)).toBe(false);
      expect(await realDb.user.findMany({ select: { id: true } })).toEqual([{ id: 'root' }]);
    } finally {
      await realDb.$disconnect();
    }
  });
});

describe('--seed: demo petitions through the API', () => {
  let stack: ApiStack;
  beforeAll(async () => {
    setLogLevel('warn');
    stack = await startApiStack();
  });
  afterAll(async () => {
    await stack?.close();
    setLogLevel('info');
  });

  test('creates cases in several states; a second run adds nothing', async () => {
    const first = await seedDemoPetitions(stack.baseUrl);
    expect(first.map((p) => [p.key, p.status])).toEqual([
      ['street-lights', 'registered'],
      ['unpaid-wages', 'in_handling'],
      ['heating', 'awaiting_evaluation'],
      ['arbitration-award', 'in_handling'],
      ['noise-complaint', 'routed'],
    ]);
    expect(first).toHaveLength(DEMO_PETITIONS.length);
    const byKey = Object.fromEntries(first.map((p) => [p.key, p]));

    const wages = (await stack.as('officer-li').get(`/api/v1/petitions/${byKey['unpaid-wages']!.id}`)).body.petition;
    expect(wages).toMatchObject({ channel: 'visit', unitId: 'unit-labour', officerId: 'officer-li' });
    const heating = (await stack.as('petitioner-zhou').get(`/api/v1/petitions/${byKey.heating!.id}`)).body;
    expect(heating.yourActions).toContain('evaluate');
    const award = (await stack.as('supervisor-sun').get(`/api/v1/petitions/${byKey['arbitration-award']!.id}`)).body.petition;
    expect(award).toMatchObject({ escalationLevel: 1, officerId: 'officer-li' });
    expect(award.supervision).toHaveLength(1);
    expect((await stack.as('officer-chen').get(`/api/v1/petitions/${byKey['noise-complaint']!.id}`)).body.petition.unitId).toBe('unit-housing');

    // The supervisor's signals are projected after they return: wait for them before counting.
    await eventually(async () => (await stack.db.petitionEvent.count({
      where: { petitionId: byKey['arbitration-award']!.id, type: { in: ['escalated', 'supervision_issued'] } },
    })) === 2 || undefined, 'the signals projected');
    const counts = async () => ({
      petitions: await stack.db.petition.count(),
      events: await stack.db.petitionEvent.count(),
      // Every POST of the seed carries an Idempotency-Key: a request it had not sent before would add a record.
      idempotencyRecords: await stack.db.idempotencyRecord.count(),
    });
    const before = await counts();
    expect(before.petitions).toBe(DEMO_PETITIONS.length);

    const second = await seedDemoPetitions(stack.baseUrl);
    expect(second).toEqual(first);
    expect(await counts()).toEqual(before);
  });

  test('without the demo organisation it says so', async () => {
    await stack.db.apiToken.updateMany({ data: { revokedAt: new Date() } });
    await expect(seedDemoPetitions(stack.baseUrl)).rejects.toThrow(/demo organisation is seeded only into a database without users/);
  });
});
