// The printable documents, from a case driven through the pure domain: what each says, dates in the
// organisation's time zone (not UTC), the HTML page escaped and laid out for A4.
import { viewCase } from '../../src/domain';
import { documentHtml } from '../../src/api/services/documents/html';
import { buildDocument, chineseDate } from '../../src/api/services/documents/model';
import { intake, officer, OPINION, Petition } from './domainFixtures';

const ctx = { organisation: '示范市信访局', timeZone: 'Asia/Shanghai', unitName: (id: string | null | undefined) => ({ 'unit-office': '市信访局', 'unit-housing': '住建局' })[id ?? ''] ?? String(id) };

test('dates are calendar days in the organisation\'s time zone', () => {
  // 17:30 UTC on 28 November is 01:30 on the 29th in Shanghai.
  expect(chineseDate('2026-11-28T17:30:00.000Z', 'Asia/Shanghai')).toBe('2026年11月29日');
  expect(chineseDate('2026-11-28T17:30:00.000Z', 'UTC')).toBe('2026年11月28日');
});

test('the acceptance notice, the reply and what each tells the petitioner next; a document not issued yet is none', () => {
  const p = new Petition({ title: '供暖 <b>坏了</b>' });
  p.advance(3600_000).do({ type: 'accept', actor: intake, unitId: 'unit-housing', officerId: officer.id });
  const accepted = viewCase(p.case, p.now);
  const notice = buildDocument(accepted, 'acceptance', ctx)!;
  expect(notice).toMatchObject({ title: '受理告知书', organisation: '示范市信访局', queryCode: 'Q7K2M9', addressee: '陈明：', signature: { unit: '住建局', date: '2026年3月2日' } });
  expect(notice.blocks[0]).toMatchObject({ type: 'paragraph', text: expect.stringContaining('决定予以受理，由住建局办理，依法应于') });
  expect(buildDocument(accepted, 'reply', ctx)).toBeUndefined();
  expect(buildDocument(accepted, 'non_acceptance', ctx)).toBeUndefined();

  p.advance(5 * 86_400_000).do({ type: 'reply', actor: officer, ...OPINION });
  const reply = buildDocument(viewCase(p.case, p.now), 'reply', ctx)!;
  expect(reply.title).toBe('处理意见书');
  expect(reply.signature.date).toBe('2026年3月7日');
  expect(reply.blocks).toEqual(expect.arrayContaining([
    { type: 'section', heading: '查明的事实', text: OPINION.facts },
    { type: 'section', heading: '处理意见', text: `支持。${OPINION.text}` },
    { type: 'section', heading: '依据', text: OPINION.legalBasis },
  ]));
  expect(reply.footer).toContain('三十日内请求原办理机关的上一级机关复查');

  const html = documentHtml(reply);
  expect(html).toContain('@page { size: A4;');
  expect(html).toContain('<h1>处理意见书</h1>');
  expect(html).toContain('供暖 &lt;b&gt;坏了&lt;/b&gt;');
  expect(html).not.toContain('<b>坏了');
  expect(html).not.toMatch(/<script/i);
});

test('the non-acceptance notice carries the reason and where to go; an anonymous petitioner is addressed as 信访人', () => {
  const p = new Petition({ anonymous: true, class: 'report', petitioner: { name: '匿名 (anonymous)', contact: '' }, petitionerUserId: undefined });
  p.advance(3600_000).do({ type: 'notAccept', actor: intake, reason: '不属于本机关职权范围', redirectTo: '区人民法院' });
  const d = buildDocument(viewCase(p.case, p.now), 'non_acceptance', ctx)!;
  expect(d.addressee).toBe('信访人：');
  expect(d.blocks).toEqual(expect.arrayContaining([
    { type: 'section', heading: '不予受理的理由', text: '不属于本机关职权范围' },
    { type: 'section', heading: '你可以通过以下途径处理', text: '区人民法院' },
  ]));
});
