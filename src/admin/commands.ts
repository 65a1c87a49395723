// The admin commands: units, users and tokens, through src/accounts. Results go to `out.print`, remarks
// for the person at the terminal to `out.note` (stderr), so `token issue` prints nothing but the token.
import {
  AccountError, disableUser, enableUser, hashToken, issueToken, revokeTokens, setPassword, unitSubtree, upsertUnit, upsertUser, USER_ROLES, type UserRole,
} from '../accounts';
import { generateOneTimePassword } from '../accounts/passwords';
import type { Db } from '../db/client';
import type { CalendarContext } from './calendar';
import { plural, table, when } from './format';

export interface Out {
  print(text: string): void;
  note(text: string): void;
  /** Everything on standard input (a password piped in). */
  readInput?(): Promise<string>;
}
export type Options = {
  name?: string; parent?: string; role?: string; unit?: string; label?: string; source?: string; 'dry-run'?: boolean;
  password?: string; 'one-time'?: boolean; generate?: boolean;
};
/** What a command may need besides the database: the configuration (calendar file, Temporal). */
export type Context = CalendarContext;
export type Run = (db: Db, args: string[], options: Options, out: Out, ctx: Context) => Promise<void>;

/** The ids the API accepts in requests (src/api/schemas/common.ts). */
const ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Actor ids the service uses itself: a user with one would share, e.g., anonymous callers' idempotency keys. */
const RESERVED_USER_IDS = ['anonymous', 'system'];

function checkId(id: string, what: string): void {
  if (!ID.test(id)) throw new AccountError(`invalid ${what} "${id}": letters, digits, ".", "_" or "-", at most 64`);
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new AccountError('--name must not be empty');
  return trimmed;
}

async function requireUnit(db: Db, id: string): Promise<void> {
  if (!(await db.unit.findUnique({ where: { id } }))) throw new AccountError(`unit ${id} does not exist (see \`unit list\`)`);
}

async function requireUser(db: Db, id: string): Promise<void> {
  if (!(await db.user.findUnique({ where: { id } }))) throw new AccountError(`user ${id} does not exist (see \`user list\`)`);
}

const change = (field: string, from: string | null, to: string | null) => (from === to ? [] : [`${field} ${from ?? '(none)'} -> ${to ?? '(none)'}`]);

/** `add` declares the unit as given: on an existing id it renames and moves it (no --parent: top level). */
const unitAdd: Run = async (db, [id], o, out) => {
  checkId(id!, 'unit id');
  const name = checkName(o.name!);
  const parentId = o.parent ?? null;
  if (parentId) {
    await requireUnit(db, parentId);
    if ((await unitSubtree(db, id!)).includes(parentId)) throw new AccountError(`unit ${parentId} is ${parentId === id ? 'the unit itself' : `below ${id}`}: units form a tree`);
  }
  const before = await db.unit.findUnique({ where: { id: id! } });
  await upsertUnit(db, { id: id!, name, parentId });
  if (!before) return out.print(`created unit ${id}${parentId ? ` under ${parentId}` : ''}`);
  const changes = [...change('name', before.name, name), ...change('parent', before.parentId, parentId)];
  out.print(changes.length ? `updated unit ${id}: ${changes.join(', ')}` : `unit ${id} is unchanged`);
};

const unitList: Run = async (db, _args, _o, out) => {
  const units = await db.unit.findMany({ orderBy: { id: 'asc' }, include: { _count: { select: { users: true } } } });
  if (!units.length) return out.print('no units yet: add one with `unit add <id> --name <name>`');
  const known = new Set(units.map((u) => u.id));
  const rows: string[][] = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const u of units.filter((x) => (known.has(x.parentId ?? '') ? x.parentId : null) === parentId)) {
      rows.push([`${'  '.repeat(depth)}${u.id}`, String(u._count.users), u.name]);
      visit(u.id, depth + 1); // a unit in a cycle is never reached from a root: this ends
    }
  };
  visit(null, 0);
  out.print(table(['unit', 'users', 'name'], rows));
};

/** `add` declares the user as given: on an existing id it changes name, role and unit (no --unit: none). */
const userAdd: Run = async (db, [id], o, out) => {
  checkId(id!, 'user id');
  if (RESERVED_USER_IDS.includes(id!)) throw new AccountError(`user id "${id}" is reserved for the service itself`);
  const name = checkName(o.name!);
  const role = o.role as UserRole;
  if (!USER_ROLES.includes(role)) throw new AccountError(`unknown role "${o.role}": one of ${USER_ROLES.join(', ')}`);
  if (o.unit) await requireUnit(db, o.unit);
  const unitId = o.unit ?? null;
  const before = await db.user.findUnique({ where: { id: id! } });
  await upsertUser(db, { id, name, role, unitId });
  const where = unitId ? ` in ${unitId}` : '';
  if (!before) return out.print(`created user ${id} (${role}${where}); issue a token with \`token issue ${id}\``);
  const changes = [...change('name', before.name, name), ...change('role', before.role, role), ...change('unit', before.unitId, unitId)];
  out.print(changes.length ? `updated user ${id}: ${changes.join(', ')} (effective on their next request)` : `user ${id} is unchanged`);
};

const userList: Run = async (db, _args, _o, out) => {
  const users = await db.user.findMany({ orderBy: [{ unitId: 'asc' }, { id: 'asc' }], include: { _count: { select: { tokens: { where: { revokedAt: null } } } } } });
  if (!users.length) return out.print('no users yet: add one with `user add <id> --name <name> --role <role>`');
  out.print(table(['user', 'role', 'unit', 'active tokens', 'password', 'name'], users.map((u) => [
    u.id, u.role, u.unitId ?? '-', String(u._count.tokens),
    u.disabledAt ? 'disabled' : !u.passwordHash ? '-' : u.passwordChangeRequired ? 'one-time' : 'set', u.name,
  ])));
};

const tokenIssue: Run = async (db, [userId], o, out) => {
  const token = await issueToken(db, userId!, o.label);
  const row = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
  out.print(token);
  out.note(`Issued token ${row.id} for ${userId}${o.label ? ` (${o.label})` : ''}. ` +
    'Copy it now: it will not be shown again (only its hash is stored). Send it as "Authorization: Bearer <token>".');
};

const tokenList: Run = async (db, [userId], _o, out) => {
  if (userId) await requireUser(db, userId);
  const tokens = await db.apiToken.findMany({ where: userId ? { userId } : {}, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  if (!tokens.length) return out.print(userId ? `user ${userId} has no tokens` : 'no tokens yet');
  out.print(table(['id', 'user', 'created', 'last used', 'revoked', 'label'],
    tokens.map((t) => [t.id, t.userId, when(t.createdAt), when(t.lastUsedAt), when(t.revokedAt), t.label ?? '-'])));
};

/** A user id revokes all of that user's tokens; otherwise the argument is a token id. */
const tokenRevoke: Run = async (db, [target], _o, out) => {
  if (await db.user.findUnique({ where: { id: target! } })) {
    const count = await revokeTokens(db, target!);
    return out.print(count ? `revoked ${plural(count, 'token')} of user ${target}` : `user ${target} has no active tokens`);
  }
  const token = await db.apiToken.findUnique({ where: { id: target! } });
  if (!token) throw new AccountError(`no user or token with id ${target} (see \`user list\`, \`token list\`)`);
  if (token.revokedAt) return out.print(`token ${target} of user ${token.userId} was already revoked at ${when(token.revokedAt)}`);
  await db.apiToken.updateMany({ where: { id: target!, revokedAt: null }, data: { revokedAt: new Date() } });
  out.print(`revoked token ${target} of user ${token.userId}`);
};

// Imported when used: the Temporal client and the lunar calendar would slow down every other command.
const calendarLoadCommand: Run = async (db, [file], o, out, ctx) =>
  (await import('./calendar')).calendarLoad(db, file!, { source: o.source, dryRun: o['dry-run'] }, out.print, ctx);
const calendarListCommand: Run = async (db, _args, _o, out, ctx) => (await import('./calendar')).calendarList(db, out.print, ctx);
const calendarShowCommand: Run = async (db, [year], _o, out, ctx) => (await import('./calendar')).calendarShow(db, year!, out.print, ctx);

/**
 * Sets a user's password: from --password, generated (--generate: a one-time password printed once), or
 * read from standard input (one line; `printf '%s' "$PW" | npm run admin -- user password <id>`).
 * --one-time makes the user choose their own at the next sign-in. Their sessions end either way.
 */
const userPassword: Run = async (db, [id], o, out) => {
  await requireUser(db, id!);
  if (o.generate && o.password !== undefined) throw new AccountError('give either --password or --generate, not both');
  let password = o.password;
  if (o.generate) password = generateOneTimePassword();
  if (password === undefined) {
    if (!out.readInput) throw new AccountError('no password: give --password, --generate, or pipe it in on standard input');
    password = (await out.readInput()).replace(/\r?\n$/, '');
    if (!password) throw new AccountError('no password on standard input');
  }
  const oneTime = !!(o['one-time'] || o.generate);
  await setPassword(db, id!, password, { oneTime });
  if (o.generate) out.print(password);
  out.note(`set the password of ${id}${oneTime ? ' (one-time: they must choose their own at the next sign-in)' : ''}; their sessions have ended`);
};

const userDisable: Run = async (db, [id], _o, out) => {
  const { tokensRevoked, sessionsEnded } = await disableUser(db, id!);
  out.print(`disabled user ${id}: ${plural(tokensRevoked, 'token')} revoked, ${plural(sessionsEnded, 'session')} ended`);
};

const userEnable: Run = async (db, [id], _o, out) => {
  await enableUser(db, id!);
  out.print(`enabled user ${id}: they can sign in with their password (revoked tokens stay revoked)`);
};

export interface CommandSpec {
  /** Positional arguments after the command words; a trailing `?` marks an optional one. */
  args: string[];
  options: (keyof Options)[];
  required?: (keyof Options)[];
  run: Run;
}

export const COMMANDS: Record<string, CommandSpec> = {
  'unit add': { args: ['id'], options: ['name', 'parent'], required: ['name'], run: unitAdd },
  'unit list': { args: [], options: [], run: unitList },
  'user add': { args: ['id'], options: ['name', 'role', 'unit'], required: ['name', 'role'], run: userAdd },
  'user list': { args: [], options: [], run: userList },
  'user password': { args: ['id'], options: ['password', 'one-time', 'generate'], run: userPassword },
  'user disable': { args: ['id'], options: [], run: userDisable },
  'user enable': { args: ['id'], options: [], run: userEnable },
  'token issue': { args: ['userId'], options: ['label'], run: tokenIssue },
  'token list': { args: ['userId?'], options: [], run: tokenList },
  'token revoke': { args: ['userId|tokenId'], options: [], run: tokenRevoke },
  'calendar load': { args: ['file.json'], options: ['source', 'dry-run'], run: calendarLoadCommand },
  'calendar list': { args: [], options: [], run: calendarListCommand },
  'calendar show': { args: ['year'], options: [], run: calendarShowCommand },
};
