/* stencil.c - Jacobi 5-point stencil on a float grid, ping-ponging buffers. */
#include "kernel.h"

#define W 512
#define H 512
static float G0[H][W], G1[H][W];

static void sweep(float (*restrict Out)[W], float (*restrict In)[W]) {
  for (int Y = 1; Y < H - 1; ++Y)
    for (int X = 1; X < W - 1; ++X)
      Out[Y][X] = 0.2f * (In[Y][X] + In[Y - 1][X] + In[Y + 1][X] +
                          In[Y][X - 1] + In[Y][X + 1]);
}

EXPORT(run) uint64_t run(void) {
  uint32_t S = 777;
  for (int Y = 0; Y < H; ++Y)
    for (int X = 0; X < W; ++X)
      G0[Y][X] = G1[Y][X] = (float)(next_rand(&S) & 0xffff) / 65536.0f;
  for (int It = 0; It < 240; ++It) {
    sweep(G1, G0);
    sweep(G0, G1);
  }
  double Sum = 0.0;
  for (int Y = 0; Y < H; ++Y)
    for (int X = 0; X < W; ++X)
      Sum += G0[Y][X] * (float)((X + Y) & 3);
  return (uint64_t)(Sum * 1e6);
}
