import { DateTime } from 'luxon';
import type { Db } from '../../db/types.ts';
import { countersignersFor } from '../../domain/documents/outgoing.ts';
import type { SecrecyLevel } from '../../domain/org.ts';
import { type DirectorySnapshot, waitingOn } from '../../domain/workflow/index.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { WorkflowService } from '../workflow/workflow-service.ts';
import {
  assertMayRegister,
  INCOMING_PARAMS,
  type Instruction,
  instructionParams,
  loadInstructionDirectory,
  type NewIncomingInput,
  startIncomingDocument,
} from './incoming-documents.ts';
import type { NewOutgoingInput } from './new-outgoing.ts';
import { startOutgoingDocument } from './outgoing-documents.ts';

type Option = { id: string; name: string; nameEn: string | null };

/** The database side of the document listeners (`/doc new` and its form). */
export function createDocumentChatDeps(deps: {
  prisma: PrismaClient;
  service: WorkflowService;
  loadDirectory: (db: Db) => Promise<DirectorySnapshot>;
  namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
  formOptions: { docTypes: readonly Option[]; departments: readonly Option[] };
}) {
  return {
    formOptions: deps.formOptions,
    async checkOutgoing(input: { requesterPersonId: string; form: NewOutgoingInput }) {
      const directory = await deps.loadDirectory(deps.prisma);
      countersignersFor(input.form.countersignDepartments, input.requesterPersonId, directory);
    },
    async startOutgoing(input: {
      workspaceId: string | null;
      requesterPersonId: string;
      form: NewOutgoingInput;
      locale: Locale;
      startKey?: string;
    }) {
      const instance = await startOutgoingDocument(
        { service: deps.service, prisma: deps.prisma, loadDirectory: deps.loadDirectory },
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
  };
}

/** The database side of the incoming-document listeners (`/doc receive`, 批办). */
export function createIncomingChatDeps(deps: {
  prisma: PrismaClient;
  service: WorkflowService;
  clock: Clock;
  timeZone: string;
  namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
  /** The unit's departments and people, from the organisation file (for the 批办 form). */
  directory: {
    departments: ReadonlyArray<Option>;
    people: ReadonlyArray<Option & { departmentId: string; roles: readonly string[] }>;
  };
}) {
  const name = (option: Option, locale: Locale) =>
    locale === 'en' && option.nameEn ? option.nameEn : option.name;
  return {
    today: () => DateTime.fromJSDate(deps.clock.now()).setZone(deps.timeZone).toFormat('yyyy-MM-dd'),
    async checkRegistration(input: { personId: string | null; secrecy: SecrecyLevel }) {
      // Someone not in the directory (null) is no secretary either: the same refusal.
      await assertMayRegister(deps.prisma, input.personId, input.secrecy);
    },
    async register(input: {
      workspaceId: string | null;
      requesterPersonId: string;
      form: NewIncomingInput;
      locale: Locale;
      startKey?: string;
    }) {
      const instance = await startIncomingDocument(
        { service: deps.service, prisma: deps.prisma },
        {
          requesterPersonId: input.requesterPersonId,
          workspaceId: input.workspaceId,
          form: input.form,
          ...(input.startKey ? { startKey: input.startKey } : {}),
        },
      );
      const first = waitingOn(instance);
      const names = await deps.namesOf(first, input.locale);
      return {
        receiptNumber: String(instance.params[INCOMING_PARAMS.receiptNumber] ?? ''),
        firstReviewer: first.map((id) => names.get(id) ?? id).join('、'),
      };
    },
    instructOptions(locale: Locale) {
      const departmentName = new Map(deps.directory.departments.map((d) => [d.id, name(d, locale)]));
      return {
        departments: deps.directory.departments.map((d) => ({ id: d.id, name: name(d, locale) })),
        handlers: deps.directory.people.map((p) => ({
          id: p.id,
          name: `${name(p, locale)} · ${departmentName.get(p.departmentId) ?? p.departmentId}`,
        })),
        leaders: deps.directory.people
          .filter((p) => p.roles.includes('leader') || p.roles.includes('director'))
          .map((p) => ({ id: p.id, name: name(p, locale) })),
      };
    },
    async checkInstruction(instanceId: string, instruction: Instruction) {
      const row = await deps.prisma.workflowInstance.findUnique({
        where: { id: instanceId },
        select: { secrecy: true },
      });
      if (!row) return { ok: false as const, field: 'comment' };
      try {
        const params = instructionParams(
          instruction,
          { secrecy: row.secrecy as SecrecyLevel },
          await loadInstructionDirectory(deps.prisma),
        );
        return { ok: true as const, params };
      } catch (error) {
        if (error instanceof AppError && error.code === 'instruction_invalid') {
          return { ok: false as const, field: String(error.params.field) };
        }
        throw error;
      }
    },
  };
}
