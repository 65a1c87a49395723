// The read model beside the Petition row, as the migration 20261128900000_read_side_at_scale builds it
// and its triggers keep it. Each derived table can be recomputed from the rows it derives from; these
// queries are what `npm run reconcile` compares the tables with and what --repair writes back. Their
// PostgreSQL forms are in POSTGRES.md.

/** A list row with no next deadline sorts after every date (board order: nearest deadline first, none last). */
export const NO_DEADLINE = '9999-12-31T23:59:59.999+00:00';

export const SCOPE_COLUMNS = [
  'scope', 'petitionId', 'unitId', 'status', 'class', 'channel', 'officerId', 'overdue', 'escalationLevel', 'openSupervision',
  'provisionalDeadline', 'receivedAt', 'nextDeadline', 'updatedAt', 'closedAt', 'likelyRepeatOfId', 'docId', 'attention', 'board', 'deadlineKey',
] as const;

const onBoard = (p: string) =>
  `((${p}."status" <> 'closed' AND (${p}."overdue" = 1 OR ${p}."escalationLevel" > 0)) OR ifnull(${p}."openSupervision", 0) > 0)`;

/** Every list row the Petition rows and the unit tree call for (what the Petition triggers write). */
export const EXPECTED_SCOPE_SQL = `
  SELECT k."scope", p."id" AS "petitionId", p."unitId", p."status", p."class", p."channel", p."officerId", p."overdue", p."escalationLevel",
    ifnull(p."openSupervision", 0) AS "openSupervision", p."provisionalDeadline", p."receivedAt", p."nextDeadline", p."updatedAt", p."closedAt", p."likelyRepeatOfId", p."docId",
    (p."overdue" = 1 OR p."escalationLevel" > 0) AS "attention",
    CASE WHEN ${onBoard('p')} THEN CASE WHEN p."overdue" = 1 THEN 1 ELSE 2 END ELSE 0 END AS "board",
    ifnull(p."nextDeadline", '${NO_DEADLINE}') AS "deadlineKey"
  FROM "Petition" p JOIN (
    SELECT "id", '*' AS "scope" FROM "Petition"
    UNION ALL SELECT "id", 'u:' || "unitId" FROM "Petition" WHERE "unitId" IS NOT NULL
    UNION ALL SELECT q."id", 't:' || a."ancestorId" FROM "Petition" q JOIN "UnitAncestor" a ON a."unitId" = q."unitId"
    UNION ALL SELECT "id", 'o:' || "officerId" FROM "Petition" WHERE "officerId" IS NOT NULL
    UNION ALL SELECT "id", 'p:' || "petitionerId" FROM "Petition" WHERE "petitionerId" IS NOT NULL
  ) k ON k."id" = p."id"`;

/** The gauges as the Petition rows make them (rows of zeros left out). */
export const EXPECTED_GAUGES_SQL = `
  SELECT * FROM (
    SELECT ifnull(p."unitId", '') AS "unitId", p."class", count(*) AS "cases",
      sum(p."status" <> 'closed' AND p."overdue" = 1) AS "openOverdue",
      sum(${onBoard('p')}) AS "boardTotal",
      sum(${onBoard('p')} AND p."overdue" = 1) AS "boardOverdue",
      sum(${onBoard('p')} AND p."escalationLevel" > 0) AS "boardEscalated",
      sum(ifnull(p."openSupervision", 0) > 0) AS "boardSupervision"
    FROM "Petition" p GROUP BY ifnull(p."unitId", ''), p."class")
  WHERE "cases" <> 0 OR "openOverdue" <> 0 OR "boardTotal" <> 0 OR "boardOverdue" <> 0 OR "boardEscalated" <> 0 OR "boardSupervision" <> 0`;

export const GAUGE_COLUMNS = ['unitId', 'class', 'cases', 'openOverdue', 'boardTotal', 'boardOverdue', 'boardEscalated', 'boardSupervision'] as const;

/** The unit tree's closure from the parent links (each unit with itself at depth 0 and every unit above it). */
export const EXPECTED_UNIT_TREE_SQL = `
  WITH RECURSIVE up("unitId", "ancestorId", "depth") AS (
    SELECT "id", "id", 0 FROM "Unit"
    UNION
    SELECT up."unitId", u."parentId", up."depth" + 1 FROM up JOIN "Unit" u ON u."id" = up."ancestorId"
    WHERE u."parentId" IS NOT NULL AND up."depth" < 64)
  SELECT "unitId", "ancestorId", min("depth") AS "depth" FROM up GROUP BY "unitId", "ancestorId"`;

/** The list table's indexes (INDEXED BY names), by the sort field they deliver. */
export const LIST_INDEXES = {
  base: (sort: string) => `PetitionScope_${sort}_idx`,
  status: (sort: string) => `PetitionScope_status_${sort}_idx`,
  attention: (sort: string) => `PetitionScope_attention_${sort}_idx`,
  boardOverdue: 'PetitionScope_board_overdue_idx',
  boardOther: 'PetitionScope_board_other_idx',
} as const;
