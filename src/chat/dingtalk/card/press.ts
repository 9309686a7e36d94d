// What a press of a workflow button on a DingTalk card asks for before anything is done, read from
// its value alone (pure): act at once, open the card's panel with the action's short form or a
// confirmation, or send the person to the web form. And the card update a click's acknowledgement
// carries, so the panel opens (or closes) on the clicker's copy without another API call.

import {
  ACTION_FORM_TYPES,
  type ActionFormType,
  actionFormSpec,
} from '../../../features/workflow/action-form.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import type { CardActionType } from '../../core/card.ts';
import type { CardButtonRef } from './card-value.ts';
import { closedPanel, confirmPanel, formPanel } from './form-panel.ts';
import type { CardParamMap } from './template.ts';

/** What a press leads to. */
export type PressStep =
  /** Do it now (no form, no confirmation). */
  | { kind: 'act' }
  /** Open the panel on the clicker's copy with these private variables. */
  | { kind: 'panel'; params: CardParamMap }
  /** The form cannot be drawn on the card: offer the web form (the step's own, or the action's). */
  | { kind: 'web_form' };

/** What the action form is drawn with on the panel (the item's title, choices known to the caller). */
export interface PressContext {
  locale: Locale;
  /** The card's title ("密件 #…" for classified items). */
  title?: string;
  classified?: boolean;
  returnTargets?: ReadonlyArray<{ stepKey: string; label: string }>;
  people?: ReadonlyArray<{ personId: string; name: string }>;
}

/**
 * The step a press of `action` with `ref` (its parsed value) leads to. A button that opens a form
 * gets the action's form on the panel when the card can draw it, else the web form; the step's
 * own form (批办) is always the web's. A button that only asks to confirm gets the confirmation.
 */
export function pressStep(
  action: CardActionType,
  ref: CardButtonRef,
  value: string,
  context: PressContext,
): PressStep {
  const target = { action, value };
  if (ref.form) return { kind: 'web_form' };
  if (ref.opensForm) {
    if (!isActionFormType(action)) return { kind: 'web_form' };
    const spec = actionFormSpec({
      action,
      requireComment: ref.requireComment,
      ...(context.title ? { title: context.title } : {}),
      ...(context.classified ? { classified: true } : {}),
      ...(context.returnTargets ? { returnTargets: context.returnTargets } : {}),
      ...(context.people ? { people: context.people } : {}),
    });
    const params = formPanel(spec, context.locale, target);
    return params ? { kind: 'panel', params } : { kind: 'web_form' };
  }
  if (ref.confirm && (action === 'recall' || action === 'cancel' || action === 'reject')) {
    const { locale } = context;
    return {
      kind: 'panel',
      params: confirmPanel(
        {
          title: t(locale, `card.confirm.${action}.title`),
          text: t(locale, `card.confirm.${action}.text`),
          confirm: t(locale, `card.confirm.${action}.confirm`),
          deny: t(locale, 'card.confirm.deny'),
        },
        target,
      ),
    };
  }
  return { kind: 'act' };
}

function isActionFormType(action: CardActionType): action is ActionFormType {
  return (ACTION_FORM_TYPES as readonly string[]).includes(action);
}

/**
 * The data of a card click's acknowledgement that updates the card in place: the shared variables
 * given and the clicker's own, merged by key into what the card holds (the rest is kept). The
 * clicker's part goes as `userPrivateData`, as DingTalk's card examples answer a callback.
 */
export function clickAckData(update: {
  shared?: CardParamMap;
  viewer?: CardParamMap;
}): Record<string, unknown> {
  return {
    cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
    ...(update.shared ? { cardData: { cardParamMap: { ...update.shared } } } : {}),
    ...(update.viewer ? { userPrivateData: { cardParamMap: { ...update.viewer } } } : {}),
  };
}

/** The acknowledgement that closes the clicker's panel (after a cancel, or before a redraw). */
export function closePanelAck(): Record<string, unknown> {
  return clickAckData({ viewer: closedPanel() });
}
