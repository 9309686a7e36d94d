// The WeCom API client and delivery on a stand-in, as the WeCom tests build them: the token and
// the stand-in on the test's clock, the delivery on a test database.

import { createWeComApi } from '../../src/chat/wecom/api.ts';
import type { StandInWeComMessage, WeComStandIn } from '../../src/chat/wecom/stand-in/stand-in.ts';
import { createWeComTokenSource } from '../../src/chat/wecom/token.ts';
import { createWeComDelivery, type WeComDeliveryDeps } from '../../src/chat/wecom/wecom-delivery.ts';
import { weekdayCalendar } from '../../src/domain/workflow/calendar.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import type { Clock } from '../../src/shared/clock.ts';
import { silentLogger } from './databases.ts';

/** The API client of the app the stand-in serves; `now` is the token's clock (default real time). */
export function weComApiOn(standIn: WeComStandIn, now?: () => number) {
  const tokens = createWeComTokenSource({
    apiUrl: standIn.url,
    corpId: standIn.keys.corpId,
    secret: standIn.env.WECOM_SECRET ?? '',
    ...(now ? { now } : {}),
  });
  const api = createWeComApi({ apiUrl: standIn.url, agentId: Number(standIn.env.WECOM_AGENT_ID), tokens });
  return { api, tokens };
}

/** The WeCom delivery on the stand-in and a test database, on `clock`; `deps` overrides the rest. */
export function weComDeliveryOn(
  standIn: WeComStandIn,
  prisma: PrismaClient,
  clock: Clock,
  deps: Partial<WeComDeliveryDeps> = {},
) {
  return createWeComDelivery({
    api: weComApiOn(standIn, () => clock.now().getTime()).api,
    prisma,
    assembly: { prisma, clock, timeZone: 'Asia/Shanghai', definitions: new Map() },
    logger: silentLogger,
    calendar: weekdayCalendar('Asia/Shanghai'),
    archiveFilesDir: '/nonexistent',
    ...deps,
  });
}

/** What a message says: a text's content, or a template card's title, text and rows. */
export function wordsOf(message: StandInWeComMessage): string {
  const content = message.content as {
    content?: unknown;
    main_title?: { title?: string };
    sub_title_text?: string;
    horizontal_content_list?: Array<{ keyname?: string; value?: string }>;
  };
  if (typeof content.content === 'string') return content.content;
  const rows = (content.horizontal_content_list ?? []).map(
    (row) => `${row.keyname ?? ''}：${row.value ?? ''}`,
  );
  return [content.main_title?.title ?? '', content.sub_title_text ?? '', ...rows].filter(Boolean).join('\n');
}

/** The keys of a template card message's buttons (none for a text). */
export function buttonKeysOf(message: StandInWeComMessage): string[] {
  const content = message.content as { button_list?: Array<{ key?: string }> };
  return (content.button_list ?? []).map((button) => button.key ?? '');
}
