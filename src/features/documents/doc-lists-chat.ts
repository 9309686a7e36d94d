import { INCOMING_DEFINITION } from '../../domain/documents/incoming.ts';
import { OUTGOING_DEFINITIONS } from '../../domain/documents/outgoing.ts';
import { SECRECY_LEVELS, type SecrecyLevel } from '../../domain/org.ts';
import type { LocalizedText, WorkflowDefinition } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { cardSyncMessage } from '../../outbox/outbox-message.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Locale } from '../../shared/i18n.ts';
import { type DocViewer, findVisible, holdsCard, listStartedBy, listWaitingOn } from './lists.ts';
import {
  INCOMING_REGISTER_COLUMNS,
  incomingRegisterRow,
  loadRegister,
  MAX_REGISTER_ROWS,
  OUTGOING_REGISTER_COLUMNS,
  outgoingRegisterRow,
  type RegisterRequest,
  registerCsv,
} from './registers.ts';

type Option = { id: string; name: string; nameEn: string | null };

/** The database side of the `doc` lists and registers. */
export function createDocListChatDeps(deps: {
  prisma: PrismaClient;
  clock: Clock;
  /** Called after a commit that wrote outbox rows (wakes the dispatcher). */
  onOutboxWritten?: () => void;
  definitions: ReadonlyMap<string, WorkflowDefinition>;
  /** The unit's time zone and document types (organisation file). */
  unit: { timeZone: string; docTypes: readonly Option[] };
  departments: readonly Option[];
  /** Display names of people (the workflow chat deps have it). */
  namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
}) {
  const { prisma, clock, namesOf } = deps;

  async function viewerOf(personId: string): Promise<DocViewer> {
    const person = await prisma.person.findUniqueOrThrow({
      where: { id: personId },
      select: { id: true, roles: true, clearance: true },
    });
    const clearance = (SECRECY_LEVELS as readonly string[]).includes(person.clearance)
      ? (person.clearance as SecrecyLevel)
      : 'public';
    return { personId: person.id, roles: person.roles, clearance };
  }

  async function exportRegister(request: RegisterRequest) {
    const incoming = request.direction === 'in';
    const source = await loadRegister(prisma, request, {
      timeZone: deps.unit.timeZone,
      definitionIds: incoming ? [INCOMING_DEFINITION.id] : OUTGOING_DEFINITIONS.map((d) => d.id),
      byLeadDepartment: incoming,
    });
    if (source.instances.length === 0) return null;
    // Everyone, past members included: history keeps their names.
    const people = await prisma.person.findMany({ select: { id: true, name: true, departmentId: true } });
    const departments = await prisma.department.findMany({ select: { id: true, name: true } });
    const names = {
      timeZone: deps.unit.timeZone,
      docTypes: deps.unit.docTypes,
      departments: new Map(departments.map((d) => [d.id, d.name])),
      people: new Map(people.map((p) => [p.id, { name: p.name, departmentId: p.departmentId }])),
    };
    const rowOf = incoming ? incomingRegisterRow : outgoingRegisterRow;
    const rows = source.instances.map((instance) => rowOf(instance, source.audit, names));
    return {
      csv: registerCsv(incoming ? INCOMING_REGISTER_COLUMNS : OUTGOING_REGISTER_COLUMNS, rows),
      rows: rows.length,
      truncated: source.truncated,
      maxRows: MAX_REGISTER_ROWS,
    };
  }

  return {
    timeZone: deps.unit.timeZone,
    departments: deps.departments,
    now: () => clock.now(),
    viewerOf,
    namesOf,
    waitingOn: (personId: string) => listWaitingOn(prisma, personId, clock.now()),
    startedBy: (personId: string) => listStartedBy(prisma, personId, clock.now()),
    find: (viewer: DocViewer, words: readonly string[]) => findVisible(prisma, viewer, words, clock.now()),
    kindLabelOf: (definitionId: string): LocalizedText =>
      deps.definitions.get(definitionId)?.name ?? { zh: definitionId, en: definitionId },
    holdsCard: (personId: string, instanceId: string) => holdsCard(prisma, personId, instanceId),
    async repostCard(instanceId: string, personId: string) {
      // Same ordering key as the card's other syncs: the copy changes one delivery at a time.
      const row = cardSyncMessage(instanceId, personId, { repost: true });
      await prisma.$transaction((tx) => enqueueOutbox(tx, [row], clock.now()));
      deps.onOutboxWritten?.();
    },
    exportRegister,
  };
}
