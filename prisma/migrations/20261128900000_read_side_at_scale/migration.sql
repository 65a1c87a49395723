-- Read side at a million cases (issue 13). Hand-written: SQLite objects Prisma's schema language cannot
-- express (triggers, FTS5 tables, partial indexes, WITHOUT ROWID) are created here and described in
-- src/db/readModel.ts, with the PostgreSQL form of each in src/db/POSTGRES.md.
-- It runs after the holiday years, console and submissions migrations: it reads the columns they add
-- (Petition.likelyRepeatOfId, for the likelyRepeat list filter) and drops Petition.snapshot, which the
-- submissions migration still reads for its backfill.
--
-- 1. The ~4 KB case snapshot leaves the hot Petition row for PetitionSnapshot.
-- 2. PetitionScope: one narrow row per case and access key ('*' everything, 'u:<unit>' one unit,
--    't:<unit>' a unit and every unit below it, 'o:<officer>', 'p:<petitioner user>'), copying the columns
--    lists filter and sort on; its indexes lead with the key, so a list's first page and any cursor page
--    are one index seek. UnitAncestor is the unit tree's closure. Triggers keep both in step with every
--    write to Petition and Unit, in the writer's transaction.
-- 3. UnitGauge: per unit and class, what is on the board and overdue now (triggers keep it).
-- 4. StatCounter: per day and per month (organisation's time zone), unit, class and channel, the events
--    statistics count. The projection write adds to it in its own transaction, only for event rows it
--    newly inserts; each event row keeps the unit, day and on-time flag it was counted with.
-- 5. Text search: PetitionText (FTS5 trigram, queries of 3+ characters), PetitionGram (1- and 2-character
--    grams, for shorter queries), PetitionerKey (petitioner name, contact, ID number, normalised).
-- 6. AccessLog: staff searches for a petitioner, for the admin to audit.
-- Every existing row is carried over and backfilled; nothing is deleted.

-- ---------------------------------------------------------------------------------------------------
-- 1. Cold snapshot out of the hot row; new projection columns
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE "PetitionSnapshot" (
    "petitionId" TEXT NOT NULL PRIMARY KEY,
    "snapshot" TEXT NOT NULL,
    CONSTRAINT "PetitionSnapshot_petitionId_fkey" FOREIGN KEY ("petitionId") REFERENCES "Petition" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "PetitionSnapshot" ("petitionId", "snapshot") SELECT "id", "snapshot" FROM "Petition";

ALTER TABLE "Petition" ADD COLUMN "docId" INTEGER;
ALTER TABLE "Petition" ADD COLUMN "provisionalDeadline" BOOLEAN NOT NULL DEFAULT false;

-- Search document numbers in order of receipt: the receipt instant in milliseconds × 1024, plus the
-- case's place among cases received in the same millisecond. The search indexes are keyed by them, so a
-- text search walks its matches newest (or oldest) first, in the list's default order.
UPDATE "Petition" SET "docId" = d."n"
FROM (SELECT "id", CAST(round(unixepoch("receivedAt", 'subsec') * 1000) AS INTEGER) * 1024
        + row_number() OVER (PARTITION BY "receivedAt" ORDER BY "id") - 1 AS "n" FROM "Petition") AS d
WHERE d."id" = "Petition"."id";

-- The next deadline was computed without the year's holiday arrangement (a running, unpaused clock due
-- at nextDeadline has calendarCovered = false).
UPDATE "Petition" SET "provisionalDeadline" = EXISTS (
    SELECT 1 FROM json_each("snapshot", '$.clocks') k
    WHERE json_extract(k.value, '$.stoppedAt') IS NULL
      AND json_extract(k.value, '$.calendarCovered') = 0
      AND replace(json_extract(k.value, '$.dueAt'), 'Z', '+00:00') = "Petition"."nextDeadline"
)
WHERE json_valid("snapshot") AND "nextDeadline" IS NOT NULL;

ALTER TABLE "Petition" DROP COLUMN "snapshot";

-- The old list indexes led every query through unitId and then sorted; PetitionScope replaces them.
DROP INDEX "Petition_status_idx";
DROP INDEX "Petition_unitId_status_idx";
DROP INDEX "Petition_officerId_idx";
DROP INDEX "Petition_overdue_escalationLevel_idx";
DROP INDEX "Petition_receivedAt_idx";
DROP INDEX "Petition_nextDeadline_idx";
DROP INDEX "Petition_updatedAt_idx";
DROP INDEX "Petition_repliedAt_idx";
DROP INDEX "Petition_ratedAt_idx";
CREATE UNIQUE INDEX "Petition_docId_key" ON "Petition"("docId");

-- ---------------------------------------------------------------------------------------------------
-- 2. What each event counted for in statistics
-- ---------------------------------------------------------------------------------------------------

ALTER TABLE "PetitionEvent" ADD COLUMN "unitId" TEXT;
ALTER TABLE "PetitionEvent" ADD COLUMN "onTime" BOOLEAN;
ALTER TABLE "PetitionEvent" ADD COLUMN "day" TEXT;

-- The unit: the one named in the event (escalated: the criticised unit), else the case's unit now.
-- On time: the replied event's own flag (rules v2), else the row's replyOnTime.
UPDATE "PetitionEvent" SET
    "unitId" = coalesce(
        CASE WHEN "PetitionEvent"."type" = 'escalated' AND json_valid("PetitionEvent"."data") THEN json_extract("PetitionEvent"."data", '$.criticisedUnitId') END,
        CASE WHEN json_valid("PetitionEvent"."data") THEN json_extract("PetitionEvent"."data", '$.unitId') END,
        p."unitId"),
    "onTime" = CASE WHEN "PetitionEvent"."type" = 'replied' THEN coalesce(
        CASE WHEN json_valid("PetitionEvent"."data") THEN json_extract("PetitionEvent"."data", '$.onTime') END,
        p."replyOnTime") END
FROM "Petition" p
WHERE p."id" = "PetitionEvent"."petitionId";

-- The day, in the case's time zone. SQL knows fixed offsets only: the zones China uses (no daylight
-- saving) and UTC are converted here; an event of another zone keeps day = NULL, is not counted yet, and
-- `npm run reconcile -- --read-side --repair` dates it with the zone rules and counts it.
CREATE TEMP TABLE "_caseZone" AS
SELECT "petitionId", CASE CASE WHEN json_valid("snapshot") THEN json_extract("snapshot", '$.policy.timeZone') END
    WHEN 'Asia/Shanghai' THEN '+8 hours' WHEN 'Asia/Chongqing' THEN '+8 hours' WHEN 'Asia/Chungking' THEN '+8 hours'
    WHEN 'Asia/Harbin' THEN '+8 hours' WHEN 'PRC' THEN '+8 hours' WHEN 'Asia/Hong_Kong' THEN '+8 hours'
    WHEN 'Asia/Macau' THEN '+8 hours' WHEN 'Asia/Taipei' THEN '+8 hours' WHEN 'Asia/Urumqi' THEN '+6 hours'
    WHEN 'UTC' THEN '+0 hours' WHEN 'Etc/UTC' THEN '+0 hours' WHEN 'GMT' THEN '+0 hours'
    END AS "shift"
FROM "PetitionSnapshot";
UPDATE "PetitionEvent" SET "day" = date("PetitionEvent"."at", z."shift")
FROM "_caseZone" z
WHERE z."petitionId" = "PetitionEvent"."petitionId" AND z."shift" IS NOT NULL;
DROP TABLE "_caseZone";

-- ---------------------------------------------------------------------------------------------------
-- 3. Unit tree closure
-- ---------------------------------------------------------------------------------------------------

-- One row per unit and each unit at or above it (depth 0: itself).
CREATE TABLE "UnitAncestor" (
    "unitId" TEXT NOT NULL,
    "ancestorId" TEXT NOT NULL,
    "depth" INTEGER NOT NULL,
    PRIMARY KEY ("unitId", "ancestorId")
) WITHOUT ROWID;
CREATE INDEX "UnitAncestor_ancestorId_idx" ON "UnitAncestor"("ancestorId");

INSERT INTO "UnitAncestor" ("unitId", "ancestorId", "depth")
WITH RECURSIVE up("unitId", "ancestorId", "depth") AS (
    SELECT "id", "id", 0 FROM "Unit"
    UNION
    SELECT up."unitId", u."parentId", up."depth" + 1
    FROM up JOIN "Unit" u ON u."id" = up."ancestorId"
    WHERE u."parentId" IS NOT NULL AND up."depth" < 64
)
SELECT "unitId", "ancestorId", min("depth") FROM up GROUP BY "unitId", "ancestorId";

-- ---------------------------------------------------------------------------------------------------
-- 4. PetitionScope: the list table
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE "PetitionScope" (
    "scope" TEXT NOT NULL,
    "petitionId" TEXT NOT NULL,
    "unitId" TEXT,
    "status" TEXT NOT NULL,
    "class" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "officerId" TEXT,
    "overdue" BOOLEAN NOT NULL,
    "escalationLevel" INTEGER NOT NULL,
    "openSupervision" INTEGER NOT NULL,
    "provisionalDeadline" BOOLEAN NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "nextDeadline" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    -- the case is flagged as a likely repeat of this one (the likelyRepeat filter)
    "likelyRepeatOfId" TEXT,
    "docId" INTEGER,
    -- overdue or escalated: the few cases the overdue and escalation filters read
    "attention" BOOLEAN NOT NULL,
    -- on the supervision board: 1 overdue, 2 escalated or under supervision and not overdue, 0 not on it
    "board" INTEGER NOT NULL,
    -- nextDeadline, no deadline sorting last
    "deadlineKey" TEXT NOT NULL,
    PRIMARY KEY ("petitionId", "scope")
) WITHOUT ROWID;

INSERT INTO "PetitionScope" (
    "scope", "petitionId", "unitId", "status", "class", "channel", "officerId", "overdue", "escalationLevel", "openSupervision",
    "provisionalDeadline", "receivedAt", "nextDeadline", "updatedAt", "closedAt", "likelyRepeatOfId", "docId", "attention", "board", "deadlineKey")
SELECT k."scope", p."id", p."unitId", p."status", p."class", p."channel", p."officerId", p."overdue", p."escalationLevel",
    ifnull(p."openSupervision", 0), p."provisionalDeadline", p."receivedAt", p."nextDeadline", p."updatedAt", p."closedAt", p."likelyRepeatOfId", p."docId",
    (p."overdue" = 1 OR p."escalationLevel" > 0),
    CASE WHEN (p."status" <> 'closed' AND (p."overdue" = 1 OR p."escalationLevel" > 0)) OR ifnull(p."openSupervision", 0) > 0
         THEN CASE WHEN p."overdue" = 1 THEN 1 ELSE 2 END ELSE 0 END,
    ifnull(p."nextDeadline", '9999-12-31T23:59:59.999+00:00')
FROM "Petition" p JOIN (
    SELECT "id", '*' AS "scope" FROM "Petition"
    UNION ALL SELECT "id", 'u:' || "unitId" FROM "Petition" WHERE "unitId" IS NOT NULL
    UNION ALL SELECT q."id", 't:' || a."ancestorId" FROM "Petition" q JOIN "UnitAncestor" a ON a."unitId" = q."unitId"
    UNION ALL SELECT "id", 'o:' || "officerId" FROM "Petition" WHERE "officerId" IS NOT NULL
    UNION ALL SELECT "id", 'p:' || "petitionerId" FROM "Petition" WHERE "petitionerId" IS NOT NULL
) k ON k."id" = p."id";

-- Each sort field alone and after status; then the same sorts over the attention rows only; then the
-- board's two groups in board order (overdue: longest overdue first; the rest: highest level first).
CREATE INDEX "PetitionScope_receivedAt_idx" ON "PetitionScope"("scope", "receivedAt", "petitionId");
CREATE INDEX "PetitionScope_nextDeadline_idx" ON "PetitionScope"("scope", "nextDeadline", "petitionId");
CREATE INDEX "PetitionScope_updatedAt_idx" ON "PetitionScope"("scope", "updatedAt", "petitionId");
CREATE INDEX "PetitionScope_escalationLevel_idx" ON "PetitionScope"("scope", "escalationLevel", "petitionId");
CREATE INDEX "PetitionScope_status_receivedAt_idx" ON "PetitionScope"("scope", "status", "receivedAt", "petitionId");
CREATE INDEX "PetitionScope_status_nextDeadline_idx" ON "PetitionScope"("scope", "status", "nextDeadline", "petitionId");
CREATE INDEX "PetitionScope_status_updatedAt_idx" ON "PetitionScope"("scope", "status", "updatedAt", "petitionId");
CREATE INDEX "PetitionScope_status_escalationLevel_idx" ON "PetitionScope"("scope", "status", "escalationLevel", "petitionId");
CREATE INDEX "PetitionScope_attention_receivedAt_idx" ON "PetitionScope"("scope", "receivedAt", "petitionId") WHERE "attention" = 1;
CREATE INDEX "PetitionScope_attention_nextDeadline_idx" ON "PetitionScope"("scope", "nextDeadline", "petitionId") WHERE "attention" = 1;
CREATE INDEX "PetitionScope_attention_updatedAt_idx" ON "PetitionScope"("scope", "updatedAt", "petitionId") WHERE "attention" = 1;
CREATE INDEX "PetitionScope_attention_escalationLevel_idx" ON "PetitionScope"("scope", "escalationLevel", "petitionId") WHERE "attention" = 1;
CREATE INDEX "PetitionScope_board_overdue_idx" ON "PetitionScope"("scope", "deadlineKey", "escalationLevel" DESC, "petitionId") WHERE "board" = 1;
CREATE INDEX "PetitionScope_board_other_idx" ON "PetitionScope"("scope", "escalationLevel" DESC, "deadlineKey", "petitionId") WHERE "board" = 2;

-- ---------------------------------------------------------------------------------------------------
-- 5. Gauges: the cases, the board's counts and the open overdue cases, per unit ('' for none) and class
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE "UnitGauge" (
    "unitId" TEXT NOT NULL,
    "class" TEXT NOT NULL,
    "cases" INTEGER NOT NULL DEFAULT 0,
    "openOverdue" INTEGER NOT NULL DEFAULT 0,
    "boardTotal" INTEGER NOT NULL DEFAULT 0,
    "boardOverdue" INTEGER NOT NULL DEFAULT 0,
    "boardEscalated" INTEGER NOT NULL DEFAULT 0,
    "boardSupervision" INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY ("unitId", "class")
) WITHOUT ROWID;

INSERT INTO "UnitGauge" ("unitId", "class", "cases", "openOverdue", "boardTotal", "boardOverdue", "boardEscalated", "boardSupervision")
SELECT ifnull("unitId", ''), "class", count(*),
    sum("status" <> 'closed' AND "overdue" = 1),
    sum("onBoard"), sum("onBoard" AND "overdue" = 1), sum("onBoard" AND "escalationLevel" > 0), sum(ifnull("openSupervision", 0) > 0)
FROM (SELECT *, ((("status" <> 'closed' AND ("overdue" = 1 OR "escalationLevel" > 0)) OR ifnull("openSupervision", 0) > 0)) AS "onBoard" FROM "Petition")
GROUP BY ifnull("unitId", ''), "class";

-- ---------------------------------------------------------------------------------------------------
-- 6. Statistics counters
-- ---------------------------------------------------------------------------------------------------

-- grain 'day' (bucket YYYY-MM-DD) and 'month' (bucket YYYY-MM); unitId '' for none.
CREATE TABLE "StatCounter" (
    "grain" TEXT NOT NULL,
    "bucket" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "class" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "received" INTEGER NOT NULL DEFAULT 0,
    "replied" INTEGER NOT NULL DEFAULT 0,
    "repliedOnTime" INTEGER NOT NULL DEFAULT 0,
    "ratedSatisfied" INTEGER NOT NULL DEFAULT 0,
    "ratedBasicallySatisfied" INTEGER NOT NULL DEFAULT 0,
    "ratedDissatisfied" INTEGER NOT NULL DEFAULT 0,
    "deadlinesMissed" INTEGER NOT NULL DEFAULT 0,
    "escalations" INTEGER NOT NULL DEFAULT 0,
    "criticised" INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY ("grain", "bucket", "unitId", "class", "channel")
) WITHOUT ROWID;
-- Per unit and period, covering (every measure in the index): a supervisor's year reads index entries only.
CREATE INDEX "StatCounter_unitId_idx" ON "StatCounter"("grain", "unitId", "bucket", "class", "channel", "received", "replied", "repliedOnTime",
    "ratedSatisfied", "ratedBasicallySatisfied", "ratedDissatisfied", "deadlinesMissed", "escalations", "criticised");

-- The same rollup src/db/counters.ts rebuilds with (reconcile --repair).
INSERT INTO "StatCounter" ("grain", "bucket", "unitId", "class", "channel", "received", "replied", "repliedOnTime",
    "ratedSatisfied", "ratedBasicallySatisfied", "ratedDissatisfied", "deadlinesMissed", "escalations", "criticised")
SELECT 'day', e."day", ifnull(e."unitId", ''), p."class", p."channel",
    sum(e."type" = 'registered'),
    sum(e."type" = 'replied'),
    sum(e."type" = 'replied' AND e."onTime" = 1),
    sum(e."type" IN ('evaluated', 'return_visit_recorded') AND json_extract(e."data", '$.rating') = 'satisfied'),
    sum(e."type" IN ('evaluated', 'return_visit_recorded') AND json_extract(e."data", '$.rating') = 'basically_satisfied'),
    sum(e."type" IN ('evaluated', 'return_visit_recorded') AND json_extract(e."data", '$.rating') = 'dissatisfied'),
    sum(e."type" = 'deadline_breached'),
    sum(e."type" = 'escalated'),
    sum(e."type" = 'escalated' AND json_extract(e."data", '$.criticisedUnitId') IS NOT NULL)
FROM "PetitionEvent" e JOIN "Petition" p ON p."id" = e."petitionId"
WHERE e."type" IN ('registered', 'replied', 'evaluated', 'return_visit_recorded', 'deadline_breached', 'escalated')
  AND e."day" IS NOT NULL AND json_valid(e."data")
GROUP BY e."day", ifnull(e."unitId", ''), p."class", p."channel";

INSERT INTO "StatCounter" ("grain", "bucket", "unitId", "class", "channel", "received", "replied", "repliedOnTime",
    "ratedSatisfied", "ratedBasicallySatisfied", "ratedDissatisfied", "deadlinesMissed", "escalations", "criticised")
SELECT 'month', substr("bucket", 1, 7), "unitId", "class", "channel", sum("received"), sum("replied"), sum("repliedOnTime"),
    sum("ratedSatisfied"), sum("ratedBasicallySatisfied"), sum("ratedDissatisfied"), sum("deadlinesMissed"), sum("escalations"), sum("criticised")
FROM "StatCounter" WHERE "grain" = 'day'
GROUP BY substr("bucket", 1, 7), "unitId", "class", "channel";

-- ---------------------------------------------------------------------------------------------------
-- 7. Text search
-- ---------------------------------------------------------------------------------------------------

-- Title and content, substring search of 3 or more characters (trigram; rowid = Petition.docId).
CREATE VIRTUAL TABLE "PetitionText" USING fts5("title", "content", content='', contentless_delete=1, tokenize='trigram case_sensitive 0');
INSERT INTO "PetitionText" ("rowid", "title", "content") SELECT "docId", "title", "content" FROM "Petition" WHERE "docId" IS NOT NULL;

-- Every distinct character and pair of adjacent characters of the title and of the content, as hex
-- tokens ('x5de5', 'x5de5x8d44'; ASCII letters lowercased), for 1- and 2-character queries. Written by
-- src/db/search.ts (gramsOf); this backfill computes the same tokens in SQL.
CREATE VIRTUAL TABLE "PetitionGram" USING fts5("grams", content='', contentless_delete=1, tokenize='ascii', detail=none);
-- One case at a time: each field walked character by character (a token repeated in a case is indexed once).
INSERT INTO "PetitionGram" ("rowid", "grams")
SELECT p."docId",
    coalesce((WITH RECURSIVE "walk"("prev", "rest") AS (
            SELECT NULL, lower(p."title") UNION ALL SELECT unicode("rest"), substr("rest", 2) FROM "walk" WHERE "rest" <> '')
        SELECT group_concat(printf('x%x', unicode("rest")) || CASE WHEN "prev" IS NULL THEN '' ELSE printf(' x%xx%x', "prev", unicode("rest")) END, ' ')
        FROM "walk" WHERE "rest" <> ''), '')
    || ' ' ||
    coalesce((WITH RECURSIVE "walk"("prev", "rest") AS (
            SELECT NULL, lower(p."content") UNION ALL SELECT unicode("rest"), substr("rest", 2) FROM "walk" WHERE "rest" <> '')
        SELECT group_concat(printf('x%x', unicode("rest")) || CASE WHEN "prev" IS NULL THEN '' ELSE printf(' x%xx%x', "prev", unicode("rest")) END, ' ')
        FROM "walk" WHERE "rest" <> ''), '')
FROM "Petition" p WHERE p."docId" IS NOT NULL;

-- Petitioner name ('n:'), contact ('c:') and ID number ('i:'), whitespace removed, full-width digits and
-- X folded, ASCII lowercased (src/db/search.ts, petitionerKey). Anonymous cases have none.
CREATE TABLE "PetitionerKey" (
    "key" TEXT NOT NULL,
    "petitionId" TEXT NOT NULL,
    PRIMARY KEY ("key", "petitionId")
) WITHOUT ROWID;
CREATE INDEX "PetitionerKey_petitionId_idx" ON "PetitionerKey"("petitionId");

INSERT OR IGNORE INTO "PetitionerKey" ("key", "petitionId")
SELECT "kind" || lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        "value", ' ', ''), char(9), ''), char(10), ''), char(13), ''), char(12288), ''),
        '０', '0'), '１', '1'), '２', '2'), '３', '3'), '４', '4'), '５', '5'), '６', '6'), '７', '7'), '８', '8'), '９', '9'), 'Ｘ', 'x'), 'ｘ', 'x')),
    "petitionId"
FROM (
    SELECT 'n:' AS "kind", p."petitionerName" AS "value", p."id" AS "petitionId", s."snapshot" FROM "Petition" p JOIN "PetitionSnapshot" s ON s."petitionId" = p."id"
    UNION ALL SELECT 'c:', p."petitionerContact", p."id", s."snapshot" FROM "Petition" p JOIN "PetitionSnapshot" s ON s."petitionId" = p."id"
    UNION ALL SELECT 'i:', CASE WHEN json_valid(s."snapshot") THEN json_extract(s."snapshot", '$.petitioner.idNumber') END, p."id", s."snapshot"
        FROM "Petition" p JOIN "PetitionSnapshot" s ON s."petitionId" = p."id"
)
WHERE "value" IS NOT NULL AND trim("value") <> ''
  AND NOT (json_valid("snapshot") AND coalesce(json_extract("snapshot", '$.anonymous'), 0) = 1);
DELETE FROM "PetitionerKey" WHERE "key" IN ('n:', 'c:', 'i:');

-- ---------------------------------------------------------------------------------------------------
-- 8. Access log
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE "AccessLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "unitId" TEXT,
    "action" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "resultCount" INTEGER NOT NULL,
    "petitionIds" TEXT NOT NULL
);
CREATE INDEX "AccessLog_userId_id_idx" ON "AccessLog"("userId", "id");

-- ---------------------------------------------------------------------------------------------------
-- 9. Triggers: PetitionScope, UnitAncestor and UnitGauge follow every write, in the writer's transaction
-- ---------------------------------------------------------------------------------------------------

CREATE TRIGGER "Petition_scope_insert" AFTER INSERT ON "Petition" BEGIN
    INSERT INTO "PetitionScope" (
        "scope", "petitionId", "unitId", "status", "class", "channel", "officerId", "overdue", "escalationLevel", "openSupervision",
        "provisionalDeadline", "receivedAt", "nextDeadline", "updatedAt", "closedAt", "likelyRepeatOfId", "docId", "attention", "board", "deadlineKey")
    SELECT k."scope", NEW."id", NEW."unitId", NEW."status", NEW."class", NEW."channel", NEW."officerId", NEW."overdue", NEW."escalationLevel",
        ifnull(NEW."openSupervision", 0), NEW."provisionalDeadline", NEW."receivedAt", NEW."nextDeadline", NEW."updatedAt", NEW."closedAt", NEW."likelyRepeatOfId", NEW."docId",
        (NEW."overdue" = 1 OR NEW."escalationLevel" > 0),
        CASE WHEN (NEW."status" <> 'closed' AND (NEW."overdue" = 1 OR NEW."escalationLevel" > 0)) OR ifnull(NEW."openSupervision", 0) > 0
             THEN CASE WHEN NEW."overdue" = 1 THEN 1 ELSE 2 END ELSE 0 END,
        ifnull(NEW."nextDeadline", '9999-12-31T23:59:59.999+00:00')
    FROM (
        SELECT '*' AS "scope"
        UNION ALL SELECT 'u:' || NEW."unitId" WHERE NEW."unitId" IS NOT NULL
        UNION ALL SELECT 't:' || a."ancestorId" FROM "UnitAncestor" a WHERE a."unitId" = NEW."unitId"
        UNION ALL SELECT 'o:' || NEW."officerId" WHERE NEW."officerId" IS NOT NULL
        UNION ALL SELECT 'p:' || NEW."petitionerId" WHERE NEW."petitionerId" IS NOT NULL
    ) k;
END;

-- A new unit, an officer or a petitioner account: the case's access keys are written again.
CREATE TRIGGER "Petition_scope_keys" AFTER UPDATE OF "unitId", "officerId", "petitionerId" ON "Petition"
WHEN NEW."unitId" IS NOT OLD."unitId" OR NEW."officerId" IS NOT OLD."officerId" OR NEW."petitionerId" IS NOT OLD."petitionerId"
BEGIN
    DELETE FROM "PetitionScope" WHERE "petitionId" = OLD."id";
    INSERT INTO "PetitionScope" (
        "scope", "petitionId", "unitId", "status", "class", "channel", "officerId", "overdue", "escalationLevel", "openSupervision",
        "provisionalDeadline", "receivedAt", "nextDeadline", "updatedAt", "closedAt", "likelyRepeatOfId", "docId", "attention", "board", "deadlineKey")
    SELECT k."scope", NEW."id", NEW."unitId", NEW."status", NEW."class", NEW."channel", NEW."officerId", NEW."overdue", NEW."escalationLevel",
        ifnull(NEW."openSupervision", 0), NEW."provisionalDeadline", NEW."receivedAt", NEW."nextDeadline", NEW."updatedAt", NEW."closedAt", NEW."likelyRepeatOfId", NEW."docId",
        (NEW."overdue" = 1 OR NEW."escalationLevel" > 0),
        CASE WHEN (NEW."status" <> 'closed' AND (NEW."overdue" = 1 OR NEW."escalationLevel" > 0)) OR ifnull(NEW."openSupervision", 0) > 0
             THEN CASE WHEN NEW."overdue" = 1 THEN 1 ELSE 2 END ELSE 0 END,
        ifnull(NEW."nextDeadline", '9999-12-31T23:59:59.999+00:00')
    FROM (
        SELECT '*' AS "scope"
        UNION ALL SELECT 'u:' || NEW."unitId" WHERE NEW."unitId" IS NOT NULL
        UNION ALL SELECT 't:' || a."ancestorId" FROM "UnitAncestor" a WHERE a."unitId" = NEW."unitId"
        UNION ALL SELECT 'o:' || NEW."officerId" WHERE NEW."officerId" IS NOT NULL
        UNION ALL SELECT 'p:' || NEW."petitionerId" WHERE NEW."petitionerId" IS NOT NULL
    ) k;
END;

-- Column by column, and only when the value changed: an UPDATE rewrites the index entries of every
-- column it sets, so a write that changes only updatedAt touches only the updatedAt indexes.
CREATE TRIGGER "Petition_scope_state" AFTER UPDATE OF "status", "overdue", "escalationLevel", "openSupervision" ON "Petition"
WHEN NEW."status" IS NOT OLD."status" OR NEW."overdue" IS NOT OLD."overdue" OR NEW."escalationLevel" IS NOT OLD."escalationLevel"
  OR NEW."openSupervision" IS NOT OLD."openSupervision"
BEGIN
    UPDATE "PetitionScope" SET
        "status" = NEW."status", "overdue" = NEW."overdue", "escalationLevel" = NEW."escalationLevel",
        "openSupervision" = ifnull(NEW."openSupervision", 0),
        "attention" = (NEW."overdue" = 1 OR NEW."escalationLevel" > 0),
        "board" = CASE WHEN (NEW."status" <> 'closed' AND (NEW."overdue" = 1 OR NEW."escalationLevel" > 0)) OR ifnull(NEW."openSupervision", 0) > 0
                       THEN CASE WHEN NEW."overdue" = 1 THEN 1 ELSE 2 END ELSE 0 END
    WHERE "petitionId" = NEW."id";
END;

CREATE TRIGGER "Petition_scope_deadline" AFTER UPDATE OF "nextDeadline" ON "Petition"
WHEN NEW."nextDeadline" IS NOT OLD."nextDeadline"
BEGIN
    UPDATE "PetitionScope" SET "nextDeadline" = NEW."nextDeadline", "deadlineKey" = ifnull(NEW."nextDeadline", '9999-12-31T23:59:59.999+00:00')
    WHERE "petitionId" = NEW."id";
END;

CREATE TRIGGER "Petition_scope_updatedAt" AFTER UPDATE OF "updatedAt" ON "Petition"
WHEN NEW."updatedAt" IS NOT OLD."updatedAt"
BEGIN
    UPDATE "PetitionScope" SET "updatedAt" = NEW."updatedAt" WHERE "petitionId" = NEW."id";
END;

CREATE TRIGGER "Petition_scope_other" AFTER UPDATE OF "closedAt", "provisionalDeadline", "likelyRepeatOfId", "docId", "receivedAt", "class", "channel" ON "Petition"
WHEN NEW."closedAt" IS NOT OLD."closedAt" OR NEW."provisionalDeadline" IS NOT OLD."provisionalDeadline" OR NEW."likelyRepeatOfId" IS NOT OLD."likelyRepeatOfId"
  OR NEW."docId" IS NOT OLD."docId" OR NEW."receivedAt" IS NOT OLD."receivedAt" OR NEW."class" IS NOT OLD."class" OR NEW."channel" IS NOT OLD."channel"
BEGIN
    UPDATE "PetitionScope" SET "closedAt" = NEW."closedAt", "provisionalDeadline" = NEW."provisionalDeadline", "likelyRepeatOfId" = NEW."likelyRepeatOfId",
        "docId" = NEW."docId", "receivedAt" = NEW."receivedAt", "class" = NEW."class", "channel" = NEW."channel"
    WHERE "petitionId" = NEW."id";
END;

CREATE TRIGGER "Petition_scope_delete" AFTER DELETE ON "Petition" BEGIN
    DELETE FROM "PetitionScope" WHERE "petitionId" = OLD."id";
    DELETE FROM "PetitionerKey" WHERE "petitionId" = OLD."id";
    DELETE FROM "PetitionText" WHERE "rowid" = OLD."docId";
    DELETE FROM "PetitionGram" WHERE "rowid" = OLD."docId";
END;

-- Gauges: the row's old contribution out, its new one in.
CREATE TRIGGER "Petition_gauge_insert" AFTER INSERT ON "Petition" BEGIN
    INSERT INTO "UnitGauge" ("unitId", "class", "cases", "openOverdue", "boardTotal", "boardOverdue", "boardEscalated", "boardSupervision")
    VALUES (ifnull(NEW."unitId", ''), NEW."class", 1,
        (NEW."status" <> 'closed' AND NEW."overdue" = 1),
        ((NEW."status" <> 'closed' AND (NEW."overdue" = 1 OR NEW."escalationLevel" > 0)) OR ifnull(NEW."openSupervision", 0) > 0),
        (((NEW."status" <> 'closed' AND (NEW."overdue" = 1 OR NEW."escalationLevel" > 0)) OR ifnull(NEW."openSupervision", 0) > 0) AND NEW."overdue" = 1),
        (((NEW."status" <> 'closed' AND (NEW."overdue" = 1 OR NEW."escalationLevel" > 0)) OR ifnull(NEW."openSupervision", 0) > 0) AND NEW."escalationLevel" > 0),
        (ifnull(NEW."openSupervision", 0) > 0))
    ON CONFLICT ("unitId", "class") DO UPDATE SET "cases" = "cases" + excluded."cases",
        "openOverdue" = "openOverdue" + excluded."openOverdue", "boardTotal" = "boardTotal" + excluded."boardTotal",
        "boardOverdue" = "boardOverdue" + excluded."boardOverdue", "boardEscalated" = "boardEscalated" + excluded."boardEscalated",
        "boardSupervision" = "boardSupervision" + excluded."boardSupervision";
END;

CREATE TRIGGER "Petition_gauge_update" AFTER UPDATE OF "unitId", "class", "status", "overdue", "escalationLevel", "openSupervision" ON "Petition"
WHEN NEW."unitId" IS NOT OLD."unitId" OR NEW."class" IS NOT OLD."class" OR NEW."status" IS NOT OLD."status" OR NEW."overdue" IS NOT OLD."overdue"
  OR NEW."escalationLevel" IS NOT OLD."escalationLevel" OR NEW."openSupervision" IS NOT OLD."openSupervision"
BEGIN
    INSERT INTO "UnitGauge" ("unitId", "class", "cases", "openOverdue", "boardTotal", "boardOverdue", "boardEscalated", "boardSupervision")
    VALUES (ifnull(OLD."unitId", ''), OLD."class", -1,
        -(OLD."status" <> 'closed' AND OLD."overdue" = 1),
        -((OLD."status" <> 'closed' AND (OLD."overdue" = 1 OR OLD."escalationLevel" > 0)) OR ifnull(OLD."openSupervision", 0) > 0),
        -(((OLD."status" <> 'closed' AND (OLD."overdue" = 1 OR OLD."escalationLevel" > 0)) OR ifnull(OLD."openSupervision", 0) > 0) AND OLD."overdue" = 1),
        -(((OLD."status" <> 'closed' AND (OLD."overdue" = 1 OR OLD."escalationLevel" > 0)) OR ifnull(OLD."openSupervision", 0) > 0) AND OLD."escalationLevel" > 0),
        -(ifnull(OLD."openSupervision", 0) > 0))
    ON CONFLICT ("unitId", "class") DO UPDATE SET "cases" = "cases" + excluded."cases",
        "openOverdue" = "openOverdue" + excluded."openOverdue", "boardTotal" = "boardTotal" + excluded."boardTotal",
        "boardOverdue" = "boardOverdue" + excluded."boardOverdue", "boardEscalated" = "boardEscalated" + excluded."boardEscalated",
        "boardSupervision" = "boardSupervision" + excluded."boardSupervision";
    INSERT INTO "UnitGauge" ("unitId", "class", "cases", "openOverdue", "boardTotal", "boardOverdue", "boardEscalated", "boardSupervision")
    VALUES (ifnull(NEW."unitId", ''), NEW."class", 1,
        (NEW."status" <> 'closed' AND NEW."overdue" = 1),
        ((NEW."status" <> 'closed' AND (NEW."overdue" = 1 OR NEW."escalationLevel" > 0)) OR ifnull(NEW."openSupervision", 0) > 0),
        (((NEW."status" <> 'closed' AND (NEW."overdue" = 1 OR NEW."escalationLevel" > 0)) OR ifnull(NEW."openSupervision", 0) > 0) AND NEW."overdue" = 1),
        (((NEW."status" <> 'closed' AND (NEW."overdue" = 1 OR NEW."escalationLevel" > 0)) OR ifnull(NEW."openSupervision", 0) > 0) AND NEW."escalationLevel" > 0),
        (ifnull(NEW."openSupervision", 0) > 0))
    ON CONFLICT ("unitId", "class") DO UPDATE SET "cases" = "cases" + excluded."cases",
        "openOverdue" = "openOverdue" + excluded."openOverdue", "boardTotal" = "boardTotal" + excluded."boardTotal",
        "boardOverdue" = "boardOverdue" + excluded."boardOverdue", "boardEscalated" = "boardEscalated" + excluded."boardEscalated",
        "boardSupervision" = "boardSupervision" + excluded."boardSupervision";
END;

CREATE TRIGGER "Petition_gauge_delete" AFTER DELETE ON "Petition" BEGIN
    INSERT INTO "UnitGauge" ("unitId", "class", "cases", "openOverdue", "boardTotal", "boardOverdue", "boardEscalated", "boardSupervision")
    VALUES (ifnull(OLD."unitId", ''), OLD."class", -1,
        -(OLD."status" <> 'closed' AND OLD."overdue" = 1),
        -((OLD."status" <> 'closed' AND (OLD."overdue" = 1 OR OLD."escalationLevel" > 0)) OR ifnull(OLD."openSupervision", 0) > 0),
        -(((OLD."status" <> 'closed' AND (OLD."overdue" = 1 OR OLD."escalationLevel" > 0)) OR ifnull(OLD."openSupervision", 0) > 0) AND OLD."overdue" = 1),
        -(((OLD."status" <> 'closed' AND (OLD."overdue" = 1 OR OLD."escalationLevel" > 0)) OR ifnull(OLD."openSupervision", 0) > 0) AND OLD."escalationLevel" > 0),
        -(ifnull(OLD."openSupervision", 0) > 0))
    ON CONFLICT ("unitId", "class") DO UPDATE SET "cases" = "cases" + excluded."cases",
        "openOverdue" = "openOverdue" + excluded."openOverdue", "boardTotal" = "boardTotal" + excluded."boardTotal",
        "boardOverdue" = "boardOverdue" + excluded."boardOverdue", "boardEscalated" = "boardEscalated" + excluded."boardEscalated",
        "boardSupervision" = "boardSupervision" + excluded."boardSupervision";
END;

-- The unit tree: a new unit hangs under its parent's ancestors, and cases already filed under its id get
-- its tree rows; a moved unit takes its whole subtree, and every case in it, to the new ancestors.
CREATE TRIGGER "Unit_tree_insert" AFTER INSERT ON "Unit" BEGIN
    INSERT INTO "UnitAncestor" ("unitId", "ancestorId", "depth") VALUES (NEW."id", NEW."id", 0);
    INSERT INTO "UnitAncestor" ("unitId", "ancestorId", "depth")
    SELECT NEW."id", a."ancestorId", a."depth" + 1 FROM "UnitAncestor" a WHERE a."unitId" = NEW."parentId";
    INSERT OR IGNORE INTO "PetitionScope" (
        "scope", "petitionId", "unitId", "status", "class", "channel", "officerId", "overdue", "escalationLevel", "openSupervision",
        "provisionalDeadline", "receivedAt", "nextDeadline", "updatedAt", "closedAt", "likelyRepeatOfId", "docId", "attention", "board", "deadlineKey")
    SELECT 't:' || a."ancestorId", s."petitionId", s."unitId", s."status", s."class", s."channel", s."officerId", s."overdue", s."escalationLevel",
        s."openSupervision", s."provisionalDeadline", s."receivedAt", s."nextDeadline", s."updatedAt", s."closedAt", s."likelyRepeatOfId", s."docId", s."attention", s."board", s."deadlineKey"
    FROM "PetitionScope" s JOIN "UnitAncestor" a ON a."unitId" = NEW."id"
    WHERE s."scope" = 'u:' || NEW."id";
END;

CREATE TRIGGER "Unit_tree_move" AFTER UPDATE OF "parentId" ON "Unit"
WHEN NEW."parentId" IS NOT OLD."parentId"
BEGIN
    -- Cases in the subtree leave the tree rows of the unit's old ancestors.
    DELETE FROM "PetitionScope"
    WHERE "scope" IN (SELECT 't:' || a."ancestorId" FROM "UnitAncestor" a WHERE a."unitId" = NEW."id" AND a."depth" > 0)
      AND "petitionId" IN (SELECT s."petitionId" FROM "PetitionScope" s WHERE s."scope" = 't:' || NEW."id");
    -- The subtree's units lose those ancestors...
    DELETE FROM "UnitAncestor"
    WHERE "unitId" IN (SELECT d."unitId" FROM "UnitAncestor" d WHERE d."ancestorId" = NEW."id")
      AND "ancestorId" IN (SELECT a."ancestorId" FROM "UnitAncestor" a WHERE a."unitId" = NEW."id" AND a."depth" > 0);
    -- ...and gain the new parent and its ancestors.
    INSERT INTO "UnitAncestor" ("unitId", "ancestorId", "depth")
    SELECT d."unitId", a."ancestorId", d."depth" + a."depth" + 1
    FROM "UnitAncestor" d JOIN "UnitAncestor" a ON a."unitId" = NEW."parentId"
    WHERE d."ancestorId" = NEW."id";
    -- Cases in the subtree get the tree rows of the new ancestors (copied from their row for this unit).
    INSERT OR IGNORE INTO "PetitionScope" (
        "scope", "petitionId", "unitId", "status", "class", "channel", "officerId", "overdue", "escalationLevel", "openSupervision",
        "provisionalDeadline", "receivedAt", "nextDeadline", "updatedAt", "closedAt", "likelyRepeatOfId", "docId", "attention", "board", "deadlineKey")
    SELECT 't:' || a."ancestorId", s."petitionId", s."unitId", s."status", s."class", s."channel", s."officerId", s."overdue", s."escalationLevel",
        s."openSupervision", s."provisionalDeadline", s."receivedAt", s."nextDeadline", s."updatedAt", s."closedAt", s."likelyRepeatOfId", s."docId", s."attention", s."board", s."deadlineKey"
    FROM "PetitionScope" s JOIN "UnitAncestor" a ON a."unitId" = NEW."id" AND a."depth" > 0
    WHERE s."scope" = 't:' || NEW."id";
END;
