// The database side of the forms opened from a document's card: the sign-off form's draft values
// (签发) and the archive hand-off (归档移交).

import { SIGN_OFF_STEP_IDS } from '../../domain/documents/outgoing.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import { archiveNotDocument, checkHandOff, handOffToArchive, type Retention } from './archive-handoff.ts';
import { OUTGOING_PARAMS } from './outgoing-documents.ts';

/** The distribution as drafted (or as last fixed), to fill the sign-off form with. */
export interface SignOffDraft {
  mainRecipients: string;
  copyTo: string | null;
  copies: number | null;
}

/** What the card forms (the modals and their web pages alike) need from the rest of the bot. */
export interface DocCardFormDeps {
  /** The drafted distribution of a document at sign-off; null when it is not at sign-off. */
  signOffDraft(instanceId: string): Promise<SignOffDraft | null>;
  archive: {
    /** Reads only; throws the AppError that refuses the hand-off. */
    check(input: {
      workspaceId: string | null;
      actorPersonId: string;
      instanceId: string;
      requestKey?: string;
    }): Promise<void>;
    /** Hands over once per `requestKey`: the same form sent again is answered with its hand-off. */
    handOff(input: {
      workspaceId: string | null;
      actorPersonId: string;
      instanceId: string;
      retention: Retention;
      finalTextLink: string | null;
      requestKey?: string;
    }): Promise<{ number: string; retention: Retention }>;
  };
}

const SIGN_OFF_STEPS: readonly string[] = SIGN_OFF_STEP_IDS;

export function createDocCardFormsChatDeps(deps: {
  prisma: PrismaClient;
  clock: Clock;
  timeZone: string;
  onOutboxWritten?: () => void;
}) {
  const { prisma } = deps;
  return {
    /** The drafted distribution of a document waiting at sign-off; null when it is not there. */
    async signOffDraft(instanceId: string): Promise<SignOffDraft | null> {
      const row = await prisma.workflowInstance.findUnique({ where: { id: instanceId } });
      if (!row) return null;
      const instance = instanceFromRow(row);
      const step = instance.steps[instance.currentStep];
      if (instance.status !== 'running' || !SIGN_OFF_STEPS.includes(step?.definitionStepId ?? ''))
        return null;
      const text = (key: string) => {
        const value = instance.params[key];
        return typeof value === 'string' && value.trim() !== '' ? value : null;
      };
      const copies = Number(text(OUTGOING_PARAMS.copies));
      return {
        mainRecipients: text(OUTGOING_PARAMS.mainRecipients) ?? '',
        copyTo: text(OUTGOING_PARAMS.copyTo),
        copies: Number.isSafeInteger(copies) && copies > 0 ? copies : null,
      };
    },
    archive: {
      /** Reads only: throws the AppError that refuses the hand-off, before the form closes. */
      async check(input: {
        workspaceId: string | null;
        actorPersonId: string;
        instanceId: string;
        /** The form's key: its own earlier hand-off is no refusal (see `handOff`). */
        requestKey?: string;
      }) {
        const row = await prisma.workflowInstance.findUnique({ where: { id: input.instanceId } });
        // A record of another workspace is refused as the hand-off itself refuses it.
        if (!row || (row.workspaceId !== null && row.workspaceId !== input.workspaceId))
          throw archiveNotDocument();
        await checkHandOff(
          prisma,
          instanceFromRow(row),
          input.actorPersonId,
          deps.timeZone,
          input.requestKey,
        );
      },
      async handOff(input: {
        workspaceId: string | null;
        actorPersonId: string;
        instanceId: string;
        retention: Retention;
        finalTextLink: string | null;
        /** Sent twice with the same key (`view:<view id>`, a form sent again), it hands over once. */
        requestKey?: string;
      }) {
        return handOffToArchive(
          {
            prisma,
            clock: deps.clock,
            timeZone: deps.timeZone,
            ...(deps.onOutboxWritten ? { onOutboxWritten: deps.onOutboxWritten } : {}),
          },
          {
            instanceId: input.instanceId,
            workspaceId: input.workspaceId,
            actorPersonId: input.actorPersonId,
            retention: input.retention,
            finalTextLink: input.finalTextLink,
            ...(input.requestKey ? { requestKey: input.requestKey } : {}),
          },
        );
      },
    },
  };
}

export type DocCardFormsChatDeps = ReturnType<typeof createDocCardFormsChatDeps>;
