-- The clock behind "nextDeadline", so lists can count its days left as it counts them (working or calendar
-- days) and colour it by its warnings. Nullable: a row gets them at the case's next projection write (or
-- `npm run reconcile -- --repair`); until then the API counts calendar days and knows no warning. The list
-- table (PetitionScope) and its triggers do not carry them: the summary reads them from the Petition row.
-- AlterTable
ALTER TABLE "Petition" ADD COLUMN "nextClockKind" TEXT;
ALTER TABLE "Petition" ADD COLUMN "nextClockUnit" TEXT;
ALTER TABLE "Petition" ADD COLUMN "nextClockWarnings" INTEGER;
ALTER TABLE "Petition" ADD COLUMN "nextClockWarningsTotal" INTEGER;
