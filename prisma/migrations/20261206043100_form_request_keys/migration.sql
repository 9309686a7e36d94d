-- AlterTable
ALTER TABLE "archive_entry" ADD COLUMN     "request_key" TEXT;

-- AlterTable
ALTER TABLE "archive_handoff" ADD COLUMN     "request_key" TEXT;

-- AlterTable
ALTER TABLE "seal_event" ADD COLUMN     "request_key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "archive_entry_request_key_key" ON "archive_entry"("request_key");

-- CreateIndex
CREATE UNIQUE INDEX "archive_handoff_request_key_key" ON "archive_handoff"("request_key");

-- CreateIndex
CREATE UNIQUE INDEX "seal_event_request_key_key" ON "seal_event"("request_key");
