-- AlterTable
ALTER TABLE "outbox_message" ADD COLUMN     "coalesce_key" TEXT,
ADD COLUMN     "priority" SMALLINT NOT NULL DEFAULT 0;

-- A row that redraws something from committed state (a card copy, a person's App Home) records
-- what it redraws; a newer row of the same key is not written while one is pending and unclaimed.
CREATE INDEX "outbox_message_pending_coalesce_key_idx" ON "outbox_message"("coalesce_key", "id") WHERE "status" = 'pending' AND "coalesce_key" IS NOT NULL;
