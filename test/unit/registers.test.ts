import { describe, expect, it } from 'vitest';
import { outgoingDefinition } from '../../src/domain/documents/outgoing.ts';
import {
  type DirectoryPerson,
  type DirectorySnapshot,
  startInstance,
  transition,
  type WorkflowAction,
  type WorkflowInstance,
  weekdayCalendar,
} from '../../src/domain/workflow/index.ts';
import { registerFileName } from '../../src/features/documents/doc-register-command.ts';
import {
  OUTGOING_REGISTER_COLUMNS,
  outgoingRegisterRow,
  parseRegisterArgs,
  type RegisterAuditEntry,
  type RegisterNames,
  registerCsv,
} from '../../src/features/documents/registers.ts';

const DEPARTMENTS = [
  { id: 'office', name: '办公室', nameEn: 'General Office' },
  { id: 'water-admin', name: '水政水资源科', nameEn: 'Water Administration' },
];

describe('/doc register words', () => {
  const read = (args: string[]) => parseRegisterArgs(args, { departments: DEPARTMENTS, currentYear: 2026 });

  it('defaults to the outgoing register of this year, every department, every state', () => {
    expect(read([])).toEqual({
      ok: true,
      request: { direction: 'out', year: 2026, departmentId: null, state: 'all' },
    });
  });

  it('reads a year, a department (id, Chinese or English name) and a state in any order', () => {
    expect(read(['已发', '水政水资源科', '2025', 'out'])).toEqual({
      ok: true,
      request: { direction: 'out', year: 2025, departmentId: 'water-admin', state: 'sent' },
    });
    expect(read(['office', 'RUNNING', '２０２４'])).toMatchObject({
      request: { year: 2024, departmentId: 'office', state: 'running' },
    });
    expect(read(['general office', '全部', '发文'])).toMatchObject({
      request: { direction: 'out', departmentId: 'office', state: 'all' },
    });
    expect(read(['in', '2026'])).toMatchObject({ request: { direction: 'in' } });
    expect(read(['收文'])).toMatchObject({ request: { direction: 'in' } });
  });

  it('names a word it cannot read, or a condition given twice', () => {
    expect(read(['out', '26'])).toEqual({ ok: false, problem: { kind: 'unknown', arg: '26' } });
    expect(read(['1999'])).toEqual({ ok: false, problem: { kind: 'unknown', arg: '1999' } });
    expect(read(['2025', '2026'])).toEqual({ ok: false, problem: { kind: 'repeated', arg: '2026' } });
    expect(read(['已发', 'all'])).toEqual({ ok: false, problem: { kind: 'repeated', arg: 'all' } });
  });

  it('names the file 发文登记簿-<year>, with the department and state when chosen', () => {
    const deps = { departments: DEPARTMENTS };
    expect(registerFileName({ direction: 'out', year: 2026, departmentId: null, state: 'all' }, deps)).toBe(
      '发文登记簿-2026.csv',
    );
    expect(
      registerFileName({ direction: 'out', year: 2026, departmentId: 'office', state: 'sent' }, deps),
    ).toBe('发文登记簿-2026-办公室-已发.csv');
  });
});

// A downward document taken through its route by the pure engine, with the audit entries the
// service would write for each act.
const person = (
  id: string,
  departmentId: string,
  roles: string[] = [],
  headRank: DirectoryPerson['headRank'] = null,
): DirectoryPerson => ({ id, departmentId, roles, headRank, active: true });
const directory: DirectorySnapshot = {
  people: [
    person('leader-wang', 'leadership', ['leader']),
    person('zhao-min', 'office', ['office_head', 'department_head'], 'principal'),
    person('zhou-jing', 'office', ['secretary']),
    person('zheng-tao', 'office', ['print_room']),
    person('liu-yang', 'water-admin', ['department_head'], 'principal'),
    person('xu-hui', 'water-admin'),
  ],
  departments: [
    { id: 'leadership', kind: 'leadership', supervisingLeaderId: null },
    { id: 'office', kind: 'office', supervisingLeaderId: 'leader-wang' },
    { id: 'water-admin', kind: 'business', supervisingLeaderId: 'leader-wang' },
  ],
  seals: [],
};
const NAMES: RegisterNames = {
  timeZone: 'Asia/Shanghai',
  docTypes: [{ id: 'main', name: '局发文' }],
  departments: new Map([
    ['office', '办公室'],
    ['water-admin', '水政水资源科'],
  ]),
  people: new Map(
    [
      ['leader-wang', '王振华', 'leadership'],
      ['zhao-min', '赵敏', 'office'],
      ['zhou-jing', '周静', 'office'],
      ['zheng-tao', '郑涛', 'office'],
      ['liu-yang', '刘洋', 'water-admin'],
      ['xu-hui', '徐慧', 'water-admin'],
    ].map(([id, name, departmentId]) => [
      id as string,
      { name: name as string, departmentId: departmentId as string },
    ]),
  ),
};
const calendar = weekdayCalendar('Asia/Shanghai');

function document(
  options: { secrecy?: 'internal' | 'secret'; title?: string | null; reference?: string } = {},
) {
  let at = new Date('2026-03-02T01:00:00Z').getTime();
  const audit: RegisterAuditEntry[] = [];
  const secrecy = options.secrecy ?? 'internal';
  let instance: WorkflowInstance = startInstance(
    outgoingDefinition('downward', false),
    {
      id: '22222222-2222-4222-8222-222222222222',
      requesterId: 'xu-hui',
      title: options.title === undefined ? '关于开展汛前安全检查的通知' : options.title,
      reference: options.reference ?? null,
      secrecy,
      urgency: 'urgent',
      params: {
        docType: 'main',
        direction: 'downward',
        mainRecipients: '各乡镇人民政府，局属各单位',
        copyTo: '县应急管理局',
        copies: '30',
      },
    },
    directory,
    new Date(at),
    calendar,
  ).next;
  audit.push({ instanceId: instance.id, seq: 1, actorId: 'xu-hui', action: 'start', at: new Date(at) });
  const act = (personId: string, action: WorkflowAction) => {
    at += 3_600_000;
    instance = transition(instance, action, { personId }, new Date(at), calendar).next;
    audit.push({
      instanceId: instance.id,
      seq: audit.length + 1,
      actorId: personId,
      action: action.type,
      at: new Date(at),
    });
  };
  return {
    get instance() {
      return instance;
    },
    audit,
    act,
    number(docNumber: string) {
      instance = { ...instance, params: { ...instance.params, docNumber } };
    },
  };
}

describe('outgoing register rows', () => {
  it('fills every column from the document, the directory and the audit log', () => {
    const doc = document();
    doc.act('liu-yang', { type: 'approve', comment: '核稿无误。' });
    doc.act('zhao-min', { type: 'approve', comment: '已把关。' });
    doc.act('leader-wang', { type: 'approve', comment: '签发。' }); // 2026-03-02 12:00 Shanghai
    doc.number('示水发〔2026〕7号');
    doc.act('zheng-tao', { type: 'complete', result: '已编号。' });
    doc.act('zhou-jing', { type: 'complete', result: '已发送。' }); // 14:00 Shanghai
    const row = outgoingRegisterRow(doc.instance, doc.audit, NAMES);
    expect(Object.fromEntries(OUTGOING_REGISTER_COLUMNS.map((c, i) => [c, row[i]]))).toEqual({
      文号: '示水发〔2026〕7号',
      标题: '关于开展汛前安全检查的通知',
      发文类型: '局发文',
      行文方向: '下行文',
      紧急程度: '加急',
      密级: '内部',
      拟稿部门: '水政水资源科',
      拟稿人: '徐慧',
      签发人: '王振华',
      签发时间: '2026-03-02 12:00',
      主送: '各乡镇人民政府，局属各单位',
      抄送: '县应急管理局',
      份数: '30',
      状态: '已发',
      发送时间: '2026-03-02 14:00',
      流程编号: '22222222-2222-4222-8222-222222222222',
    });
  });

  it('takes the sign-off time from the audit entry, not from the state', () => {
    const doc = document();
    doc.act('liu-yang', { type: 'approve', comment: '同意。' });
    doc.act('zhao-min', { type: 'approve', comment: '同意。' });
    doc.act('leader-wang', { type: 'approve', comment: '签发。' });
    const signOff = doc.audit.at(-1) as RegisterAuditEntry;
    signOff.at = new Date('2026-03-03T07:45:00Z');
    const row = outgoingRegisterRow(doc.instance, doc.audit, NAMES);
    expect(row[OUTGOING_REGISTER_COLUMNS.indexOf('签发时间')]).toBe('2026-03-03 15:45');
    expect(row[OUTGOING_REGISTER_COLUMNS.indexOf('签发人')]).toBe('王振华');
  });

  it('leaves signer and sending time empty while the document is still on its way, and says where it is', () => {
    const doc = document();
    doc.act('liu-yang', { type: 'approve', comment: '同意。' });
    const row = outgoingRegisterRow(doc.instance, doc.audit, NAMES);
    expect(row[OUTGOING_REGISTER_COLUMNS.indexOf('签发人')]).toBe('');
    expect(row[OUTGOING_REGISTER_COLUMNS.indexOf('签发时间')]).toBe('');
    expect(row[OUTGOING_REGISTER_COLUMNS.indexOf('发送时间')]).toBe('');
    expect(row[OUTGOING_REGISTER_COLUMNS.indexOf('状态')]).toBe('办理中（办公室负责人把关）');
    expect(row[OUTGOING_REGISTER_COLUMNS.indexOf('文号')]).toBe('');
  });

  it('shows a classified document as 密件 <reference>, with no title and no recipients', () => {
    const doc = document({ secrecy: 'secret', title: null, reference: '示水密〔2026〕2号' });
    // Even a title stored by mistake stays out.
    const leaked = { ...doc.instance, title: '涉密标题' };
    const row = outgoingRegisterRow(leaked, doc.audit, NAMES);
    expect(row[OUTGOING_REGISTER_COLUMNS.indexOf('标题')]).toBe('密件 示水密〔2026〕2号');
    expect(row[OUTGOING_REGISTER_COLUMNS.indexOf('密级')]).toBe('秘密');
    expect(row[OUTGOING_REGISTER_COLUMNS.indexOf('主送')]).toBe('');
    expect(row[OUTGOING_REGISTER_COLUMNS.indexOf('抄送')]).toBe('');
    expect(row.join('|')).not.toContain('涉密标题');
  });
});

describe('register CSV', () => {
  it('starts with a UTF-8 byte-order mark and the Chinese headers, records end in CRLF', () => {
    const csv = registerCsv(OUTGOING_REGISTER_COLUMNS, [['示水发〔2026〕1号', '关于防汛的通知']]);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString('utf8').slice(1);
    expect(text).toBe(`${OUTGOING_REGISTER_COLUMNS.join(',')}\r\n示水发〔2026〕1号,关于防汛的通知\r\n`);
  });

  it('quotes titles with commas, quotes and line breaks, doubling the quotes', () => {
    const csv = registerCsv(['标题'], [['关于"河长制",湖长制的通知'], ['第一行\n第二行'], ['回车\r在此']]);
    expect(csv.toString('utf8').slice(1)).toBe(
      '标题\r\n"关于""河长制"",湖长制的通知"\r\n"第一行\n第二行"\r\n"回车\r在此"\r\n',
    );
  });

  it('keeps a cell that starts like a formula from running in a spreadsheet', () => {
    const csv = registerCsv(['标题'], [['=HYPERLINK("http://evil.example")'], ['-1'], ['@SUM(A1)']]);
    expect(csv.toString('utf8').slice(1)).toBe(
      '标题\r\n"\'=HYPERLINK(""http://evil.example"")"\r\n\'-1\r\n\'@SUM(A1)\r\n',
    );
  });
});
