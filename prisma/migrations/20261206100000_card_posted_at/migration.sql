-- When a card copy was posted: a platform that updates cards only within a window after posting
-- (WeCom, DingTalk robot cards) gets a new copy once it has passed. Copies posted before are left
-- without one; their platform says when it is too late.
ALTER TABLE "card_message" ADD COLUMN "posted_at" TIMESTAMPTZ(3);
