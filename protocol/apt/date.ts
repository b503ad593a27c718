/**
 * The dates of a Release file (Date, Valid-Until): RFC 2822 as apt writes and reads them,
 * "Sun, 06 Dec 2026 21:00:00 UTC" (apt-ftparchive), also with "+0000"/"GMT" and without the
 * weekday. Anything else is refused: the Date is the number the rollback rule compares.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const DATE = /^(?:([A-Z][a-z]{2}), )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (UTC|GMT|Z|[+-]\d{4})$/;

/** Seconds since 1970, or undefined for text that is not such a date (or not a real day). */
export function parseReleaseDate(text: string): number | undefined {
  const m = DATE.exec(text);
  if (m === null) return undefined;
  const [, weekday, dayText, monthText, yearText, hh, mm, ss, zone] = m;
  const month = MONTHS.indexOf(monthText!);
  const day = Number(dayText);
  const year = Number(yearText);
  const [h, min, s] = [Number(hh), Number(mm), Number(ss)];
  if (month < 0 || year < 1970 || h > 23 || min > 59 || s > 60) return undefined;
  const midnight = Date.UTC(year, month, day);
  const check = new Date(midnight);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month) return undefined;
  if (weekday !== undefined && WEEKDAYS[check.getUTCDay()] !== weekday) return undefined;
  let offset = 0;
  if (zone!.startsWith('+') || zone!.startsWith('-')) {
    const oh = Number(zone!.slice(1, 3));
    const om = Number(zone!.slice(3, 5));
    if (oh > 23 || om > 59) return undefined;
    offset = (zone!.startsWith('-') ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const seconds = midnight / 1000 + h * 3600 + min * 60 + Math.min(s, 59) - offset;
  return seconds < 0 ? undefined : seconds;
}
