// Reading a backup's tarball before PGlite sees it: PGlite's own loader assumes a well-formed
// archive, and a damaged one makes it throw from inside a stream, where no caller can catch it
// and the whole process dies. So every header is checked here first.

/** What a backup holds, read from its tarball without opening it as a database. */
export interface DataDirTarballSummary {
  /** Files and folders in the archive. */
  entries: number;
  /** PostgreSQL major version the data folder was written by (its PG_VERSION file), e.g. "18". */
  postgresMajor: string;
}

/** The tarball is not a complete PostgreSQL data folder. */
export class BadTarballError extends Error {}

const BLOCK = 512;
const decoder = new TextDecoder();

function field(header: Uint8Array, start: number, length: number): string {
  const raw = decoder.decode(header.subarray(start, start + length));
  const end = raw.indexOf('\0');
  return end < 0 ? raw : raw.slice(0, end);
}

function headerChecksumHolds(header: Uint8Array): boolean {
  const stored = Number.parseInt(field(header, 148, 8).trim(), 8);
  if (!Number.isFinite(stored)) return false;
  let sum = 0;
  // The checksum is computed with its own eight bytes read as spaces.
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
  return sum === stored;
}

/**
 * Walks a ustar archive (as PGlite's `dumpDataDir('none')` writes it) and checks that every
 * header is intact, that no entry runs past the end, and that the data folder's PG_VERSION and
 * global/pg_control are there. Throws BadTarballError saying what is wrong.
 */
export function summariseDataDirTarball(tar: Uint8Array): DataDirTarballSummary {
  let offset = 0;
  let entries = 0;
  let postgresMajor: string | null = null;
  let hasControl = false;
  let ended = false;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) {
      ended = true;
      break;
    }
    if (field(header, 257, 5) !== 'ustar' || !headerChecksumHolds(header)) {
      throw new BadTarballError(`damaged archive header at byte ${offset}`);
    }
    const prefix = field(header, 345, 155);
    const name = (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100)).replace(/^\/+/, '');
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) throw new BadTarballError(`bad size for ${name}`);
    const dataStart = offset + BLOCK;
    if (dataStart + size > tar.length)
      throw new BadTarballError(`${name} is cut off: the archive is truncated`);
    if (name === 'PG_VERSION')
      postgresMajor = decoder.decode(tar.subarray(dataStart, dataStart + size)).trim();
    if (name === 'global/pg_control') hasControl = true;
    entries += 1;
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
  }
  if (!ended) throw new BadTarballError('the archive has no end marker: it is truncated');
  if (postgresMajor === null || !hasControl) {
    throw new BadTarballError(
      'the archive is not a PostgreSQL data folder (no PG_VERSION or global/pg_control)',
    );
  }
  return { entries, postgresMajor };
}
