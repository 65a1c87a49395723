import type { Messages } from './zh';

type DeepString<T> = { [K in keyof T]: T[K] extends string ? string : DeepString<T[K]> };

// English: the same keys as zh.ts (the type makes a missing key a build error).
export const en: DeepString<Messages> = {
  app: { title: 'Petition case handling', portalTitle: 'Online petitions', skip: 'Skip to main content', language: 'Language', signOut: 'Sign out', signedInAs: 'Signed in as', loading: 'Loading…', retry: 'Retry', back: 'Back', none: 'None', unknown: 'Unknown', save: 'Save', cancel: 'Cancel', confirm: 'OK', refresh: 'Refresh', exportCsv: 'Export CSV', yes: 'Yes', no: 'No', notFound: 'Page not found', error: 'Something went wrong' },
  nav: { cases: 'My cases', intake: 'Intake', board: 'Supervision board', statistics: 'Statistics', notices: 'Notices', admin: 'Administration', portal: 'Online petitions', myPetitions: 'My petitions', track: 'Track', submit: 'Submit', docs: 'API docs' },
  role: { petitioner: 'Petitioner', intake_officer: 'Intake officer', case_officer: 'Case officer', supervisor: 'Supervisor', admin: 'Administrator' },
  signIn: {
    title: 'Sign in', username: 'User name', password: 'Password', submit: 'Sign in', token: 'API token', tokenTab: 'Token', passwordTab: 'Password',
    tokenHelp: 'Development and demo: paste a demo token from the README or one issued by an administrator.', failed: 'Sign-in failed', portalLink: 'Petitioners submit and track without signing in', unavailable: 'This server does not offer password sign-in yet; use a token.',
  },
  status: {
    registered: 'Registered', routed: 'Routed', accepted: 'Accepted', in_handling: 'In handling', awaiting_delivery: 'Awaiting delivery', awaiting_evaluation: 'Awaiting rating',
    return_visit_required: 'Return visit required', appeal_window: 'Review window', in_review: 'In review', in_re_review: 'In re-review', closed: 'Closed',
  },
  class: { suggestion: 'Suggestion', report: 'Report', claim: 'Claim' },
  channel: { online: 'Online', letter: 'Letter', phone: 'Phone', fax: 'Fax', visit: 'Visit' },
  rating: { satisfied: 'Satisfied', basically_satisfied: 'Basically satisfied', dissatisfied: 'Dissatisfied' },
  decision: { support: 'Support', explain: 'Explain', not_support: 'Not support' },
  closingReason: { satisfied: 'Closed, satisfied', answered_anonymous: 'Anonymous matter answered', not_accepted: 'Not accepted', legal_procedure: 'Legal procedure', withdrawn: 'Withdrawn', appeal_window_lapsed: 'Review window lapsed', final: 'Final after re-review' },
  limitUnit: { calendar: 'calendar days', working: 'working days' },
  clock: {
    acceptance: 'Acceptance', objection: 'Objection window', handling: 'Handling', evaluation: 'Rating window', returnVisit: 'Return visit', reviewRequest: 'Review window',
    reviewHandling: 'Review handling', reReviewRequest: 'Re-review window', reReviewHandling: 'Re-review handling', supervisionReply: 'Supervision reply', delivery: 'Delivery',
  },
  clockOutcome: { met: 'Met', late: 'Late', lapsed: 'Lapsed', cancelled: 'Cancelled' },
  document: {
    registration: 'Receipt', transfer: 'Transfer notice', acceptance: 'Acceptance notice', non_acceptance: 'Non-acceptance notice', extension: 'Extension notice', reply: 'Written reply',
    review_opinion: 'Review opinion', re_review_opinion: 'Re-review opinion', closing: 'Closing notice', repeat_linked: 'Repeat notice',
  },
  event: {
    registered: 'Registered', routed: 'Routed', routing_objected: 'Routing objected', routing_confirmed: 'Routing confirmed', accepted: 'Accepted', not_accepted: 'Not accepted',
    assigned: 'Assigned', reassigned: 'Reassigned', extension_requested: 'Extension requested', extension_approved: 'Extension approved', extension_refused: 'Extension refused',
    clock_paused: 'Clock paused', clock_resumed: 'Clock resumed', replied: 'Reply issued', evaluated: 'Rated', evaluation_lapsed: 'Rating window lapsed',
    return_visit_recorded: 'Return visit', review_requested: 'Review requested', review_opinion_issued: 'Review opinion issued', re_review_requested: 'Re-review requested',
    re_review_opinion_issued: 'Re-review opinion issued', appeal_window_lapsed: 'Review window lapsed', supervision_issued: 'Supervision notice', supervision_answered: 'Supervision answered',
    escalated: 'Escalated', deadline_warning: 'Deadline warning', deadline_breached: 'Deadline missed', withdrawn: 'Withdrawn', repeat_linked: 'Repeat linked', closed: 'Closed', delivered: 'Delivered',
  },
  action: {
    accept: 'Accept', notAccept: 'Do not accept', route: 'Route', objectRouting: 'Object to routing', assign: 'Assign', requestExtension: 'Request extension', pauseClock: 'Pause clock',
    resumeClock: 'Resume clock', reply: 'Issue reply', recordReturnVisit: 'Record return visit', evaluate: 'Rate the answer', requestReview: 'Request review',
    issueReviewOpinion: 'Issue review opinion', requestReReview: 'Request re-review', issueReReviewOpinion: 'Issue re-review opinion', withdraw: 'Withdraw',
    answerSupervision: 'Answer supervision', escalate: 'Escalate', supervise: 'Supervise', decideExtension: 'Decide extension', reassign: 'Reassign', linkRepeat: 'Link repeat',
    recordDelivery: 'Record delivery', requestPause: 'Request pause', decidePause: 'Decide pause', decideObjection: 'Decide objection', reopen: 'Reopen',
  },
  field: {
    unitId: 'Unit', officerId: 'Case officer', toUnitId: 'Route to unit', leaderOwnerId: 'Leader owner', reason: 'Reason', redirectTo: 'Where to go instead', legalProcedure: 'A legal procedure applies',
    days: 'Days', decision: 'Decision', facts: 'Facts found', legalBasis: 'Legal basis', text: 'Answer', outcome: 'Outcome', notes: 'Notes', rating: 'Rating',
    comment: 'Comment', noticeId: 'Supervision notice', answer: 'Answer', level: 'Level', instruction: 'Instruction', listed: 'Listed supervision', replyLimit: 'Reply limit', unit: 'Day count',
    approve: 'Approve', title: 'Title', content: 'Petition text', name: 'Name', contact: 'Contact', idNumber: 'ID number', address: 'Address', anonymous: 'Anonymous',
    class: 'Class', channel: 'Channel', petitioner: 'Petitioner', organisationId: 'Time limits of', deliveredAt: 'Delivered on', deliveredOn: 'Delivered on', attachmentIds: 'Attachments',
  },
  inbox: {
    moreFilters: 'More filters', fewerFilters: 'Fewer filters', scopeOpen: 'Open', title: 'My cases', search: 'Search title or text', filters: 'Filters', status: 'Status', class: 'Class', channel: 'Channel', unit: 'Unit', officer: 'Officer', mine: 'Only mine',
    overdue: 'Overdue', escalation: 'Escalation level', minEscalation: 'Escalated at least to', received: 'Received', due: 'Due', closed: 'Closed', sort: 'Sort', order: 'Order',
    sortNextDeadline: 'Next deadline', sortReceivedAt: 'Received', sortUpdatedAt: 'Last updated', sortEscalationLevel: 'Escalation level', asc: 'Ascending', desc: 'Descending',
    next: 'Next', previous: 'Previous', first: 'First page', total: '{{count}} cases', empty: 'No petitions match', savedFilters: 'Saved filters', saveFilter: 'Save these filters',
    filterName: 'Filter name', clear: 'Clear filters', overdueOnly: 'Overdue only', notOverdue: 'Not overdue', any: 'Any', query: 'Query code', titleCol: 'Title', statusCol: 'Status',
    deadlineCol: 'Time left', badges: 'Flags', petitionerCol: 'Petitioner', receivedCol: 'Received', apply: 'Apply', deleteFilter: 'Delete', page: 'Page {{n}}',
  },
  clockView: { workingDaysLeft: 'Working days left: {{count}}', calendarDaysLeft: 'Days left: {{count}}', overdueWorkingDays: 'Overdue, working days: {{count}}', warningsSent: '{{count}} of {{total}} deadline warnings sent', daysLeft: 'Days left: {{count}}', dueToday: 'Due today', overdueDays: 'Overdue, days: {{count}}', paused: 'Paused', noDeadline: 'No running deadline', due: 'Due', stopped: 'Stopped', working: 'working days', calendar: 'calendar days', coverage: 'The holiday calendar does not cover that year; only weekends were counted' },
  badge: { overdue: 'Overdue', escalated: 'Escalated L{{level}}', supervised: 'Supervised {{count}}', leader: 'Leader' },
  detail: {
    title: 'Petition', queryCode: 'Query code', status: 'Status', unit: 'Unit', officer: 'Case officer', leader: 'Leader owner', received: 'Received', channel: 'Channel', class: 'Class',
    content: 'Petition text', petitioner: 'Petitioner', anonymous: 'Anonymous', clocks: 'Clocks', timeline: 'Timeline', documents: 'Documents', supervision: 'Supervision', repeats: 'Repeats',
    workflow: 'Open the workflow in the Temporal Web UI', actions: 'Actions', noActions: 'Nothing for you to do on this case now', escalations: 'Escalations', criticisms: 'Criticisms',
    evaluations: 'Ratings', appeals: 'Review requests', pendingExtension: 'Extension awaiting decision', notAcceptance: 'Not accepted', issuedAt: 'Issued', by: 'By', answered: 'Answered', open: 'Open',
    clockKind: 'Clock', started: 'Started', dueDate: 'Due date', remaining: 'Left', limit: 'Limit', extension: 'Extension', timelineAt: 'When', timelineEvent: 'What', actor: 'Who', asOf: 'As of',
    submission: 'Received', instruction: 'Instruction', answer: 'Answer', listed: 'Listed', refreshedFrom: 'Refreshed from the answer', notFound: 'No such petition, or not in your scope',
  },
  actionPanel: {
    title: 'Act', submit: 'Submit', refused: 'Not done', refusedWhy: 'The case is now "{{status}}": this action does not apply.', allowedNow: 'Allowed now:', done: 'Done: {{action}}', signalled: 'Sent: {{action}} (applies within seconds)',
    required: 'Required', tooLong: 'At most {{max}} characters', range: '{{min}} to {{max}}', invalid: 'Invalid', choose: 'Choose', inProgress: 'The previous submit is still running; try again shortly', optional: 'optional', unsupported: 'The API does not describe this action',
    retrySame: 'Connection lost: submitting again reuses the same Idempotency-Key, so nothing is done twice.',
  },
  intake: {
    identityChecked: 'Identity checked', identityCheckedHelp: 'An ID card seen at a visit, or a signed letter matching the register. Then a repeat of the same petitioner\'s open matter is recorded on that case at once; unchecked, a new case is opened and flagged as a likely repeat for an officer to link.', submitAnyway: 'Register anyway', title: 'Intake', channel: 'Channel', submit: 'Register', done: 'Registered', queryCode: 'Query code', open: 'Open the case', another: 'Register another', repeatWarning: 'Likely a repeat',
    repeatText: 'The same petitioner has these open cases with this unit. With the identity checked, the registration is recorded on the open case instead of opening a new one; unchecked, a new case is opened and flagged as a likely repeat.', checkRepeat: 'Check for repeats', noRepeat: 'No open case of this petitioner found',
    linked: 'Recorded on the open case (repeat)', petitioner: 'Petitioner', matter: 'The matter', receipt: 'Receipt', acceptanceDue: 'Acceptance due',
  },
  board: { title: 'Supervision board', overdue: 'Overdue', escalated: 'Escalated', supervision: 'Supervised', total: 'Total', overdueFor: 'Overdue for', reasons: 'Why', empty: 'Nothing on the board', act: 'Supervise', since: '{{days}} days' },
  stats: {
    title: 'Statistics', period: 'Period', byClass: 'By class', byChannel: 'By channel', onTime: 'On-time rate', satisfaction: 'Satisfaction', overdueByUnit: 'Overdue and escalations by unit', monthly: 'Month by month',
    received: 'Received', replied: 'Replied', repliedOnTime: 'On time', onTimeRate: 'On-time rate', overdueNow: 'Overdue now', deadlinesMissed: 'Deadlines missed', escalations: 'Escalations', unit: 'Unit',
    month: 'Month', count: 'Count', rate: 'Rate', rated: 'Rated', total: 'Total', mostComplained: 'Units with most petitions', table: 'Table', chart: 'Chart',
  },
  noticeKind: {
    case_assigned: 'Case assigned', case_owned: 'Leader ownership', extension_requested: 'Extension requested', extension_approved: 'Extension approved', extension_refused: 'Extension refused', deadline_warning: 'Deadline warning',
    deadline_breached: 'Deadline missed', deadline_escalated: 'Escalated after a missed deadline', criticism: 'Criticism', escalated: 'Escalated', supervision_notice: 'Supervision notice', supervision_answered: 'Supervision answered',
    petition_routed: 'Case routed to you', routing_objected: 'Routing objected', review_requested: 'Review requested', re_review_requested: 'Re-review requested', return_visit_required: 'Return visit required',
  },
  password: { title: 'Change your password', required: 'You signed in with a one-time password: set a new one first.', current: 'Current password', new: 'New password', rules: 'At least 10 characters, 4 different ones, without your user name', changed: 'Password changed' },
  notices: { title: 'Notices', unread: 'Unread', read: 'Read', markRead: 'Mark read', markAllRead: 'Mark all read', empty: 'No notices', kind: 'Kind', at: 'When', case: 'Case', unavailable: 'The notices inbox is not offered by this API yet' },
  portal: {
    welcome: 'Online petitions', intro: 'Make a suggestion, report misconduct or ask for a matter to be resolved. You get a query code to track your petition; no account needed.', submit: 'Submit a petition', track: 'Track a petition', codeLabel: 'Query code', codePlaceholder: 'Enter your query code',
    trackButton: 'Track', notFound: 'No petition has this query code; check it and try again', steps: 'Progress', documents: 'Documents', deadlines: 'Time limits', submitted: 'Submitted', keepCode: 'Keep your query code:', myCases: 'My petitions',
    signInHint: 'Petitioners with an account sign in to rate the answer and request a review', signIn: 'Petitioner sign-in', unit: 'Unit', receivedAt: 'Submitted', anonymousHint: 'Only suggestions and reports can be anonymous; they cannot be rated or appealed', lostCode: 'Lost your query code?',
    consent: 'I confirm this is true', rateAndReview: 'Rate and request a review',
  },
  admin: { addUnit: 'Add unit', addUser: 'Add user', actions: 'Actions', disabled: 'Disabled', disable: 'Disable', enable: 'Enable', revoked: 'Revoked', oneTimePassword: 'One-time password (shown once; to be changed at sign-in)', password_none: 'None', password_set: 'Set', password_one_time: 'One-time', title: 'Administration', units: 'Units', users: 'Users', roles: 'Roles', tokens: 'Tokens', resetPassword: 'Reset password', issueToken: 'Issue token', revoke: 'Revoke', unavailable: 'The administration API is not offered yet (/api/v1/admin)', add: 'Add', parent: 'Parent unit', id: 'Id', name: 'Name', role: 'Role', unit: 'Unit', created: 'Created', lastUsed: 'Last used', label: 'Label', newToken: 'New token (shown once)' },
  notes: { title: 'Internal notes', internal: 'Seen by staff in scope only, never by the petitioner or in public tracking. A saved note cannot be changed or deleted.', empty: 'No notes yet', add: 'New note', save: 'Save note', readOnly: 'Administrators read notes only.' },
  attachments: {
    title: 'Attachments', empty: 'No attachments', name: 'File', size: 'Size', type: 'Type', via: 'Attached with', at: 'Attached', submission: 'The submission', repeat: 'A repeat submission',
    choose: 'Choose files', hint: 'PDF, JPEG, PNG, TIFF, plain text or Word (.docx), uploaded when chosen and attached to the case once it is registered.',
  },
  documents: { print: 'Printable documents', printHtml: 'Print' },
  resend: {
    intro: 'Give the contact you left when filing, and the petition\'s title or your ID number. If they match, the query code is sent to that contact; it is never shown on this page.',
    contact: 'Contact given when filing (phone or address)', title: 'Title of the petition', idNumber: 'Or ID number', titleOrId: 'Give the title or the ID number', send: 'Send my query code',
    sent: 'If the details match a registered petition, its query code has been sent to the contact on file (SMS or letter).',
  },
  error: { forbidden: 'Not allowed', notFound: 'Not found', unauthorized: 'Your session expired; sign in again', rate_limited: 'Too many requests; try again shortly', temporal_unavailable: 'The workflow service is not answering; retry the same request shortly', network: 'Network error' },
};
