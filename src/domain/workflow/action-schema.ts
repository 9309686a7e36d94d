// The zod schema of a WorkflowAction, for the edges that receive one (button values, modal
// submissions, the service's API). The engine itself checks who may do what; this checks shape.

import { z } from 'zod';
import type { WorkflowAction } from './types.ts';

const text = z.string();
const personId = z.string().trim().min(1);

/** Parses one {@link WorkflowAction}; unknown keys are refused. */
export const WorkflowActionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('approve'),
    comment: text.optional(),
    params: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  }),
  z.strictObject({ type: z.literal('reject'), comment: text.optional() }),
  z.strictObject({
    type: z.literal('return'),
    comment: text,
    to: z.union([z.literal('requester'), z.strictObject({ stepKey: z.string().min(1) })]),
  }),
  z.strictObject({ type: z.literal('transfer'), toPersonId: personId, comment: text.optional() }),
  z.strictObject({
    type: z.literal('add_signer'),
    personId,
    position: z.enum(['before', 'after']),
    comment: text.optional(),
  }),
  z.strictObject({ type: z.literal('comment'), comment: text }),
  z.strictObject({ type: z.literal('acknowledge'), comment: text.optional() }),
  z.strictObject({ type: z.literal('complete'), result: text }),
  z.strictObject({ type: z.literal('open') }),
  z.strictObject({ type: z.literal('recall'), comment: text.optional() }),
  z.strictObject({ type: z.literal('resubmit'), comment: text.optional() }),
  z.strictObject({ type: z.literal('cancel'), comment: text.optional() }),
]) satisfies z.ZodType<WorkflowAction>;
