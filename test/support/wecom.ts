// The WeCom API client and delivery on a stand-in, as the WeCom tests build them: the token and
// the stand-in on the test's clock, the delivery on a test database.

import { createWeComApi } from '../../src/chat/wecom/api.ts';
import type { WeComStandIn } from '../../src/chat/wecom/stand-in/stand-in.ts';
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
