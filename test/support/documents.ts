import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import {
  type NewIncomingInput,
  startIncomingDocument,
} from '../../src/features/documents/incoming-documents.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { applyClicks } from './workflow.ts';

/**
 * An incoming document of the example organisation registered by the secretary (周静) and taken
 * to 办结 without circulation: the office head proposes, the director assigns 水政科 (刘洋), who
 * completes it. `form` changes what is registered.
 */
export async function finishedIncomingDocument(
  deps: { service: WorkflowService; prisma: PrismaClient },
  workspaceId: string,
  form: Partial<NewIncomingInput> = {},
): Promise<WorkflowInstance> {
  const act = applyClicks(deps.service, workspaceId);
  let doc = await startIncomingDocument(deps, {
    requesterPersonId: 'zhou-jing',
    workspaceId,
    form: {
      title: '关于开展水利工程安全度汛检查的通知',
      issuingUnit: '市水利局',
      theirNumber: '市水安〔2026〕12号',
      receivedDate: '2026-11-23',
      category: 'upper',
      secrecy: 'internal',
      urgency: 'normal',
      copies: 1,
      attachmentLink: 'https://files.example.gov.cn/in/12.pdf',
      ...form,
    },
  });
  doc = await act(doc, 'zhao-min', { type: 'approve', comment: '请局长阅示。' });
  doc = await act(doc, 'zhang-jianguo', {
    type: 'approve',
    comment: '请水政科办理。',
    params: {
      leadDepartment: 'water-admin',
      handler: 'liu-yang',
      coDepartments: [],
      readers: [],
      handlingDays: '3',
    },
  });
  return act(doc, 'liu-yang', { type: 'complete', result: '已组织检查并报送结果。' });
}
