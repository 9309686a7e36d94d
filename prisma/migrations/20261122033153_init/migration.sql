-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "department" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT,
    "kind" TEXT NOT NULL,
    "supervising_leader_id" TEXT,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT,
    "slack_user_id" TEXT,
    "department_id" TEXT NOT NULL,
    "title" TEXT,
    "roles" TEXT[],
    "head_rank" TEXT,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "clearance" TEXT NOT NULL DEFAULT 'internal',
    "locale" TEXT NOT NULL DEFAULT 'zh',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "seal" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT,
    "kind" TEXT NOT NULL,
    "custodian_id" TEXT NOT NULL,
    "owner_id" TEXT,
    "needs_leader" BOOLEAN NOT NULL DEFAULT false,
    "state" TEXT NOT NULL DEFAULT 'active',
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "seal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "unit_setting" (
    "id" TEXT NOT NULL DEFAULT 'unit',
    "name" TEXT NOT NULL,
    "name_en" TEXT,
    "doc_prefix" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "doc_types" JSONB NOT NULL,
    "source_hash" TEXT NOT NULL,
    "loaded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "unit_setting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "department_supervising_leader_id_idx" ON "department"("supervising_leader_id");

-- CreateIndex
CREATE UNIQUE INDEX "person_slack_user_id_key" ON "person"("slack_user_id");

-- CreateIndex
CREATE INDEX "person_department_id_idx" ON "person"("department_id");

-- CreateIndex
CREATE INDEX "seal_custodian_id_idx" ON "seal"("custodian_id");

-- CreateIndex
CREATE INDEX "seal_owner_id_idx" ON "seal"("owner_id");

-- AddForeignKey
ALTER TABLE "department" ADD CONSTRAINT "department_supervising_leader_id_fkey" FOREIGN KEY ("supervising_leader_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seal" ADD CONSTRAINT "seal_custodian_id_fkey" FOREIGN KEY ("custodian_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seal" ADD CONSTRAINT "seal_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
