// `npm run reconcile`: checks that the database projection equals the workflow state for every petition.
// Exit code 0: consistent; 1: differences found; 2: the check could not run or some cases could not be read.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createDb } from '../db/client';
import { sqliteFileFromUrl } from '../db/url';
import { createLogger } from '../log';
import { connectClient } from '../temporal/connection';
import { payloadKeysFor } from '../temporal/dataConverter';
import { isConsistent, reconcile, type ReconcileReport } from './reconcile';
import { checkReadSide, readSideConsistent, type ReadSideReport } from './readSide';

const USAGE = `Usage: npm run reconcile -- [--json] [--repair] [--petition <id>]... [--settle-ms <ms>] [--read-side]

Compares every petition's projection (row, timeline events, notices outbox) in DATABASE_URL with its
workflow in Temporal (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE). Running workflows are queried, so a worker
must be running. Then checks the read model against the rows and events: statistics counters, board
gauges, list rows, the unit tree and the search index. Exit code 0 when consistent, 1 when not, 2 when
the check could not be completed.

  --json           print the report as JSON
  --repair         rewrite the projection of each mismatched petition from its workflow (idempotent),
                   then rebuild each part of the read model that differs
  --petition <id>  check only this petition (repeatable; the read model is not checked)
  --settle-ms <ms> how long a running case that differs is re-checked before it counts (default 5000)
  --read-side      check (and with --repair rebuild) only the read model: no Temporal needed`;

const cell = (v: unknown): string => (v === null || v === undefined ? '-' : String(v));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export function formatReadSide(r: ReadSideReport): string[] {
  const set = (d: { missing: number; extra: number }) => (d.missing || d.extra ? `${d.missing} missing, ${d.extra} extra` : 'consistent');
  const lines = [
    'Read model:',
    table([
      ['statistics counters', r.counters.differing ? `${r.counters.differing} of ${r.counters.rows} rows differ from the events` : `consistent (${r.counters.rows} rows)`],
      ['events without a day', String(r.undatedEvents)],
      ['board gauges', r.gauges.differing ? `${r.gauges.differing} rows differ` : 'consistent'],
      ['list rows', set(r.listRows)],
      ['unit tree', set(r.unitTree)],
      ['search index', r.searchIndex.unnumbered || r.searchIndex.unindexed ? `${r.searchIndex.unnumbered} unnumbered, ${r.searchIndex.unindexed} not indexed` : 'consistent'],
      ...(r.repaired.length ? [['rebuilt', r.repaired.join(', ')]] : []),
    ]).replace(/^/gm, '  '),
  ];
  const diffs = [...r.counters.differences.map((d) => ['counter', d.key, d.field, String(d.stored), String(d.expected)]),
    ...r.gauges.differences.map((d) => ['gauge', d.key, d.field, String(d.stored), String(d.expected)])];
  if (diffs.length) lines.push('', table([['table', 'key', 'field', 'stored', 'expected'], ...diffs]).replace(/^/gm, '  '));
  const examples = [...r.listRows.examples, ...r.unitTree.examples];
  if (examples.length) lines.push('', ...examples.map((e) => `  ${e}`));
  return lines;
}

export function formatReport(r: ReconcileReport, database: string): string {
  const lines = [
    `Reconciliation of namespace "${r.namespace}" against ${database} at ${r.checkedAt}`,
    table([
      ['petitions checked', String(r.checked)],
      ['consistent', String(r.consistent)],
      ['field mismatches', String(r.mismatches.length)],
      ['missing projection rows', String(r.missingRows.length)],
      ['missing workflows', String(r.missingWorkflows.length)],
      ['past retention (not checked)', String(r.pastRetention.length)],
      ['could not check', String(r.errors.length)],
      ...(r.repaired.length ? [['repaired', String(r.repaired.length)]] : []),
    ]).replace(/^/gm, '  '),
  ];
  if (r.mismatches.length) {
    lines.push('', 'Mismatches:', table([
      ['petition', 'field', 'projection', 'workflow'],
      ...r.mismatches.map((m) => [m.petitionId, m.field, cell(m.projection), cell(m.workflow)]),
    ]).replace(/^/gm, '  '));
  }
  const list = (title: string, ids: string[]) => { if (ids.length) lines.push('', `${title}:`, ...ids.map((id) => `  ${id}`)); };
  list('Workflows without a projection row', r.missingRows);
  list('Open projection rows without a workflow', r.missingWorkflows);
  list('Repaired', r.repaired);
  if (r.errors.length) lines.push('', 'Could not check:', ...r.errors.map((e) => `  ${e.petitionId}: ${e.message}`));
  if (r.readSide) lines.push('', ...formatReadSide(r.readSide));
  lines.push('', isConsistent(r) ? 'CONSISTENT' : r.mismatches.length || r.missingRows.length || r.missingWorkflows.length ? 'INCONSISTENT' : 'INCOMPLETE');
  return lines.join('\n');
}

export function exitCodeOf(r: ReconcileReport): number {
  if (r.mismatches.length || r.missingRows.length || r.missingWorkflows.length) return 1;
  if (r.readSide && !readSideConsistent(r.readSide)) return 1;
  return r.errors.length ? 2 : 0;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      repair: { type: 'boolean', default: false },
      petition: { type: 'string', multiple: true },
      'settle-ms': { type: 'string' },
      'read-side': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const settleMs = values['settle-ms'] === undefined ? undefined : Number(values['settle-ms']);
  if (settleMs !== undefined && !(Number.isInteger(settleMs) && settleMs >= 0)) throw new Error('--settle-ms must be a whole number of milliseconds');

  const config = loadConfig();
  // The histories' payloads are encrypted: the same keys as the worker's, or nothing can be compared.
  // (Only a warning reaches the terminal, e.g. a development key created now; stdout stays the report.)
  const log = createLogger('reconcile');
  payloadKeysFor(config, { ...log, info: () => undefined, debug: () => undefined });
  const db = await createDb(config.DATABASE_URL);
  if (values['read-side']) {
    try {
      const report = await checkReadSide(db, { repair: values.repair });
      console.log(values.json ? JSON.stringify(report, null, 2)
        : [`Read model of ${sqliteFileFromUrl(config.DATABASE_URL)}`, ...formatReadSide(report), '', readSideConsistent(report) ? 'CONSISTENT' : 'INCONSISTENT'].join('\n'));
      return readSideConsistent(report) ? 0 : 1;
    } finally {
      await db.$disconnect();
    }
  }
  try {
    const client = await connectClient(config).catch((err: Error) => {
      throw new Error(`cannot connect to Temporal at ${config.temporalAddress}: ${err.message}`);
    });
    try {
      const report = await reconcile({ client, db, repair: values.repair, petitionIds: values.petition, settleMs });
      console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report, sqliteFileFromUrl(config.DATABASE_URL)));
      return exitCodeOf(report);
    } finally {
      await client.connection.close();
    }
  } finally {
    await db.$disconnect();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`reconcile: ${err.message}`);
      process.exit(2);
    },
  );
}
