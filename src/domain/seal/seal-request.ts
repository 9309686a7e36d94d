// Seal-use requests (用印申请), DOMAIN.md "Seals": the department head approves; a leader too for
// an important document or a seal that needs one; then the seal's custodian checks the document
// against what was approved and stamps, recording the impressions actually made (never more than
// approved). Also: reading `/seal 公章 3 关于某某事项的函`, and the lifecycle of a seal. Pure.

import { z } from 'zod';
import type { SealState } from '../org.ts';
import { parseWorkflowDefinition, type WorkflowDefinitionInput } from '../workflow/definition.ts';
import type { WorkflowDefinition } from '../workflow/types.ts';

/** Params of a seal request. */
export const SEAL_PARAMS = {
  /** The seal (`seal.id`); the custodian rule reads it. */
  sealId: 'sealId',
  /** Impressions approved (用印份数/次数), as text. */
  copies: 'copies',
  purpose: 'purpose',
  docLink: 'docLink',
  /** '1' when the requester marked the document important (a leader must approve). */
  important: 'important',
  /** Set by the custodian's 已盖章: the impressions made. */
  impressions: 'impressions',
} as const;

/** The step ids of a seal request. */
export const SEAL_STEP_IDS = {
  department: 'dept_approve',
  leader: 'leader_approve',
  stamp: 'stamp',
} as const;

/** Most impressions one request may ask for. */
export const MAX_SEAL_COPIES = 500;

function build(withLeader: boolean): WorkflowDefinition {
  return parseWorkflowDefinition({
    id: withLeader ? 'seal_use_leader' : 'seal_use',
    version: 1,
    name: { zh: '用印申请', en: 'Seal request' },
    steps: [
      {
        id: SEAL_STEP_IDS.department,
        name: { zh: '部门负责人审批', en: 'Department head approves' },
        kind: 'single',
        assignees: { kind: 'role', role: 'department_head' },
        requireComment: false,
        deadlineWorkingDays: 1,
      },
      ...(withLeader
        ? [
            {
              id: SEAL_STEP_IDS.leader,
              name: { zh: '分管领导审批', en: 'Supervising leader approves' },
              kind: 'single' as const,
              assignees: { kind: 'role' as const, role: 'supervising_leader' as const },
              requireComment: false,
              deadlineWorkingDays: 1,
            },
          ]
        : []),
      {
        id: SEAL_STEP_IDS.stamp,
        name: { zh: '印章保管人用印', en: 'Custodian stamps' },
        kind: 'single',
        assignees: { kind: 'seal_custodian' },
        requireComment: false,
        deadlineWorkingDays: 1,
        // 已盖章 opens the custodian's own form: the impressions actually made.
        setsParams: [SEAL_PARAMS.impressions],
        // One named custodian per seal (DOMAIN.md): the stamping is never handed on.
        fixedAssignees: true,
      },
    ],
  } satisfies WorkflowDefinitionInput);
}

/** Both routes: without and with a leader's approval. */
export const SEAL_DEFINITIONS: readonly WorkflowDefinition[] = [build(false), build(true)];

/** The route for a request: a leader approves too when the seal needs one or the document is important. */
export function sealDefinition(needsLeader: boolean, important: boolean): WorkflowDefinition {
  return SEAL_DEFINITIONS[needsLeader || important ? 1 : 0] as WorkflowDefinition;
}

/** A seal as a request form or the inline command sees it. */
export interface SealChoice {
  id: string;
  name: string;
  nameEn: string | null;
  kind: string;
  state: SealState;
}

/** Everyday names of the kinds of seal (what people type after `/seal`). */
const KIND_WORDS: Readonly<Record<string, readonly string[]>> = {
  official: ['公章', '单位公章', '行政章'],
  contract: ['合同章', '合同专用章'],
  finance: ['财务章', '财务专用章'],
  legal_rep: ['法人章', '法定代表人章', '法人名章'],
  hand: ['手章', '名章', '私章'],
};

/** The seals `word` may mean: an exact name or id first, else a kind's everyday name, else a part of a name. */
export function sealsMatching(word: string, seals: readonly SealChoice[]): SealChoice[] {
  const typed = word.normalize('NFKC').trim().toLowerCase();
  if (typed === '') return [];
  const exact = seals.filter(
    (s) =>
      s.id.toLowerCase() === typed || s.name.toLowerCase() === typed || s.nameEn?.toLowerCase() === typed,
  );
  if (exact.length > 0) return exact;
  const byKind = seals.filter((s) => KIND_WORDS[s.kind]?.some((w) => w === typed));
  if (byKind.length > 0) return byKind;
  return seals.filter((s) => s.name.toLowerCase().includes(typed) || s.nameEn?.toLowerCase().includes(typed));
}

/** What `/seal <seal> <copies> <title>` gave, and what it lacks. */
export interface SealCommandReading {
  /** The one seal meant, when exactly one matched. */
  sealId: string | null;
  copies: number | null;
  title: string;
  /** Why the form has to open: nothing typed, no such seal, several seals, no count, no title. */
  problems: Array<'seal_unknown' | 'seal_ambiguous' | 'copies_missing' | 'copies_invalid' | 'title_missing'>;
  /** The seals an ambiguous word matched (for the note). */
  candidates: SealChoice[];
}

const Copies = z.coerce.number().int().min(1).max(MAX_SEAL_COPIES);

/**
 * Reads the words after `/seal` (in any spacing, full-width digits and spaces included): the seal
 * (first word), the impressions (a number, optionally with 份/次/枚/个), the document title (the
 * rest). Only the seal and the count are normalised (NFKC: full-width letters and digits); the
 * title keeps what was typed, full-width （）：， included. Pure; never throws.
 */
export function readSealCommand(text: string, seals: readonly SealChoice[]): SealCommandReading {
  // Words with where they stand in the text, so the title is cut from it as typed.
  const words = [...text.matchAll(/\S+/gu)].map((m) => ({
    word: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
  const problems: SealCommandReading['problems'] = [];
  let sealId: string | null = null;
  let candidates: SealChoice[] = [];
  const sealWord = words.shift()?.word ?? '';
  const matched = sealsMatching(sealWord, seals);
  if (matched.length === 1) sealId = matched[0]?.id ?? null;
  else if (matched.length > 1) {
    problems.push('seal_ambiguous');
    candidates = matched;
  } else problems.push('seal_unknown');
  let copies: number | null = null;
  const countAt = words.findIndex((w) => /^\d+(份|次|枚|个|张)?$/u.test(w.word.normalize('NFKC')));
  if (countAt >= 0) {
    const parsed = Copies.safeParse((words[countAt]?.word ?? '').normalize('NFKC').replace(/[^\d]/gu, ''));
    if (parsed.success) copies = parsed.data;
    else problems.push('copies_invalid');
  } else problems.push('copies_missing');
  // The words before the count and those after it, each run as typed (its own spacing kept).
  const runs = countAt >= 0 ? [words.slice(0, countAt), words.slice(countAt + 1)] : [words];
  const title = runs
    .filter((run) => run.length > 0)
    .map((run) => text.slice(run[0]?.start, run.at(-1)?.end))
    .join(' ');
  if (title === '') problems.push('title_missing');
  return { sealId, copies, title, problems, candidates };
}

/** What the office head (or, for 遗失, the custodian) may do to a seal. */
export const SEAL_LIFECYCLE_ACTIONS = ['suspend', 'resume', 'retire', 'destroy', 'lost'] as const;
export type SealLifecycleAction = (typeof SEAL_LIFECYCLE_ACTIONS)[number];

/** The event kind each action records in `seal_event`. */
export const SEAL_EVENT_OF: Readonly<Record<SealLifecycleAction, string>> = {
  suspend: 'suspended',
  resume: 'resumed',
  retire: 'retired',
  destroy: 'destroyed',
  lost: 'lost',
};

/**
 * The state a seal moves to, or null when the action does not apply: a seal in use may be
 * suspended, reported lost or retired (封存); a suspended one resumed or retired; a retired one
 * destroyed (销毁). Nothing comes back from destroyed.
 */
export function nextSealState(state: SealState, action: SealLifecycleAction): SealState | null {
  switch (action) {
    case 'suspend':
      return state === 'active' ? 'suspended' : null;
    case 'lost':
      return state === 'active' || state === 'suspended' ? 'suspended' : null;
    case 'resume':
      return state === 'suspended' ? 'active' : null;
    case 'retire':
      return state === 'active' || state === 'suspended' ? 'retired' : null;
    case 'destroy':
      return state === 'retired' ? 'destroyed' : null;
  }
}
