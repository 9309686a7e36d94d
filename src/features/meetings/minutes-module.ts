// What minutes and decisions add to the meetings feature: their two flows, the hooks (the minutes'
// row at the start; at signing, the notice, the decisions and the archive hand-off), their cards
// and notices, their texts, `/meeting minutes` with its form and `/meeting decisions`. Kept apart
// so the meetings module only spreads these in.

import type { FlowWording } from '../../chat/core/card.ts';
import type { CardFieldsOf, NoticeOf } from '../../chat/core/card-assembly.ts';
import { DECISION_DEFINITION, MINUTES_DEFINITION } from '../../domain/meetings/minutes.ts';
import type { FeatureChat, FeatureChatContext, FeatureEnvironment } from '../feature-module.ts';
import type { StartHook, TransitionHook } from '../workflow/workflow-service.ts';
import type { MeetingDirectory } from './meeting-card.ts';
import { decisionCardFields, decisionNotice, minutesCardFields, minutesNotice } from './minutes-card.ts';
import { createMinutesChatDeps } from './minutes-chat.ts';
import { minutesButton, minutesCommands } from './minutes-commands.ts';
import {
  type DecisionStarter,
  minutesHook,
  minutesStartHook,
  withMeetingCardRefresh,
} from './minutes-service.ts';
import { minutesWebForm } from './minutes-web-form.ts';

/** The minutes' and decisions' parts of the meetings module. */
export function minutesParts(environment: FeatureEnvironment, directory: MeetingDirectory) {
  const { prisma, clock, settings, people } = environment;
  // The signature starts the decisions with the bot's workflow service, built after the modules.
  const starter: DecisionStarter = { service: null };
  return {
    definitions: [MINUTES_DEFINITION, DECISION_DEFINITION],
    startHooks: [[MINUTES_DEFINITION.id, withMeetingCardRefresh.start(minutesStartHook)]] as Array<
      [string, StartHook]
    >,
    transitionHooks: [
      [MINUTES_DEFINITION.id, withMeetingCardRefresh.transition(minutesHook(starter, settings.timeZone))],
    ] as Array<[string, TransitionHook]>,
    fields: [
      [MINUTES_DEFINITION.id, minutesCardFields(directory)],
      [DECISION_DEFINITION.id, decisionCardFields],
    ] as Array<[string, CardFieldsOf]>,
    notices: [
      [MINUTES_DEFINITION.id, minutesNotice],
      [DECISION_DEFINITION.id, decisionNotice],
    ] as Array<[string, NoticeOf]>,
    wordings: [
      [MINUTES_DEFINITION.id, { family: 'meeting_minutes' }],
      [DECISION_DEFINITION.id, { family: 'meeting_decision' }],
    ] as Array<[string, FlowWording]>,
    chat({ service }: FeatureChatContext): Required<Pick<FeatureChat, 'webForms' | 'commands' | 'buttons'>> {
      starter.service = service;
      const deps = createMinutesChatDeps({
        prisma,
        service,
        clock,
        timeZone: settings.timeZone,
        namesOf: people.namesOf,
      });
      return {
        webForms: [minutesWebForm(deps)],
        commands: minutesCommands(deps),
        buttons: [minutesButton(deps)],
      };
    },
  };
}
