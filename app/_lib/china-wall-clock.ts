// Date-and-time pickers work in the device's time zone; Octoflow's times are China Standard
// Time on every page (app/i18n/request.ts). A picker is therefore handed the China wall-clock
// time as if it were local ("2026-12-02 18:30" on a tablet set to any zone), and what is picked
// is read back as China time, so what an agent picks is what the task card shows.
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const APP_TIME_ZONE = 'Asia/Shanghai';
const WALL = 'YYYY-MM-DDTHH:mm:ss.SSS';

/** The instant as a picker value showing its China wall-clock time. */
export function toChinaWall(at: Date | number): Dayjs {
  return dayjs(dayjs(at).tz(APP_TIME_ZONE).format(WALL));
}

/** The instant a picker value means, read as China time. */
export function fromChinaWall(wall: Dayjs): Date {
  return dayjs.tz(wall.format(WALL), APP_TIME_ZONE).toDate();
}
