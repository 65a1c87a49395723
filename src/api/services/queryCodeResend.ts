// A petitioner who lost the query code gets it again, sent to the contact on file (SMS or letter, as the
// case's other notices go), never shown on the page. The answer is the same whether or not anything
// matched, and requests are throttled per address and per contact, so the endpoint tells nobody whether a
// contact has a case, and cannot be used to send a stream of messages to someone.
import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { blockedKey, recordFailure } from '../../accounts/throttle';
import type { Db } from '../../db/client';
import { Prisma } from '../../generated/prisma/client';
import { API_NOTICE_KEY_PREFIX } from '../../db/outboxKeys';
import type { CaseView, Channel } from '../../domain';
import { ApiError } from '../errors';

export interface ResendSettings {
  /** Requests naming one contact in a window (each may send a message to it). */
  perContact: number;
  /** Requests from one address in a window. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_RESEND_SETTINGS: ResendSettings = { perContact: 3, perAddress: 10, windowMs: 3600_000 };

/** The most cases one request sends codes for (one contact may have filed several with the same title over the years). */
const MAX_CASES = 10;

/** How the petitioner is reached, as the workflow's notices to them go (src/domain/draft.ts). */
const CHANNEL: Record<Channel, 'sms' | 'letter'> = { online: 'sms', phone: 'sms', visit: 'sms', letter: 'letter', fax: 'letter' };

/** Phone numbers are typed with spaces, dashes and a +86; addresses with odd spacing: compared without them. */
const contactKey = (s: string) => s.normalize('NFKC').replace(/[\s\-()（）]/g, '').replace(/^\+?86(?=1\d{10}$)/, '').toLowerCase();
const titleKey = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
const idKey = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

export const RESEND_ANSWER = '如果所填信息与登记的信访事项相符，查询码已发送到登记的联系方式（短信或信件）。 If the details match a registered petition, its query code has been sent to the contact on file.';

export async function resendQueryCode(
  db: Db, settings: ResendSettings, req: Request, res: Response, input: { contact: string; title?: string; idNumber?: string },
): Promise<number> {
  const contact = contactKey(input.contact);
  const rule = { windowMs: settings.windowMs };
  const keys = [
    { key: `resend:contact:${crypto.createHash('sha256').update(contact).digest('hex')}`, rule: { ...rule, maxFailures: settings.perContact } },
    { key: `resend:ip:${ipKeyGenerator(req.ip ?? '')}`, rule: { ...rule, maxFailures: settings.perAddress } },
  ];
  const blocked = await blockedKey(db, keys.map((k) => k.key));
  if (blocked) {
    const seconds = Math.max(1, Math.ceil(blocked.retryAfterMs / 1000));
    res.set('Retry-After', String(seconds));
    throw new ApiError(429, 'rate_limited', `too many requests to send a query code ${blocked.key.startsWith('resend:ip:') ? 'from this address' : 'to this contact'}; retry after ${seconds} s`);
  }
  // Every request counts, matched or not: the count says nothing about a match either.
  await recordFailure(db, keys);

  // Candidates whose stored contact, written without spaces, dashes or brackets (and a mobile number with or
  // without +86), is the one given; then compared exactly as normalised here.
  let norm = Prisma.sql`p."petitionerContact"`;
  for (const ch of [' ', '-', '(', ')', '（', '）']) norm = Prisma.sql`replace(${norm}, ${ch}, '')`;
  const candidates = contact ? await db.$queryRaw<{ id: string; queryCode: string; channel: string; title: string; petitionerId: string | null; petitionerContact: string; snapshot: string }[]>(Prisma.sql`
    SELECT p."id", p."queryCode", p."channel", p."title", p."petitionerId", p."petitionerContact", s."snapshot" FROM "Petition" p
    JOIN "PetitionSnapshot" s ON s."petitionId" = p."id"
    WHERE lower(${norm}) IN (${contact}, ${`86${contact}`}, ${`+86${contact}`})
    ORDER BY p."receivedAt" DESC LIMIT 200`) : [];
  const matches = candidates.filter((c) => {
    if (!c.petitionerContact || contactKey(c.petitionerContact) !== contact) return false;
    if (input.title && titleKey(c.title) === titleKey(input.title)) return true;
    const idNumber = input.idNumber ? (JSON.parse(c.snapshot) as CaseView).petitioner?.idNumber : undefined;
    return !!(input.idNumber && idNumber && idKey(idNumber) === idKey(input.idNumber));
  }).slice(0, MAX_CASES);

  const requestedAt = new Date().toISOString();
  for (const c of matches) {
    await db.notification.create({
      data: {
        key: `${API_NOTICE_KEY_PREFIX}query_code_resent:${c.id}:${crypto.randomUUID()}`,
        petitionId: c.id,
        recipient: 'petitioner',
        recipientId: c.petitionerId,
        kind: 'query_code_resent',
        channel: CHANNEL[c.channel as Channel] ?? 'sms',
        body: JSON.stringify({ queryCode: c.queryCode, requestedAt }),
      },
    });
  }
  return matches.length;
}
