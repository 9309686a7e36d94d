// The Slack adapter's own user texts: those that name Slack or its settings. The shared and the
// features' catalogs serve every platform and name none, so a text worded for Slack users lives
// here, beside the code that shows it.

import { defineMessages, type Locale } from '../../shared/i18n.ts';

const SLACK_MESSAGES = defineMessages({
  zh: {
    // The core's `wf.not_linked`, in Slack's terms: what to ask the office for.
    not_linked:
      '你的 Slack 账号还没有关联到单位通讯录，无法办理。请联系办公室在通讯录中填写你的 slack_user_id。',
    // The documents feature's `doc.new.draft_link.hint`: on Slack a draft is often a Slack file.
    draft_link_hint: '文稿的网址或 Slack 文件链接，以 http:// 或 https:// 开头。',
  },
  en: {
    not_linked:
      'Your Slack account is not linked to the office directory yet. Ask the office to add your slack_user_id.',
    draft_link_hint: 'A web address or Slack file link, starting with http:// or https://.',
  },
});

/** A text of the Slack adapter's own. */
export type SlackMessageKey = keyof typeof SLACK_MESSAGES.zh;

/** The Slack adapter's text `key` in `locale`. */
export function slackText(locale: Locale, key: SlackMessageKey): string {
  return locale === 'en' ? SLACK_MESSAGES.en[key] : SLACK_MESSAGES.zh[key];
}
