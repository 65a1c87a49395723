-- AlterTable
ALTER TABLE "Petition" ADD COLUMN "openSupervision" INTEGER;
ALTER TABLE "Petition" ADD COLUMN "ratedAt" DATETIME;
ALTER TABLE "Petition" ADD COLUMN "repliedAt" DATETIME;
ALTER TABLE "Petition" ADD COLUMN "replyOnTime" BOOLEAN;

-- CreateIndex
CREATE INDEX "Petition_nextDeadline_idx" ON "Petition"("nextDeadline");

-- CreateIndex
CREATE INDEX "Petition_updatedAt_idx" ON "Petition"("updatedAt");

-- CreateIndex
CREATE INDEX "Petition_repliedAt_idx" ON "Petition"("repliedAt");

-- CreateIndex
CREATE INDEX "Petition_ratedAt_idx" ON "Petition"("ratedAt");


-- Backfill (hand-written): rows projected before this migration get the new columns from their snapshot
-- (the case as JSON), so lists, the board and statistics count them at once. Dates are written the way
-- the driver adapter writes them (ISO 8601 with +00:00), so comparisons stay textual.
UPDATE "Petition" SET
    "repliedAt" = replace(json_extract("snapshot", '$.reply.issuedAt'), 'Z', '+00:00'),
    "replyOnTime" = CASE WHEN json_extract("snapshot", '$.reply') IS NULL THEN NULL ELSE (
        SELECT json_extract(c.value, '$.outcome') = 'met' FROM json_each("snapshot", '$.clocks') c
        WHERE json_extract(c.value, '$.kind') = 'handling' ORDER BY c.key DESC LIMIT 1
    ) END,
    "ratedAt" = replace(json_extract("snapshot", '$.evaluations[#-1].at'), 'Z', '+00:00'),
    "openSupervision" = (
        SELECT count(*) FROM json_each("snapshot", '$.supervision') n WHERE json_extract(n.value, '$.answeredAt') IS NULL
    )
WHERE json_valid("snapshot");
