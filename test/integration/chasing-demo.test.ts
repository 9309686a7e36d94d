import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitCalendar } from '../../src/domain/chasing/holidays.ts';
import { workingDaysLate } from '../../src/domain/chasing/plan.ts';
import { defaultChasingSettings } from '../../src/domain/chasing/settings.ts';
import { CHASING_DEMO, seedChasingDemo } from '../../src/features/chasing/demo.ts';
import { PLAYGROUND_TEAM_ID } from '../../src/playground/start.ts';
import { databaseKinds } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import {
  botServiceAt,
  type PlaygroundMessage,
  type PlaygroundState,
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
} from '../support/playground.ts';

// The playground's chasing demo: a fresh playground started in office hours shows, from the
// scheduler's first wake after the demo data, the late assignee's overdue reminder and morning
// digest, and the 督办 to the supervising leader and the office head, whose 立即催办 nudges him.

const P = {
  maQiang: 'U0EXAMPLE15', // construction head: the late assignee
  chenLixin: 'U0EXAMPLE07', // the construction section's supervising leader
  zhaoMin: 'U0EXAMPLE03', // office head: sees every 督办
} as const;

/** Shanghai local time → Date (UTC+8, no DST). */
const local = (iso: string) => new Date(`${iso}+08:00`);

describe.each(databaseKinds)('the playground’s chasing demo on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;
  // Thursday 3 December 2026, 10:00: a working day, in office hours.
  const clock = new FakeClock(local('2026-12-03T10:00:00'));

  beforeAll(async () => {
    running = await startTestPlayground(kind, { demoData: true, clock });
    ({ pg } = running);
  }, 120_000);
  afterAll(async () => {
    await running?.stop();
  });

  const botMessages = (s: PlaygroundState) => pg.dm(s).messages.filter((m) => m.from === 'bot');
  const found = (user: string, what: string, test: (m: PlaygroundMessage) => boolean) =>
    pg.waitFor(user, (s) => botMessages(s).find(test), what);
  const escalation = (m: PlaygroundMessage) =>
    m.text.startsWith('🚨 督办：') && m.text.includes(CHASING_DEMO.title);

  it('starts the demo item through the workflow service, a few working days past its deadline', async () => {
    const prisma = running.playground.bot.db.prisma;
    const item = await prisma.workflowInstance.findFirstOrThrow({ where: { title: CHASING_DEMO.title } });
    expect(item).toMatchObject({ status: 'running', urgency: 'urgent', waitingOn: ['ma-qiang'] });
    const step = (item.state as { steps: Array<{ deadline: string | null }> }).steps[0];
    // Submitted Thu 26 Nov 09:30; two working days → Mon 30 Nov 18:00; three working days late now.
    expect(step?.deadline).toBe(local('2026-11-30T18:00:00').toISOString());
    const calendar = unitCalendar('Asia/Shanghai', defaultChasingSettings().calendar);
    expect(workingDaysLate(new Date(step?.deadline ?? ''), clock.now(), calendar)).toBe(
      CHASING_DEMO.workingDaysLate,
    );
    expect(await prisma.reminder.count({ where: { instanceId: item.id } })).toBeGreaterThan(0);
  });

  it('sends the assignee his overdue reminder and digest, and the 督办 to his supervisors, at once', async () => {
    const overdue = await found(
      P.maQiang,
      'the overdue reminder',
      (m) => m.text.startsWith('❗ 催办：') && m.text.includes(CHASING_DEMO.title),
    );
    expect(overdue.text).toContain('已超期 3 个工作日（时限 11-30 18:00）');
    const digest = await found(P.maQiang, 'the digest', (m) => m.text.includes('☀️ 早上好！'));
    expect(JSON.stringify(digest.blocks)).toContain(CHASING_DEMO.title);
    for (const supervisor of [P.chenLixin, P.zhaoMin]) {
      const message = await found(supervisor, 'the 督办', escalation);
      expect(message.text).toContain('马强办理的');
      expect(pg.buttonOf(message, 'chase_now')).not.toBeNull();
    }
  });

  it('sends nothing twice on the next wake or a second seeding, and the supervisor’s 立即催办 nudges the assignee', async () => {
    const prisma = running.playground.bot.db.prisma;
    await running.playground.bot.wakeScheduler();
    expect(
      await seedChasingDemo({
        db: running.playground.bot.db,
        workspaceId: PLAYGROUND_TEAM_ID,
        timeZone: 'Asia/Shanghai',
        now: clock.now(),
        serviceAt: botServiceAt(running),
      }),
    ).toBe(0);
    expect(await prisma.workflowInstance.count({ where: { title: CHASING_DEMO.title } })).toBe(1);

    const message = await found(P.chenLixin, 'the 督办', escalation);
    expect((await pg.click(P.chenLixin, message, 'chase_now')).body).toEqual({ ok: true });
    await pg.waitFor(
      P.chenLixin,
      (s) => pg.dm(s).messages.find((m) => m.ephemeral && m.text.includes('已催办：马强')),
      'the answer',
    );
    await found(P.maQiang, 'the nudge', (m) => m.text.startsWith('👉 陈立新催办「'));
    const state = await pg.state(P.chenLixin);
    expect(botMessages(state).filter(escalation)).toHaveLength(1);
    const assignee = botMessages(await pg.state(P.maQiang));
    expect(assignee.filter((m) => m.text.startsWith('❗ 催办：'))).toHaveLength(1);
  });
});
