// Commands typed to the robot and the buttons of their replies, over the stand-in: a reply with
// buttons arrives as the card template with the person's own buttons, a press of one goes to the
// feature's button handler, a form answer becomes the person's web-form link, and a file answer a
// file message.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUTTON_SLOTS,
  buttonActionId,
  buttonVars,
  PANEL_ACTION_IDS,
  PANEL_VARS,
} from '../../src/chat/dingtalk/card/template.ts';
import { cardClickData } from '../../src/chat/dingtalk/stand-in/callbacks.ts';
import { TOPIC_CARD_CALLBACK } from '../../src/chat/dingtalk/stream-frames.ts';
import { SEAL_ACTIONS } from '../../src/features/seal/seal-replies.ts';
import { ACTION_FORM_FIELDS } from '../../src/features/workflow/action-form.ts';
import {
  createDingTalkHarness,
  type DingTalkHarness,
  dingtalkUserOf,
  linkToDingTalk,
} from '../conformance/dingtalk-harness.ts';
import { ASSIGNEE, REQUESTER } from '../conformance/suite.ts';

/** A field of the panel's form, as the card's form component takes it. */
interface PanelField {
  name: string;
  type: string;
  options?: Array<{ value: string; text: string }>;
}

/** The seals' custodian in the example organisation: the list offers her 报告遗失. */
const CUSTODIAN = 'zhou-jing';

/** Who may export the register in the example organisation. */
const OFFICE = 'zhao-min';

/** A web-form link of the bot, in a text. */
const FORM_LINK = /http:\/\/dingtalk\.test\/forms\/\S+/u;

describe('DingTalk commands and reply buttons', () => {
  let h: DingTalkHarness;
  beforeAll(async () => {
    h = await createDingTalkHarness();
    await linkToDingTalk(h.prisma, [CUSTODIAN]);
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('answers 用印 alone with a link to the seal request form on the web, for that person', async () => {
    await h.say(REQUESTER, '用印');
    const last = (await h.texts(REQUESTER)).at(-1) ?? '';
    expect(last).toMatch(FORM_LINK);
  });

  it('shows the seal list as a card with the custodian’s 报告遗失 buttons, and a press opens the loss form on the web', async () => {
    const cardsBefore = h.standIn.cards().length;
    await h.say(CUSTODIAN, '/seal list');
    const created = h.standIn.cards().slice(cardsBefore);
    expect(created).toHaveLength(1);
    const [outTrackId, card] = created[0] ?? [];
    const viewer = card?.privateData[dingtalkUserOf(CUSTODIAN)]?.cardParamMap ?? {};
    const slots = Array.from({ length: BUTTON_SLOTS }, (_, i) => i + 1).filter(
      (index) =>
        viewer[buttonVars(index).show] === 'true' &&
        viewer[buttonVars(index).action] === SEAL_ACTIONS.reportLost,
    );
    expect(slots.length).toBeGreaterThan(0);
    const index = slots[0] ?? 1;
    await h.push(
      cardClickData({
        outTrackId: String(outTrackId),
        userId: dingtalkUserOf(CUSTODIAN),
        actionIds: [buttonActionId(index)],
        params: { action: SEAL_ACTIONS.reportLost, value: viewer[buttonVars(index).value] },
      }),
      TOPIC_CARD_CALLBACK,
    );
    const last = (await h.texts(CUSTODIAN)).at(-1) ?? '';
    expect(last).toMatch(FORM_LINK);
  });

  it('sends the seal register as a file message, after the line saying what it is', async () => {
    // One stamping on record (an approval stands in for the seal request it would be).
    const title = '钉钉登记簿一行';
    await h.startApproval(REQUESTER, title);
    const instance = await h.prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    await h.prisma.sealUse.create({
      data: {
        instanceId: instance.id,
        sealId: 'official',
        stampedAt: h.now(),
        documentTitle: title,
        departmentId: 'office',
        requesterId: 'zhao-min',
        approverIds: [],
        handlerId: CUSTODIAN,
        approvedCount: 1,
        impressions: 1,
      },
    });
    await linkToDingTalk(h.prisma, [OFFICE]);
    await h.say(OFFICE, '用印 register');
    const sent = h.standIn.messagesTo(dingtalkUserOf(OFFICE));
    expect(sent.map((m) => m.msgKey)).toEqual(['sampleText', 'sampleFile']);
    expect(sent[0]?.msgParam).toEqual({ content: '印章使用登记簿：1 条记录。' });
    const file = sent[1]?.msgParam as { mediaId: string; fileName: string; fileType: string };
    expect(file).toMatchObject({ fileName: '印章使用登记簿.csv', fileType: 'csv' });
    expect(h.standIn.media(file.mediaId)?.bytes.toString('utf8')).toContain(title);
  });

  it('records the DingTalk corp as the item’s workspace, and refuses a click on it from another corp', async () => {
    const title = '钉钉组织的事项';
    await h.startApproval(REQUESTER, title);
    await h.deliver();
    const instance = await h.prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    expect(instance.workspaceId).toBe('stand-in-corp');
    const [card] = (await h.cards(REQUESTER)).filter((c) => c.content.includes(title));
    const outTrackId = String(card?.handle);
    const viewer = h.standIn.card(outTrackId)?.privateData[dingtalkUserOf(REQUESTER)]?.cardParamMap ?? {};
    const index = Array.from({ length: BUTTON_SLOTS }, (_, i) => i + 1).find(
      (i) => viewer[buttonVars(i).action] === 'recall',
    );
    const click = cardClickData({
      outTrackId,
      userId: dingtalkUserOf(REQUESTER),
      actionIds: [PANEL_ACTION_IDS.submit],
      params: { action: 'recall', value: viewer[buttonVars(index ?? 1).value] },
    });
    await h.push({ ...click, corpId: 'another-corp' }, TOPIC_CARD_CALLBACK);
    const after = await h.prisma.workflowInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(after.status).toBe('running');
    expect(after.version).toBe(instance.version);
  });

  it('opens a transfer on the card’s panel with the people to choose from, and applies the pick', async () => {
    const title = '在卡片上转交';
    await h.startApproval(REQUESTER, title);
    await h.deliver();
    const card = (await h.cards(ASSIGNEE)).filter((c) => c.content.includes(title)).at(-1);
    if (!card) throw new Error('no card for the assignee');
    const form = await h.openForm(ASSIGNEE, card, 'transfer');
    const { outTrackId, action, value } = form.handle as {
      outTrackId: string;
      action: string;
      value: string;
    };
    const viewer = h.standIn.card(outTrackId)?.privateData[dingtalkUserOf(ASSIGNEE)]?.cardParamMap ?? {};
    const fields = (JSON.parse(viewer[PANEL_VARS.form] ?? '{}') as { fields: PanelField[] }).fields;
    const person = fields.find((field) => field.name === ACTION_FORM_FIELDS.person);
    expect(person?.type).toBe('SELECT');
    expect(person?.options?.map((o) => o.value)).toContain(OFFICE);
    await h.push(
      cardClickData({
        outTrackId,
        userId: dingtalkUserOf(ASSIGNEE),
        actionIds: [PANEL_ACTION_IDS.submit],
        params: {
          action,
          value,
          form: {
            [ACTION_FORM_FIELDS.person]: { index: 0, value: OFFICE },
            [ACTION_FORM_FIELDS.comment]: '请代为审核',
          },
        },
      }),
      TOPIC_CARD_CALLBACK,
    );
    const instance = await h.prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    expect(instance.version).toBe(2);
    expect(await h.prisma.auditEntry.count({ where: { instanceId: instance.id, action: 'transfer' } })).toBe(
      1,
    );
  });
});
