// The contract between a feature and the composition root. Each feature (documents, seals,
// supplies, the archive, chasing, reports, the generic approval) exports one factory that takes
// its dependencies and returns what it contributes; the root merges the enabled features'
// contributions in one pass, refusing two features that claim the same name. A new feature is one
// folder and one line in the root's list.

import type { FlowWording } from '../chat/core/card.ts';
import type {
  CardExtrasOf,
  CardFieldsOf,
  CardLiveExtrasOf,
  CardLiveFieldsOf,
  CardViewerLiveOf,
  NoticeOf,
} from '../chat/core/card-assembly.ts';
import type { ButtonHandler, CommandHandler } from '../chat/core/commands.ts';
import type { WebFormHandler } from '../chat/core/web-form.ts';
import type { StoredChasingSettings } from '../domain/chasing/settings.ts';
import type { WeekdayCalendar } from '../domain/workflow/calendar.ts';
import type { WorkflowDefinition } from '../domain/workflow/types.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { PeriodicTask } from '../scheduler/scheduler.ts';
import type { Clock } from '../shared/clock.ts';
import { CORE_MESSAGES, type Locale, type MessageCatalog } from '../shared/i18n.ts';
import type { Logger } from '../shared/logger.ts';
import type { UnitNumbering } from './documents/outgoing-documents.ts';
import type { MeetingDirectory } from './meetings/meeting-card.ts';
import type { WorkSection } from './workflow/my-work.ts';
import type { EffectsHook, StartHook, TransitionHook, WorkflowService } from './workflow/workflow-service.ts';

/** A named entry of the organisation file (a department, a seal): its id and its names. */
export interface DirectoryEntry {
  id: string;
  name: string;
  nameEn: string | null;
}

/**
 * What the organisation file (and the configuration) say about each feature. A feature whose
 * part is absent is not enabled: its factory returns null.
 */
export interface FeatureSettings {
  /** The unit's time zone (organisation file `unit.timeZone`). */
  timeZone: string;
  /** The unit's seals (用印); without them there is no `/seal`. */
  seals?: ReadonlyArray<DirectoryEntry>;
  /**
   * Office supplies (办公用品): whether requests go to the department head first, and the
   * departments for names in plans and the ledger. Without it no `/supply`.
   */
  supply?: { departmentReview: boolean; departments: ReadonlyArray<DirectoryEntry> };
  /** The unit's numbering rules, departments and people: official documents (公文) need them. */
  documents?: {
    unit: UnitNumbering;
    departments: ReadonlyArray<DirectoryEntry>;
    /** For the 批办 form's choices of handler and readers. */
    people: ReadonlyArray<{
      id: string;
      name: string;
      nameEn: string | null;
      departmentId: string;
      roles: readonly string[];
    }>;
  };
  /** The weekly report (定期通报): the office channel and when (organisation file `reports:`). */
  reports?: { channel: string; weekly: { weekday: number; time: string } | null } | null;
  /**
   * Meetings (会议管理): the meeting rooms (`rooms:`), and the departments' and people's names for
   * the cards. Without rooms in the organisation file no `/meeting`.
   */
  meetings?: MeetingDirectory;
  /** Where electronic archive records' relative `fileRef`s are found. */
  archiveFilesDir: string;
}

/** What people are called, read from the directory. */
export interface PeopleLookup {
  namesOf: (personIds: readonly string[], locale: Locale) => Promise<Map<string, string>>;
}

/** What every feature factory is given: shared services, never another feature's internals. */
export interface FeatureEnvironment {
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
  settings: FeatureSettings;
  /** Working days of the unit: national holidays and 调休 with the organisation file's overrides. */
  calendar: WeekdayCalendar;
  /** Calendar and chasing rules (organisation file `calendar:` / `chasing:`), defaults filled in. */
  chasing: StoredChasingSettings;
  /** Call after a commit that wrote outbox rows: wakes the dispatcher when one runs. */
  onOutboxWritten: () => void;
  people: PeopleLookup;
}

/** What a feature's chat side is given once the engine exists. */
export interface FeatureChatContext extends FeatureEnvironment {
  /** The workflow service with every enabled feature's definitions and hooks. */
  service: WorkflowService;
  /** Every enabled feature's workflow definitions by id. */
  definitions: ReadonlyMap<string, WorkflowDefinition>;
  /** Every enabled feature's parts of the person's work (本周会议 …), for the `todo` reply. */
  workSections?: readonly WorkSection[];
  /** Redraws one person's card copy of an item (after a form sent against a stale card). */
  refreshCard(instanceId: string, personId: string): Promise<void>;
}

/**
 * What a feature adds to the chat side: neutral forms, commands and buttons only, which every
 * platform draws and answers its own way (a feature knows no platform).
 */
export interface FeatureChat {
  /**
   * Its forms, each claimed once by id: a modal on Slack (drawn and read back by the form's Slack
   * binding), a web page (`/forms/…`) on platforms without modals. A form with `stepIds` is those
   * steps' own form, opened by the card's step button.
   */
  webForms?: readonly WebFormHandler[];
  /**
   * Its commands (or sub-commands of a shared one), answered on every platform: each command and
   * sub-command, and each word that names one, is claimed once.
   */
  commands?: readonly CommandHandler[];
  /** The buttons its replies carry, each action claimed once. */
  buttons?: readonly ButtonHandler[];
}

/** What a feature adds to the cards of its flows, each by definition id unless said otherwise. */
export interface FeatureCards {
  /** Key fields from the instance alone (a document's number, a request's items). */
  fields?: ReadonlyMap<string, CardFieldsOf>;
  /** Feature buttons from the instance and the viewer (归档 on a finished document). */
  extras?: ReadonlyMap<string, CardExtrasOf>;
  /** Fields read from the database when the card is drawn (a seal out of use holds the request). */
  liveFields?: ReadonlyMap<string, CardLiveFieldsOf>;
  /** Buttons read when the card is drawn, on EVERY flow's card (催一下). */
  liveExtras?: CardLiveExtrasOf;
  /** Fields and buttons one viewer alone gets, read when the card is drawn (a meeting's 参加 / 请假). */
  viewerLive?: ReadonlyMap<string, CardViewerLiveOf>;
  /** How the flow's cards and notices are worded (a 发文 ends sent, a loan returned). */
  wordings?: ReadonlyMap<string, FlowWording>;
  /** The flow's own notices to its requester (a supply request closed with nothing issued). */
  notices?: ReadonlyMap<string, NoticeOf>;
}

/** One feature's contributions. Every name in it must be unique across the enabled features. */
export interface FeatureModule {
  /** For messages about clashes and for logs. */
  readonly name: string;
  /** Its workflow definitions. */
  readonly definitions?: readonly WorkflowDefinition[];
  /** Work done in a start's transaction, by definition id. */
  readonly startHooks?: ReadonlyMap<string, StartHook>;
  /** Work done in each click's transaction, by definition id. */
  readonly transitionHooks?: ReadonlyMap<string, TransitionHook>;
  /** Work done with EVERY transition of every flow (chasing's reminder rows); one feature at most. */
  readonly effectsHook?: EffectsHook;
  readonly cards?: FeatureCards;
  /**
   * The outbox kinds this feature writes and owns. Each configured platform must deliver every
   * one of them; the bot refuses to start otherwise.
   */
  readonly outboxKinds?: readonly string[];
  /** Tasks the scheduler runs at each wake (every minute, and once at start). */
  readonly tasks?: readonly PeriodicTask[];
  /** Parts it adds to the person's work (App Home, `todo`), each key claimed once. */
  readonly workSections?: readonly WorkSection[];
  /**
   * Its user texts (`src/features/<feature>/messages.ts`), each key its own: the root installs
   * them beside the core catalog's.
   */
  readonly messages?: MessageCatalog;
  /** Its chat side, built once the workflow service exists. */
  chat?(context: FeatureChatContext): FeatureChat;
}

/**
 * A feature: given the environment, its module, or null when the organisation file does not
 * enable it. A factory, so that nothing is shared between two bots in one process (tests).
 */
export type Feature = (environment: FeatureEnvironment) => FeatureModule | null;

/** Two enabled features claimed the same name; the message names both and what they claimed. */
export class FeatureClashError extends Error {
  constructor(what: string, name: string, first: string, second: string) {
    super(
      `features ${first} and ${second} both claim ${what} ${name}; each may be claimed by one feature only`,
    );
    this.name = 'FeatureClashError';
  }
}

/** The enabled features' contributions, merged. */
export interface MergedFeatures {
  /** The enabled features' names, in order. */
  names: readonly string[];
  definitions: ReadonlyMap<string, WorkflowDefinition>;
  startHooks: ReadonlyMap<string, StartHook>;
  transitionHooks: ReadonlyMap<string, TransitionHook>;
  effectsHook: EffectsHook | undefined;
  cards: {
    fields: ReadonlyMap<string, CardFieldsOf>;
    extras: ReadonlyMap<string, CardExtrasOf>;
    liveFields: ReadonlyMap<string, CardLiveFieldsOf>;
    liveExtras: CardLiveExtrasOf | undefined;
    viewerLive: ReadonlyMap<string, CardViewerLiveOf>;
    wordings: ReadonlyMap<string, FlowWording>;
    notices: ReadonlyMap<string, NoticeOf>;
  };
  outboxKinds: readonly string[];
  tasks: readonly PeriodicTask[];
  workSections: readonly WorkSection[];
  /** Each feature's messages, by feature name, for the root to install; no key in two of them. */
  messages: ReadonlyArray<{ feature: string; catalog: MessageCatalog }>;
  /** Builds every feature's chat side and merges it (forms, commands and buttons, each claimed once). */
  chat(context: FeatureChatContext): {
    webForms: readonly WebFormHandler[];
    commands: readonly CommandHandler[];
    buttons: readonly ButtonHandler[];
  };
}

/**
 * Merges `modules` in order. Throws {@link FeatureClashError} when two of them claim the same
 * feature name, definition id, hook, card part, outbox kind, task, message key, form, command or
 * reply button: a clash is a programming or configuration error, and silently letting the later one win
 * would hide a feature.
 */
export function mergeFeatures(modules: readonly FeatureModule[]): MergedFeatures {
  const owners = new Map<string, string>();
  const claim = (what: string, name: string, feature: string) => {
    const key = `${what}\u0000${name}`;
    const first = owners.get(key);
    if (first !== undefined) throw new FeatureClashError(what, name, first, feature);
    owners.set(key, feature);
  };
  const into = <T>(
    target: Map<string, T>,
    what: string,
    feature: string,
    entries?: ReadonlyMap<string, T>,
  ) => {
    for (const [id, value] of entries ?? []) {
      claim(what, id, feature);
      target.set(id, value);
    }
  };

  const definitions = new Map<string, WorkflowDefinition>();
  const startHooks = new Map<string, StartHook>();
  const transitionHooks = new Map<string, TransitionHook>();
  const fields = new Map<string, CardFieldsOf>();
  const extras = new Map<string, CardExtrasOf>();
  const liveFields = new Map<string, CardLiveFieldsOf>();
  const viewerLive = new Map<string, CardViewerLiveOf>();
  const wordings = new Map<string, FlowWording>();
  const notices = new Map<string, NoticeOf>();
  const outboxKinds: string[] = [];
  const tasks: PeriodicTask[] = [];
  const workSections: WorkSection[] = [];
  const messages: { feature: string; catalog: MessageCatalog }[] = [];
  let effectsHook: EffectsHook | undefined;
  let liveExtras: CardLiveExtrasOf | undefined;

  for (const module of modules) {
    const { name } = module;
    claim('the feature name', name, name);
    for (const definition of module.definitions ?? []) {
      claim('workflow definition', definition.id, name);
      definitions.set(definition.id, definition);
    }
    into(startHooks, 'the start hook of', name, module.startHooks);
    into(transitionHooks, 'the transition hook of', name, module.transitionHooks);
    if (module.effectsHook) {
      claim('the hook run with', 'every transition', name);
      effectsHook = module.effectsHook;
    }
    into(fields, 'the card fields of', name, module.cards?.fields);
    into(extras, 'the card buttons of', name, module.cards?.extras);
    into(liveFields, 'the live card fields of', name, module.cards?.liveFields);
    into(viewerLive, 'the viewer’s live card parts of', name, module.cards?.viewerLive);
    if (module.cards?.liveExtras) {
      claim('the live buttons of', 'every card', name);
      liveExtras = module.cards.liveExtras;
    }
    into(wordings, 'the wording of', name, module.cards?.wordings);
    into(notices, 'the notices of', name, module.cards?.notices);
    for (const kind of module.outboxKinds ?? []) {
      claim('outbox kind', kind, name);
      outboxKinds.push(kind);
    }
    for (const task of module.tasks ?? []) {
      claim('scheduled task', task.name, name);
      tasks.push(task);
    }
    for (const section of module.workSections ?? []) {
      claim('the part of the person’s work', section.key, name);
      workSections.push(section);
    }
    if (module.messages) {
      for (const key of Object.keys(module.messages.zh)) {
        // The core's messages are there before any feature's: a feature may not reword one.
        if (Object.hasOwn(CORE_MESSAGES.zh, key)) throw new FeatureClashError('message', key, 'core', name);
        claim('message', key, name);
      }
      messages.push({ feature: name, catalog: module.messages });
    }
  }

  // A hook or a card part for a flow nobody defines would never run: a typo in an id.
  for (const [what, ids] of [
    ['start hook', startHooks],
    ['transition hook', transitionHooks],
    ['card fields', fields],
    ['card buttons', extras],
    ['live card fields', liveFields],
    ['viewer’s live card parts', viewerLive],
    ['wording', wordings],
    ['notices', notices],
  ] as const) {
    for (const id of ids.keys()) {
      if (!definitions.has(id)) {
        throw new Error(`${what} for workflow definition ${id}, which no enabled feature defines`);
      }
    }
  }

  return {
    names: modules.map((m) => m.name),
    definitions,
    startHooks,
    transitionHooks,
    effectsHook,
    cards: { fields, extras, liveFields, liveExtras, viewerLive, wordings, notices },
    outboxKinds,
    tasks,
    workSections,
    messages,
    chat(context) {
      const chatOwners = new Map<string, string>();
      const claimChat = (what: string, id: string, feature: string) => {
        const first = chatOwners.get(`${what}\u0000${id}`);
        if (first !== undefined) throw new FeatureClashError(what, id, first, feature);
        chatOwners.set(`${what}\u0000${id}`, feature);
      };
      const webForms: WebFormHandler[] = [];
      const commands: CommandHandler[] = [];
      const buttons: ButtonHandler[] = [];
      for (const module of modules) {
        const contributed = module.chat?.(context);
        if (!contributed) continue;
        for (const form of contributed.webForms ?? []) {
          claimChat('the web form', form.formId, module.name);
          // A card's step button opens one form: two features may not both answer a step.
          for (const stepId of form.stepIds ?? []) claimChat('the step form of', stepId, module.name);
          webForms.push(form);
        }
        for (const handler of contributed.commands ?? []) {
          if (handler.subcommands === undefined) claimChat('the command', handler.command, module.name);
          for (const sub of handler.subcommands ?? []) {
            claimChat('the command', `${handler.command} ${sub.toLowerCase()}`, module.name);
          }
          for (const word of handler.words ?? [])
            claimChat('the command word', word.toLowerCase(), module.name);
          commands.push(handler);
        }
        for (const button of contributed.buttons ?? []) {
          claimChat('the reply button', button.action, module.name);
          buttons.push(button);
        }
      }
      return { webForms, commands, buttons };
    },
  };
}
