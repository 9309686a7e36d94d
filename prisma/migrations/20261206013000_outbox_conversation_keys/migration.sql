-- Card syncs are ordered per conversation (a person's DMs, a channel), no longer per card copy:
-- rows still pending from before move to their conversation's key.
UPDATE "outbox_message"
SET "ordering_key" = CASE
    WHEN split_part("ordering_key", ':', 3) = 'channel' THEN 'channel:' || split_part("ordering_key", ':', 4)
    ELSE 'person:' || split_part("ordering_key", ':', 3)
  END
WHERE "status" = 'pending' AND "ordering_key" LIKE 'card:%';
