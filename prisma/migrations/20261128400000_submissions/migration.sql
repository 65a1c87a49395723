-- Repeats (重复信访) keep their receipt: a submission recorded on an existing case, by id and query code.
-- CreateTable
CREATE TABLE "Submission" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "queryCode" TEXT NOT NULL,
    "petitionId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Submission_queryCode_key" ON "Submission"("queryCode");

-- CreateIndex
CREATE INDEX "Submission_petitionId_idx" ON "Submission"("petitionId");

-- A case flagged as a likely repeat of an open one (the submitter was not confirmed as its petitioner).
-- AlterTable
ALTER TABLE "Petition" ADD COLUMN "likelyRepeatOfId" TEXT;

-- Backfill (hand-written): nothing earlier was flagged, but a snapshot that carries the flag is the truth.
UPDATE "Petition" SET "likelyRepeatOfId" = json_extract("snapshot", '$.likelyRepeatOf.id') WHERE json_valid("snapshot");

-- An online submission without a token was recorded with the petitioner account "anonymous" (a reserved id,
-- never a user): it has no account. Repeats are linked by account, so the projection forgets that one.
UPDATE "Petition" SET "petitionerId" = NULL WHERE "petitionerId" = 'anonymous';
