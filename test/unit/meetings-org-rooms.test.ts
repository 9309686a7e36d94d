import { describe, expect, it } from 'vitest';
import { OrgFileError, type OrgFileProblem, parseOrgFile } from '../../src/org/org-file.ts';

// Meeting rooms in the organisation file (`rooms:`): read with their seats and equipment, and
// every mistake reported with its line, as the rest of the file is.

const BASE = [
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
  /* 12 */ '    roles: [department_head, office_head, secretary, print_room, archivist, supplies_keeper]',
].join('\n');

const withRooms = (...lines: string[]) => [BASE, 'rooms:', ...lines].join('\n');

function problemsOf(text: string): OrgFileProblem[] {
  try {
    parseOrgFile(text, 'org.yaml');
  } catch (error) {
    if (error instanceof OrgFileError) return error.problems;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

describe('meeting rooms in the organisation file', () => {
  it('reads rooms with their seats and equipment, and no rooms as meetings not enabled', () => {
    const org = parseOrgFile(
      withRooms(
        '  - { id: room-301, name: 第一会议室, name_en: Room 301, capacity: 30, equipment: [投影仪, 话筒] }',
        '  - { id: room-205, name: 小会议室, capacity: 8 }',
      ),
      'org.yaml',
    );
    expect(org.rooms).toEqual([
      { id: 'room-301', name: '第一会议室', nameEn: 'Room 301', capacity: 30, equipment: ['投影仪', '话筒'] },
      { id: 'room-205', name: '小会议室', nameEn: null, capacity: 8, equipment: [] },
    ]);
    expect(parseOrgFile(BASE, 'org.yaml').rooms ?? null).toBeNull();
  });

  it('reports a bad capacity and an unknown key, each with its line', () => {
    const problems = problemsOf(
      withRooms(
        '  - { id: room-301, name: 第一会议室, capacity: 30 }',
        '  - { id: room-302, name: 第二会议室, capacity: 0 }',
        '  - { id: room-303, name: 第三会议室, capacity: 12.5 }',
        '  - { id: room-304, name: 第四会议室, capacity: 10, seats: 10 }',
      ),
    );
    expect(problems).toEqual([
      expect.objectContaining({ line: 15, path: 'rooms[1].capacity', message: 'must be at least 1 seat' }),
      expect.objectContaining({
        line: 16,
        path: 'rooms[2].capacity',
        message: 'must be a whole number of seats, e.g. 20',
      }),
      expect.objectContaining({
        line: 17,
        path: 'rooms[3].seats',
        message: 'unknown key "seats"; expected one of id, name, name_en, capacity, equipment',
      }),
    ]);
  });

  it('reports a room id or name given twice, with the line of the first', () => {
    const problems = problemsOf(
      withRooms(
        '  - { id: room-301, name: 第一会议室, capacity: 30 }',
        '  - { id: room-301, name: 第二会议室, capacity: 20 }',
        '  - { id: room-302, name: 第一会议室, capacity: 12 }',
      ),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        line: 15,
        path: 'rooms[1].id',
        message: 'duplicate room id "room-301" (first on line 14)',
      }),
      expect.objectContaining({
        line: 16,
        path: 'rooms[2].name',
        message: 'duplicate room name "第一会议室" (first on line 14)',
      }),
    ]);
  });
});
