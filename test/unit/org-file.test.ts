import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  hashOrgSource,
  loadOrgFile,
  OrgFileError,
  type OrgFileProblem,
  OrgFileReadError,
  parseOrgFile,
} from '../../src/org/org-file.ts';

/** The smallest valid file. Line numbers matter: tests below replace single lines and assert them. */
const VALID = [
  /*  1 */ 'unit:',
  /*  2 */ '  name: 测试局',
  /*  3 */ '  doc_prefix: 测',
  /*  4 */ 'departments:',
  /*  5 */ '  - { id: leadership, name: 局领导, kind: leadership }',
  /*  6 */ '  - { id: office, name: 办公室, kind: office, supervising_leader: boss }',
  /*  7 */ 'people:',
  /*  8 */ '  - { id: boss, name: 局长甲, department: leadership, roles: [director] }',
  /*  9 */ '  - id: clerk',
  /* 10 */ '    name: 秘书乙',
  /* 11 */ '    department: office',
  /* 12 */ '    roles: [department_head, office_head, secretary, print_room, archivist, supplies_keeper, seal_custodian]',
  /* 13 */ 'seals:',
  /* 14 */ '  - { id: official, name: 公章, kind: official, custodian: clerk }',
];

/** VALID with some lines (1-based) replaced; a replacement may span lines with `\n`. */
function orgWith(replacements: Record<number, string> = {}): string {
  return VALID.map((line, i) => replacements[i + 1] ?? line).join('\n');
}

function problemsOf(text: string): { error: OrgFileError; problems: OrgFileProblem[] } {
  try {
    parseOrgFile(text, 'org.yaml');
  } catch (error) {
    if (error instanceof OrgFileError) return { error, problems: error.problems };
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

describe('parseOrgFile', () => {
  it('accepts the smallest valid file and fills in the defaults', () => {
    const org = parseOrgFile(orgWith(), 'org.yaml');

    expect(org.unit).toMatchObject({
      name: '测试局',
      docPrefix: '测',
      timeZone: 'Asia/Shanghai',
      nameEn: null,
    });
    expect(org.unit.docTypes).toEqual([
      { id: 'main', name: '发文', nameEn: 'Document', pattern: '{prefix}发〔{year}〕{seq}号' },
    ]);
    expect(org.people[0]).toMatchObject({
      id: 'boss',
      departmentId: 'leadership',
      roles: ['director'],
      headRank: null,
      clearance: 'internal',
      locale: 'zh',
      slackUserId: null,
    });
    // A head without head_rank is the principal.
    expect(org.people[1]?.headRank).toBe('principal');
    expect(org.seals[0]).toMatchObject({
      custodianId: 'clerk',
      needsLeader: false,
      initialState: 'active',
      ownerId: null,
    });
  });

  it('accepts clearance in Chinese and drops the implicit drafter role', () => {
    const org = parseOrgFile(
      orgWith({
        8: '  - { id: boss, name: 局长甲, department: leadership, roles: [drafter, director, director], clearance: 机密 }',
      }),
      'org.yaml',
    );

    expect(org.people[0]).toMatchObject({ roles: ['director'], clearance: 'confidential' });
  });

  it('reports a person in an unknown department at the line of their department', () => {
    const { error, problems } = problemsOf(
      orgWith({
        13: ['  - id: newcomer', '    name: 新人', '    department: finance', 'seals:'].join('\n'),
      }),
    );

    expect(error.code).toBe('org_file_invalid');
    expect(problems).toHaveLength(1);
    expect(error.message).toContain('org.yaml:15:17: people[2].department: unknown department "finance"');
    expect(error.message).toContain('known: leadership, office');
  });

  it('lists every problem in the file, in file order', () => {
    const { error, problems } = problemsOf(
      orgWith({
        3: '  doc_prefix: 测\n  time_zone: Asia/Nowhere', // line 4 from here on, everything moves down by 1
        8: '  - { id: boss, name: 局长甲, department: leadership, roles: [director], locale: fr }',
        11: '    departmnet: office',
        14: '  - { id: official, name: 公章, kind: official, custodian: nobody }',
      }),
    );

    expect(problems.map((p) => `${p.line}:${p.path}`)).toEqual([
      '4:unit.time_zone',
      '9:people[0].locale',
      '10:people[1].department', // missing: reported at the start of the person
      '12:people[1].departmnet',
      '15:seals[0].custodian',
    ]);
    expect(error.message).toContain('org.yaml:4:14: unit.time_zone: must be an IANA time zone');
    expect(error.message).toContain('org.yaml:9:79: people[0].locale: must be one of zh, en');
    expect(error.message).toContain('org.yaml:10:5: people[1].department: is required');
    expect(error.message).toContain(
      'org.yaml:12:5: people[1].departmnet: unknown key "departmnet"; expected one of',
    );
    expect(error.message).toContain('org.yaml:15:58: seals[0].custodian: unknown person "nobody"');
    expect(error.message.split('\n')[0]).toBe('The organisation file org.yaml has 5 problems:');
  });

  it('reports a YAML syntax error with its line and column', () => {
    const { error, problems } = problemsOf(orgWith({ 12: '    roles: [department_head, office_head' }));

    expect(problems).toHaveLength(1);
    expect(error.message).toMatch(/^org\.yaml:13:1: /m);
  });

  it('reports a key written twice in one mapping at its second occurrence', () => {
    const { error } = problemsOf(orgWith({ 10: '    name: 秘书乙\n    name: 秘书丙' }));

    expect(error.message).toContain('org.yaml:11:5: Map keys must be unique');
  });

  it('reports a duplicate id where it repeats, naming the line of the first', () => {
    const { error, problems } = problemsOf(
      orgWith({
        14: '  - { id: official, name: 公章, kind: official, custodian: clerk }\n  - { id: official, name: 公章二, kind: contract, custodian: clerk }',
      }),
    );

    expect(problems).toHaveLength(1);
    expect(error.message).toContain(
      'org.yaml:15:11: seals[1].id: duplicate seal id "official" (first on line 14)',
    );
  });

  it('accepts DingTalk and WeCom user ids beside the Slack one', () => {
    const org = parseOrgFile(
      orgWith({
        8: '  - { id: boss, name: 局长甲, department: leadership, roles: [director], slack_user_id: U0BOSS, dingtalk_user_id: manager4921, wecom_user_id: Zhang.San@hq }',
      }),
      'org.yaml',
    );

    expect(org.people[0]).toMatchObject({
      slackUserId: 'U0BOSS',
      dingtalkUserId: 'manager4921',
      wecomUserId: 'Zhang.San@hq',
    });
    expect(org.people[1]).toMatchObject({ slackUserId: null, dingtalkUserId: null, wecomUserId: null });
  });

  it('rejects a DingTalk or WeCom user id that is not of the platform’s form', () => {
    const { error, problems } = problemsOf(
      orgWith({
        8: '  - { id: boss, name: 局长甲, department: leadership, roles: [director], dingtalk_user_id: "two words", wecom_user_id: _zhang }',
      }),
    );

    expect(problems.map((p) => p.path)).toEqual(['people[0].dingtalk_user_id', 'people[0].wecom_user_id']);
    expect(error.message).toContain('must be a DingTalk userid');
    expect(error.message).toContain('must be a WeCom userid');
  });

  it('reports a DingTalk or WeCom user id given to two people, naming the line of the first', () => {
    const { error, problems } = problemsOf(
      orgWith({
        8: '  - { id: boss, name: 局长甲, department: leadership, roles: [director], dingtalk_user_id: dt1, wecom_user_id: wc1 }',
        11: '    department: office\n    dingtalk_user_id: dt1\n    wecom_user_id: wc1',
      }),
    );

    expect(problems).toHaveLength(2);
    expect(error.message).toContain(
      'people[1].dingtalk_user_id: duplicate dingtalk_user_id "dt1" (first on line 8)',
    );
    expect(error.message).toContain(
      'people[1].wecom_user_id: duplicate wecom_user_id "wc1" (first on line 8)',
    );
  });

  it('rejects ids that are not slugs', () => {
    const { error } = problemsOf(orgWith({ 9: '  - id: Clerk_1' }));

    expect(error.message).toContain('org.yaml:9:9: people[1].id: must be a slug');
  });

  it('rejects a supervising leader who is neither a leader nor the director', () => {
    const { error, problems } = problemsOf(
      orgWith({ 6: '  - { id: office, name: 办公室, kind: office, supervising_leader: clerk }' }),
    );

    expect(problems).toHaveLength(1);
    expect(error.message).toContain(
      'org.yaml:6:64: departments[1].supervising_leader: "clerk" (秘书乙) is not a leader',
    );
  });

  it('requires a supervising leader for every department but the leadership', () => {
    const { error } = problemsOf(orgWith({ 6: '  - { id: office, name: 办公室, kind: office }' }));

    expect(error.message).toContain('org.yaml:6:5: departments[1].supervising_leader: is required');
  });

  it('rejects a seal whose custodian lacks the seal_custodian role', () => {
    const { error } = problemsOf(
      orgWith({ 14: '  - { id: official, name: 公章, kind: official, custodian: boss }' }),
    );

    expect(error.message).toContain(
      'org.yaml:14:58: seals[0].custodian: "boss" (局长甲) does not have role seal_custodian',
    );
  });

  it('requires the owner of a hand seal to be a leader', () => {
    const noOwner = problemsOf(orgWith({ 14: '  - { id: hand, name: 手章, kind: hand, custodian: clerk }' }));
    const notLeader = problemsOf(
      orgWith({ 14: '  - { id: hand, name: 手章, kind: hand, custodian: clerk, owner: clerk }' }),
    );

    expect(noOwner.error.message).toContain('org.yaml:14:5: seals[0].owner: is required for a hand seal');
    expect(notLeader.error.message).toContain(
      'org.yaml:14:64: seals[0].owner: "clerk" (秘书乙) is not a leader',
    );
  });

  it('requires exactly one director', () => {
    const none = problemsOf(
      orgWith({ 8: '  - { id: boss, name: 局长甲, department: leadership, roles: [leader] }' }),
    );
    const two = problemsOf(
      orgWith({
        12: '    roles: [director, department_head, office_head, secretary, print_room, archivist, supplies_keeper, seal_custodian]',
      }),
    );

    expect(none.error.message).toContain('org.yaml:7:1: people: no one has role director');
    expect(two.error.message).toContain(
      'org.yaml:12:5: people[1].roles: a second director (the first is on line 8)',
    );
  });

  it('requires someone in each of the office roles the flows stop at', () => {
    const { problems } = problemsOf(orgWith({ 12: '    roles: [department_head, seal_custodian]' }));

    expect(problems.map((p) => p.message)).toEqual([
      'no one has role office_head (办公室负责人); at least one person must',
      'no one has role secretary (办公室秘书); at least one person must',
      'no one has role print_room (文印室); at least one person must',
      'no one has role archivist (档案管理员); at least one person must',
      'no one has role supplies_keeper (办公用品管理员); at least one person must',
    ]);
    expect(problems.every((p) => p.line === 7)).toBe(true);
  });

  it('requires a department head in every department, as the draft review needs one', () => {
    const { error } = problemsOf(
      orgWith({
        12: '    roles: [office_head, secretary, print_room, archivist, supplies_keeper, seal_custodian]',
      }),
    );

    expect(error.message).toContain(
      'org.yaml:6:11: departments[1].id: department "office" (办公室) has no one with role department_head',
    );
  });

  it('allows one principal head per department, and any number of deputies', () => {
    const deputy =
      '  - { id: deputy, name: 副主任, department: office, roles: [department_head], head_rank: deputy }';
    const second = '  - { id: second, name: 主任二, department: office, roles: [department_head] }';

    expect(() => parseOrgFile(orgWith({ 13: `${deputy}\nseals:` }), 'org.yaml')).not.toThrow();
    const { error } = problemsOf(orgWith({ 13: `${second}\nseals:` }));
    expect(error.message).toContain(
      'org.yaml:13:50: people[2].roles: department "office" already has a principal head (line 9)',
    );
  });

  it('rejects a head_rank on someone who is not a department head', () => {
    const { error } = problemsOf(
      orgWith({
        8: '  - { id: boss, name: 局长甲, department: leadership, roles: [director], head_rank: deputy }',
      }),
    );

    expect(error.message).toContain(
      'org.yaml:8:82: people[0].head_rank: is only for people with role department_head',
    );
  });

  it('refuses 催办 rules for a flow the bot does not have, at the misspelt key', () => {
    const chasing = (flow: string) =>
      `${VALID[13]}\nchasing:\n  flows:\n    ${flow}: { escalate_after_overdue: 2 }`;
    expect(parseOrgFile(orgWith({ 14: chasing('incoming') }), 'org.yaml').chasing?.flows).toEqual({
      incoming: { escalateAfterOverdue: 2 },
    });
    const { error, problems } = problemsOf(orgWith({ 14: chasing('incomming') }));
    expect(problems).toHaveLength(1);
    expect(error.message).toContain(
      'org.yaml:17:5: chasing.flows.incomming: unknown flow "incomming" (known: ',
    );
    expect(error.message).toContain('incoming');
  });

  it('rejects a document number pattern without {year} or {seq}', () => {
    const { error } = problemsOf(
      orgWith({
        3: "  doc_prefix: 测\n  doc_types:\n    - { id: main, name: 发文, pattern: '{prefix}发{seq}号' }",
      }),
    );

    expect(error.message).toContain(
      'org.yaml:5:38: unit.doc_types[0].pattern: must contain {year} and {seq}',
    );
  });

  it('accepts a zero-padded {seq:3} in a document number pattern and rejects other {seq:…} forms', () => {
    const padded =
      "  doc_prefix: 测\n  doc_types:\n    - { id: main, name: 发文, pattern: '{prefix}发〔{year}〕{seq:3}号' }";
    expect(parseOrgFile(orgWith({ 3: padded }), 'org.yaml').unit.docTypes[0]?.pattern).toBe(
      '{prefix}发〔{year}〕{seq:3}号',
    );

    const { error } = problemsOf(orgWith({ 3: padded.replace('{seq:3}', '{seq:0}') }));
    expect(error.message).toContain('org.yaml:5:38: unit.doc_types[0].pattern: unknown placeholder {seq:0}');
  });

  it('reports a shape problem and a reference problem in different people in one run', () => {
    const { problems } = problemsOf(
      orgWith({
        8: '  - { id: boss, name: 局长甲, department: leadership, roles: [director], clearance: 特级 }',
        11: '    department: finance',
      }),
    );

    expect(problems.map((p) => `${p.line}:${p.path}`)).toEqual([
      '8:people[0].clearance',
      '11:people[1].department',
    ]);
  });

  it('says so when the file is empty or not a mapping', () => {
    expect(problemsOf('').error.message).toContain('org.yaml:1:1: the file is empty');
    expect(problemsOf('- a\n- b\n').error.message).toContain(
      'org.yaml:1:1: (top level): the file must be a mapping',
    );
  });
});

describe('loadOrgFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'org-file-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the example file shipped with the project', async () => {
    const loaded = await loadOrgFile('org.example.yaml');
    const { org } = loaded;

    expect(loaded.sourceHash).toBe(hashOrgSource(await readFile('org.example.yaml')));
    expect(loaded.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(org.unit).toMatchObject({ name: '示范县水利局', docPrefix: '示水', timeZone: 'Asia/Shanghai' });
    expect(org.unit.docTypes.map((d) => d.pattern)).toContain('{prefix}办发〔{year}〕{seq}号');
    expect(org.people.length).toBeGreaterThanOrEqual(15);
    expect(org.people.filter((p) => p.roles.includes('director')).map((p) => p.name)).toEqual(['张建国']);
    const headsOf = (dept: string) =>
      org.people.filter((p) => p.departmentId === dept && p.roles.includes('department_head'));
    expect(headsOf('construction')).toHaveLength(1);
    expect(headsOf('water-admin').map((p) => p.headRank)).toEqual(['principal', 'deputy']);
    expect(org.seals.map((s) => s.kind).sort()).toEqual([
      'contract',
      'finance',
      'hand',
      'legal_rep',
      'official',
    ]);
  });

  it('names the missing file and how to fix it', async () => {
    const missing = path.join(dir, 'nope.yaml');

    const error = await loadOrgFile(missing).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OrgFileReadError);
    expect((error as OrgFileReadError).code).toBe('org_file_missing');
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).toContain('ORG_FILE');
  });

  it('reports a file saved as GBK instead of UTF-8 at the line of the first bad character', async () => {
    const file = path.join(dir, 'org.yaml');
    // 测试 in GBK.
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from('unit:\n  name: '),
        Buffer.from([0xb2, 0xe2, 0xca, 0xd4]),
        Buffer.from('\n'),
      ]),
    );

    const error = await loadOrgFile(file).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OrgFileError);
    expect((error as Error).message).toContain(`${file}:2:9: the file is not UTF-8`);
  });

  it('uses the path as given in its messages', async () => {
    const file = path.join(dir, 'org.yaml');
    await writeFile(file, orgWith({ 11: '    department: finance' }));

    const error = await loadOrgFile(file).catch((e: unknown) => e);

    expect((error as Error).message).toContain(`${file}:11:17: people[1].department`);
  });
});
