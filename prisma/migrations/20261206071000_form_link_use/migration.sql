-- CreateTable
CREATE TABLE "form_link_use" (
    "link_id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "form_id" TEXT NOT NULL,
    "used_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "form_link_use_pkey" PRIMARY KEY ("link_id")
);

-- CreateIndex
CREATE INDEX "form_link_use_expires_at_idx" ON "form_link_use"("expires_at");
