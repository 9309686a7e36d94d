// The App Home tab: the person's work (待我办理, 我发起的, 近期办结) above a short welcome, the
// neutral reply of the person's work drawn as a home view. Without the work (no workflow module,
// or someone linked to nobody), only the welcome shows.

import type { types } from '@slack/bolt';
import type { MyWork } from '../../../features/workflow/my-work.ts';
import { myWorkReply } from '../../../features/workflow/my-work-reply.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { renderBlock } from '../reply-blocks.ts';

/** The App Home tab: the person's work when known, then a short welcome and where to start. */
export function buildAppHomeView(locale: Locale, work?: MyWork): types.HomeView {
  const reply = myWorkReply(locale, work);
  return { type: 'home', blocks: reply.blocks.map(renderBlock) as types.HomeView['blocks'] };
}
