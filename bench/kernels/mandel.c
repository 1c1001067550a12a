/* mandel.c - Mandelbrot set escape counts in double precision. */
#include "kernel.h"

EXPORT(run) uint64_t run(void) {
  uint64_t Total = 0;
  const int W = 600, H = 400, MaxIter = 1000;
  for (int Py = 0; Py < H; ++Py) {
    double Ci = -1.2 + 2.4 * Py / H;
    for (int Px = 0; Px < W; ++Px) {
      double Cr = -2.2 + 3.2 * Px / W;
      double Zr = 0.0, Zi = 0.0;
      int N = 0;
      while (N < MaxIter && Zr * Zr + Zi * Zi <= 4.0) {
        double T = Zr * Zr - Zi * Zi + Cr;
        Zi = 2.0 * Zr * Zi + Ci;
        Zr = T;
        ++N;
      }
      Total = Total * 3 + (uint64_t)N;
    }
  }
  return Total;
}
