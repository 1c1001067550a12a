/* clock.c - Clocks, sleeping, randomness, poll timeouts, sched_yield. */
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static double ms(struct timespec a, struct timespec b) {
  return (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
}

int main(void) {
  struct timespec a, b, res;
  clock_gettime(CLOCK_MONOTONIC, &a);
  usleep(20000);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("usleep(20ms) slept enough: %d\n", ms(a, b) >= 19.9);

  struct timespec d = {0, 15000000};
  clock_gettime(CLOCK_MONOTONIC, &a);
  printf("nanosleep: %d\n", nanosleep(&d, NULL));
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("nanosleep(15ms) slept enough: %d\n", ms(a, b) >= 14.9);

  clock_gettime(CLOCK_MONOTONIC, &a);
  printf("poll timeout: %d\n", poll(NULL, 0, 10));
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("poll(10ms) waited enough: %d\n", ms(a, b) >= 9.9);

  struct timespec r;
  clock_gettime(CLOCK_REALTIME, &r);
  struct timeval tv;
  gettimeofday(&tv, NULL);
  printf("realtime after 2020: %d\n", r.tv_sec > 1577836800);
  printf("gettimeofday agrees: %d\n", tv.tv_sec - r.tv_sec < 2);
  printf("time() agrees: %d\n", time(NULL) - r.tv_sec < 2);
  printf("res monotonic: %d\n",
         clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 &&
             res.tv_nsec > 0 && res.tv_nsec <= 1000000);
  printf("res realtime: %d\n", clock_getres(CLOCK_REALTIME, &res) == 0);

  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
  volatile unsigned x = 1;
  for (int i = 0; i < 20000000; ++i)
    x = x * 1664525u + 1013904223u;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
  printf("cpu time advances: %d\n", ms(a, b) > 0);
  printf("clock() advances: %d\n", clock() > 0);

  unsigned char r1[32], r2[32], zero[32] = {0};
  printf("getentropy: %d %d\n", getentropy(r1, sizeof r1),
         getentropy(r2, sizeof r2));
  printf("random differs: %d, nonzero: %d\n", memcmp(r1, r2, 32) != 0,
         memcmp(r1, zero, 32) != 0);
  printf("sched_yield: %d\n", sched_yield());
  return 0;
}
