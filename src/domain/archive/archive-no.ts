// 档号 (archive number) rule of the unit: a pattern such as `{fonds}-{year}-{retention}-{category}-{seq:4}`
// (全宗号-年度-保管期限-类别-件号), the fonds code, the retention codes and the category codes,
// from the `archive:` section of the organisation file (stored in `UnitSetting.archive`).
// Defaults apply while the section is absent.

import { z } from 'zod';

/** 保管期限: 永久, 定期30年, 定期10年 (DOMAIN.md, Archive). */
export const ARCHIVE_RETENTIONS = ['permanent', '30y', '10y'] as const;
/** One of {@link ARCHIVE_RETENTIONS}. */
export type ArchiveRetention = (typeof ARCHIVE_RETENTIONS)[number];

/** Chinese names of the retention periods. */
export const RETENTION_LABELS_ZH: Record<ArchiveRetention, string> = {
  permanent: '永久',
  '30y': '定期30年',
  '10y': '定期10年',
};

/** Years a retention period keeps a record (null: forever). */
export const RETENTION_YEARS: Record<ArchiveRetention, number | null> = {
  permanent: null,
  '30y': 30,
  '10y': 10,
};

const PLACEHOLDER = /\{(fonds|year|retention|category|seq(?::(\d))?)\}/g;

const code = () =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{1,10}$/, { error: 'must be 1–10 letters or digits' });

const PatternSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((p) => /\{seq(?::\d)?\}/.test(p), { error: 'must contain {seq} or {seq:N}' })
  .refine((p) => p.replace(PLACEHOLDER, '').indexOf('{') < 0, {
    error: 'may use only {fonds}, {year}, {retention}, {category} and {seq} / {seq:N}',
  });

/** The `archive:` section of the organisation file (snake_case keys), with defaults. */
export const ArchiveSettingsFileSchema = z
  .strictObject({
    fonds: code().default('X001'),
    pattern: PatternSchema.default('{fonds}-{year}-{retention}-{category}-{seq:4}'),
    retention_codes: z
      .strictObject({ permanent: code(), '30y': code(), '10y': code() })
      .default({ permanent: 'Y', '30y': 'D30', '10y': 'D10' }),
    categories: z
      .array(z.strictObject({ name: z.string().trim().min(1).max(20), code: code() }))
      .min(1)
      .optional(),
  })
  .transform((a) => ({
    fonds: a.fonds,
    pattern: a.pattern,
    retentionCodes: a.retention_codes,
    categories: a.categories ?? DEFAULT_CATEGORIES.map((c) => ({ ...c })),
  }))
  .superRefine((a, ctx) => {
    const names = new Set<string>();
    const codes = new Set<string>();
    for (const c of a.categories) {
      if (names.has(c.name)) ctx.addIssue({ code: 'custom', message: `category ${c.name} is listed twice` });
      if (codes.has(c.code))
        ctx.addIssue({ code: 'custom', message: `category code ${c.code} is used twice` });
      names.add(c.name);
      codes.add(c.code);
    }
  });

/** The archive's rules, as stored in `UnitSetting.archive` (camelCase). */
export interface ArchiveSettings {
  fonds: string;
  pattern: string;
  retentionCodes: Record<ArchiveRetention, string>;
  categories: Array<{ name: string; code: string }>;
}

/** Categories (类别) when the file names none: 文书, 会计, 科技, 人事, 基建, 声像, 实物, 电子. */
export const DEFAULT_CATEGORIES: ReadonlyArray<{ name: string; code: string }> = [
  { name: '文书', code: 'WS' },
  { name: '会计', code: 'KJ' },
  { name: '科技', code: 'KY' },
  { name: '人事', code: 'RS' },
  { name: '基建', code: 'JJ' },
  { name: '声像', code: 'SX' },
  { name: '实物', code: 'SW' },
  { name: '电子', code: 'DZ' },
];

/** The rules in force while the organisation file has no `archive:` section. */
export const DEFAULT_ARCHIVE_SETTINGS: ArchiveSettings = ArchiveSettingsFileSchema.parse({});

const StoredSchema = z.object({
  fonds: z.string(),
  pattern: z.string(),
  retentionCodes: z.object({ permanent: z.string(), '30y': z.string(), '10y': z.string() }),
  categories: z.array(z.object({ name: z.string(), code: z.string() })).min(1),
});

/** The settings stored in `UnitSetting.archive` (null or unreadable: the defaults). */
export function archiveSettingsOf(stored: unknown): ArchiveSettings {
  const parsed = StoredSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_ARCHIVE_SETTINGS;
}

/** What a 档号 is made of. */
export interface ArchiveNoParts {
  year: number;
  retention: ArchiveRetention;
  /** The category's name (文书 …), as stored on the entry. */
  category: string;
}

/** The code of a category, or null when the unit has no such category. */
export function categoryCode(settings: ArchiveSettings, category: string): string | null {
  return settings.categories.find((c) => c.name === category)?.code ?? null;
}

/**
 * The counter series a 档号 takes its sequence from: one per value of the pattern's other parts
 * (fonds, retention, category; the year is the counter's own column), so `WS-0001` and `KJ-0001`
 * can both exist when the category is in the pattern. Lower-case, as `number_counter.series` wants.
 */
export function archiveSeries(
  settings: ArchiveSettings,
  parts: ArchiveNoParts,
): { series: string; year: number } {
  const keys: string[] = [];
  if (settings.pattern.includes('{fonds}')) keys.push(settings.fonds);
  if (settings.pattern.includes('{retention}')) keys.push(settings.retentionCodes[parts.retention]);
  if (settings.pattern.includes('{category}')) keys.push(categoryCode(settings, parts.category) ?? 'x');
  const series = `archive:${keys.join('-').toLowerCase() || 'all'}`;
  return { series, year: settings.pattern.includes('{year}') ? parts.year : 0 };
}

/** The 档号 of `parts` with sequence number `seq`, by the unit's pattern. */
export function formatArchiveNo(settings: ArchiveSettings, parts: ArchiveNoParts, seq: number): string {
  return settings.pattern.replace(PLACEHOLDER, (_m, name: string, width: string | undefined) => {
    switch (name) {
      case 'fonds':
        return settings.fonds;
      case 'year':
        return String(parts.year);
      case 'retention':
        return settings.retentionCodes[parts.retention];
      case 'category':
        return categoryCode(settings, parts.category) ?? parts.category;
      default:
        return String(seq).padStart(width ? Number(width) : 1, '0');
    }
  });
}
