// A generated analytics extract (经分日数据) of any size, produced as a stream of CSV text so a
// test or benchmark can send millions of rows without holding them. Deterministic per seed.
import { demoCustomerId } from './demo-data';

export const EXTRACT_COLUMNS = ['customer_id', 'msisdn', 'name', 'arpu', 'plan', 'tenure_months', 'region', 'opted_out', 'value_tier'];

const PLANS = ['basic_4g', 'unlimited_5g', 'family_5g', 'prepaid'];
const REGIONS = ['hangzhou', 'ningbo', 'wenzhou', 'shaoxing', 'jinhua'];
const TIERS = ['gold', 'silver', 'bronze'];
const NAMES = ['王伟', '李芳', '张娜', '刘敏', '陈静', '杨丽', '黄强', '赵磊'];

/** One line of the extract (no newline): customer i, with `variant` shifting its ARPU. */
export function extractLine(i: number, variant = 0): string {
  const arpu = (20 + ((i * 37 + variant * 11) % 1800) / 10).toFixed(1);
  return [
    demoCustomerId(i),
    `139${String(10_000_000 + i).slice(-8)}`,
    NAMES[i % NAMES.length],
    arpu,
    PLANS[i % PLANS.length],
    String(i % 180),
    REGIONS[i % REGIONS.length],
    i % 23 === 0 ? 'true' : 'false',
    TIERS[i % TIERS.length],
  ].join(',');
}

/** The extract as text chunks of about 64 KB: header, then customers `from`..`from+rows-1`. */
export async function* generateExtract(rows: number, opts: { from?: number; variant?: number } = {}): AsyncGenerator<string> {
  const from = opts.from ?? 1;
  let chunk = `${EXTRACT_COLUMNS.join(',')}\n`;
  for (let i = from; i < from + rows; i++) {
    chunk += `${extractLine(i, opts.variant ?? 0)}\n`;
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
