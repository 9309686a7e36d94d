-- CreateTable
CREATE TABLE "member_send_slot" (
    "id" BIGSERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "member" TEXT NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "member_send_slot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "member_send_slot_platform_member_taken_at_idx" ON "member_send_slot"("platform", "member", "taken_at");
