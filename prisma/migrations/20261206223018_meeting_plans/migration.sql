-- CreateTable
CREATE TABLE "meeting_plan" (
    "id" UUID NOT NULL,
    "department_id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "submitted_by_id" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "meeting_plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meeting_plan_entry" (
    "id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "timing" TEXT NOT NULL,
    "month" INTEGER NOT NULL,
    "place" TEXT NOT NULL,
    "attendees" TEXT NOT NULL,
    "size" INTEGER,
    "budget" INTEGER,

    CONSTRAINT "meeting_plan_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "meeting_plan_year_idx" ON "meeting_plan"("year");

-- CreateIndex
CREATE UNIQUE INDEX "meeting_plan_department_id_year_key" ON "meeting_plan"("department_id", "year");

-- CreateIndex
CREATE UNIQUE INDEX "meeting_plan_entry_plan_id_position_key" ON "meeting_plan_entry"("plan_id", "position");

-- AddForeignKey
ALTER TABLE "meeting_plan_entry" ADD CONSTRAINT "meeting_plan_entry_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "meeting_plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;
