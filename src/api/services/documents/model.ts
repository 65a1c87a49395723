// The printable documents of a case (受理告知书, 不予受理告知书, 处理意见书, 复查意见书, 复核意见书) as a
// plain model: title, addressee, paragraphs, facts, signature and date. The HTML page and the PDF are both
// drawn from it, so they say the same thing. Built from the case as the projection last wrote it.
import type { CaseView, DocumentKind, Opinion, TimelineEvent } from '../../../domain';

export const PRINTABLE_KINDS = ['acceptance', 'non_acceptance', 'reply', 'review_opinion', 're_review_opinion'] as const satisfies readonly DocumentKind[];
export type PrintableKind = (typeof PRINTABLE_KINDS)[number];

export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'section'; heading: string; text: string }
  | { type: 'fields'; rows: [string, string][] };

export interface PrintDocument {
  kind: PrintableKind;
  /** The document's name, e.g. 处理意见书. */
  title: string;
  organisation: string;
  queryCode: string;
  /** Whom it is addressed to, with the colon of a letter: 刘女士： */
  addressee: string;
  blocks: Block[];
  /** The issuing unit and the date of the step, in the organisation's time zone. */
  signature: { unit: string; date: string };
  /** Small print at the foot: what the petitioner may do next. */
  footer?: string;
}

export const TITLES: Record<PrintableKind, string> = {
  acceptance: '受理告知书',
  non_acceptance: '不予受理告知书',
  reply: '处理意见书',
  review_opinion: '复查意见书',
  re_review_opinion: '复核意见书',
};

const DECISIONS: Record<Opinion['decision'], string> = { support: '支持', explain: '解释说明', not_support: '不支持' };

/** 2026年11月28日, in the organisation's time zone. */
export function chineseDate(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date(iso));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return `${get('year')}年${get('month')}月${get('day')}日`;
}

export interface DocumentContext {
  organisation: string;
  timeZone: string;
  unitName(id: string | null | undefined): string;
}

/** The step that issued the document; the latest one if it was issued more than once. */
export function issuingEvent(c: CaseView, kind: PrintableKind): TimelineEvent | undefined {
  return [...c.timeline].reverse().find((e) => e.document === kind);
}

function opinionOf(c: CaseView, kind: PrintableKind): Opinion | undefined {
  return kind === 'reply' ? c.reply : kind === 'review_opinion' ? c.reviewOpinion : kind === 're_review_opinion' ? c.reReviewOpinion : undefined;
}

/** The document as printed, or undefined when the case has not issued it. */
export function buildDocument(c: CaseView, kind: PrintableKind, ctx: DocumentContext): PrintDocument | undefined {
  const event = issuingEvent(c, kind);
  if (!event) return undefined;
  const date = (iso: string) => chineseDate(iso, ctx.timeZone);
  const data = event.data ?? {};
  const issuingUnit = ctx.unitName((typeof data.unitId === 'string' && data.unitId) || c.unitId);
  const addressee = `${c.anonymous ? '信访人' : c.petitioner.name}：`;
  const matter = `你于${date(c.receivedAt)}提出的信访事项（“${c.title}”，查询码 ${c.queryCode}）`;
  const base = { kind, title: TITLES[kind], organisation: ctx.organisation, queryCode: c.queryCode, addressee, signature: { unit: issuingUnit, date: date(event.at) } };

  if (kind === 'acceptance') {
    const handling = c.clocks.filter((k) => k.kind === 'handling').at(-1);
    const due = handling?.dueAt ? `，依法应于${date(handling.dueAt)}前办结并书面答复` : '';
    return {
      ...base,
      blocks: [
        { type: 'paragraph', text: `${matter}，经审查，符合受理条件，本机关决定予以受理，由${issuingUnit}办理${due}。` },
        { type: 'paragraph', text: `办理期间，你可以凭查询码 ${c.queryCode} 查询办理进展。` },
      ],
      footer: '依据《信访工作条例》第二十三条、第三十四条。',
    };
  }
  if (kind === 'non_acceptance') {
    const n = c.notAcceptance;
    return {
      ...base,
      blocks: [
        { type: 'paragraph', text: `${matter}，经审查，本机关决定不予受理。` },
        { type: 'section', heading: '不予受理的理由', text: n?.reason ?? String(data.reason ?? '') },
        { type: 'section', heading: '你可以通过以下途径处理', text: n?.redirectTo ?? String(data.redirectTo ?? '') },
      ],
      footer: '依据《信访工作条例》第二十三条。',
    };
  }
  const op = opinionOf(c, kind);
  if (!op) return undefined;
  const intro = kind === 'reply' ? `${matter}，本机关已受理。经调查核实，现提出处理意见如下：`
    : kind === 'review_opinion' ? `你对${matter}的处理意见不服，请求复查。经复查，现提出复查意见如下：`
      : `你对${matter}的复查意见不服，请求复核。经复核，现提出复核意见如下：`;
  const next = kind === 'reply'
    ? '如对本处理意见不服，可以自收到本意见书之日起三十日内请求原办理机关的上一级机关复查。'
    : kind === 'review_opinion'
      ? '如对本复查意见不服，可以自收到本意见书之日起三十日内向复查机关的上一级机关请求复核。'
      : '本复核意见为终结意见。对同一信访事项以同一事实和理由提出的投诉请求，不再受理。';
  return {
    ...base,
    blocks: [
      { type: 'paragraph', text: intro },
      { type: 'section', heading: '查明的事实', text: op.facts },
      { type: 'section', heading: '处理意见', text: `${DECISIONS[op.decision]}。${op.text}` },
      { type: 'section', heading: '依据', text: op.legalBasis },
      { type: 'fields', rows: [['信访事项', c.title], ['受理日期', date(c.receivedAt)], ['意见类别', DECISIONS[op.decision]]] },
    ],
    signature: { unit: issuingUnit, date: date(op.issuedAt) },
    footer: next,
  };
}
