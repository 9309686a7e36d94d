-- CreateTable
CREATE TABLE "number_counter" (
    "series" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last_seq" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "number_counter_pkey" PRIMARY KEY ("series","year")
);
