// Something to see on a playground's first start: approvals in flight, some overdue, one returned
// and one finished, made through the bot's own workflow service on a clock set in the past (so
// every row, audit entry, reminder and card is what real clicks would have produced then).

import type { Database } from '../db/database.ts';
import { GENERIC_APPROVAL } from '../domain/workflow/index.ts';
import type { WorkflowAction } from '../domain/workflow/types.ts';
import { seedArchiveDemo } from '../features/archive/demo.ts';
import { seedChasingDemo } from '../features/chasing/demo.ts';
import { type NewIncomingInput, startIncomingDocument } from '../features/documents/incoming-documents.ts';
import type { NewOutgoingInput } from '../features/documents/new-outgoing.ts';
import { startOutgoingDocument } from '../features/documents/outgoing-documents.ts';
import { seedMeetingsDemo } from '../features/meetings/demo.ts';
import { type NewSealRequest, startSealRequest } from '../features/seal/seal-service.ts';
import { seedSupplyDemo } from '../features/supply/demo.ts';
import type { WorkflowService } from '../features/workflow/workflow-service.ts';
import { loadDirectorySnapshot } from '../org/directory-snapshot.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';

/** One demo approval: who asks, when (days ago), and who then did what (days ago). */
export interface DemoApproval {
  requester: string;
  title: string;
  /** An outgoing document (发文) drafted with this form; a generic approval when absent. */
  document?: Omit<NewOutgoingInput, 'title'>;
  /** An incoming document (收文) registered with this form (the requester is the secretary). */
  incoming?: Omit<NewIncomingInput, 'title'>;
  /** A seal request (用印) with this form. */
  seal?: Omit<NewSealRequest, 'title'>;
  startedDaysAgo: number;
  steps: Array<{ by: string | 'requester' | 'assignee'; daysAgo: number; action: WorkflowAction }>;
}

/**
 * The example organisation's demo approvals (org.example.yaml: 示范县水利局). Days are calendar
 * days back from now; the service counts the deadlines in working days from those moments.
 */
export const DEMO_APPROVALS: DemoApproval[] = [
  {
    requester: 'xu-hui',
    title: '关于2027年度防汛物资采购的请示',
    startedDaysAgo: 8,
    steps: [],
  },
  {
    requester: 'gao-yan',
    title: '关于召开水库除险加固工程质量专题会议的请示',
    startedDaysAgo: 5,
    steps: [{ by: 'assignee', daysAgo: 4, action: { type: 'approve', comment: '同意，请办公室安排会场。' } }],
  },
  {
    requester: 'xu-hui',
    title: '关于水资源论证报告审查意见的函',
    startedDaysAgo: 2,
    steps: [
      {
        by: 'assignee',
        daysAgo: 1,
        action: { type: 'return', comment: '请补充专家评审意见作为附件后再报。', to: 'requester' },
      },
    ],
  },
  {
    requester: 'tang-ning',
    title: '关于农村饮水安全巩固提升工程验收情况的报告',
    startedDaysAgo: 0,
    steps: [],
  },
  {
    requester: 'gao-yan',
    title: '关于做好2027年度水利工程安全度汛工作的通知',
    document: {
      docTypeId: 'main',
      direction: 'downward',
      urgency: 'urgent',
      secrecy: 'internal',
      mainRecipients: '各乡镇人民政府，局属各单位',
      copyTo: '县应急管理局',
      countersignDepartments: ['rural-water'],
      draftLink: null,
      copies: 30,
    },
    startedDaysAgo: 4,
    steps: [
      { by: 'assignee', daysAgo: 4, action: { type: 'approve', comment: '核稿无误，请办公室把关。' } },
      { by: 'assignee', daysAgo: 3, action: { type: 'approve', comment: '格式已核。请农村水利科会签。' } },
    ],
  },
  {
    requester: 'xu-hui',
    title: '关于开展河湖“清四乱”专项整治的通知',
    document: {
      docTypeId: 'office',
      direction: 'downward',
      urgency: 'normal',
      secrecy: 'public',
      mainRecipients: '各乡镇水利站',
      copyTo: null,
      countersignDepartments: [],
      draftLink: null,
      copies: 12,
    },
    startedDaysAgo: 7,
    steps: [
      { by: 'assignee', daysAgo: 7, action: { type: 'approve', comment: '同意。' } },
      { by: 'assignee', daysAgo: 6, action: { type: 'approve', comment: '已把关。' } },
      { by: 'assignee', daysAgo: 6, action: { type: 'approve', comment: '签发。' } },
      { by: 'assignee', daysAgo: 5, action: { type: 'complete', result: '已编号排版，印制12份。' } },
      { by: 'assignee', daysAgo: 5, action: { type: 'complete', result: '已发送各乡镇水利站。' } },
    ],
  },
  {
    requester: 'zhou-jing',
    title: '关于做好2027年度河湖长制工作的通知',
    incoming: {
      issuingUnit: '市河长制办公室',
      theirNumber: '市河办〔2026〕15号',
      receivedDate: '2026-11-18',
      category: 'upper',
      secrecy: 'internal',
      urgency: 'extra_urgent',
      copies: 2,
      attachmentLink: null,
    },
    startedDaysAgo: 3,
    steps: [
      {
        by: 'assignee',
        daysAgo: 3,
        action: { type: 'approve', comment: '拟请张局长阅示，水政水资源科办理。' },
      },
    ],
  },
  {
    requester: 'zhou-jing',
    title: '关于开展冬春水利工程建设督查的通知',
    incoming: {
      issuingUnit: '市水利局',
      theirNumber: '市水建〔2026〕42号',
      receivedDate: '2026-11-16',
      category: 'upper',
      secrecy: 'internal',
      urgency: 'normal',
      copies: 1,
      attachmentLink: null,
    },
    startedDaysAgo: 5,
    steps: [
      { by: 'assignee', daysAgo: 5, action: { type: 'approve', comment: '拟请张局长阅示。' } },
      {
        by: 'assignee',
        daysAgo: 4,
        action: {
          type: 'approve',
          comment: '请李局、陈局阅；工程建设管理科牵头督查。',
          params: {
            leadDepartment: 'construction',
            handler: 'ma-qiang',
            coDepartments: ['rural-water'],
            readers: ['li-weidong', 'chen-lixin'],
            handlingDays: '10',
          },
        },
      },
      { by: 'assignee', daysAgo: 4, action: { type: 'acknowledge', comment: '已阅。' } },
    ],
  },
  {
    requester: 'zhou-jing',
    title: '关于调整局机关节假日值班安排的通知',
    startedDaysAgo: 6,
    steps: [
      { by: 'assignee', daysAgo: 6, action: { type: 'approve', comment: '同意。' } },
      { by: 'assignee', daysAgo: 5, action: { type: 'approve', comment: '已核，可以发。' } },
      { by: 'assignee', daysAgo: 4, action: { type: 'approve', comment: '同意。' } },
    ],
  },
  {
    requester: 'gao-yan',
    title: '关于支付水库除险加固工程监理费的请示',
    seal: { sealId: 'finance', copies: 2, purpose: '报财政局', docLink: null, important: false },
    startedDaysAgo: 3,
    // Approved by the department head: waiting for the custodian (吴芳) to stamp.
    steps: [{ by: 'assignee', daysAgo: 2, action: { type: 'approve', comment: '同意用印。' } }],
  },
  {
    requester: 'liu-yang',
    title: '关于报送2026年度水资源管理考核自评报告的函',
    seal: { sealId: 'official', copies: 3, purpose: '报市水利局', docLink: null, important: false },
    startedDaysAgo: 4,
    steps: [
      { by: 'assignee', daysAgo: 4, action: { type: 'approve', comment: '同意。' } },
      { by: 'assignee', daysAgo: 3, action: { type: 'approve', comment: '同意用印。' } },
      { by: 'assignee', daysAgo: 3, action: { type: 'approve', params: { impressions: '3' } } },
    ],
  },
];

const DAY_MS = 86_400_000;

/**
 * Adds the demo approvals unless the database already has workflow items (a playground that was
 * used keeps what its user did). Returns how many were added.
 */
export async function seedDemoData(input: {
  db: Database;
  logger: Logger;
  workspaceId: string;
  timeZone: string;
  now: Date;
  /**
   * The bot's workflow service on the demo's clock (RunningBot.workflowServiceAt): demo items get
   * the bot's hooks (numbers, registers), working calendar and reminder rows, so they are chased
   * and numbered as real ones are.
   */
  serviceAt: (clock: Clock) => WorkflowService;
  approvals?: readonly DemoApproval[];
  /** Where the demo archive's electronic record is written (the playground's ARCHIVE_FILES_DIR). */
  archiveFilesDir?: string;
}): Promise<number> {
  const { db, logger, workspaceId } = input;
  if ((await db.prisma.workflowInstance.count()) > 0) return 0;
  let at = input.now;
  const service = input.serviceAt({ now: () => at });
  const approvals = input.approvals ?? DEMO_APPROVALS;
  for (const demo of approvals) {
    // Minutes apart within a day, so the demo items keep their order.
    const offset = (index: number) => new Date(input.now.getTime() - index * 60_000);
    at = new Date(
      offset(approvals.length - approvals.indexOf(demo)).getTime() - demo.startedDaysAgo * DAY_MS,
    );
    let instance = demo.document
      ? await startOutgoingDocument(
          { service, prisma: db.prisma, loadDirectory: loadDirectorySnapshot },
          { requesterPersonId: demo.requester, workspaceId, form: { ...demo.document, title: demo.title } },
        )
      : demo.incoming
        ? await startIncomingDocument(
            { service, prisma: db.prisma },
            { requesterPersonId: demo.requester, workspaceId, form: { ...demo.incoming, title: demo.title } },
          )
        : demo.seal
          ? await startSealRequest(
              { service, prisma: db.prisma },
              { requesterPersonId: demo.requester, workspaceId, form: { ...demo.seal, title: demo.title } },
            )
          : await service.start({
              definitionId: GENERIC_APPROVAL.id,
              requesterPersonId: demo.requester,
              workspaceId,
              title: demo.title,
              secrecy: 'internal',
              urgency: 'normal',
            });
    for (const step of demo.steps) {
      at = new Date(input.now.getTime() - step.daysAgo * DAY_MS);
      const actor =
        step.by === 'requester'
          ? demo.requester
          : step.by === 'assignee'
            ? (instance.steps[instance.currentStep]?.assignments.find((a) => a.status === 'pending')
                ?.personId ?? null)
            : step.by;
      if (!actor)
        throw new Error(`demo approval "${demo.title}": nobody to act at step ${instance.currentStep}`);
      const outcome = await service.click({
        instanceId: instance.id,
        workspaceId,
        actorPersonId: actor,
        action: step.action,
        expectedVersion: instance.version,
      });
      if (outcome.kind !== 'applied') {
        throw new Error(`demo approval "${demo.title}": ${step.action.type} by ${actor} was ${outcome.kind}`);
      }
      instance = outcome.instance;
    }
  }
  // Office supplies: a catalog with a low-stock item, a request at the office and one at the keeper.
  const { serviceAt } = input;
  await seedSupplyDemo({ db, workspaceId, timeZone: input.timeZone, now: input.now, serviceAt });
  // Chasing (催办/督办): a 加急 item days past its deadline, for the first scheduler wake to chase.
  await seedChasingDemo({ db, workspaceId, timeZone: input.timeZone, now: input.now, serviceAt });
  // The archive: a few hundred catalog entries, a 秘密 one (by number only), an electronic record
  // and loans (one overdue, one due soon, one waiting on the department head).
  await seedArchiveDemo({
    db,
    now: input.now,
    workspaceId,
    timeZone: input.timeZone,
    serviceAt,
    ...(input.archiveFilesDir ? { filesDir: input.archiveFilesDir } : {}),
  });
  // Meetings: one in approval, the next working day's with answers in, minutes waiting for the
  // chair's signature, and a decision overdue (its owner chased and 督办 sent at the first wake).
  await seedMeetingsDemo({ db, workspaceId, timeZone: input.timeZone, now: input.now, serviceAt });
  logger.info({ approvals: approvals.length }, 'playground demo data added');
  return approvals.length;
}
