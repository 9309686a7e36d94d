import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The platform boundary, held by the imports: the features and the domain know no chat platform.
// Nothing under src/features or src/domain may import a platform's folder (src/chat/slack,
// src/chat/dingtalk, src/chat/wecom) or a platform's SDK (@slack/…); a platform is one folder,
// which the features reach only through the neutral layer (src/chat/core).

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The folders that must know no platform. */
const NEUTRAL = ['src/features', 'src/domain'];

/** What a neutral file may not import: the platforms' folders, and Slack's SDK. */
const PLATFORM_FOLDERS = ['src/chat/slack', 'src/chat/dingtalk', 'src/chat/wecom'];
const PLATFORM_PACKAGES = ['@slack/'];

/** Every module specifier a TypeScript source names: static imports, re-exports, `import()`. */
function importsOf(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  // In the order they appear.
  return patterns
    .flatMap((pattern) => [...source.matchAll(pattern)])
    .sort((a, b) => a.index - b.index)
    .map((match) => match[1] as string);
}

/** The platform an import of `specifier` from the file `file` (relative to the root) reaches, or null. */
function platformReached(file: string, specifier: string): string | null {
  const pkg = PLATFORM_PACKAGES.find((prefix) => specifier.startsWith(prefix));
  if (pkg) return specifier;
  if (!specifier.startsWith('.')) return null;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  return PLATFORM_FOLDERS.find((folder) => target === folder || target.startsWith(`${folder}/`)) ?? null;
}

/** The TypeScript files under `dir` (relative to the root), as root-relative POSIX paths. */
function sourcesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** Every import of a platform by a neutral file, as `file → specifier`. */
function platformImports(): string[] {
  return NEUTRAL.flatMap(sourcesUnder).flatMap((file) =>
    importsOf(readFileSync(path.join(ROOT, file), 'utf8'))
      .filter((specifier) => platformReached(file, specifier) !== null)
      .map((specifier) => `${file} → ${specifier}`),
  );
}

describe('the platform boundary', () => {
  it('keeps every chat platform out of src/features and src/domain', () => {
    expect(NEUTRAL.flatMap(sourcesUnder).length).toBeGreaterThan(100);
    expect(platformImports()).toEqual([]);
  });

  it('finds an import of a platform in any form, and lets the neutral layer through', () => {
    const file = 'src/features/supply/supply-module.ts';
    const source = [
      "import { opener } from '../../chat/slack/supply/listeners.ts';",
      "import type { SlackRuntimeOptions } from '../../chat/slack/slack-app.ts';",
      "export { card } from '../../chat/dingtalk/card/card-data.ts';",
      "import '../../chat/wecom/text.ts';",
      "const lazy = await import('../../chat/slack/ids.ts');",
      "import type { types } from '@slack/bolt';",
      "import { validateForm } from '../../chat/core/form-spec.ts';",
      "import { z } from 'zod';",
    ].join('\n');
    const reached = importsOf(source).map((specifier) => platformReached(file, specifier));
    expect(reached).toEqual([
      'src/chat/slack',
      'src/chat/slack',
      'src/chat/dingtalk',
      'src/chat/wecom',
      'src/chat/slack',
      '@slack/bolt',
      null,
      null,
    ]);
    // A folder whose name only begins like a platform's is not that platform.
    expect(platformReached(file, '../../chat/slacker/x.ts')).toBeNull();
  });
});
