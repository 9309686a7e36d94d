-- CreateTable
CREATE TABLE "meeting_attendee" (
    "id" BIGSERIAL NOT NULL,
    "instance_id" UUID NOT NULL,
    "person_id" TEXT NOT NULL,
    "response" TEXT NOT NULL DEFAULT 'pending',
    "leave_reason" TEXT,
    "delegate_id" TEXT,
    "delegated_by_id" TEXT,
    "responded_at" TIMESTAMPTZ(3),
    "signed_in_at" TIMESTAMPTZ(3),
    "signed_in_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "meeting_attendee_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "meeting_attendee_person_id_idx" ON "meeting_attendee"("person_id");

-- CreateIndex
CREATE UNIQUE INDEX "meeting_attendee_instance_id_person_id_key" ON "meeting_attendee"("instance_id", "person_id");

-- AddForeignKey
ALTER TABLE "meeting_attendee" ADD CONSTRAINT "meeting_attendee_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "workflow_instance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
