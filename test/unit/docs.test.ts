import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLASH_COMMANDS } from '../../src/chat/slack/ids.ts';
import { parseSupplyCommand } from '../../src/domain/supply/command.ts';
import { archiveCommands } from '../../src/features/archive/archive-commands.ts';
import { parseDocCommand } from '../../src/features/documents/doc-request.ts';
import { parseMeetingCommand } from '../../src/features/meetings/meeting-commands.ts';
import { DECISIONS_WORDS, MINUTES_WORDS } from '../../src/features/meetings/minutes-commands.ts';
import { parseSealCommand } from '../../src/features/seal/seal-command-text.ts';
import {
  headingAnchors,
  linkProblems,
  type MarkdownFile,
  type NamedCommand,
  namedCommands,
  npmScripts,
} from '../support/docs-check.ts';

// The README and docs/ say only what exists: every relative link and image resolves (and its
// #anchor is a heading), every `npm run` names a script of package.json, and every /doc, /seal,
// /supply, /archive and /meeting sub-command is one the bot's own command parsers take.

/**
 * Pages other branches are writing, linked before they exist here. Both the backup work
 * (docs/backups.md) and the replica work (docs/replicas.md) have landed: none is pending.
 */
const PENDING_LINKS: ReadonlySet<string> = new Set<string>();

/** The role guides, one per role of the office. */
const ROLE_GUIDES = ['requester', 'reviewer', 'secretary', 'custodian', 'keeper', 'archivist', 'office-head'];

/** The largest picture the docs take (the screenshots are cropped to a card or a form). */
const MAX_IMAGE_BYTES = 150 * 1024;

function markdownFiles(): MarkdownFile[] {
  const found: string[] = ['README.md'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.md')) found.push(file);
    }
  };
  walk('docs');
  return found.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
}

const files = markdownFiles();
const scripts = new Set(Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).scripts));
/** `/meeting minutes` and `/meeting decisions` are handlers of their own beside `/meeting`'s. */
const minutesWords = new Set([...MINUTES_WORDS, ...DECISIONS_WORDS]);
const archiveWords = new Set(archiveCommands({} as never).flatMap((h) => h.subcommands ?? []));

/** Why the bot would not take a named command as the sub-command it is shown as, or null. */
function commandProblem(named: NamedCommand): string | null {
  const text = named.words.join(' ');
  if (named.words.length === 0) return null;
  switch (named.command) {
    case SLASH_COMMANDS.doc: {
      const request = parseDocCommand(text);
      return request.kind === 'help' && request.notice ? `/doc does not take "${text}"` : null;
    }
    case SLASH_COMMANDS.seal:
      return parseSealCommand(text).kind === 'request' ? `/seal does not take "${text}"` : null;
    case SLASH_COMMANDS.supply: {
      const kind = parseSupplyCommand(text).kind;
      return kind === 'inline' || kind === 'invalid' ? `/supply does not take "${text}"` : null;
    }
    case SLASH_COMMANDS.archive:
      // Anything else after /archive is a search: an English word there is a sub-command that is not.
      return archiveWords.has(named.words[0] as string)
        ? null
        : `/archive has no sub-command "${named.words[0]}"`;
    case SLASH_COMMANDS.meeting:
      return parseMeetingCommand(text).kind === 'help' &&
        named.words[0] !== 'help' &&
        !minutesWords.has(named.words[0] as string)
        ? `/meeting does not take "${text}"`
        : null;
    default:
      return `${named.command} is not a slash command of the bot`;
  }
}

function commandProblems(markdown: readonly MarkdownFile[]): string[] {
  return markdown
    .flatMap((file) => namedCommands(file, Object.values(SLASH_COMMANDS)))
    .flatMap((named) => {
      const problem = commandProblem(named);
      return problem ? [`${named.file}: \`${named.written}\`: ${problem}`] : [];
    });
}

function scriptProblems(markdown: readonly MarkdownFile[]): string[] {
  return markdown.flatMap(({ file, text }) =>
    npmScripts(text)
      .filter((name) => !scripts.has(name))
      .map((name) => `${file}: npm run ${name} is not a script of package.json`),
  );
}

const fileExists = (file: string) => existsSync(file);
const readText = (file: string) => readFileSync(file, 'utf8');

describe('the docs', () => {
  it('link only to files and headings that exist', () => {
    expect(linkProblems(files, fileExists, readText, PENDING_LINKS)).toEqual([]);
  });

  it('name only npm scripts that package.json has', () => {
    expect(scriptProblems(files)).toEqual([]);
  });

  it('name only slash commands and sub-commands the bot takes', () => {
    expect(commandProblems(files)).toEqual([]);
    // The check reads the docs at all: the README's table names every command.
    const readme = files.find((f) => f.file === 'README.md');
    const named = namedCommands(readme as MarkdownFile, Object.values(SLASH_COMMANDS)).map((n) => n.command);
    expect(new Set(named)).toEqual(new Set(Object.values(SLASH_COMMANDS)));
  });

  it('wait for other work only on the pages listed as pending, which do not exist yet', () => {
    for (const pending of PENDING_LINKS) expect(existsSync(pending), pending).toBe(false);
  });

  it('keep the README opening with the two commands, then link to every page of docs/', () => {
    const readme = readText('README.md');
    const lines = readme.split('\n');
    expect(lines[2]).toBe('```sh');
    expect(lines[3]).toMatch(/^npm ci && npm start +# \S/);
    expect(lines[4]).toMatch(/^npm ci && npm test +# \S/);
    expect(lines[5]).toBe('```');
    const index = readText('docs/README.md');
    for (const { file } of files.filter((f) => f.file.startsWith('docs/') && f.file !== 'docs/README.md')) {
      expect(index, `docs/README.md links to ${file}`).toContain(`(${path.posix.relative('docs', file)})`);
    }
  });

  it('have a guide with a screenshot for each role, each picture small', () => {
    for (const role of ROLE_GUIDES) {
      const guide = readText(`docs/roles/${role}.md`);
      expect(guide, role).toMatch(/!\[[^\]]+\]\(\.\.\/images\/[\w-]+\.png\)/);
    }
    for (const image of readdirSync('docs/images')) {
      expect(statSync(path.join('docs/images', image)).size, image).toBeLessThanOrEqual(MAX_IMAGE_BYTES);
    }
  });

  it('describe every part of src/ in the architecture’s layers', () => {
    const architecture = readText('docs/architecture.md');
    const layers = architecture.slice(architecture.indexOf('## Layers'));
    const parts = [
      ...readdirSync('src').filter((name) => name !== 'chat'),
      ...readdirSync('src/chat').map((name) => `chat/${name}`),
    ];
    for (const part of parts) {
      const isDir = statSync(path.join('src', part)).isDirectory();
      expect(layers, part).toContain(`src/${part}${isDir ? '/' : ''} `);
    }
  });
});

describe('the docs check', () => {
  const page = (text: string): MarkdownFile => ({ file: 'docs/page.md', text });
  const onlyReadme = (file: string) => file === 'README.md';

  it('finds a link to a missing file, a missing anchor and a fake script', () => {
    const broken = page(
      '# Page\n\nSee [the README](../README.md), [nothing](missing.md), [here](#nowhere) and [this](#page).\n\n' +
        '```sh\nnpm run no-such-script\n```\n',
    );
    expect(linkProblems([broken], onlyReadme, () => '')).toEqual([
      'docs/page.md: missing.md does not exist (docs/missing.md)',
      'docs/page.md: #nowhere: no heading "#nowhere" in docs/page.md',
    ]);
    expect(scriptProblems([broken])).toEqual([
      'docs/page.md: npm run no-such-script is not a script of package.json',
    ]);
  });

  it('skips links inside code, and pending pages only', () => {
    const text = '`[a](gone.md)`\n\n```\n[b](gone.md)\n```\n\n[c](replicas.md) [d](backups.md)\n';
    expect(
      linkProblems(
        [page(text)],
        () => false,
        () => '',
        new Set(['docs/replicas.md']),
      ),
    ).toEqual(['docs/page.md: backups.md does not exist (docs/backups.md)']);
  });

  it('finds sub-commands the bot does not take', () => {
    const text =
      '`/doc register out|in [年]`, `/doc approve <标题>`, `/doc frobnicate`, `/seal list`, `/seal purge 公章`, ' +
      '`/supply plan summary [2027-Q1]`, `/supply restock`, `/archive loans`, `/archive borrow`, `/archive 水库`.';
    expect(commandProblems([page(text)])).toEqual([
      'docs/page.md: `/doc frobnicate`: /doc does not take "frobnicate"',
      'docs/page.md: `/seal purge 公章`: /seal does not take "purge"',
      'docs/page.md: `/supply restock`: /supply does not take "restock"',
      'docs/page.md: `/archive borrow`: /archive has no sub-command "borrow"',
    ]);
  });

  it('gives headings GitHub’s anchors', () => {
    expect([
      ...headingAnchors('# 发起事项 · Starting an item\n## `/doc new`\n## Routes\n## Routes\n'),
    ]).toEqual(['发起事项--starting-an-item', 'doc-new', 'routes', 'routes-1']);
  });
});
