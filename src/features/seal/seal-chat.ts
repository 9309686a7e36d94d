// The database side of the `/seal` listeners.

import type { SealState } from '../../domain/org.ts';
import { nextSealState, type SealLifecycleAction } from '../../domain/seal/seal-request.ts';
import { waitingOn } from '../../domain/workflow/index.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { WorkflowService } from '../workflow/workflow-service.ts';
import {
  changeSealState,
  checkImpressions,
  exportSealRegister,
  listSeals,
  mayChange,
  type NewSealRequest,
  type SealRegisterRequest,
  sealStateLabel,
  startSealRequest,
} from './seal-service.ts';

/** Roles that may export the seal register. */
const REGISTER_ROLES = ['office_head', 'secretary', 'seal_custodian'];

export function createSealChatDeps(deps: {
  prisma: PrismaClient;
  service: WorkflowService;
  clock: Clock;
  timeZone: string;
  namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
  onOutboxWritten?: () => void;
}) {
  const { prisma } = deps;
  return {
    timeZone: deps.timeZone,
    now: () => deps.clock.now(),
    /** Every seal of the directory, for reading `/seal …` and for the list. */
    seals: () => listSeals(prisma),
    async start(input: {
      workspaceId: string | null;
      requesterPersonId: string;
      form: NewSealRequest;
      locale: Locale;
      /** Sent twice with the same key (a retried form or command), it starts one request. */
      startKey?: string;
    }) {
      const instance = await startSealRequest(
        { service: deps.service, prisma },
        {
          requesterPersonId: input.requesterPersonId,
          workspaceId: input.workspaceId,
          form: input.form,
          ...(input.startKey ? { startKey: input.startKey } : {}),
        },
      );
      const first = waitingOn(instance);
      const names = await deps.namesOf(first, input.locale);
      return { firstReviewer: first.map((id) => names.get(id) ?? id).join('、') };
    },
    checkImpressions: (instanceId: string, impressions: number) =>
      checkImpressions(prisma, instanceId, impressions),
    async mayExportRegister(id: string) {
      const row = await prisma.person.findUnique({ where: { id }, select: { roles: true } });
      return row?.roles.some((r) => REGISTER_ROLES.includes(r)) ?? false;
    },
    exportRegister: (request: SealRegisterRequest) => exportSealRegister(prisma, request, deps.timeZone),
    async changeState(input: {
      actorPersonId: string;
      sealId: string;
      action: SealLifecycleAction;
      reason: string;
      /** Sent twice with the same key (`view:<view id>`, a form sent again), it changes once. */
      requestKey?: string;
    }) {
      return changeSealState(
        {
          prisma,
          clock: deps.clock,
          ...(deps.onOutboxWritten ? { onOutboxWritten: deps.onOutboxWritten } : {}),
        },
        {
          actorPersonId: input.actorPersonId,
          sealId: input.sealId,
          action: input.action,
          reason: input.reason,
          ...(input.requestKey ? { requestKey: input.requestKey } : {}),
        },
      );
    },
    /** The seals `id` may report lost from the list (custodian, owner, office head). */
    async reportableSeals(id: string): Promise<Set<string>> {
      const actor = await prisma.person.findUnique({ where: { id }, select: { id: true, roles: true } });
      if (!actor) return new Set();
      const seals = await listSeals(prisma);
      return new Set(
        seals
          .filter((s) => nextSealState(s.state as SealState, 'lost') !== null && mayChange(actor, s, 'lost'))
          .map((s) => s.id),
      );
    },
    stateLabel: sealStateLabel,
  };
}

export type SealFeatureDeps = ReturnType<typeof createSealChatDeps>;
