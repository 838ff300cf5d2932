// Synthetic but plausible subscribers of a provincial operator, generated deterministically so
// every fresh install and every test sees the same customers.
import type { customers } from '../db/schema';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平'];
const REGIONS = ['hangzhou', 'ningbo', 'wenzhou', 'shaoxing', 'jinhua'];
const PLANS = ['basic_4g', 'unlimited_5g', 'family_5g', 'prepaid'];
const DEVICES = ['iPhone 16', 'Huawei Mate 70', 'Xiaomi 15', 'OPPO Find X8', 'vivo X200', 'Honor Magic 7'];
const CHANNELS = ['sms', 'app', 'call', 'shop'];

/** mulberry32: a tiny seeded PRNG, enough for reproducible demo data. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const demoCustomerId = (i: number) => `C${String(i).padStart(6, '0')}`;

export function demoCustomers(count: number, seed = 20261129): (typeof customers.$inferInsert)[] {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const rows: (typeof customers.$inferInsert)[] = [];
  for (let i = 1; i <= count; i++) {
    const plan = pick(PLANS);
    const arpu = Math.round((plan === 'prepaid' ? 20 + rnd() * 40 : 38 + rnd() * 160) * 10) / 10;
    const name = pick(SURNAMES) + pick(GIVEN);
    const tenure = Math.floor(rnd() * 180);
    const contractEnd = new Date(Date.UTC(2026, 11, 1) + Math.floor(rnd() * 400) * 86_400_000).toISOString().slice(0, 10);
    rows.push({
      id: demoCustomerId(i),
      msisdn: `138${String(10_000_000 + i * 7919).slice(-8)}`,
      name,
      tags: {
        name,
        arpu,
        plan,
        tenure_months: tenure,
        region: pick(REGIONS),
        // 8% have opted out of marketing: the flow must leave them alone.
        opted_out: rnd() < 0.08,
        data_usage_gb: Math.round(rnd() * 600) / 10,
        value_tier: arpu >= 150 ? 'gold' : arpu >= 80 ? 'silver' : 'bronze',
        device: pick(DEVICES),
        channel_preference: pick(CHANNELS),
        timezone: 'Asia/Shanghai',
        birthday: `19${60 + Math.floor(rnd() * 40)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`,
        contract_end: contractEnd,
      },
    });
  }
  // C000001 is the README's example customer: a gold subscriber the demo campaign will reach.
  rows[0].tags = { ...rows[0].tags, arpu: 168.5, opted_out: false, plan: 'unlimited_5g', value_tier: 'gold' };
  return rows;
}
