-- DropIndex
DROP INDEX "reminder_person_id_status_due_at_idx";
