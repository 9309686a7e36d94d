// Document numbers (发文字号, 收文编号) from the unit's patterns, e.g. `{prefix}办发〔{year}〕{seq}号`
// → 示水办发〔2026〕12号. Pure: the sequence itself comes from src/features/documents/numbering.ts.

/** Text between braces in a pattern; a `{` without a closing `}` is kept as it is. */
const PLACEHOLDER = /\{([^}]*)\}/g;

/** `{seq:3}`: the sequence zero-padded to at least 3 digits (1 to 9). */
const PADDED_SEQ = /^seq:([1-9])$/;

type Placeholder = { kind: 'prefix' | 'year' } | { kind: 'seq'; width: number };

/** What `{name}` stands for, or null when a pattern may not use it. */
function readPlaceholder(name: string): Placeholder | null {
  if (name === 'prefix' || name === 'year') return { kind: name };
  if (name === 'seq') return { kind: 'seq', width: 1 };
  const padded = PADDED_SEQ.exec(name);
  return padded ? { kind: 'seq', width: Number(padded[1]) } : null;
}

/**
 * What is wrong with a number pattern, one message per problem (empty when it is usable). The
 * organisation file reports these at the pattern's line; {@link formatDocumentNumber} refuses them.
 */
export function documentNumberPatternProblems(pattern: string): string[] {
  const placeholders = [...pattern.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
  const problems: string[] = [];
  const unknown = placeholders.filter((name) => readPlaceholder(name) === null);
  if (unknown.length > 0) {
    problems.push(
      `unknown placeholder ${unknown.map((n) => `{${n}}`).join(', ')}; use {prefix}, {year} and {seq} (or {seq:3} for 001)`,
    );
  }
  // Numbers restart every year (DOMAIN: "unique, by the unit's rule, per year"), so both are needed.
  const kinds = placeholders.map((name) => readPlaceholder(name)?.kind);
  if (!kinds.includes('year') || !kinds.includes('seq')) {
    problems.push('must contain {year} and {seq}, e.g. {prefix}办发〔{year}〕{seq}号');
  }
  return problems;
}

/**
 * The number a pattern gives for one prefix, year and sequence number. Everything outside the
 * placeholders (办发, 〔〕, 号) is kept as written; values are not searched for placeholders again.
 * Throws on a pattern {@link documentNumberPatternProblems} rejects, or a year or sequence that is
 * not a positive integer.
 */
export function formatDocumentNumber(
  pattern: string,
  values: { prefix: string; year: number; seq: number },
): string {
  const problems = documentNumberPatternProblems(pattern);
  if (problems.length > 0) throw new Error(`document number pattern "${pattern}": ${problems.join('; ')}`);
  if (!Number.isSafeInteger(values.year) || values.year < 1) {
    throw new Error(`document number year must be a positive integer, got ${values.year}`);
  }
  if (!Number.isSafeInteger(values.seq) || values.seq < 1) {
    throw new Error(`document number sequence must be a positive integer, got ${values.seq}`);
  }
  return pattern.replace(PLACEHOLDER, (_match, name: string) => {
    const placeholder = readPlaceholder(name);
    switch (placeholder?.kind) {
      case 'prefix':
        return values.prefix;
      case 'year':
        return String(values.year);
      case 'seq':
        return String(values.seq).padStart(placeholder.width, '0');
      default:
        throw new Error(`unknown placeholder {${name}}`);
    }
  });
}
