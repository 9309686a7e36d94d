// Reads Markdown the way the docs test needs: links and images with their anchors, GitHub's
// heading anchors, `npm run` names, and the slash commands named in code spans. Pure: the test
// gives it the files' text and what the code knows, and gets back every problem as one line.

import path from 'node:path';

/** One Markdown file: its path from the repository root (`docs/operations.md`) and its text. */
export interface MarkdownFile {
  file: string;
  text: string;
}

/** A slash command named in the docs: the command, the words after it, and where. */
export interface NamedCommand {
  file: string;
  command: string;
  /** The sub-command words (ASCII, lower case) as written, alternatives `a|b` already split. */
  words: string[];
  written: string;
}

const FENCE = /^\s*(```|~~~)/;

/** The file's lines outside fenced code blocks, and the lines inside them. */
function splitFences(text: string): { prose: string[]; code: string[] } {
  const prose: string[] = [];
  const code: string[] = [];
  let inFence = false;
  for (const line of text.split('\n')) {
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    (inFence ? code : prose).push(line);
  }
  return { prose, code };
}

/** A prose line without its code spans (a link inside backticks is not a link). */
const withoutCodeSpans = (line: string) => line.replace(/`[^`]*`/g, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\s-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a file's headings give, with GitHub's `-1`, `-2` for repeats. */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of splitFences(text).prose) {
    const match = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!match?.[1]) continue;
    const slug = headingSlug(match[1]);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The targets of every inline link and image outside code. */
export function linkTargets(text: string): string[] {
  const targets: string[] = [];
  for (const line of splitFences(text).prose) {
    for (const match of withoutCodeSpans(line).matchAll(
      /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
    )) {
      if (match[1]) targets.push(match[1]);
    }
  }
  return targets;
}

/**
 * The problems of each link and image: a relative target must be a file of the repository (or one
 * of `pending`, paths from the root that other work will add), and its #anchor a heading there.
 */
export function linkProblems(
  files: readonly MarkdownFile[],
  exists: (file: string) => boolean,
  read: (file: string) => string,
  pending: ReadonlySet<string> = new Set(),
): string[] {
  const problems: string[] = [];
  for (const { file, text } of files) {
    for (const target of linkTargets(text)) {
      if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto: …
      const [rawPath = '', anchor] = target.split('#', 2);
      const resolved = rawPath
        ? path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(rawPath)))
        : file;
      if (resolved.startsWith('..')) {
        problems.push(`${file}: ${target} points outside the repository`);
        continue;
      }
      if (pending.has(resolved)) continue;
      if (resolved !== file && !exists(resolved)) {
        problems.push(`${file}: ${target} does not exist (${resolved})`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!resolved.endsWith('.md')) {
        problems.push(`${file}: ${target} has an anchor but is not Markdown`);
        continue;
      }
      const anchors = headingAnchors(resolved === file ? text : read(resolved));
      if (!anchors.has(decodeURIComponent(anchor))) {
        problems.push(`${file}: ${target}: no heading "#${anchor}" in ${resolved}`);
      }
    }
  }
  return problems;
}

/** Every `npm run <script>` the text names (in prose and code alike). */
export function npmScripts(text: string): string[] {
  return [...text.matchAll(/\bnpm run ([\w:.-]+)/g)].map((m) => m[1] as string);
}

/**
 * The slash commands named in code spans and code blocks: `/doc register out|in [年]` gives
 * `/doc register out` and `/doc register in`. Only sub-command words are kept (ASCII letters,
 * `-`); an argument (`<标题>`, `[年]`, a number, Chinese text) ends them.
 */
export function namedCommands(file: MarkdownFile, commands: readonly string[]): NamedCommand[] {
  const { prose, code } = splitFences(file.text);
  // A code span may run over a line break, so the spans are read from the prose as a whole.
  const snippets = [...[...prose.join('\n').matchAll(/`([^`]+)`/g)].map((m) => m[1] as string), ...code];
  const found: NamedCommand[] = [];
  const pattern = new RegExp(
    `(?<![\\w/])(${commands.map((c) => c.replace('/', '\\/')).join('|')})(?![\\w/])([^\`#]*)`,
    'g',
  );
  for (const snippet of snippets) {
    for (const match of snippet.matchAll(pattern)) {
      const command = match[1] as string;
      const words: string[] = [];
      for (const word of (match[2] ?? '').trim().split(/\s+/).filter(Boolean)) {
        if (!/^[a-z][a-z-]*(\|[a-z][a-z-]*)*$/.test(word) || words.length === 2) break;
        words.push(word);
      }
      // `register out|in` → `register out`, `register in`.
      let variants: string[][] = [[]];
      for (const word of words) {
        variants = variants.flatMap((v) => word.split('|').map((alt) => [...v, alt]));
      }
      for (const variant of variants) {
        found.push({ file: file.file, command, words: variant, written: match[0].trim() });
      }
    }
  }
  return found;
}
