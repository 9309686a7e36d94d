// The 归档 button of a finished document's card on Slack: it opens the archive hand-off form
// (归档移交), whose submission its form's handler applies (the Slack form glue), as the 批办 and
// 签发 step forms' are.

import type { App } from '@slack/bolt';
import { t } from '../../../shared/i18n.ts';
import { InvalidActionValueError, type ItemRef, parseItemRef } from '../action-values.ts';
import { ACTION_IDS } from '../ids.ts';
import { onButton } from '../interactions.ts';
import type { SlackRequestContext } from '../request-context.ts';
import { buildDocArchiveModal } from './card-form-blocks.ts';

/** The 归档 button: the form first (the trigger_id lives 3 s); who may archive is checked when it is sent. */
export function registerDocArchiveButton(app: App<SlackRequestContext>): void {
  onButton(app, ACTION_IDS.docArchive, async ({ ack, action, body, client, context, respond }) => {
    await ack();
    const locale = await context.locale();
    let ref: ItemRef;
    try {
      ref = parseItemRef(action.value);
    } catch (error) {
      if (!(error instanceof InvalidActionValueError)) throw error;
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: t(locale, 'error.invalid_payload'),
      });
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: buildDocArchiveModal({ locale, ref }) });
  });
}
