-- CreateTable
CREATE TABLE "document_distribution" (
    "id" BIGSERIAL NOT NULL,
    "instance_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_by_id" TEXT NOT NULL,

    CONSTRAINT "document_distribution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "archive_handoff" (
    "id" UUID NOT NULL,
    "instance_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "doc_number" TEXT NOT NULL,
    "title" TEXT,
    "year" INTEGER NOT NULL,
    "department_id" TEXT,
    "retention" TEXT NOT NULL,
    "secrecy" TEXT NOT NULL,
    "materials" JSONB NOT NULL,
    "countersign" JSONB NOT NULL,
    "handed_by_id" TEXT NOT NULL,
    "handed_at" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "catalog_entry_id" TEXT,
    "catalogued_at" TIMESTAMPTZ(3),

    CONSTRAINT "archive_handoff_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "document_distribution_instance_id_kind_recipient_key" ON "document_distribution"("instance_id", "kind", "recipient");

-- CreateIndex
CREATE UNIQUE INDEX "archive_handoff_instance_id_key" ON "archive_handoff"("instance_id");

-- CreateIndex
CREATE INDEX "archive_handoff_status_handed_at_idx" ON "archive_handoff"("status", "handed_at");

-- AddForeignKey
ALTER TABLE "document_distribution" ADD CONSTRAINT "document_distribution_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "workflow_instance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "archive_handoff" ADD CONSTRAINT "archive_handoff_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "workflow_instance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
