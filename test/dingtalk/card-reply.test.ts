import { describe, expect, it } from 'vitest';
import { code, type Reply, type ReplyButton, strong } from '../../src/chat/core/reply.ts';
import { renderReply } from '../../src/chat/dingtalk/card/render-reply.ts';
import { BUTTON_SLOTS, buttonVars } from '../../src/chat/dingtalk/card/template.ts';

function button(n: number, extra: Partial<ReplyButton> = {}): ReplyButton {
  return { label: `第${n}页`, action: 'seal_list_page', value: `page:${n}`, ...extra };
}

describe('a reply for DingTalk', () => {
  it('without buttons is a sampleMarkdown message with the text made inert', () => {
    const out = renderReply({ text: ['已登记 ', strong('<at>关于**的函')], blocks: [] }, 'zh');
    expect(out).toEqual({
      kind: 'markdown',
      msgKey: 'sampleMarkdown',
      msgParam: JSON.stringify({ title: '已登记 <at>关于**的函', text: '已登记 **＜at＞关于＊＊的函**' }),
    });
  });

  it('with buttons is the card template: header as title, other blocks as the body, buttons in the slots', () => {
    const reply: Reply = {
      text: ['印章一览'],
      blocks: [
        { kind: 'header', text: '印章一览' },
        {
          kind: 'section',
          text: ['公章 ', code('G-1')],
          button: button(1, { label: '报失', action: 'seal_report_lost', value: 'seal:1', style: 'danger' }),
        },
        { kind: 'context', items: [['共 1 枚']] },
        { kind: 'buttons', buttons: [button(2, { style: 'primary' })] },
      ],
    };
    const out = renderReply(reply, 'zh');
    if (out.kind !== 'card') throw new Error('expected a card');
    expect(out.cardParamMap.title).toBe('印章一览');
    expect(out.cardParamMap.body_md).toBe('公章 `G-1`\n\n共 1 枚');
    expect(out.leftOut).toBe(0);
    const b1 = buttonVars(1);
    const b2 = buttonVars(2);
    expect(out.privateParams).toMatchObject({
      [b1.show]: 'true',
      [b1.text]: '报失',
      [b1.action]: 'seal_report_lost',
      [b1.value]: 'seal:1',
      [b1.style]: 'danger',
      [b2.show]: 'true',
      [b2.action]: 'seal_list_page',
      [b2.value]: 'page:2',
      [b2.style]: 'primary',
      [buttonVars(3).show]: 'false',
    });
    // Shared data shows no buttons: only the person answered gets them.
    expect(out.cardParamMap[b1.show]).toBe('false');
    for (const value of [...Object.values(out.cardParamMap), ...Object.values(out.privateParams)]) {
      expect(typeof value).toBe('string');
    }
    expect(out.privateData('u1')).toEqual({ u1: { cardParamMap: out.privateParams } });
  });

  it('says how many buttons were left out when there are more than slots', () => {
    const buttons = Array.from({ length: BUTTON_SLOTS + 3 }, (_, i) => button(i + 1));
    const out = renderReply({ text: ['列表'], blocks: [{ kind: 'buttons', buttons }] }, 'zh');
    if (out.kind !== 'card') throw new Error('expected a card');
    expect(out.leftOut).toBe(3);
    expect(out.privateParams[buttonVars(BUTTON_SLOTS).value]).toBe(`page:${BUTTON_SLOTS}`);
    expect(out.cardParamMap.body_md).toContain('另有 3 项未显示');
    const en = renderReply({ text: ['List'], blocks: [{ kind: 'buttons', buttons }] }, 'en');
    if (en.kind !== 'card') throw new Error('expected a card');
    expect(en.cardParamMap.body_md).toContain('3 more not shown');
  });

  it('with buttons alone in its blocks shows its text as the title and the body', () => {
    const out = renderReply(
      { text: ['确认*报失*？'], blocks: [{ kind: 'buttons', buttons: [button(1)] }] },
      'zh',
    );
    if (out.kind !== 'card') throw new Error('expected a card');
    expect(out.cardParamMap.title).toBe('确认*报失*？');
    expect(out.cardParamMap.body_md).toBe('确认＊报失＊？');
  });
});
