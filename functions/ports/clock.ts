/** The current time, as an input the shell provides (the domain has no clock). */
export interface Clock {
  now(): Date;
}
