-- A card copy records the platform it was posted on and that platform's reference of the message,
-- opaque to the core. Every copy so far is Slack's: its reference is the channel and the ts.
ALTER TABLE "card_message" ADD COLUMN "platform" TEXT NOT NULL DEFAULT 'slack',
ADD COLUMN "message_ref" JSONB;

UPDATE "card_message" SET "message_ref" = jsonb_build_object('channel', "channel_id", 'ts', "message_ts");

ALTER TABLE "card_message" ALTER COLUMN "message_ref" SET NOT NULL;

ALTER TABLE "card_message" DROP COLUMN "channel_id",
DROP COLUMN "message_ts";

-- The outbox speaks in neutral intents: a lent record's file is a `file.send` from the source
-- `archive.loan`. Rows written before (pending ones included: a database upgraded while a file
-- waits to go) are carried over, so the delivery reads one shape.
UPDATE "outbox_message"
SET "kind" = 'file.send', "payload" = "payload" || '{"source": "archive.loan"}'::jsonb
WHERE "kind" = 'archive.file';
