import type { ParamValue } from './types.ts';

/**
 * The texts of a param that names things (people, departments, entries): a list as given, one
 * non-empty text as a list of one, nothing for a missing param or a list of records.
 */
export function paramList(value: ParamValue | undefined): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
}
