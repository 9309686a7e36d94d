// A week's report as the reports feature stores it in its outbox rows, for the platforms' tests.

/** The report of week 2026-W48: three items on time, one late, none overdue. */
export const WEEK_REPORT = {
  period: {
    kind: 'week' as const,
    label: '2026-W48',
    start: '2026-11-22T16:00:00.000Z',
    end: '2026-11-29T16:00:00.000Z',
  },
  generatedAt: '2026-11-30T00:00:00.000Z',
  departments: [],
  total: { onTime: 3, late: 1, overdue: 0, averageHours: 5 },
  longestOverdue: [],
  people: {},
};
