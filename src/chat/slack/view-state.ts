// Reading a submitted modal: `view.state.values` is keyed by block id, then action id, and Slack
// leaves out what was not filled. Every form's parser reads it through here, so none of them
// trusts Bolt's loose typing of it, and none of them throws on a field that is missing.

import type { ViewOutput } from '@slack/bolt';

/**
 * `view.state.values` of a submitted form, keyed by block id then action id. Bolt's
 * `ViewOutput['state']['values']` fits this shape; only the fields read here are named.
 */
export type SlackViewStateValues = Readonly<
  Record<string, Readonly<Record<string, SlackViewStateValue | undefined>> | undefined>
>;

interface SlackViewStateValue {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: ReadonlyArray<{ value?: string }> | null;
}

/** What a form's parser gives back: the value it read, or the error to show under each block. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** Reads typed text, a choice or several choices out of `view.state.values`; never throws. */
export function readViewState(values: SlackViewStateValues | null | undefined) {
  const state = (blockId: string, actionId: string): SlackViewStateValue | undefined => {
    const value = values?.[blockId]?.[actionId];
    return value && typeof value === 'object' ? value : undefined;
  };
  const text = (blockId: string, actionId: string): string => {
    const value = state(blockId, actionId)?.value;
    return typeof value === 'string' ? value : '';
  };
  const choice = (blockId: string, actionId: string): string | undefined => {
    const value = state(blockId, actionId)?.selected_option?.value;
    return typeof value === 'string' ? value : undefined;
  };
  const choices = (blockId: string, actionId: string): string[] => {
    const options = state(blockId, actionId)?.selected_options;
    if (!Array.isArray(options)) return [];
    return options.map((o: { value?: unknown }) => o?.value).filter((v) => typeof v === 'string');
  };
  return { text, choice, choices };
}

/** The submitted values of a modal, read as {@link readViewState} reads them. */
export function viewValues(view: Pick<ViewOutput, 'state'>) {
  return readViewState(view.state.values);
}
