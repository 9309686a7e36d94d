-- AlterTable
ALTER TABLE "unit_setting" ADD COLUMN     "archive" JSONB,
ADD COLUMN     "calendar" JSONB;

-- CreateTable
CREATE TABLE "archive_entry" (
    "id" UUID NOT NULL,
    "archive_no" TEXT NOT NULL,
    "title" TEXT,
    "doc_number" TEXT,
    "year" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "department_id" TEXT,
    "department_name" TEXT,
    "retention" TEXT NOT NULL,
    "secrecy" TEXT NOT NULL,
    "pages" INTEGER,
    "location" TEXT,
    "file_ref" TEXT,
    "file_sha256" TEXT,
    "terms" TEXT[],
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'kept',
    "handoff_id" UUID,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "destroyed_at" TIMESTAMPTZ(3),

    CONSTRAINT "archive_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "archive_loan" (
    "id" UUID NOT NULL,
    "entry_id" UUID NOT NULL,
    "instance_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "borrower_id" TEXT NOT NULL,
    "outside_unit" TEXT,
    "purpose" TEXT NOT NULL,
    "days" INTEGER,
    "copies" INTEGER,
    "status" TEXT NOT NULL,
    "lent_at" TIMESTAMPTZ(3),
    "lent_by_id" TEXT,
    "due_at" TIMESTAMPTZ(3),
    "returned_at" TIMESTAMPTZ(3),
    "returned_by_id" TEXT,
    "condition" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "archive_loan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "archive_fixity_check" (
    "id" BIGSERIAL NOT NULL,
    "entry_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "trigger" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "expected" TEXT NOT NULL,
    "actual" TEXT,
    "error" TEXT,

    CONSTRAINT "archive_fixity_check_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "archive_appraisal" (
    "quarter" TEXT NOT NULL,
    "entry_ids" TEXT[],
    "sent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "archive_appraisal_pkey" PRIMARY KEY ("quarter")
);

-- CreateTable
CREATE TABLE "archive_destruction" (
    "id" BIGSERIAL NOT NULL,
    "entry_id" UUID NOT NULL,
    "instance_id" UUID NOT NULL,
    "approver_ids" TEXT[],
    "destroyed_at" TIMESTAMPTZ(3) NOT NULL,
    "details" JSONB,

    CONSTRAINT "archive_destruction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reminder" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "instance_id" UUID,
    "step_key" TEXT,
    "person_id" TEXT,
    "kind" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "deadline" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL DEFAULT 'pending',
    "payload" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "done_at" TIMESTAMPTZ(3),

    CONSTRAINT "reminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "manual_chase" (
    "id" BIGSERIAL NOT NULL,
    "instance_id" UUID NOT NULL,
    "chaser_id" TEXT NOT NULL,
    "target_ids" TEXT[],
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "manual_chase_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "archive_entry_archive_no_key" ON "archive_entry"("archive_no");

-- CreateIndex
CREATE UNIQUE INDEX "archive_entry_handoff_id_key" ON "archive_entry"("handoff_id");

-- CreateIndex
CREATE INDEX "archive_entry_terms_idx" ON "archive_entry" USING GIN ("terms");

-- CreateIndex
CREATE INDEX "archive_entry_doc_number_idx" ON "archive_entry"("doc_number");

-- CreateIndex
CREATE INDEX "archive_entry_year_archive_no_idx" ON "archive_entry"("year" DESC, "archive_no" DESC);

-- CreateIndex
CREATE INDEX "archive_entry_status_year_idx" ON "archive_entry"("status", "year");

-- CreateIndex
CREATE UNIQUE INDEX "archive_loan_instance_id_key" ON "archive_loan"("instance_id");

-- CreateIndex
CREATE INDEX "archive_loan_entry_id_status_idx" ON "archive_loan"("entry_id", "status");

-- CreateIndex
CREATE INDEX "archive_loan_status_due_at_idx" ON "archive_loan"("status", "due_at");

-- CreateIndex
CREATE INDEX "archive_loan_borrower_id_created_at_idx" ON "archive_loan"("borrower_id", "created_at");

-- CreateIndex
CREATE INDEX "archive_fixity_check_entry_id_at_idx" ON "archive_fixity_check"("entry_id", "at");

-- CreateIndex
CREATE INDEX "archive_fixity_check_ok_at_idx" ON "archive_fixity_check"("ok", "at");

-- CreateIndex
CREATE UNIQUE INDEX "archive_destruction_entry_id_key" ON "archive_destruction"("entry_id");

-- CreateIndex
CREATE INDEX "archive_destruction_instance_id_idx" ON "archive_destruction"("instance_id");

-- CreateIndex
CREATE UNIQUE INDEX "reminder_key_key" ON "reminder"("key");

-- CreateIndex
CREATE INDEX "reminder_status_due_at_idx" ON "reminder"("status", "due_at");

-- CreateIndex
CREATE INDEX "reminder_subject_status_idx" ON "reminder"("subject", "status");

-- CreateIndex
CREATE INDEX "reminder_person_id_status_due_at_idx" ON "reminder"("person_id", "status", "due_at");

-- CreateIndex
CREATE INDEX "manual_chase_instance_id_chaser_id_at_idx" ON "manual_chase"("instance_id", "chaser_id", "at");

-- AddForeignKey
ALTER TABLE "archive_loan" ADD CONSTRAINT "archive_loan_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "archive_entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "archive_fixity_check" ADD CONSTRAINT "archive_fixity_check_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "archive_entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "archive_destruction" ADD CONSTRAINT "archive_destruction_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "archive_entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
