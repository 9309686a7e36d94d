// Realistic catalog entries (Chinese government document titles from templates and word lists,
// years 1990–2026, 文号), deterministic from a seed: the benchmark, the property test and the
// playground's demo data draw from here.

import type { SecrecyLevel } from '../org.ts';
import {
  type ArchiveRetention,
  type ArchiveSettings,
  DEFAULT_ARCHIVE_SETTINGS,
  formatArchiveNo,
} from './archive-no.ts';

/** A small fast PRNG (mulberry32): the same seed gives the same corpus on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = [
  '安全生产',
  '防汛抗旱',
  '水资源管理',
  '河道采砂管理',
  '水土保持',
  '农田水利建设',
  '农村饮水安全',
  '水利工程建设',
  '工程质量监督',
  '财务管理',
  '固定资产管理',
  '政府采购',
  '党风廉政建设',
  '保密工作',
  '信访维稳',
  '节能减排',
  '档案管理',
  '干部教育培训',
  '精神文明建设',
  '乡村振兴',
  '河长制',
  '湖长制',
  '防汛物资储备',
  '水库除险加固',
  '灌区续建配套与节水改造',
  '农业水价综合改革',
  '安全隐患排查治理',
  '应急管理',
  '消防安全',
  '网络安全',
  '政务公开',
  '法治政府建设',
  '绩效考核',
  '部门预算编制',
  '审计整改',
  '工程竣工验收',
  '招标投标管理',
  '生态环境保护',
  '水污染防治',
  '地下水超采综合治理',
  '水文监测',
  '山洪灾害防治',
  '城乡供水一体化',
  '移民后期扶持',
  '水利风景区建设',
  '节约用水',
  '取水许可管理',
  '河湖管理范围划定',
  '水利统计',
  '科技创新',
  '人才队伍建设',
  '机关作风建设',
  '意识形态工作',
  '统战工作',
  '工会工作',
  '老干部工作',
  '公文处理',
  '督查督办',
  '疫情防控',
  '高温天气防暑降温',
  '冬春农田水利基本建设',
  '汛前检查',
  '大坝安全鉴定',
  '水利建设资金管理',
];
const REGIONS = [
  '全市',
  '全县',
  '各区县',
  '局机关',
  '局属各单位',
  '东河流域',
  '西江灌区',
  '示范区',
  '南山水库',
  '北湖片区',
];
const ACTIONS = [
  '做好',
  '加强',
  '进一步加强',
  '切实做好',
  '开展',
  '深入开展',
  '组织开展',
  '推进',
  '规范',
  '落实',
];
const ISSUERS = [
  '市水利局',
  '局办公室',
  '计划财务科',
  '建设管理科',
  '水政监察大队',
  '人事科',
  '防汛抗旱指挥部办公室',
  '农村水利科',
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡'];
const GIVEN = [
  '建国',
  '海燕',
  '志强',
  '丽娟',
  '文华',
  '晓东',
  '春梅',
  '国庆',
  '秀英',
  '明',
  '伟',
  '静',
  '磊',
  '洋',
];
const DOC_TYPES = ['办发', '发', '函', '办函', '字', '人', '财', '建'];

type Pick = (list: readonly string[]) => string;
// Names make real titles selective: a unit's files name its towns, rivers, reservoirs, projects,
// contractors and people, thousands of them over the years. Two-character place names from two
// lists (900), with what lies there and the projects built on it, contractors named after places,
// and people (35 surnames, with a given name of the list or one of two characters).
const PLACE_FIRST = Array.from('青石桃李枫杨柳松梅竹兰新安平泰永和丰庆福宁长清白黑红金银龙凤');
const PLACE_SECOND = Array.from('山河湖溪岭湾桥庄店坪坝塘坡川口沟铺集寨营屯堡洲渡港岗林园源泉');
const TOWN_SUFFIX = ['镇', '乡', '街道', '村'];
const WATER = ['河', '水库', '干渠', '闸', '泵站', '堤防', '灌区', '水厂'];
const WORKS = ['综合治理', '除险加固', '清淤疏浚', '生态修复', '防洪', '供水', '改扩建', '标准化管理'];
const STAGES = ['初步设计', '可行性研究报告', '施工图设计', '竣工验收', '招标文件', '概算调整', '设计变更'];
const TRADES = ['水利建设', '建筑工程', '水电安装', '市政工程', '勘测设计', '工程监理'];
const FIRMS = ['有限公司', '有限责任公司', '集团有限公司'];
const COMPANY_MATTERS = [
  '资质核查',
  '合同履约',
  '工程质量问题',
  '安全生产事故',
  '信用评价',
  '农民工工资支付',
];
const JOBS = ['任职', '免职', '试用期满考核', '退休', '职级晋升', '岗位调整', '年度考核优秀'];
const WATER_MATTERS = ['水事纠纷', '非法采砂', '违章建筑', '水质监测', '汛期巡查', '堤防险情'];
const MORE_SURNAMES = Array.from('郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董');
const MORE_GIVEN = Array.from('军红梅兵芳勇杰娟涛敏艳斌霞刚平辉鹏华燕宇浩凯健俊帆雪琳晨');

const place = (p: Pick) => p(PLACE_FIRST) + p(PLACE_SECOND);
const town = (p: Pick) => place(p) + p(TOWN_SUFFIX);
const project = (p: Pick) => `${place(p)}${p(WATER)}${p(WORKS)}工程`;
const company = (p: Pick) => `${place(p)}${p(TRADES)}${p(FIRMS)}`;
const ALL_SURNAMES = [...SURNAMES, ...MORE_SURNAMES];
/** Half the people have a given name of the list, half one of two characters. */
const person = (p: Pick) =>
  p(ALL_SURNAMES) + (p(['list', 'two']) === 'list' ? p(GIVEN) : p(MORE_GIVEN) + p(MORE_GIVEN));

const TEMPLATES: Array<(p: Pick, year: number) => string> = [
  (p) => `关于${p(ACTIONS)}${p(SUBJECTS)}工作的通知`,
  (p) => `关于印发《${p(REGIONS)}${p(SUBJECTS)}实施方案》的通知`,
  (p) => `关于${p(REGIONS)}${p(SUBJECTS)}情况的报告`,
  (p) => `${p(ISSUERS)}关于${p(SUBJECTS)}有关问题的请示`,
  (p) => `关于召开${p(SUBJECTS)}工作会议的通知`,
  (p) => `关于${p(SUBJECTS)}专项检查结果的通报`,
  (p) => `关于同意${p(REGIONS)}${p(SUBJECTS)}项目立项的批复`,
  (p, year) => `${year}年度${p(SUBJECTS)}工作总结`,
  (p, year) => `${year}年${p(REGIONS)}${p(SUBJECTS)}工作要点`,
  (p) => `关于${p(SURNAMES)}${p(GIVEN)}同志任职的通知`,
  (p) => `关于转发《关于${p(ACTIONS)}${p(SUBJECTS)}的意见》的通知`,
  (p) => `${p(REGIONS)}${p(SUBJECTS)}会议纪要`,
  (p) => `关于${town(p)}${project(p)}${p(STAGES)}的批复`,
  (p) => `关于拨付${project(p)}建设资金的请示`,
  (p) => `关于${company(p)}${p(COMPANY_MATTERS)}情况的通报`,
  (p) => `关于${person(p)}同志${p(JOBS)}的通知`,
  (p) => `${town(p)}关于${p(SUBJECTS)}工作情况的报告`,
  (p) => `关于${town(p)}${place(p)}${p(WATER)}${p(WATER_MATTERS)}问题的处理意见`,
  (p) => `关于${project(p)}${p(STAGES)}的审查意见`,
  (p) => `关于表彰${p(ISSUERS)}${person(p)}等同志的决定`,
];

/** Categories the generator spreads entries over (default codes exist for each). */
const CATEGORIES = ['文书', '文书', '文书', '文书', '会计', '科技', '人事', '基建'];
const RETENTION_WEIGHTS: ArchiveRetention[] = ['permanent', '30y', '30y', '10y', '10y', '10y'];
const SECRECY_WEIGHTS: SecrecyLevel[] = [
  ...Array<SecrecyLevel>(60).fill('public'),
  ...Array<SecrecyLevel>(36).fill('internal'),
  'secret',
  'secret',
  'confidential',
  'top_secret',
];

/** One generated entry (the CSV import's fields). */
export interface GeneratedEntry {
  archiveNo: string;
  title: string | null;
  docNumber: string;
  year: number;
  category: string;
  department: string;
  retention: ArchiveRetention;
  secrecy: SecrecyLevel;
  pages: number;
  location: string;
}

/**
 * `count` entries with distinct 档号 (by `settings`, default rule) and 文号, spread over the years
 * `fromYear`–`toYear`; classified ones have no title. Yields lazily: a million never sit in memory.
 */
export function* generateEntries(
  count: number,
  options: {
    seed?: number;
    fromYear?: number;
    toYear?: number;
    docPrefix?: string;
    settings?: ArchiveSettings;
  } = {},
): Generator<GeneratedEntry> {
  const random = seededRandom(options.seed ?? 7);
  const settings = options.settings ?? DEFAULT_ARCHIVE_SETTINGS;
  const from = options.fromYear ?? 1990;
  const to = options.toYear ?? 2026;
  const prefix = options.docPrefix ?? '示水';
  const pick = <T extends string>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const seqs = new Map<string, number>();
  const next = (key: string) => {
    const n = (seqs.get(key) ?? 0) + 1;
    seqs.set(key, n);
    return n;
  };
  for (let i = 0; i < count; i++) {
    const year = from + Math.floor(random() * (to - from + 1));
    const category = pick(CATEGORIES);
    const retention = pick(RETENTION_WEIGHTS);
    const secrecy = pick(SECRECY_WEIGHTS);
    const template = TEMPLATES[Math.floor(random() * TEMPLATES.length)] as (p: Pick, year: number) => string;
    const title = template((list) => pick(list), year);
    const docType = pick(DOC_TYPES);
    const docNumber = `${prefix}${docType}〔${year}〕${next(`${docType}:${year}`)}号`;
    const parts = { year, retention, category };
    const archiveNo = formatArchiveNo(settings, parts, next(`${year}:${retention}:${category}`));
    yield {
      archiveNo,
      title: secrecy === 'public' || secrecy === 'internal' ? title : null,
      docNumber,
      year,
      category,
      department: pick(ISSUERS),
      retention,
      secrecy,
      pages: 1 + Math.floor(random() * 60),
      location: `${1 + Math.floor(random() * 3)}号库房-${1 + Math.floor(random() * 20)}排-${1 + Math.floor(random() * 10)}柜-${1 + Math.floor(random() * 50)}盒`,
    };
  }
}
