// Writes a transition's reminder rows in the transition's own transaction: `deadline_set` plans
// the step's rows (a moved deadline or a change of people cancels the old ones and plans anew),
// `deadline_cleared` and finishing cancel what is still pending. A step that has just become
// active gets its 催一下 redraw (`chase_offer`) when the button comes later.

import type { Tx } from '../../db/types.ts';
import { instanceSubject, planStepReminders } from '../../domain/chasing/plan.ts';
import type { StoredChasingSettings } from '../../domain/chasing/settings.ts';
import type { WeekdayCalendar } from '../../domain/workflow/calendar.ts';
import type { EffectsHook } from '../workflow/workflow-service.ts';
import { planChaseOffer } from './chase-offer.ts';
import { cancelReminders, cancelStaleStepReminders, insertReminders } from './reminder-store.ts';

/** The EffectsHook of chasing (催办), for `createWorkflowService({ effectsHook })`. */
export function chasingEffectsHook(deps: {
  calendar: WeekdayCalendar;
  settings: StoredChasingSettings;
}): EffectsHook {
  return async (tx: Tx, { before, next, effects, now }) => {
    const subject = instanceSubject(next.id);
    for (const effect of effects) {
      switch (effect.type) {
        case 'deadline_set': {
          const rows = planStepReminders(
            {
              instanceId: next.id,
              definitionId: next.definitionId,
              stepKey: effect.stepKey,
              personIds: effect.personIds,
              deadline: new Date(effect.deadline),
              urgency: next.urgency,
              now,
            },
            deps.calendar,
            deps.settings,
          );
          // Rows of the same deadline and people keep their keys and state (a sent reminder is
          // not sent again, the overdue chain goes on); everything else of this step goes.
          await cancelStaleStepReminders(tx, {
            subject,
            stepKey: effect.stepKey,
            deadline: new Date(effect.deadline),
            personIds: effect.personIds,
            now,
          });
          await insertReminders(tx, rows, now);
          break;
        }
        case 'deadline_cleared':
          await cancelReminders(tx, { subject, stepKey: effect.stepKey, now });
          break;
        case 'instance_finished':
          await cancelReminders(tx, { subject, stepKey: null, now });
          break;
        default:
          break;
      }
    }
    const offer = planChaseOffer(before, next, now, deps);
    if (offer) await insertReminders(tx, [offer], now);
  };
}
