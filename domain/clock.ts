import { DateTime } from 'luxon';
import type { IsoDate } from './types';

/** The clock every layer is given (the domain itself takes `now` as a value): real in production, fake in tests. */
export interface Clock {
  now(): Date;
}

/** Today in a time zone ("2026-11-25"), as a clock reads it: for the layers that hold a clock. */
export const todayIn = (clock: Clock, timeZone: string): IsoDate =>
  DateTime.fromJSDate(clock.now()).setZone(timeZone).toISODate() as IsoDate;
