-- A person's chat accounts move out of person.slack_user_id into their own table, so that a person
-- can have a Slack, a DingTalk and a WeCom account and nothing but the chat adapters reads them.

-- CreateTable
CREATE TABLE "chat_account" (
    "platform" TEXT NOT NULL,
    "tenant" TEXT NOT NULL DEFAULT '',
    "external_id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_account_pkey" PRIMARY KEY ("platform","tenant","external_id"),
    CONSTRAINT "chat_account_platform_check" CHECK ("platform" IN ('slack', 'dingtalk', 'wecom'))
);

-- CreateIndex
CREATE UNIQUE INDEX "chat_account_person_id_platform_tenant_key" ON "chat_account"("person_id", "platform", "tenant");

-- AddForeignKey
ALTER TABLE "chat_account" ADD CONSTRAINT "chat_account_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Today's Slack ids are the one workspace the installation serves (tenant '').
INSERT INTO "chat_account" ("platform", "tenant", "external_id", "person_id", "created_at")
SELECT 'slack', '', "slack_user_id", "id", "updated_at" FROM "person" WHERE "slack_user_id" IS NOT NULL;

-- DropIndex
DROP INDEX "person_slack_user_id_key";

-- AlterTable
ALTER TABLE "person" DROP COLUMN "slack_user_id";
