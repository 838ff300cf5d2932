// A picker shows and returns China time whatever zone the device is set to.
import { afterEach, describe, expect, it } from 'vitest';
import { fromChinaWall, toChinaWall } from '@/app/_lib/china-wall-clock';

const original = process.env.TZ;
afterEach(() => {
  process.env.TZ = original;
});

describe('China wall-clock picker values', () => {
  it.each(['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Shanghai'])('should show 18:30 China time on a device set to %s, and mean that instant', (zone) => {
    process.env.TZ = zone;
    const at = new Date(Date.UTC(2026, 11, 2, 10, 30));
    const wall = toChinaWall(at);
    expect(wall.format('YYYY-MM-DD HH:mm')).toBe('2026-12-02 18:30');
    expect(fromChinaWall(wall).toISOString()).toBe(at.toISOString());
    // What an agent picks in the panel (tomorrow, 10:00) is 10:00 in China.
    expect(fromChinaWall(wall.add(1, 'day').hour(10).minute(0)).toISOString()).toBe('2026-12-03T02:00:00.000Z');
  });
});
