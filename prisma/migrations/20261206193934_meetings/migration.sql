-- CreateTable
CREATE TABLE "meeting_room" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT,
    "capacity" INTEGER NOT NULL,
    "equipment" TEXT[],
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "meeting_room_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meeting_booking" (
    "id" BIGSERIAL NOT NULL,
    "room_id" TEXT NOT NULL,
    "instance_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "title" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "meeting_booking_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "meeting_booking_room_id_starts_at_idx" ON "meeting_booking"("room_id", "starts_at");

-- CreateIndex
CREATE UNIQUE INDEX "meeting_booking_instance_id_key" ON "meeting_booking"("instance_id");

-- AddForeignKey
ALTER TABLE "meeting_booking" ADD CONSTRAINT "meeting_booking_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "meeting_room"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_booking" ADD CONSTRAINT "meeting_booking_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "workflow_instance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
