-- The workspace an instance belongs to is a neutral notion (a Slack team, a DingTalk or WeCom
-- corp): the column is named for it, and its values are kept.
ALTER TABLE "workflow_instance" RENAME COLUMN "team_id" TO "workspace_id";
