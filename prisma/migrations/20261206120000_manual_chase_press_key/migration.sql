-- AlterTable
ALTER TABLE "manual_chase" ADD COLUMN     "press_key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "manual_chase_press_key_key" ON "manual_chase"("press_key");
