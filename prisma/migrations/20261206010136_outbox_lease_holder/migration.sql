-- AlterTable
ALTER TABLE "outbox_message" ADD COLUMN     "locked_by" TEXT;
