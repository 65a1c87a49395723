// Chinese petition text for synthetic cases: titles and contents composed from the matters a city
// petition office hears most, with places, durations and requests, so that word frequencies look like a
// real register (some words in most cases, some in few). Deterministic given the random source.

export interface Rng { next(): number; int(lo: number, hi: number): number; pick<T>(xs: readonly T[]): T }

/** A small deterministic random source (mulberry32). */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), pick: (xs) => xs[Math.floor(next() * xs.length)]! };
}

/** Matters, roughly by how often they come (the first ones most). */
const MATTERS = [
  { topic: '拖欠工资', facts: ['公司已经拖欠工资三个月', '包工头拖欠农民工工资', '工资一直没有按时发放', '讨要工资多次无果'] },
  { topic: '物业服务', facts: ['物业公司不履行维修义务', '小区电梯经常停运', '物业费上涨没有公示', '楼道垃圾长期无人清理'] },
  { topic: '噪音扰民', facts: ['附近工地夜间施工噪音很大', '楼下商铺音响声音过大', '广场舞音乐影响休息', '装修噪音从早到晚'] },
  { topic: '房屋质量', facts: ['新房墙体出现裂缝', '房屋漏水严重', '开发商延期交房', '房屋面积与合同不符'] },
  { topic: '拆迁补偿', facts: ['拆迁补偿标准过低', '补偿款至今没有到位', '安置房迟迟不能交付', '拆迁过程中财产受损'] },
  { topic: '医疗保险', facts: ['医保报销比例与政策不符', '异地就医无法直接结算', '医保卡被冒用', '住院费用报销被拒'] },
  { topic: '养老保险', facts: ['养老金发放金额有误', '社保缴费年限计算错误', '养老保险关系无法转移', '退休手续办理困难'] },
  { topic: '道路维修', facts: ['路面坑洼多年无人修', '雨后道路积水严重', '人行道被占用', '路灯损坏影响夜间出行'] },
  { topic: '供暖问题', facts: ['冬季暖气温度不达标', '供暖公司拒绝检修', '暖气管道漏水', '交了取暖费却不供暖'] },
  { topic: '违章建筑', facts: ['邻居私自搭建违章建筑', '楼顶加盖影响采光', '占用公共绿地建房', '违建举报后无人处理'] },
  { topic: '环境污染', facts: ['工厂排放污水污染河道', '垃圾焚烧产生异味', '餐馆油烟扰民', '粉尘污染严重'] },
  { topic: '劳动合同', facts: ['单位不签订劳动合同', '被无故辞退没有补偿', '加班费长期不支付', '社保没有足额缴纳'] },
  { topic: '子女入学', facts: ['孩子入学被拒', '学区划分不合理', '择校乱收费', '随迁子女入学手续繁琐'] },
  { topic: '食品安全', facts: ['超市出售过期食品', '餐馆卫生条件差', '网购食品质量问题', '学校食堂饭菜质量差'] },
  { topic: '交通出行', facts: ['公交线路调整不合理', '停车收费标准混乱', '路口红绿灯时间过短', '出租车拒载现象严重'] },
  { topic: '土地承包', facts: ['承包地被村委会收回', '土地流转费用未支付', '宅基地确权有争议', '征地补偿分配不公'] },
  { topic: '户籍办理', facts: ['户口迁移手续办理困难', '身份证补办时间过长', '落户政策执行不一致', '户籍信息登记错误'] },
  { topic: '供水供电', facts: ['小区频繁停水', '自来水水质发黄', '电压不稳损坏电器', '停电没有提前通知'] },
] as const;

const DISTRICTS = ['东城区', '西城区', '朝阳区', '海淀区', '丰台区', '南山区', '福田区', '江北区', '城关镇', '高新区'];
const PLACES = ['幸福小区', '阳光花园', '建设路', '人民街道', '和平里', '新华村', '滨江苑', '工业园区', '解放路', '明珠广场'];
const OPENERS = ['本人是', '我们是', '我是', '反映人系'];
const WHO = ['小区居民', '公司职工', '退休人员', '个体经营者', '外来务工人员', '村民'];
const SINCE = ['已经三个月', '自去年以来', '持续半年之久', '反映多次', '至今没有解决', '多次协商无果'];
const ASKS = ['恳请有关部门尽快调查处理', '希望政府督促解决', '请求依法维护我们的合法权益', '希望给予明确答复', '请相关单位尽快落实'];
const KINDS = ['投诉', '反映', '求助', '建议', '举报'];

// Surnames by frequency (王, 李 and 张 are each about 7 % of the population), given names of one or two characters.
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚',
  '华', '红', '玉', '建', '国', '文', '英', '志', '海', '春', '秀', '金', '兰', '晓', '佳', '丹', '鹏', '辉', '琳', '婷'];

/** Skewed: the first matters come far more often than the last. */
function matter(r: Rng) {
  return MATTERS[Math.min(MATTERS.length - 1, Math.floor(MATTERS.length * r.next() ** 1.6))]!;
}

export function petitionText(r: Rng): { title: string; content: string } {
  const m = matter(r);
  const place = `${r.pick(DISTRICTS)}${r.pick(PLACES)}`;
  const title = `关于${place}${m.topic}问题的${r.pick(KINDS)}`;
  const sentences = [
    `${r.pick(OPENERS)}${place}的${r.pick(WHO)}。`,
    `${r.pick(m.facts)}，${r.pick(SINCE)}。`,
    `${r.pick(m.facts)}，给生活带来很大困扰，涉及约${r.int(2, 300)}户。`,
    ...(r.next() < 0.6 ? [`曾于${2024 + r.int(0, 2)}年${r.int(1, 12)}月向${r.pick(['街道办', '社区', '主管部门', '12345热线'])}反映，${r.pick(SINCE)}。`] : []),
    ...(r.next() < 0.4 ? [`${r.pick(matter(r).facts)}。`] : []),
    `${r.pick(ASKS)}。`,
  ];
  return { title, content: sentences.join('') };
}

export function personName(r: Rng): string {
  const surname = SURNAMES[Math.min(SURNAMES.length - 1, Math.floor(SURNAMES.length * r.next() ** 2))]!;
  return `${surname}${r.pick(GIVEN)}${r.next() < 0.7 ? r.pick(GIVEN) : ''}`;
}

export function idNumber(r: Rng): string {
  const body = `${r.pick(['110101', '310104', '440305', '320102', '510107'])}${r.int(1950, 2004)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}${String(r.int(0, 999)).padStart(3, '0')}`;
  return `${body}${r.pick(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'])}`;
}

export function phone(r: Rng): string {
  return `1${r.pick(['38', '39', '50', '58', '86', '89'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}`;
}
