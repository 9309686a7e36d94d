import type { Db } from '../../db/types.ts';
import { countersignersFor } from '../../domain/documents/outgoing.ts';
import { type DirectorySnapshot, waitingOn } from '../../domain/workflow/index.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { WorkflowService } from '../workflow/workflow-service.ts';
import type { NewOutgoingInput } from './new-outgoing.ts';
import { startOutgoingDocument } from './outgoing-documents.ts';

type Option = { id: string; name: string; nameEn: string | null };

/** The database side of the document listeners (`/doc new` and its form). */
export function createDocumentChatDeps(deps: {
  prisma: PrismaClient;
  service: WorkflowService;
  loadDirectory: (db: Db) => Promise<DirectorySnapshot>;
  personOfSlackUser(teamId: string | null, slackUserId: string): Promise<string | null>;
  namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
  formOptions: { docTypes: readonly Option[]; departments: readonly Option[] };
}) {
  return {
    formOptions: deps.formOptions,
    async checkOutgoing(input: { teamId: string | null; slackUserId: string; form: NewOutgoingInput }) {
      const requester = await deps.personOfSlackUser(input.teamId, input.slackUserId);
      if (!requester) return;
      countersignersFor(input.form.countersignDepartments, requester, await deps.loadDirectory(deps.prisma));
    },
    async startOutgoing(input: {
      teamId: string | null;
      slackUserId: string;
      form: NewOutgoingInput;
      locale: Locale;
    }) {
      const requester = await deps.personOfSlackUser(input.teamId, input.slackUserId);
      if (!requester) return 'not_linked' as const;
      const instance = await startOutgoingDocument(
        { service: deps.service, prisma: deps.prisma, loadDirectory: deps.loadDirectory },
        { requesterPersonId: requester, teamId: input.teamId, form: input.form },
      );
      const first = waitingOn(instance);
      const names = await deps.namesOf(first, input.locale);
      return { firstReviewer: first.map((id) => names.get(id) ?? id).join('、') };
    },
  };
}
