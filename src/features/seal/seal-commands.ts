// `/seal` for every platform: the usage, the request form (pre-filled with what `/seal …` could
// read, and notes on what it could not), a request started at once, the list of seals with
// 报告遗失, the register as a CSV file, and a seal's lifecycle; and the 报告遗失 button, which
// opens the loss form. Thin: read the words, call the service, answer.

import {
  asPerson,
  type ButtonHandler,
  type CommandAnswer,
  type CommandContext,
  type CommandHandler,
  fileAnswer,
  formAnswer,
  replyAnswer,
  textAnswer,
} from '../../chat/core/commands.ts';
import { richT, truncateText } from '../../chat/core/reply.ts';
import { readSealCommand, type SealChoice, sealsMatching } from '../../domain/seal/seal-request.ts';
import { t } from '../../shared/i18n.ts';
import type { SealFeatureDeps } from './seal-chat.ts';
import { parseSealCommand, readMonth, type SealCommand } from './seal-command-text.ts';
import { SEAL_LOST_FORM_ID, sealLostFormSpec } from './seal-custody-forms.ts';
import {
  SEAL_ACTIONS,
  sealChangedText,
  sealCommandNotes,
  sealListReply,
  sealNameOf,
  sealRegisterFilename,
  sealStartedText,
  sealUnavailableText,
} from './seal-replies.ts';
import {
  SEAL_REQUEST_FORM_ID,
  sealRequestFormSpec,
  sealRequestInitialOf,
  sealRequestParams,
} from './seal-request-form.ts';
import type { NewSealRequest } from './seal-service.ts';

type Seal = Awaited<ReturnType<SealFeatureDeps['seals']>>[number];

const usable = (seals: readonly Seal[]) => seals.filter((s) => s.state === 'active');
const choices = (seals: readonly Seal[]): SealChoice[] =>
  seals.map((s) => ({
    id: s.id,
    name: s.name,
    nameEn: s.nameEn,
    kind: s.kind,
    state: s.state as SealChoice['state'],
  }));

/** `/seal` (用印 where commands are typed as text). */
export function sealCommands(deps: SealFeatureDeps): CommandHandler[] {
  return [
    {
      command: 'seal',
      words: ['用印'],
      handle: (text, context) => answerSeal(deps, parseSealCommand(text), context),
    },
  ];
}

/** The buttons `/seal`'s replies carry: 报告遗失 on the list. */
export function sealButtons(deps: SealFeatureDeps): ButtonHandler[] {
  return [
    {
      action: SEAL_ACTIONS.reportLost,
      // The form first; who may report is checked when it is sent, in the same transaction that
      // suspends the seal.
      async press(sealId, context) {
        const seal = (await deps.seals()).find((s) => s.id === sealId);
        if (!seal) return textAnswer(t(context.locale, 'error.invalid_payload'));
        return formAnswer(
          SEAL_LOST_FORM_ID,
          sealLostFormSpec({ sealName: sealNameOf(seal, context.locale) }),
          { sealId: seal.id },
        );
      },
    },
  ];
}

async function answerSeal(
  deps: SealFeatureDeps,
  request: SealCommand,
  context: CommandContext,
): Promise<CommandAnswer> {
  const { locale } = context;
  switch (request.kind) {
    case 'help':
      return textAnswer(t(locale, 'seal.usage'));
    case 'form':
      return formAnswer(SEAL_REQUEST_FORM_ID, sealRequestFormSpec({ seals: usable(await deps.seals()) }));
    case 'list':
      return answerList(deps, context);
    case 'register':
      return answerRegister(deps, request.args, context);
    case 'lifecycle': {
      const matched = sealsMatching(request.seal, choices(await deps.seals()));
      const sealId = matched.length === 1 ? matched[0]?.id : undefined;
      if (sealId === undefined) return textAnswer(t(locale, 'seal.lifecycle.usage'));
      return asPerson(context, async (actor) => {
        const done = await deps.changeState({
          actorPersonId: actor.personId,
          sealId,
          action: request.action,
          reason: request.reason,
        });
        return textAnswer(sealChangedText(locale, { ...done, state: deps.stateLabel(done.state, locale) }));
      });
    }
    case 'request':
      return answerRequest(deps, request.text, context);
  }
}

/** `/seal list`: someone linked to nobody sees it without 报告遗失 buttons. */
async function answerList(deps: SealFeatureDeps, context: CommandContext): Promise<CommandAnswer> {
  const { locale, actor } = context;
  const [seals, reportable] = await Promise.all([
    deps.seals(),
    actor ? deps.reportableSeals(actor.personId) : new Set<string>(),
  ]);
  const rows = seals.map((s) => ({
    id: s.id,
    name: s.name,
    nameEn: s.nameEn,
    custodian: locale === 'en' ? (s.custodian.nameEn ?? s.custodian.name) : s.custodian.name,
    state: deps.stateLabel(s.state, locale),
    needsLeader: s.needsLeader,
  }));
  return replyAnswer(sealListReply(locale, rows, reportable));
}

/**
 * `/seal <seal> <copies> <title>`: started at once when it reads whole; else the form, pre-filled
 * with what could be read and saying what could not; a seal out of use is refused outright
 * (a form could not offer it).
 */
async function answerRequest(
  deps: SealFeatureDeps,
  text: string,
  context: CommandContext,
): Promise<CommandAnswer> {
  const { locale } = context;
  const seals = await deps.seals();
  const reading = readSealCommand(text, choices(seals));
  const seal = seals.find((s) => s.id === reading.sealId);
  if (seal && seal.state !== 'active') {
    return textAnswer(sealUnavailableText(locale, seal, (language) => deps.stateLabel(seal.state, language)));
  }
  if (reading.problems.length > 0 || !seal) {
    const word = text.split(/\s+/u)[0] ?? '';
    const params = sealRequestParams({
      sealId: reading.sealId,
      title: reading.title,
      copies: reading.copies,
      notes: sealCommandNotes(reading, word, locale),
    });
    // Drawn from the params, as a web link to the form draws it.
    const spec = sealRequestFormSpec({ seals: usable(seals), initial: sealRequestInitialOf(params) });
    return formAnswer(SEAL_REQUEST_FORM_ID, spec, params);
  }
  const form: NewSealRequest = {
    sealId: seal.id,
    title: reading.title,
    copies: reading.copies as number,
    purpose: null,
    docLink: null,
    important: false,
  };
  return asPerson(context, async (actor) => {
    const started = await deps.start({
      workspaceId: context.workspaceId,
      requesterPersonId: actor.personId,
      form,
      locale,
      startKey: context.dedupeKey,
    });
    return textAnswer(
      sealStartedText(locale, {
        title: form.title,
        sealName: sealNameOf(seal, locale),
        copies: form.copies,
        firstReviewer: started.firstReviewer,
      }),
    );
  });
}

/** `/seal register [seal] [month]`: the register as a CSV file, for those who keep it. */
async function answerRegister(
  deps: SealFeatureDeps,
  words: readonly string[],
  context: CommandContext,
): Promise<CommandAnswer> {
  const { locale } = context;
  const seals = await deps.seals();
  let sealId: string | null = null;
  let month: { year: number; month: number } | null = null;
  for (const word of words) {
    const asMonth = readMonth(word);
    const asSeal = sealsMatching(word, choices(seals));
    if (asMonth && month === null) month = asMonth;
    else if (asSeal.length === 1 && sealId === null) sealId = asSeal[0]?.id ?? null;
    else return textAnswer(richT(locale, 'seal.register.bad_arg', { arg: truncateText(word, 40) }));
  }
  return asPerson(context, async (actor) => {
    if (!(await deps.mayExportRegister(actor.personId))) {
      return textAnswer(t(locale, 'seal.register.forbidden'));
    }
    const register = await deps.exportRegister({ sealId, month });
    if (register === null) return textAnswer(t(locale, 'seal.register.empty'));
    context.log.info({ rows: register.rows }, 'seal register exported');
    return fileAnswer({
      filename: sealRegisterFilename(
        seals.find((s) => s.id === sealId),
        month,
      ),
      content: register.csv,
      comment: richT(locale, 'seal.register.ready', { count: register.rows }),
    });
  });
}
