-- CreateTable
CREATE TABLE "meeting_cost" (
    "instance_id" UUID NOT NULL,
    "amount_fen" INTEGER NOT NULL,
    "recorded_by_id" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "meeting_cost_pkey" PRIMARY KEY ("instance_id")
);

-- AddForeignKey
ALTER TABLE "meeting_cost" ADD CONSTRAINT "meeting_cost_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "workflow_instance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
