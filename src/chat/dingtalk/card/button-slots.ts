// A viewer's buttons put into the template's fixed button slots: each slot shown or hidden, with
// its label, colour and the action and value its click sends back.

import { plainLine } from '../markdown.ts';
import { BUTTON_SLOTS, type ButtonStyle, buttonVars, type CardParamMap } from './template.ts';

/** Longest label: a card button shows a few words. */
export const BUTTON_LABEL_MAX = 20;

/** Longest action name accepted in a slot (and back from a click). */
export const SLOT_ACTION_MAX = 64;

/** Longest value in a slot: the neutral reply buttons' own limit. */
export const SLOT_VALUE_MAX = 2000;

/** One button as a slot shows it. */
export interface SlotButton {
  label: string;
  /** What the click asks for: a card action type, a feature button's key, or a reply's action. */
  action: string;
  value: string;
  style: ButtonStyle;
}

/**
 * The slot variables for `buttons`, in order, every slot set (unused ones hidden, so an update
 * hides what a former state showed). Buttons beyond the slots are counted in `leftOut`.
 */
export function fillButtonSlots(buttons: readonly SlotButton[]): { params: CardParamMap; leftOut: number } {
  const params: CardParamMap = {};
  for (let index = 1; index <= BUTTON_SLOTS; index++) {
    const vars = buttonVars(index);
    const button = buttons[index - 1];
    if (!button) {
      params[vars.show] = 'false';
      params[vars.text] = '';
      params[vars.style] = 'normal';
      params[vars.action] = '';
      params[vars.value] = '';
      continue;
    }
    if (button.action.length > SLOT_ACTION_MAX || button.value.length > SLOT_VALUE_MAX) {
      throw new Error(`a button's action or value is over the slot limits (${button.action})`);
    }
    params[vars.show] = 'true';
    params[vars.text] = plainLine(button.label, BUTTON_LABEL_MAX);
    params[vars.style] = button.style;
    params[vars.action] = button.action;
    params[vars.value] = button.value;
  }
  return { params, leftOut: Math.max(0, buttons.length - BUTTON_SLOTS) };
}
