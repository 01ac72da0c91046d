/* Clocks the engine measures with. */
#ifndef CALCOM_CLOCK_H
#define CALCOM_CLOCK_H

/* Seconds on a clock that never jumps (CLOCK_MONOTONIC): for durations and
 * deadlines, never for timestamps. */
double calcom_monotonic(void);

/* Milliseconds since the epoch on this machine's clock: for state that
 * lives in this process only (Redis's clock serves the fleet). */
double calcom_wall_ms(void);

/* Sleeps for the given seconds, resuming after signals; <= 0 returns at once. */
void calcom_sleep(double seconds);

#endif
