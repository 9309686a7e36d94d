import { waitingOn } from '../../domain/workflow/index.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { Prisma, WorkflowInstance as WorkflowInstanceRow } from '../../generated/prisma/client.ts';

/** The instance as `transition()` sees it, from its row (the row's `state` holds it whole). */
export function instanceFromRow(row: WorkflowInstanceRow): WorkflowInstance {
  return row.state as unknown as WorkflowInstance;
}

/** The columns an instance's row keeps beside its state, for queries and lists. */
export function rowFieldsOf(instance: WorkflowInstance) {
  return {
    status: instance.status,
    version: instance.version,
    title: instance.title,
    reference: instance.reference,
    secrecy: instance.secrecy,
    urgency: instance.urgency,
    state: instance as unknown as Prisma.InputJsonValue,
    waitingOn: waitingOn(instance),
    updatedAt: new Date(instance.updatedAt),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can name an instance (a uuid): a forged or mangled one names none, and must not reach a `::uuid` cast. */
export function isInstanceId(id: string): boolean {
  return UUID.test(id);
}
