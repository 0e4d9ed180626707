/** The clock every layer is given (the domain itself takes `now` as a value): real in production, fake in tests. */
export interface Clock {
  now(): Date;
}
