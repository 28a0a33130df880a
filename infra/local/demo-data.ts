import type { ProgramInput } from '#features/sessions/index.ts';

const DAY = 86_400_000;
const at = (base: number, days: number, hour: number) =>
  new Date(Math.floor(base / DAY) * DAY + days * DAY + hour * 3_600_000).toISOString();

/** A stadium of exactly 100,000 seats: 20 sections of 50 rows x 100 seats, four price tiers. */
function stadium(tierIds: [string, string, string, string]) {
  const perTier = [2, 4, 6, 8];
  const names = ['内场', '看台A', '看台B', '看台C'];
  const sections = perTier.flatMap((n, t) =>
    Array.from({ length: n }, (_, i) => ({
      name: `${names[t]}${i + 1}区`,
      tierId: tierIds[t]!,
      rows: 50,
      seatsPerRow: 100,
    })),
  );
  return { sections };
}

/** A theatre of 1,000 seats. */
const theatre = {
  sections: [
    { name: '池座', tierId: 'A', rows: 20, seatsPerRow: 30 },
    { name: '楼座', tierId: 'B', rows: 10, seatsPerRow: 30 },
    { name: '包厢', tierId: 'C', rows: 4, seatsPerRow: 25 },
  ],
};

export interface DemoProgram {
  input: ProgramInput;
  /** Sessions (by index) to open for sale at start. */
  open: number[];
  hot?: boolean;
}

export function demoPrograms(now: number): DemoProgram[] {
  const past = new Date(now - DAY).toISOString();
  return [
    {
      input: {
        title: '周杰伦「嘉年华」世界巡回演唱会 上海站',
        actor: '周杰伦',
        city: '上海',
        venue: '上海体育场',
        categoryId: 'popconcert',
        description: '十万人体育场，开票即抢。',
        sessions: [
          {
            startsAt: at(now, 30, 19),
            saleOpensAt: past,
            maxPerOrder: 6,
            tiers: [
              { tierId: 'VIP', name: '内场VIP', priceCents: 188_000, perUserLimit: 4 },
              { tierId: 'P1', name: '看台1280', priceCents: 128_000, perUserLimit: 6 },
              { tierId: 'P2', name: '看台880', priceCents: 88_000, perUserLimit: 6 },
              { tierId: 'P3', name: '看台480', priceCents: 48_000, perUserLimit: 6 },
            ],
            layout: stadium(['VIP', 'P1', 'P2', 'P3']),
          },
        ],
      },
      open: [0],
    },
    {
      input: {
        title: '北京人艺经典话剧《茶馆》',
        actor: '北京人民艺术剧院',
        city: '北京',
        venue: '首都剧场',
        categoryId: 'drama',
        sessions: [0, 1].map((d) => ({
          startsAt: at(now, 10 + d, 19),
          saleOpensAt: past,
          maxPerOrder: 6,
          tiers: [
            { tierId: 'A', name: '池座', priceCents: 68_000, perUserLimit: 6 },
            { tierId: 'B', name: '楼座', priceCents: 38_000, perUserLimit: 6 },
            { tierId: 'C', name: '包厢', priceCents: 128_000, perUserLimit: 4 },
          ],
          layout: theatre,
        })),
      },
      open: [0, 1],
    },
    {
      input: {
        title: '中超联赛 北京国安 vs 上海海港',
        actor: '北京国安',
        city: '北京',
        venue: '北京工人体育场',
        categoryId: 'football',
        sessions: [
          {
            startsAt: at(now, 14, 19),
            saleOpensAt: past,
            maxPerOrder: 4,
            tiers: [
              { tierId: 'E', name: '东看台', priceCents: 28_000, perUserLimit: 4 },
              { tierId: 'W', name: '西看台', priceCents: 38_000, perUserLimit: 4 },
            ],
            layout: {
              sections: [
                { name: '东看台', tierId: 'E', rows: 30, seatsPerRow: 60 },
                { name: '西看台', tierId: 'W', rows: 30, seatsPerRow: 60 },
              ],
            },
          },
        ],
      },
      open: [0],
    },
    {
      input: {
        title: '孟京辉经典戏剧《恋爱的犀牛》',
        actor: '孟京辉',
        city: '广州',
        venue: '广州大剧院',
        categoryId: 'drama',
        sessions: [
          {
            startsAt: at(now, 20, 20),
            saleOpensAt: past,
            maxPerOrder: 6,
            tiers: [
              { tierId: 'A', name: '前区', priceCents: 58_000, perUserLimit: 6 },
              { tierId: 'B', name: '后区', priceCents: 28_000, perUserLimit: 6 },
            ],
            layout: {
              sections: [
                { name: '前区', tierId: 'A', rows: 12, seatsPerRow: 40 },
                { name: '后区', tierId: 'B', rows: 18, seatsPerRow: 40 },
              ],
            },
          },
        ],
      },
      open: [0],
    },
    {
      input: {
        title: '久石让 宫崎骏动画电影音乐会',
        actor: '久石让',
        city: '广州',
        venue: '星海音乐厅',
        categoryId: 'classical',
        sessions: [
          {
            startsAt: at(now, 40, 20),
            saleOpensAt: past,
            maxPerOrder: 6,
            tiers: [
              { tierId: 'A', name: '甲等', priceCents: 98_000, perUserLimit: 4 },
              { tierId: 'B', name: '乙等', priceCents: 68_000, perUserLimit: 6 },
              { tierId: 'C', name: '丙等', priceCents: 38_000, perUserLimit: 6 },
            ],
            layout: {
              sections: [
                { name: '一楼前区', tierId: 'A', rows: 10, seatsPerRow: 36 },
                { name: '一楼后区', tierId: 'B', rows: 14, seatsPerRow: 36 },
                { name: '二楼', tierId: 'C', rows: 8, seatsPerRow: 40 },
              ],
            },
          },
        ],
      },
      open: [0],
    },
    {
      input: {
        title: '五月天「回到那一天」巡回演唱会 北京站',
        actor: '五月天',
        city: '北京',
        venue: '国家体育场（鸟巢）',
        categoryId: 'popconcert',
        sessions: [
          {
            startsAt: at(now, 60, 19),
            // Sale opens in a week: shows a SCHEDULED session and its seat map before the sale.
            saleOpensAt: at(now, 7, 12),
            maxPerOrder: 6,
            tiers: [
              { tierId: 'VIP', name: '内场VIP', priceCents: 185_500, perUserLimit: 2 },
              { tierId: 'P1', name: '看台', priceCents: 85_500, perUserLimit: 4 },
            ],
            layout: {
              sections: [
                { name: '内场', tierId: 'VIP', rows: 40, seatsPerRow: 50 },
                { name: '看台', tierId: 'P1', rows: 80, seatsPerRow: 100 },
              ],
            },
          },
        ],
      },
      open: [],
    },
  ];
}

/** A demo ticket buyer account, so the hold path can be tried at once. */
export const DEMO_USER = {
  mobile: '13800000000',
  password: 'demo-password',
  name: '演示用户',
  buyers: [
    { name: '张三', idType: 1 as const, idNumber: '11010519491231002X' },
    { name: '李四', idType: 1 as const, idNumber: '440524198001010013' },
  ],
};

/** Gate staff (role staff), seeded in every local runtime for ticket check-in. */
export const STAFF = { email: 'staff@example.com', password: 'staff-password' };
