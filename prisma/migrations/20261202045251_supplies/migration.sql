-- CreateTable
CREATE TABLE "supply_item" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "spec" TEXT NOT NULL DEFAULT '',
    "unit" TEXT NOT NULL,
    "stock" INTEGER NOT NULL,
    "unit_price_fen" INTEGER NOT NULL,
    "low_stock_threshold" INTEGER NOT NULL,
    "low_stock_alerted" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "supply_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supply_ledger_entry" (
    "id" BIGSERIAL NOT NULL,
    "item_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "balance_after" INTEGER NOT NULL,
    "unit_price_fen" INTEGER,
    "supplier" TEXT,
    "instance_id" UUID,
    "date" TEXT NOT NULL,
    "reason" TEXT,
    "request_key" TEXT,
    "actor_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "supply_ledger_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supply_issue_line" (
    "id" BIGSERIAL NOT NULL,
    "instance_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "requested" INTEGER NOT NULL,
    "issued" INTEGER NOT NULL,
    "owed" INTEGER NOT NULL,
    "issued_by_id" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "supply_issue_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supply_plan" (
    "id" UUID NOT NULL,
    "department_id" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "submitted_by_id" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "supply_plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supply_plan_line" (
    "plan_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "supply_plan_line_pkey" PRIMARY KEY ("plan_id","item_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "supply_item_name_spec_key" ON "supply_item"("name", "spec");

-- CreateIndex
CREATE UNIQUE INDEX "supply_ledger_entry_request_key_key" ON "supply_ledger_entry"("request_key");

-- CreateIndex
CREATE INDEX "supply_ledger_entry_item_id_id_idx" ON "supply_ledger_entry"("item_id", "id");

-- CreateIndex
CREATE INDEX "supply_ledger_entry_at_idx" ON "supply_ledger_entry"("at");

-- CreateIndex
CREATE INDEX "supply_issue_line_owed_idx" ON "supply_issue_line"("owed");

-- CreateIndex
CREATE UNIQUE INDEX "supply_issue_line_instance_id_item_id_key" ON "supply_issue_line"("instance_id", "item_id");

-- CreateIndex
CREATE INDEX "supply_plan_period_idx" ON "supply_plan"("period");

-- CreateIndex
CREATE UNIQUE INDEX "supply_plan_department_id_period_key" ON "supply_plan"("department_id", "period");

-- AddForeignKey
ALTER TABLE "supply_ledger_entry" ADD CONSTRAINT "supply_ledger_entry_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "supply_item"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supply_issue_line" ADD CONSTRAINT "supply_issue_line_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "workflow_instance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supply_issue_line" ADD CONSTRAINT "supply_issue_line_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "supply_item"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supply_plan_line" ADD CONSTRAINT "supply_plan_line_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "supply_plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supply_plan_line" ADD CONSTRAINT "supply_plan_line_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "supply_item"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Stock never goes negative, whatever a writer forgets (the conditional updates come first).
ALTER TABLE "supply_item" ADD CONSTRAINT "supply_item_stock_nonnegative" CHECK ("stock" >= 0);
