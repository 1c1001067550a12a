/* nbody.c - N-body gravitational simulation in double precision (sqrt). */
#include "kernel.h"

#define NB 64
typedef struct { double X, Y, Z, Vx, Vy, Vz, M; } Body;
static Body Bodies[NB];

static void advance(double Dt) {
  for (int I = 0; I < NB; ++I) {
    Body *Bi = &Bodies[I];
    for (int J = I + 1; J < NB; ++J) {
      Body *Bj = &Bodies[J];
      double Dx = Bi->X - Bj->X, Dy = Bi->Y - Bj->Y, Dz = Bi->Z - Bj->Z;
      double D2 = Dx * Dx + Dy * Dy + Dz * Dz + 0.01;
      double Mag = Dt / (D2 * __builtin_sqrt(D2));
      Bi->Vx -= Dx * Bj->M * Mag;
      Bi->Vy -= Dy * Bj->M * Mag;
      Bi->Vz -= Dz * Bj->M * Mag;
      Bj->Vx += Dx * Bi->M * Mag;
      Bj->Vy += Dy * Bi->M * Mag;
      Bj->Vz += Dz * Bi->M * Mag;
    }
  }
  for (int I = 0; I < NB; ++I) {
    Bodies[I].X += Dt * Bodies[I].Vx;
    Bodies[I].Y += Dt * Bodies[I].Vy;
    Bodies[I].Z += Dt * Bodies[I].Vz;
  }
}

static double energy(void) {
  double E = 0.0;
  for (int I = 0; I < NB; ++I) {
    Body *B = &Bodies[I];
    E += 0.5 * B->M * (B->Vx * B->Vx + B->Vy * B->Vy + B->Vz * B->Vz);
    for (int J = I + 1; J < NB; ++J) {
      double Dx = B->X - Bodies[J].X, Dy = B->Y - Bodies[J].Y,
             Dz = B->Z - Bodies[J].Z;
      E -= B->M * Bodies[J].M / __builtin_sqrt(Dx * Dx + Dy * Dy + Dz * Dz + 0.01);
    }
  }
  return E;
}

EXPORT(run) uint64_t run(void) {
  uint32_t S = 2024;
  for (int I = 0; I < NB; ++I) {
    Bodies[I].X = (double)(next_rand(&S) % 20001) / 1000.0 - 10.0;
    Bodies[I].Y = (double)(next_rand(&S) % 20001) / 1000.0 - 10.0;
    Bodies[I].Z = (double)(next_rand(&S) % 20001) / 1000.0 - 10.0;
    Bodies[I].Vx = Bodies[I].Vy = Bodies[I].Vz = 0.0;
    Bodies[I].M = 1.0 + (double)(next_rand(&S) % 100) / 10.0;
  }
  for (int Step = 0; Step < 8000; ++Step)
    advance(0.001);
  return (uint64_t)(int64_t)(energy() * 1e6);
}
