import {
  type Card,
  type CardPerson,
  type CardRouteStep,
  type CardStepState,
  STEP_MARKS,
} from '../../src/chat/core/card.ts';

/** People named 甲, 乙, 丙, … as a card shows them, `count` of them. */
export function cardPeople(count: number): CardPerson[] {
  const names = '甲乙丙丁戊己庚辛壬癸';
  return Array.from({ length: count }, (_, i) => ({
    personId: `q${i}`,
    name: names[i % names.length] ?? '',
  }));
}

/** Route steps 第1步, 第2步, … in the given states, nobody on them. */
export function cardSteps(...states: CardStepState[]): CardRouteStep[] {
  return states.map((state, index) => ({
    key: `s${index + 1}`,
    name: `第${index + 1}步`,
    state,
    mark: STEP_MARKS[state],
    people: [],
    atText: null,
    progress: null,
    note: null,
  }));
}

/** A card model as data, without a workflow behind it: a running 平件 at its one step, unless `over` says otherwise. */
export function cardWith(over: Partial<Card> = {}): Card {
  return {
    instanceId: '3f2b8c1e-6a4d-4f0b-9c2e-1d5a7b9e0f12',
    version: 3,
    locale: 'zh',
    classified: false,
    title: '关于购置办公设备的请示',
    kindLabel: '通用审批',
    requester: { personId: 'p-req', name: '王芳' },
    requesterLine: '申请人：王芳',
    urgency: { level: 'normal', label: '平件', emphasized: false, marker: '' },
    status: { code: 'running', label: '审批中', finished: false, atText: null },
    currentStepName: '第1步',
    holders: [],
    waitingOnRequesterLine: null,
    deadline: null,
    fields: [],
    route: cardSteps('current'),
    history: [],
    earlierHistoryCount: 0,
    actions: [],
    extraActions: [],
    ...over,
  };
}
