-- CreateTable
CREATE TABLE "seal_use" (
    "id" BIGSERIAL NOT NULL,
    "instance_id" UUID NOT NULL,
    "seal_id" TEXT NOT NULL,
    "stamped_at" TIMESTAMPTZ(3) NOT NULL,
    "document_title" TEXT,
    "department_id" TEXT NOT NULL,
    "requester_id" TEXT NOT NULL,
    "approver_ids" TEXT[],
    "handler_id" TEXT NOT NULL,
    "approved_count" INTEGER NOT NULL,
    "impressions" INTEGER NOT NULL,

    CONSTRAINT "seal_use_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "seal_event" (
    "id" BIGSERIAL NOT NULL,
    "seal_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "details" JSONB,

    CONSTRAINT "seal_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "seal_use_seal_id_stamped_at_idx" ON "seal_use"("seal_id", "stamped_at");

-- CreateIndex
CREATE UNIQUE INDEX "seal_use_instance_id_key" ON "seal_use"("instance_id");

-- CreateIndex
CREATE INDEX "seal_event_seal_id_at_idx" ON "seal_event"("seal_id", "at");

-- AddForeignKey
ALTER TABLE "seal_use" ADD CONSTRAINT "seal_use_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "workflow_instance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seal_use" ADD CONSTRAINT "seal_use_seal_id_fkey" FOREIGN KEY ("seal_id") REFERENCES "seal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seal_event" ADD CONSTRAINT "seal_event_seal_id_fkey" FOREIGN KEY ("seal_id") REFERENCES "seal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A stamping never exceeds what was approved (the custodian's form checks it too).
ALTER TABLE "seal_use" ADD CONSTRAINT "seal_use_impressions_check" CHECK ("impressions" > 0 AND "impressions" <= "approved_count");
