// The organisation's vocabulary: roles, secrecy levels, kinds of department and seal. Pure data,
// shared by the organisation file's schema, the database rows and the workflows.

/**
 * Roles of DOMAIN.md, as stored in `Person.roles`. Drafting (拟稿) is everyone's right and is
 * not a role: a person with no role at all can still start a document or a request.
 */
export const ROLES = [
  /** 部门负责人 (正职/副职): first review of drafts (核稿), approves the department's requests. */
  'department_head',
  /** 办公室负责人/办公室主任: checks outgoing documents (把关), proposes handling of incoming ones (拟办). */
  'office_head',
  /** 分管领导: the leader in charge of one or more departments. */
  'leader',
  /** 局长/主要领导: signs off upward documents, instructs incoming ones. Exactly one per unit. */
  'director',
  /** 收发员/办公室秘书: registers, circulates, sends and chases documents. */
  'secretary',
  /** 文印室: assigns document numbers and typesets. */
  'print_room',
  /** 印章保管人: keeps a seal and stamps what was approved. */
  'seal_custodian',
  /** 档案管理员: keeps the archive catalog, lends records. */
  'archivist',
  /** 办公用品管理员: keeps the supplies stock. */
  'supplies_keeper',
] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** Chinese names of the roles, for cards and error messages. */
export const ROLE_LABELS_ZH: Record<Role, string> = {
  department_head: '部门负责人',
  office_head: '办公室负责人',
  leader: '分管领导',
  director: '局长',
  secretary: '办公室秘书',
  print_room: '文印室',
  seal_custodian: '印章保管人',
  archivist: '档案管理员',
  supplies_keeper: '办公用品管理员',
};

/**
 * Rank of a department head: 正职 (principal) or 副职 (deputy). Seed 004 art. 8 treats both as
 * "部门负责人"; the rank decides who is asked first and how lists are ordered.
 */
export const HEAD_RANKS = ['principal', 'deputy'] as const;

/** One of {@link HEAD_RANKS}. */
export type HeadRank = (typeof HEAD_RANKS)[number];

/** Secrecy levels, lowest first, so that the index orders them (公开 < 内部 < 秘密 < 机密 < 绝密). */
export const SECRECY_LEVELS = ['public', 'internal', 'secret', 'confidential', 'top_secret'] as const;

/** One of {@link SECRECY_LEVELS}. */
export type SecrecyLevel = (typeof SECRECY_LEVELS)[number];

/** Chinese names of the secrecy levels. */
export const SECRECY_LABELS_ZH: Record<SecrecyLevel, string> = {
  public: '公开',
  internal: '内部',
  secret: '秘密',
  confidential: '机密',
  top_secret: '绝密',
};

/** Whether a person cleared for `clearance` may see an item classified `level`. */
export function isClearedFor(clearance: SecrecyLevel, level: SecrecyLevel): boolean {
  return SECRECY_LEVELS.indexOf(clearance) >= SECRECY_LEVELS.indexOf(level);
}

/** `leadership` (局领导), `office` (办公室) or `business` (业务科室). */
export const DEPARTMENT_KINDS = ['leadership', 'office', 'business'] as const;

/** One of {@link DEPARTMENT_KINDS}. */
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** 单位公章, 合同专用章, 财务专用章, 法人章, 领导手章. */
export const SEAL_KINDS = ['official', 'contract', 'finance', 'legal_rep', 'hand'] as const;

/** One of {@link SEAL_KINDS}. */
export type SealKind = (typeof SEAL_KINDS)[number];

/** Lifecycle of a seal: in use, temporarily withheld (e.g. reported lost), retired, destroyed. */
export const SEAL_STATES = ['active', 'suspended', 'retired', 'destroyed'] as const;

/** One of {@link SEAL_STATES}. */
export type SealState = (typeof SEAL_STATES)[number];

/** Languages the bot speaks to a person in. */
export const LOCALES = ['zh', 'en'] as const;

/** One of {@link LOCALES}. */
export type Locale = (typeof LOCALES)[number];

/** A person's name in `locale`: the English name where one is given, else the Chinese one. */
export function displayNameOf(person: { name: string; nameEn?: string | null }, locale: Locale): string {
  return locale === 'en' && person.nameEn ? person.nameEn : person.name;
}
