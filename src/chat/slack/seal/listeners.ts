// Seals (用印): `/seal` and its form, the custodian's 已盖章 with the impressions made, the seal
// register (`/seal register`), the list of seals and their lifecycle. Thin: ack → parse → service
// → answer.

import type { App } from '@slack/bolt';
import { readSealCommand, type SealChoice, sealsMatching } from '../../../domain/seal/seal-request.ts';
import type { SealFeatureDeps } from '../../../features/seal/seal-chat.ts';
import type { NewSealRequest } from '../../../features/seal/seal-service.ts';
import { type Locale, t, translateDynamic } from '../../../shared/i18n.ts';
import { asActor } from '../actor.ts';
import { truncateText } from '../blocks/limits.ts';
import { escapeMrkdwn, tMrkdwn } from '../blocks/mrkdwn.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS, SLASH_COMMANDS } from '../ids.ts';
import { type CommandArgs, commandIo, onButton, onFormSubmission, runInteraction } from '../interactions.ts';
import { withCommandErrors } from '../listeners/errors.ts';
import type { SlackRequestContext } from '../request-context.ts';
import {
  registerStepFormSubmission,
  type StepFormOpener,
  type WorkflowChatDeps,
} from '../workflow/listeners.ts';
import {
  buildSealListBlocks,
  buildSealLostModal,
  buildSealRequestModal,
  buildSealStampModal,
} from './blocks.ts';
import {
  parseSealCommand,
  parseSealLostSubmission,
  parseSealRequestSubmission,
  parseSealStampSubmission,
  readMonth,
} from './submission.ts';

/** What the seal listeners need from the rest of the bot. */
export type SealChatDeps = SealFeatureDeps;

type Seal = Awaited<ReturnType<SealChatDeps['seals']>>[number];

const nameOf = (seal: Pick<Seal, 'name' | 'nameEn'>, locale: Locale) =>
  locale === 'en' ? (seal.nameEn ?? seal.name) : seal.name;
const usable = (seals: readonly Seal[]) => seals.filter((s) => s.state === 'active');
const choices = (seals: readonly Seal[]): SealChoice[] =>
  seals.map((s) => ({
    id: s.id,
    name: s.name,
    nameEn: s.nameEn,
    kind: s.kind,
    state: s.state as SealChoice['state'],
  }));

/** The 已盖章 button's form (the stamping step's own form): opened at once, checked when sent. */
export function stampFormOpener(): StepFormOpener {
  return async ({ client, triggerId, ref, locale }) => {
    await client.views.open({ trigger_id: triggerId, view: buildSealStampModal({ locale, ref }) });
  };
}

/** Registers `/seal`, the request form and the 已盖章 form. */
export function registerSealListeners(
  app: App<SlackRequestContext>,
  deps: SealChatDeps,
  workflow: WorkflowChatDeps,
): void {
  app.command(
    SLASH_COMMANDS.seal,
    withCommandErrors(async (args) => {
      const { command, ack, respond, context, client } = args;
      const locale = await context.locale();
      const request = parseSealCommand(command.text ?? '');
      const teamId = command.team_id ?? null;
      context.log.info({ command: '/seal', sub: request.kind }, 'slash command');
      switch (request.kind) {
        case 'help':
          await ack({ response_type: 'ephemeral', text: t(locale, 'seal.usage') });
          return;
        case 'form': {
          await ack();
          const seals = usable(await deps.seals());
          await client.views.open({
            trigger_id: command.trigger_id,
            view: buildSealRequestModal({ locale, seals }),
          });
          return;
        }
        case 'list': {
          await ack();
          const [seals, reportable] = await Promise.all([
            deps.seals(),
            // Someone linked to nobody sees the list without 报告遗失 buttons.
            context
              .actor()
              .then((actor) => (actor ? deps.reportableSeals(actor.personId) : new Set<string>())),
          ]);
          const list = buildSealListBlocks(
            locale,
            seals.map((s) => ({
              id: s.id,
              name: s.name,
              nameEn: s.nameEn,
              custodian: locale === 'en' ? (s.custodian.nameEn ?? s.custodian.name) : s.custodian.name,
              state: deps.stateLabel(s.state, locale),
              needsLeader: s.needsLeader,
            })),
            reportable,
          );
          await respond({ response_type: 'ephemeral', ...list });
          return;
        }
        case 'register':
          await answerRegister(args, deps, request.args, locale);
          return;
        case 'lifecycle': {
          const seals = await deps.seals();
          const matched = sealsMatching(request.seal, choices(seals));
          if (matched.length !== 1) {
            await ack({ response_type: 'ephemeral', text: t(locale, 'seal.lifecycle.usage') });
            return;
          }
          await runInteraction(commandIo(args), {
            parse: () => ({ ok: true, value: matched[0]?.id ?? '' }),
            start: (actor, sealId) =>
              deps.changeState({
                actorPersonId: actor.personId,
                sealId,
                action: request.action,
                reason: request.reason,
              }),
            describe: (done) => changedText(deps, done, locale),
          });
          return;
        }
        case 'request': {
          const seals = await deps.seals();
          const reading = readSealCommand(request.text, choices(seals));
          const seal = seals.find((s) => s.id === reading.sealId);
          if (seal && seal.state !== 'active') {
            // Named a seal out of use: say so, instead of a form that cannot offer it.
            await ack({ response_type: 'ephemeral', text: unavailableText(seal, deps, locale) });
            return;
          }
          if (reading.problems.length > 0 || !seal) {
            // Open the form with what could be read, and say what could not (trigger_id: 3 s).
            await ack();
            const word = request.text.split(/\s+/u)[0] ?? '';
            const notes = notesFor(reading, word, locale);
            await client.views.open({
              trigger_id: command.trigger_id,
              view: buildSealRequestModal({
                locale,
                seals: usable(seals),
                initial: { sealId: reading.sealId, title: reading.title, copies: reading.copies, notes },
              }),
            });
            return;
          }
          const form: NewSealRequest = {
            sealId: seal.id,
            title: reading.title,
            copies: reading.copies as number,
            purpose: null,
            docLink: null,
            important: false,
          };
          await runInteraction(commandIo(args), {
            parse: () => ({ ok: true, value: form }),
            start: (actor) =>
              deps.start({
                workspaceId: teamId,
                requesterPersonId: actor.personId,
                form,
                locale,
                startKey: `command:${command.trigger_id}`,
              }),
            describe: (started) => startedText(form, { locale, sealName: nameOf(seal, locale) }, started),
          });
          return;
        }
      }
    }),
  );

  // The request is started before the form closes: a refusal or a database that does not answer
  // in time is shown on the form; sending it again finds a late start by its key.
  onFormSubmission(app, CALLBACK_IDS.sealRequestModal, workflow, {
    async parse({ view }, locale) {
      const seals = usable(await deps.seals());
      const parsed = parseSealRequestSubmission(view.state.values, {
        locale,
        sealIds: seals.map((s) => s.id),
      });
      if (!parsed.ok) return parsed;
      const seal = seals.find((s) => s.id === parsed.value.sealId);
      return {
        ok: true,
        value: { form: parsed.value, sealName: seal ? nameOf(seal, locale) : parsed.value.sealId },
      };
    },
    errorBlock: BLOCK_IDS.sealSeal,
    start: (actor, { form }, { view, workspaceId }, locale) =>
      deps.start({
        workspaceId,
        requesterPersonId: actor.personId,
        form,
        locale,
        startKey: `view:${view.id}`,
      }),
    describe: (started, { form, sealName }, locale) => startedText(form, { locale, sealName }, started),
  });

  // 报告遗失 from `/seal list`: the form first (the trigger lives 3 s); who may report is checked
  // when it is sent, in the same transaction that suspends the seal.
  onButton(app, ACTION_IDS.sealReportLost, async ({ ack, action, body, client, context, respond }) => {
    await ack();
    const locale = await context.locale();
    const seal = (await deps.seals()).find((s) => s.id === action.value);
    if (!seal) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: t(locale, 'error.invalid_payload'),
      });
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildSealLostModal({ locale, sealId: seal.id, sealName: nameOf(seal, locale) }),
    });
  });

  // The seal is suspended before the form closes; who may report is checked in that transaction.
  // Sending the form again after a late commit finds that change by the form's key.
  onFormSubmission(app, CALLBACK_IDS.sealLostModal, workflow, {
    parse: ({ view }, locale) => parseSealLostSubmission(view.state.values, locale),
    errorBlock: BLOCK_IDS.sealLostNote,
    start: (actor, note, { view }) =>
      deps.changeState({
        actorPersonId: actor.personId,
        sealId: view.private_metadata,
        action: 'lost',
        reason: note,
        requestKey: `view:${view.id}`,
      }),
    describe: (done, _note, locale) => changedText(deps, done, locale),
  });

  registerStepFormSubmission(app, CALLBACK_IDS.sealStampModal, workflow, {
    errorBlock: BLOCK_IDS.sealImpressions,
    async read(values, { ref, locale }) {
      const parsed = parseSealStampSubmission(values, locale);
      if (!parsed.ok) return parsed;
      // Never more than approved: refused on the form, before anything is written.
      const checked = await deps.checkImpressions(ref.instanceId, parsed.value.impressions);
      if (!checked.ok) {
        const text =
          checked.reason === 'too_many'
            ? t(locale, 'seal.stamp.error.count', { approved: checked.approved })
            : t(locale, 'seal.stamp.error.gone');
        return { ok: false, errors: { [BLOCK_IDS.sealImpressions]: text } };
      }
      const { impressions, note } = parsed.value;
      return {
        ok: true,
        action: {
          type: 'approve',
          ...(note ? { comment: note } : {}),
          params: { impressions: String(impressions) },
        },
      };
    },
  });
}

/** What a lifecycle change did: the seal, its state now, and how many requests are on hold. */
function changedText(
  deps: SealChatDeps,
  done: Awaited<ReturnType<SealChatDeps['changeState']>>,
  locale: Locale,
): string {
  return t(locale, 'seal.lifecycle.done', {
    seal: escapeMrkdwn(nameOf(done.seal, locale)),
    state: deps.stateLabel(done.state, locale),
    held: done.held > 0 ? t(locale, 'seal.lifecycle.held', { count: done.held }) : '',
  }).trim();
}

function unavailableText(seal: Seal, deps: SealChatDeps, locale: Locale): string {
  // Each language names the seal and its state in its own words (sealZh/sealEn, stateZh/stateEn).
  return (
    translateDynamic(locale, 'error.seal_unavailable', {
      sealZh: seal.name,
      sealEn: seal.nameEn ?? seal.name,
      stateZh: deps.stateLabel(seal.state, 'zh'),
      stateEn: deps.stateLabel(seal.state, 'en'),
    }) ?? ''
  );
}

/** The notes of a `/seal …` that could not be read whole, in the user's language. */
function notesFor(reading: ReturnType<typeof readSealCommand>, word: string, locale: Locale): string[] {
  const shown = truncateText(word, 20);
  return reading.problems.map((problem) => {
    switch (problem) {
      case 'seal_unknown':
        return t(locale, 'seal.note.seal_unknown', { word: shown });
      case 'seal_ambiguous':
        return t(locale, 'seal.note.seal_ambiguous', {
          word: shown,
          seals: reading.candidates.map((c) => nameOf(c, locale)).join(locale === 'en' ? ', ' : '、'),
        });
      case 'copies_missing':
        return t(locale, 'seal.note.copies_missing');
      case 'copies_invalid':
        return t(locale, 'seal.note.copies_invalid', { max: 500 });
      case 'title_missing':
        return t(locale, 'seal.note.title_missing');
    }
    return '';
  });
}

/** What the requester is told once their request is started (mrkdwn). */
function startedText(
  form: NewSealRequest,
  who: { locale: Locale; sealName: string },
  started: Awaited<ReturnType<SealChatDeps['start']>>,
): string {
  return tMrkdwn(who.locale, 'seal.started', {
    title: form.title,
    seal: who.sealName,
    copies: form.copies,
    person: started.firstReviewer,
  });
}

/** `/seal register [seal] [month]`: the register as a CSV file in the DM. */
async function answerRegister(args: CommandArgs, deps: SealChatDeps, words: string[], locale: Locale) {
  const { command, ack, respond, client, context } = args;
  const seals = await deps.seals();
  let sealId: string | null = null;
  let month: { year: number; month: number } | null = null;
  for (const word of words) {
    const asMonth = readMonth(word);
    const asSeal = sealsMatching(word, choices(seals));
    if (asMonth && month === null) month = asMonth;
    else if (asSeal.length === 1 && sealId === null) sealId = asSeal[0]?.id ?? null;
    else {
      await ack({
        response_type: 'ephemeral',
        text: t(locale, 'seal.register.bad_arg', { arg: escapeMrkdwn(truncateText(word, 40)) }),
      });
      return;
    }
  }
  await ack();
  const allowed = await asActor(
    context,
    async (text) => {
      await respond({ response_type: 'ephemeral', text });
      return null;
    },
    (actor) => deps.mayExportRegister(actor.personId),
  );
  if (allowed === null) return;
  if (!allowed) {
    await respond({ response_type: 'ephemeral', text: t(locale, 'seal.register.forbidden') });
    return;
  }
  const register = await deps.exportRegister({ sealId, month });
  if (register === null) {
    await respond({ response_type: 'ephemeral', text: t(locale, 'seal.register.empty') });
    return;
  }
  const dm = await client.conversations.open({ users: command.user_id });
  const channel = dm.channel?.id;
  if (!channel) throw new Error('conversations.open answered without a channel');
  const seal = seals.find((s) => s.id === sealId);
  const name = [
    '印章使用登记簿',
    ...(seal ? [seal.name] : []),
    ...(month ? [`${month.year}-${String(month.month).padStart(2, '0')}`] : []),
  ]
    .join('-')
    .replace(/[\\/:*?"<>|\s]+/g, '_');
  await client.filesUploadV2({
    channel_id: channel,
    file: register.csv,
    filename: `${name}.csv`,
    title: `${name}.csv`,
    initial_comment: t(locale, 'seal.register.ready', { count: register.rows }),
  });
  context.log.info({ rows: register.rows }, 'seal register exported');
}
