-- CreateTable
CREATE TABLE "workflow_instance" (
    "id" UUID NOT NULL,
    "definition_id" TEXT NOT NULL,
    "definition_version" INTEGER NOT NULL,
    "requester_id" TEXT NOT NULL,
    "team_id" TEXT,
    "title" TEXT,
    "reference" TEXT,
    "secrecy" TEXT NOT NULL,
    "urgency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    "waiting_on" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "workflow_instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" BIGSERIAL NOT NULL,
    "instance_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "comment" TEXT,
    "details" JSONB,
    "before_version" INTEGER,
    "after_version" INTEGER,
    "before_status" TEXT,
    "after_status" TEXT,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_click" (
    "key" TEXT NOT NULL,
    "instance_id" UUID NOT NULL,
    "result_version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "processed_click_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "outbox_message" (
    "id" BIGSERIAL NOT NULL,
    "ordering_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "locked_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "result" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "card_message" (
    "id" UUID NOT NULL,
    "instance_id" UUID NOT NULL,
    "recipient" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "message_ts" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "card_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "workflow_instance_waiting_on_idx" ON "workflow_instance" USING GIN ("waiting_on");

-- CreateIndex
CREATE INDEX "workflow_instance_requester_id_created_at_idx" ON "workflow_instance"("requester_id", "created_at");

-- CreateIndex
CREATE INDEX "workflow_instance_status_idx" ON "workflow_instance"("status");

-- CreateIndex
CREATE UNIQUE INDEX "audit_entry_instance_id_seq_key" ON "audit_entry"("instance_id", "seq");

-- CreateIndex
CREATE INDEX "outbox_message_status_next_attempt_at_idx" ON "outbox_message"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "outbox_message_ordering_key_id_idx" ON "outbox_message"("ordering_key", "id");

-- CreateIndex
CREATE UNIQUE INDEX "card_message_instance_id_recipient_key" ON "card_message"("instance_id", "recipient");

-- AddForeignKey
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "workflow_instance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "card_message" ADD CONSTRAINT "card_message_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "workflow_instance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
