import type { types } from '@slack/bolt';
import type { Locale } from '../../../shared/i18n.ts';
import { t } from '../../../shared/i18n.ts';
import { BLOCK_KIT_LIMITS, truncateText } from './limits.ts';
import { mrkdwn, plainText } from './message.ts';

/** The App Home tab: a short welcome (欢迎) and where to start. */
export function buildAppHomeView(locale: Locale): types.HomeView {
  return {
    type: 'home',
    blocks: [
      {
        type: 'header',
        text: plainText(truncateText(t(locale, 'home.header'), BLOCK_KIT_LIMITS.headerText)),
      },
      { type: 'section', text: mrkdwn(t(locale, 'home.body')) },
      { type: 'context', elements: [mrkdwn(t(locale, 'home.hint'))] },
    ],
  };
}
