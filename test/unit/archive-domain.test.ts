import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  archiveSeries,
  archiveSettingsOf,
  DEFAULT_ARCHIVE_SETTINGS,
  formatArchiveNo,
} from '../../src/domain/archive/archive-no.ts';
import {
  ARCHIVE_CATALOG_MESSAGES_EN,
  ARCHIVE_CATALOG_MESSAGES_ZH,
} from '../../src/domain/archive/catalog-messages.ts';
import { checkCsvRecord, mapCsvHeader } from '../../src/domain/archive/csv-row.ts';
import { formatArchiveQuery, parseArchiveQuery } from '../../src/domain/archive/query.ts';
import { entryTerms, matchesWords, normaliseSearchText, queryTerms } from '../../src/domain/archive/terms.ts';
import { generateEntries } from '../../src/domain/archive/title-generator.ts';
import { parseOrgFile } from '../../src/org/org-file.ts';

// The archive's pure rules: search terms and normalisation, the query syntax, the 档号 rule from
// the organisation file, CSV rows, and the corpus generator.

describe('archive search terms', () => {
  it('normalises full-width, case, whitespace and the brackets of a 文号', () => {
    expect(normaliseSearchText('示水办发〔2026〕12号')).toBe('示水办发[2026]12号');
    expect(normaliseSearchText('示水办发［２０２６］１２号')).toBe('示水办发[2026]12号');
    expect(normaliseSearchText(' ＡＢ c\u3000d ')).toBe('abcd');
  });

  it('stores single characters and bigrams of title and number, never across them', () => {
    const terms = entryTerms({ title: '安全生产', docNumber: '示〔1〕', year: 2015 });
    expect(terms).toEqual(
      [
        '1',
        '1]',
        '[',
        '[1',
        ']',
        '产',
        '全',
        '全生',
        '安',
        '安全',
        '生',
        '生产',
        '示',
        '示[',
        'y:2015',
      ].sort(),
    );
    expect(terms).not.toContain('产示');
    expect(entryTerms({ title: null, docNumber: '密〔2020〕3号', year: 2020 })).toContain('密[');
  });

  it('looks a word up by its bigrams (or itself when one character) and checks by substring', () => {
    expect(queryTerms('生产工作')).toEqual(['生产', '产工', '工作']);
    expect(queryTerms('安')).toEqual(['安']);
    // Containing both bigrams apart is not a match.
    expect(matchesWords({ title: '生产和产工', docNumber: null }, ['生产工'])).toBe(false);
    expect(
      matchesWords({ title: null, docNumber: '示水办发〔2026〕12号' }, [normaliseSearchText('[2026]12号')]),
    ).toBe(true);
  });
});

describe('the /archive query', () => {
  it('reads words and filters in English and Chinese, with full-width colons', () => {
    const q = parseArchiveQuery('安全 year:2025 category:文书');
    expect(q).toEqual({
      ok: true,
      query: { words: ['安全'], year: { from: 2025, to: 2025 }, category: '文书' },
    });
    expect(parseArchiveQuery('安全 年：2020-2025 类别:会计')).toEqual({
      ok: true,
      query: { words: ['安全'], year: { from: 2020, to: 2025 }, category: '会计' },
    });
    if (q.ok) expect(formatArchiveQuery(q.query)).toBe('安全 year:2025 category:文书');
  });

  it('refuses a bad year and an empty query', () => {
    expect(parseArchiveQuery('安全 year:25')).toEqual({
      ok: false,
      error: { problem: 'bad_year', value: '25' },
    });
    expect(parseArchiveQuery('year:2026-2020')).toMatchObject({ ok: false, error: { problem: 'bad_year' } });
    expect(parseArchiveQuery('   ')).toMatchObject({ ok: false, error: { problem: 'empty' } });
  });
});

describe('the 档号 rule', () => {
  it('formats the default pattern with retention and category codes', () => {
    const parts = { year: 2025, retention: 'permanent' as const, category: '文书' };
    expect(formatArchiveNo(DEFAULT_ARCHIVE_SETTINGS, parts, 7)).toBe('X001-2025-Y-WS-0007');
    expect(archiveSeries(DEFAULT_ARCHIVE_SETTINGS, parts)).toEqual({
      series: 'archive:x001-y-ws',
      year: 2025,
    });
  });

  it('reads an archive: section of the organisation file, and refuses a bad pattern', async () => {
    const example = await readFile('org.example.yaml', 'utf8');
    const withArchive = `${example}\narchive:\n  fonds: J123\n  pattern: "{fonds}·{year}·{category}·{seq:3}"\n  categories:\n    - { name: 文书, code: A }\n    - { name: 会计, code: B }\n`;
    const org = parseOrgFile(withArchive, 'org.yaml');
    const settings = archiveSettingsOf(org.archive);
    expect(settings.fonds).toBe('J123');
    expect(formatArchiveNo(settings, { year: 2024, retention: '10y', category: '会计' }, 5)).toBe(
      'J123·2024·B·005',
    );
    expect(archiveSeries(settings, { year: 2024, retention: '10y', category: '会计' })).toEqual({
      series: 'archive:j123-b',
      year: 2024,
    });
    expect(() => parseOrgFile(`${example}\narchive:\n  pattern: "{fonds}-{year}"\n`, 'org.yaml')).toThrow(
      /seq/,
    );
    expect(archiveSettingsOf(null)).toEqual(DEFAULT_ARCHIVE_SETTINGS);
  });
});

describe('archive CSV rows', () => {
  const { columns, missing } = mapCsvHeader([
    '\uFEFF档号',
    '题名',
    '年度',
    '类别',
    '保管期限',
    '密级',
    'SHA256',
  ]);

  it('maps Chinese headers and names the missing ones', () => {
    expect(missing).toEqual([]);
    expect(mapCsvHeader(['title', 'year']).missing).toEqual(['category', 'retention', 'secrecy']);
  });

  it('accepts a good row and names the column of a bad one', () => {
    expect(checkCsvRecord(['A-1', '一件', '2020', '文书', '定期30年', '内部', ''], columns)).toMatchObject({
      ok: true,
      row: { retention: '30y', secrecy: 'internal' },
    });
    const bad = checkCsvRecord(['A-2', '', '2020', '文书', '永久', '机密', 'abc'], columns);
    expect(bad).toMatchObject({ ok: false });
    if (!bad.ok) expect(bad.problem).toContain('SHA256');
  });
});

describe('the catalog generator', () => {
  it('makes distinct 档号 and 文号, no title at 秘密 and above, years 1990–2026', () => {
    const rows = [...generateEntries(3000, { seed: 3 })];
    expect(new Set(rows.map((r) => r.archiveNo)).size).toBe(3000);
    expect(new Set(rows.map((r) => r.docNumber)).size).toBe(3000);
    for (const r of rows) {
      expect(r.year).toBeGreaterThanOrEqual(1990);
      expect(r.year).toBeLessThanOrEqual(2026);
      if (['secret', 'confidential', 'top_secret'].includes(r.secrecy)) expect(r.title).toBeNull();
      else expect(r.title).toMatch(/[\u4e00-\u9fff]{4,}/);
    }
  });

  it('has the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, zh] of Object.entries(ARCHIVE_CATALOG_MESSAGES_ZH)) {
      expect(
        names(ARCHIVE_CATALOG_MESSAGES_EN[key as keyof typeof ARCHIVE_CATALOG_MESSAGES_ZH]),
        key,
      ).toEqual(names(zh));
    }
  });
});
