// The demo organisation `npm start` seeds into an empty database, so the API can be tried at once.
// Its tokens and passwords are public (they are in the README): never seed it into a real deployment (SEED_DEMO=false).
import type { Db } from '../db/client';
import { hashPassword } from './passwords';
import { hashToken } from './tokens';
import { upsertUnit, upsertUser, type UserRole } from './index';

export const DEMO_UNITS = [
  { id: 'petition-office', name: '市信访局 City Petition Office', parentId: null },
  { id: 'unit-labour', name: '市人力资源和社会保障局 Labour Bureau', parentId: 'petition-office' },
  { id: 'unit-labour-arbitration', name: '劳动仲裁院 Labour Arbitration (under Labour)', parentId: 'unit-labour' },
  { id: 'unit-housing', name: '市住房和城乡建设局 Housing Bureau', parentId: 'petition-office' },
] as const;

/** Each demo user signs in to the console with `demo-<user id>-pass` (public, like the tokens). */
export const demoPassword = (userId: string): string => `demo-${userId}-pass`;

export const DEMO_USERS: readonly { id: string; name: string; role: UserRole; unitId: string | null; token: string }[] = [
  { id: 'admin', name: '系统管理员 Admin', role: 'admin', unitId: null, token: 'demo-admin-token' },
  { id: 'intake-wang', name: '王登记 Wang (intake)', role: 'intake_officer', unitId: 'petition-office', token: 'demo-intake-token' },
  { id: 'supervisor-zhao', name: '赵督办 Zhao (office supervisor)', role: 'supervisor', unitId: 'petition-office', token: 'demo-supervisor-token' },
  { id: 'officer-li', name: '李承办 Li (labour case officer)', role: 'case_officer', unitId: 'unit-labour', token: 'demo-officer-labour-token' },
  { id: 'supervisor-sun', name: '孙督办 Sun (labour supervisor)', role: 'supervisor', unitId: 'unit-labour', token: 'demo-supervisor-labour-token' },
  { id: 'officer-chen', name: '陈承办 Chen (housing case officer)', role: 'case_officer', unitId: 'unit-housing', token: 'demo-officer-housing-token' },
  // The review body (复查机关) for the units' replies: the office's own case officer issues its opinions.
  { id: 'officer-zhang', name: '张承办 Zhang (office case officer)', role: 'case_officer', unitId: 'petition-office', token: 'demo-officer-office-token' },
  { id: 'petitioner-liu', name: '刘女士 Ms Liu', role: 'petitioner', unitId: null, token: 'demo-petitioner-token' },
  { id: 'petitioner-zhou', name: '周先生 Mr Zhou', role: 'petitioner', unitId: null, token: 'demo-petitioner2-token' },
];

/**
 * Idempotent: units and users are upserted, a token is added only if its hash is not stored yet, a
 * password only if the user has none (a demo user who changed theirs keeps it).
 */
export async function seedDemoOrganisation(db: Db): Promise<void> {
  for (const u of DEMO_UNITS) await upsertUnit(db, u);
  // Hashed side by side (scrypt runs on libuv's thread pool): eight one after the other take a second.
  const passwordHashes = await Promise.all(DEMO_USERS.map((u) => hashPassword(demoPassword(u.id))));
  for (const [i, u] of DEMO_USERS.entries()) {
    await upsertUser(db, u);
    const tokenHash = hashToken(u.token);
    if (!(await db.apiToken.findUnique({ where: { tokenHash } }))) {
      await db.apiToken.create({ data: { id: `demo-${u.id}`, userId: u.id, tokenHash, label: 'demo' } });
    }
    // Not through setPassword: a demo password is public anyway, and contains the user name on purpose.
    await db.user.updateMany({ where: { id: u.id, passwordHash: null }, data: { passwordHash: passwordHashes[i]!, passwordChangedAt: new Date() } });
  }
}
