// `doc register …`: the 发文 or 收文 register (登记簿) of a year as a CSV file in the asker's direct
// conversation, for the office head, the secretaries and the archivist. Nothing is written, so it
// needs no outbox: the file goes straight out, after a note that it is being made.

import { asPerson, type CommandAnswer, type CommandContext, textAnswer } from '../../chat/core/commands.ts';
import { richT } from '../../chat/core/reply.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { truncateText } from '../../shared/text.ts';
import type { DocViewer } from './lists.ts';
import { parseRegisterArgs, type RegisterRequest, type RegisterState } from './registers.ts';

/** Roles that may export a register (办公室负责人, 办公室秘书, 档案管理员). */
export const REGISTER_EXPORT_ROLES = ['office_head', 'secretary', 'archivist'] as const;

/** What a register export needs from the rest of the bot. */
export interface RegisterDeps {
  timeZone: string;
  now(): Date;
  viewerOf(personId: string): Promise<DocViewer>;
  /** Departments, to read `doc register` words and name them. */
  departments: ReadonlyArray<{ id: string; name: string; nameEn: string | null }>;
  /** The register asked for (发文 or 收文) as a CSV file; null when nothing matches. */
  exportRegister(
    request: RegisterRequest,
  ): Promise<{ csv: Buffer; rows: number; truncated: boolean; maxRows: number } | null>;
}

/** Answers `doc register` with `words` (direction, year, department, state in any order). */
export async function answerRegister(
  words: readonly string[],
  deps: RegisterDeps,
  context: CommandContext,
): Promise<CommandAnswer> {
  const { locale, log } = context;
  const now = deps.now();
  const parsed = parseRegisterArgs(words, {
    departments: deps.departments,
    currentYear: Number(
      new Intl.DateTimeFormat('en', { timeZone: deps.timeZone, year: 'numeric' }).format(now),
    ),
  });
  if (!parsed.ok) {
    const key = `doc.register.${parsed.problem.kind === 'unknown' ? 'unknown_arg' : 'repeated_arg'}` as const;
    const problem = richT(locale, key, { arg: truncateText(parsed.problem.arg, 40) });
    return textAnswer([...problem, '\n', t(locale, 'doc.register.usage')]);
  }
  const request = parsed.request;
  return asPerson(context, async (actor) => {
    const viewer = await deps.viewerOf(actor.personId);
    if (!REGISTER_EXPORT_ROLES.some((role) => viewer.roles.includes(role))) {
      log.info({ roles: viewer.roles }, 'register export refused');
      return textAnswer(t(locale, 'doc.register.forbidden'));
    }
    const { direct } = context;
    if (!direct) return textAnswer(t(locale, 'doc.register.no_files'));
    const registerName = t(locale, `doc.register.name.${request.direction}`);
    await direct.note(
      richT(locale, 'doc.register.generating', { year: request.year, register: registerName }),
    );
    const scope = scopeOf(request, deps, locale);
    const register = await deps.exportRegister(request);
    if (register === null)
      return textAnswer(richT(locale, 'doc.register.empty', { year: request.year, scope }));
    const comment = [
      t(locale, 'doc.register.ready', {
        year: request.year,
        scope,
        count: register.rows,
        register: registerName,
      }),
      ...(register.truncated ? [t(locale, 'doc.register.truncated', { max: register.maxRows })] : []),
    ].join('\n');
    await direct.sendFiles([{ name: registerFileName(request, deps), content: register.csv }], comment);
    log.info({ year: request.year, rows: register.rows, state: request.state }, 'register exported');
    return { kind: 'none' };
  });
}

/** `发文登记簿-2026[-部门][-状态].csv`: the register is a Chinese document, so is its name. */
export function registerFileName(request: RegisterRequest, deps: Pick<RegisterDeps, 'departments'>): string {
  const department = deps.departments.find((d) => d.id === request.departmentId);
  const parts = [
    `${request.direction === 'in' ? '收文登记簿' : '发文登记簿'}-${request.year}`,
    ...(department ? [department.name] : []),
    ...(request.state !== 'all' ? [t('zh', `doc.register.state.${request.state}`)] : []),
  ];
  return `${parts.join('-').replace(/[\\/:*?"<>|\s]+/g, '_')}.csv`;
}

function scopeOf(request: RegisterRequest, deps: Pick<RegisterDeps, 'departments'>, locale: Locale): string {
  const department = deps.departments.find((d) => d.id === request.departmentId);
  const departmentName = department
    ? locale === 'en'
      ? (department.nameEn ?? department.name)
      : department.name
    : t(locale, 'doc.register.all_departments');
  const state: RegisterState = request.state;
  return [departmentName, t(locale, `doc.register.state.${state}`)].join(locale === 'en' ? ', ' : '、');
}
