-- AlterTable
ALTER TABLE "outbox_message" ADD COLUMN     "copy_key" TEXT;

-- Rows are ordered per conversation (a person's DMs, a channel) for new messages, and per card
-- copy for updates in place. Card rows still pending from before keep their copy as copy_key and
-- move to their conversation's key (strictly in order there).
UPDATE "outbox_message"
SET "copy_key" = "ordering_key",
    "ordering_key" = CASE
      WHEN split_part("ordering_key", ':', 3) = 'channel' THEN 'channel:' || split_part("ordering_key", ':', 4)
      ELSE 'person:' || split_part("ordering_key", ':', 3)
    END
WHERE "status" = 'pending' AND "ordering_key" LIKE 'card:%';
