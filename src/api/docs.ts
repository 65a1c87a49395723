// The OpenAPI document and interactive documentation (Swagger UI, served from the package: works offline),
// and the guide at the top of the document. The guide's tables are derived from the endpoints, the
// domain's allowedActions and the demo organisation, so they cannot fall behind the code.
import path from 'node:path';
import express, { Router } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import { DEMO_UNITS, DEMO_USERS } from '../accounts/demo';
import { allowedActions, CURRENT_RULES, MAX_ESCALATION_LEVEL, register, type CommandType, type PetitionCase, type ResolvedPolicy, type Status } from '../domain';
import type { Endpoint } from './http/endpoint';
import { methodNotAllowed } from './http/mount';
import type { RateLimits } from './http/rateLimit';
import { ClockKindSchema } from './schemas/views';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Petition API</title>
<link rel="icon" type="image/png" href="./favicon-32x32.png">
<link rel="stylesheet" href="./swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="./swagger-ui-bundle.js"></script>
<script src="./swagger-ui-standalone-preset.js"></script>
<script src="./init.js"></script></body></html>`;

// A separate file, so the page runs under a strict Content-Security-Policy (no inline script).
// The document's URL is relative, so the page also works behind a path prefix; validatorUrl: null keeps
// Swagger UI from sending the document to validator.swagger.io (offline, and nothing leaves the server).
const INIT = `window.ui = SwaggerUIBundle({ url: '../openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout', persistAuthorization: true });`;

/** Only what the page loads: the package's own index.html and initializer would show the Petstore demo. */
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-16x16.png', 'favicon-32x32.png',
  'swagger-ui.css.map', 'swagger-ui-bundle.js.map', 'swagger-ui-standalone-preset.js.map']);

export function docsRouter(document: () => unknown): Router {
  const r = Router();
  r.get('/openapi.json', (_req, res) => { res.json(document()); });
  r.all('/openapi.json', methodNotAllowed(['GET']));
  r.get('/docs', (req, res, next) => (req.originalUrl.endsWith('/') ? next() : res.redirect(301, `${req.originalUrl}/`)));
  r.get('/docs/', (_req, res) => { res.type('html').send(PAGE); });
  r.get('/docs/init.js', (_req, res) => { res.type('js').send(INIT); });
  const assets = express.static(path.resolve(getAbsoluteFSPath()), { index: false, maxAge: '1d' });
  r.use('/docs', (req, res, next) => (ASSETS.has(req.path.slice(1)) ? assets(req, res, next) : next()));
  return r;
}

// ---- The guide (info.description, Markdown) ----

const STATUS_TEXT: Record<Status, string> = {
  registered: '登记: received; the acceptance clock runs (15 days from receipt, W22)',
  routed: '转送/交办: sent to another unit with the same acceptance clock; the receiving unit may object within 5 working days (W23)',
  accepted: '受理: accepted; the handling clock runs (60 days, W33), no case officer yet',
  in_handling: '办理: a unit and case officer own it',
  awaiting_delivery: 'the written answer was issued to a petitioner without an online account: an officer records its delivery (送达)',
  awaiting_evaluation: 'the answer was delivered; the 满意度评价 window and the 复查 (or 复核) window run from the delivery',
  return_visit_required: 'no rating came in time: the case officer must record a 回访',
  appeal_window: 'rated (whatever the rating): the petitioner may still ask for 复查 (or 复核) until the window lapses (30 days from delivery, W35/W36); then it closes',
  in_review: '复查: the body one level above the replying unit prepares its opinion (not the officer who replied)',
  in_re_review: '复核: the body above the reviewer prepares its opinion; after it is delivered and rated the matter is final (终结)',
  closed: '办结/终结: closed (a supervision notice may still await its answer)',
};

/** When an action that depends on more than the status applies. */
const CONDITION: Partial<Record<CommandType, string>> = {
  accept: 'not while an objection waits for the routing office',
  notAccept: 'not while an objection waits for the routing office',
  route: 'not while an objection waits for the routing office',
  objectRouting: 'while the objection window runs (5 working days)',
  decideObjection: 'by the routing office, while an objection is pending',
  requestReview: 'within 30 days of the reply\'s delivery, whatever the rating',
  requestReReview: 'within 30 days of the review opinion\'s delivery, whatever the rating',
  evaluate: 'while the rating window runs',
  requestExtension: 'before the handling clock\'s due date, while extension days remain and none is pending',
  decideExtension: 'while an extension is pending (approval only before the due date)',
  requestPause: 'on a clock the policy lets pause (the re-review clock), before its due date',
  decidePause: 'while a pause is pending (approval only before the due date)',
  resumeClock: 'while the clock is paused',
  recordDelivery: 'while the answer awaits delivery',
  withdraw: 'not for an anonymous matter; by the petitioner, or an intake officer with the source for a petitioner without an online account; a supervisor agrees for a supervised or escalated case',
  decideWithdrawal: 'while a withdrawal waits for a supervisor',
  answerSupervision: 'while a supervision notice is open, also after the case closed',
  escalate: 'to a level above the case\'s current one, at most the highest',
  issueReviewOpinion: 'not by an officer who gave an earlier answer in the case',
  issueReReviewOpinion: 'not by an officer who gave an earlier answer in the case',
};

/** Conditions on who acts, which hold whenever the state allows the action. */
const BY_WHOM: readonly CommandType[] = ['issueReviewOpinion', 'issueReReviewOpinion', 'escalate', 'withdraw'];

const AT = '2026-01-05T01:00:00.000Z';
const DOC_POLICY: ResolvedPolicy = {
  policyId: 'guide', organisationId: 'guide', timeZone: 'UTC',
  limits: Object.fromEntries(ClockKindSchema.options.map((k) => [k, { days: 30, unit: 'calendar' }])) as ResolvedPolicy['limits'],
  maxExtensionDays: 30, warningFractions: [], warningDaysBefore: 0, escalationGraceDays: 0,
};

/** One case (on the current rules) in every circumstance allowedActions looks at, for a status: the table is the domain's own answer. */
function circumstances(status: Status): PetitionCase[] {
  const registered = register({
    id: 'guide', queryCode: 'GUIDE', matterKey: 'guide', organisationId: 'guide', class: 'claim', channel: 'online', receivedAt: AT,
    petitioner: { name: 'guide', contact: 'guide' }, title: 'guide', content: 'guide', unitId: 'guide',
  }, DOC_POLICY, CURRENT_RULES).case;
  const base: PetitionCase = { ...registered, status, clocks: [] };
  const clock = (kind: PetitionCase['clocks'][number]['kind'], paused = false, extensionDays = 0) => ({
    id: `${kind}-1`, kind, startedAt: AT, limit: { days: 30, unit: 'calendar' as const }, extensionDays, pausedMs: 0, fired: [],
    pauses: paused ? [{ from: AT, reason: 'hearing', by: 'guide' }] : [],
  });
  // Only the re-review clock pauses (the policy's pausable clocks), so only it is paused or has a pause pending.
  const duty = (paused: boolean, extensionDays = 0) => (['handling', 'reviewHandling', 'reReviewHandling'] as const)
    .map((k) => clock(k, paused && k === 'reReviewHandling', extensionDays));
  const windows = (['objection', 'evaluation', 'reviewRequest', 'reReviewRequest'] as const).map((k) => clock(k));
  const request = { reason: 'guide', at: AT, by: 'guide' };
  return [
    base,
    { ...base, stage: 'review' },
    { ...base, clocks: windows },
    { ...base, stage: 'review', clocks: windows },
    { ...base, clocks: duty(false) },
    { ...base, clocks: duty(true) },
    { ...base, clocks: duty(false, DOC_POLICY.maxExtensionDays) },
    { ...base, clocks: duty(false), pendingExtension: { days: 10, reason: 'guide', requestedAt: AT, requestedBy: 'guide' } },
    ...(status === 'in_re_review' ? [{ ...base, clocks: duty(false), pendingPause: { clockId: 'reReviewHandling-1', days: 10, reason: 'guide', requestedAt: AT, requestedBy: 'guide' } }] : []),
    ...(status === 'routed' ? [{ ...base, pendingObjection: { ...request, unitId: 'guide', routingUnitId: 'office' } }] : []),
    { ...base, pendingWithdrawal: request },
    { ...base, anonymous: true },
    { ...base, supervision: [{ id: 'n-1', clockId: 'supervisionReply-1', issuedAt: AT, by: 'guide', instruction: 'guide', listed: false }] },
  ];
}

function lifecycleTable(link: (action: string) => string | undefined): string {
  const rows = (Object.keys(STATUS_TEXT) as Status[]).map((status) => {
    const lists = circumstances(status).map((c) => allowedActions(c, AT));
    const union = [...new Set(lists.flat())];
    const always = union.filter((a) => lists.every((l) => l.includes(a)));
    const sometimes = union.filter((a) => !always.includes(a));
    const show = (a: CommandType, when?: string) => {
      const name = link(a);
      return name ? `${name}${when ? ` (${when})` : ''}` : undefined;
    };
    const cells = [...always.map((a) => show(a, BY_WHOM.includes(a) ? CONDITION[a] : undefined)), ...sometimes.map((a) => show(a, CONDITION[a] ?? 'in some circumstances'))].filter(Boolean);
    return `| \`${status}\` | ${STATUS_TEXT[status]} | ${cells.join(', ') || '(none)'} |`;
  });
  return ['| status | meaning | actions that apply |', '| --- | --- | --- |', ...rows].join('\n');
}

export interface GuideOptions {
  demoTokens: boolean;
  rateLimits: Required<RateLimits>;
}

export function apiGuide(endpoints: Endpoint[], options: GuideOptions): string {
  const byId = new Map(endpoints.map((e) => [e.operationId, e]));
  // Swagger UI deep links: #/<tag>/<operationId>.
  const link = (id: string) => { const e = byId.get(id); return e ? `[${id}](#/${e.tags[0]}/${id})` : undefined; };
  const open = endpoints.filter((e) => e.auth !== 'bearer').map((e) => `\`${e.method.toUpperCase()} ${e.path}\`${e.auth === 'optional' ? ' (token optional)' : ''}`);
  const withRoles = endpoints.filter((e) => e.roles);
  const unitName = new Map<string, string>(DEMO_UNITS.map((u) => [u.id, u.name]));

  const sections = [
    'Every petition (信访) is a durable workflow: its statutory deadlines are timers that survive restarts, warnings and escalations fire once, '
      + 'supervisors steer it with signals, and it cannot close after a reply without the petitioner\'s rating or a recorded return visit. '
      + 'A case read (`GET /api/v1/petitions/{id}`) asks the workflow itself, so it already shows the last action; lists and statistics read a database '
      + 'projection written by the workflow, a moment behind. All bodies are JSON; times are ISO 8601 instants in UTC; '
      + 'day counting (rest days, make-up working days) follows the organisation\'s time zone and holiday calendar.',

    '## Authentication and roles\n'
      + 'API clients send `Authorization: Bearer <token>`. The console signs in with user name and password (`POST /api/v1/session`): '
      + 'the session is an HttpOnly, SameSite=Strict cookie, and every write made with it (POST, PUT, PATCH, DELETE) carries the session\'s CSRF token '
      + 'in the `X-CSRF-Token` header (a 403 `csrf_failed` otherwise). '
      + 'Tokens and sessions belong to a user, who has one role: `petitioner`, `intake_officer`, `case_officer`, `supervisor` or `admin`. '
      + 'Officers and supervisors see the cases of their unit (a supervisor and an intake officer also every unit below theirs), a petitioner their own cases, an admin all '
      + '(an admin acts on no case). A case outside your scope answers 403. '
      + `Public, without a token: ${[...open, '`GET /healthz`', '`GET /api/openapi.json`', '`GET /api/docs/`'].join(', ')}.`,

    ...(options.demoTokens ? [
      '### Demo tokens\n'
        + '`npm start` seeds a demo organisation (for trying the API only: never seed it into a real deployment). Click **Authorize** and paste a token.\n\n'
        + '| user | role | unit | token |\n| --- | --- | --- | --- |\n'
        + DEMO_USERS.map((u) => `| ${u.id} | ${u.role} | ${u.unitId ? `${u.unitId} (${unitName.get(u.unitId) ?? ''})` : '-'} | \`${u.token}\` |`).join('\n'),
    ] : []),

    '## Errors\n'
      + 'Every failure has one shape: `{"error": {"code", "message", "details"}}` (schema `Error`). Branch on `code`, show `message`.\n\n'
      + '| status | code | details |\n| --- | --- | --- |\n'
      + '| 400 | `validation_failed` | `[{field, message}]`, one per problem: a field that is wrong whatever the case (a missing reason, a source a petitioner may not send) |\n'
      + '| 400 | `malformed_json`, `bad_request` | null |\n'
      + '| 400 | `request_too_large` | null: the request line and headers together over 64 KB (no valid parameter is that long) |\n'
      + '| 401 | `unauthorized` | null |\n'
      + '| 403 | `forbidden` | `{role, allowedRoles}` when the role may not call the endpoint; null for scope |\n'
      + '| 404 | `not_found` | null |\n'
      + '| 405 | `method_not_allowed` | `{allow}`, also in the `Allow` header: a documented path asked with another method |\n'
      + '| 409 | `action_not_allowed` | `{status, allowedActions}`: the case\'s state, and what it accepts now. The message says why: the state, a window that closed (with its date), '
      + 'a period that ended, more extension days than remain (with the numbers), a level not above the current one, an answer by the officer under review, '
      + 'a petitioner who has an online account (staff do not act for them). Nothing changed. |\n'
      + '| 409 | `request_in_progress` | null: the first request with this Idempotency-Key is still running; retry shortly |\n'
      + '| 413 | `payload_too_large` | null |\n'
      + '| 415 | `unsupported_media_type` | null: a body that is not JSON in UTF-8 |\n'
      + '| 422 | `idempotency_key_reused` | `[{field, message}]` |\n'
      + '| 429 | `rate_limited` | null; see `Retry-After` |\n'
      + '| 500 | `internal` | null |\n'
      + '| 503 | `temporal_unavailable` | null: retry with the same Idempotency-Key |',

    '## Idempotency\n'
      + 'Every POST accepts an `Idempotency-Key` header (8 to 200 printable ASCII characters; a UUID will do). Use one key per intended request and reuse it for '
      + 'retries: the first answer, success or refusal, is stored and returned again with `Idempotent-Replayed: true`, and the action is never applied twice '
      + '(the workflow deduplicates too). The same key with a different body answers 422. A server failure (5xx) frees the key for a retry.',

    '## Rate limits\n'
      + `Anonymous callers: ${options.rateLimits.publicPerMinute} requests a minute per address (online submission, tracking). Signed-in callers: `
      + `${options.rateLimits.perUserPerMinute} a minute per user. These are the defaults; a deployment sets RATE_LIMIT_PUBLIC_PER_MINUTE and RATE_LIMIT_PER_USER_PER_MINUTE. `
      + 'Answers carry `RateLimit` and `RateLimit-Policy` headers (IETF draft 8); a 429 carries `Retry-After` in seconds.',

    '## Case lifecycle\n'
      + 'registered → accepted / not accepted (closed) / routed (the receiving unit may object; the routing office decides) → in handling → '
      + 'the written reply is delivered (送达: at once online or to a petitioner with an account; otherwise when an officer records the delivery) → '
      + 'awaiting evaluation. From the delivery two windows run: the rating and the 30-day review request (W35). Any rating leaves the review right intact: '
      + 'the case waits in appeal window until the review window lapses (then closed, appeal window lapsed), or the petitioner asks for a review → '
      + 'in review (复查, by the unit above the one that replied; not by the officer who replied) → the review opinion is delivered → awaiting evaluation, '
      + 'with the 30-day re-review window (W36) → appeal window → closed, or in re-review (复核, by the body above the reviewer) → the re-review opinion is delivered → '
      + 'awaiting evaluation → closed final (终结) with the rating, or after a return visit when no rating came. A new submission of a final matter by the same petitioner is '
      + 'registered and not accepted (W36). No rating in time: return visit required, then as after a rating. Withdrawal (the petitioner\'s, with a reason; '
      + 'a supervisor agrees under supervision or escalation) closes a case, after an unrated answer once the return visit is recorded. '
      + `Time moves a case too: a window lapses, a breached deadline escalates (level 1, then 2 after the grace period; supervisors may go up to ${MAX_ESCALATION_LEVEL}, the highest).\n\n`
      + 'Each case lists `allowedActions` (what it accepts now) and each read adds `yourActions` (those you may take: your role, and the rules on who may act on that case; the buttons to show). '
      + 'The table is computed from the same rule the workflow enforces:\n\n'
      + lifecycleTable(link),

    ...(withRoles.length ? [
      '## Who may call what\n| operation | roles | answer |\n| --- | --- | --- |\n'
        + withRoles.map((e) => `| ${link(e.operationId)} | ${e.roles!.join(', ')} | ${Object.keys(e.responses).join(' / ')} |`).join('\n')
        + '\n\nUpdates (tag actions) answer 200 once the workflow has applied them; supervisor signals (tag supervision) answer 202 with the case as it is now.',
    ] : []),
  ];
  return sections.join('\n\n');
}
