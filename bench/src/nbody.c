/*
 * nbody: double-precision simulation of the Sun and the four outer planets.
 *
 * A symplectic-Euler integrator over all pairs of bodies: double multiply, add, divide and
 * square root in a short dependent chain, the shape of molecular-dynamics and orbit codes.
 * Reports the total energy before and after, whose drift is a physical sanity check.
 *
 * Bit-identical on riscv64 and x86-64 because both follow IEEE 754 double arithmetic, and
 * bench/run compiles with -ffp-contract=off so neither compiler fuses a multiply and an add.
 *
 * Scale: number of time steps (default 15,000,000).
 */
#include "bench.h"
#include <math.h>
#include <string.h>

enum { BODY_COUNT = 5 };

typedef struct {
    double position[3];
    double velocity[3];
    double mass;
} Body;

static const double pi = 3.141592653589793;
static const double days_per_year = 365.24;

static void advance(Body bodies[BODY_COUNT], double time_step) {
    for (int i = 0; i < BODY_COUNT; i++) {
        for (int j = i + 1; j < BODY_COUNT; j++) {
            double dx = bodies[i].position[0] - bodies[j].position[0];
            double dy = bodies[i].position[1] - bodies[j].position[1];
            double dz = bodies[i].position[2] - bodies[j].position[2];
            double distance_squared = dx * dx + dy * dy + dz * dz;
            double distance = sqrt(distance_squared);
            double magnitude = time_step / (distance_squared * distance);
            double mass_i = bodies[i].mass * magnitude, mass_j = bodies[j].mass * magnitude;
            bodies[i].velocity[0] -= dx * mass_j;
            bodies[i].velocity[1] -= dy * mass_j;
            bodies[i].velocity[2] -= dz * mass_j;
            bodies[j].velocity[0] += dx * mass_i;
            bodies[j].velocity[1] += dy * mass_i;
            bodies[j].velocity[2] += dz * mass_i;
        }
    }
    for (int i = 0; i < BODY_COUNT; i++) {
        for (int axis = 0; axis < 3; axis++) bodies[i].position[axis] += time_step * bodies[i].velocity[axis];
    }
}

static double energy(const Body bodies[BODY_COUNT]) {
    double total = 0.0;
    for (int i = 0; i < BODY_COUNT; i++) {
        const double *v = bodies[i].velocity;
        total += 0.5 * bodies[i].mass * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        for (int j = i + 1; j < BODY_COUNT; j++) {
            double dx = bodies[i].position[0] - bodies[j].position[0];
            double dy = bodies[i].position[1] - bodies[j].position[1];
            double dz = bodies[i].position[2] - bodies[j].position[2];
            total -= bodies[i].mass * bodies[j].mass / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return total;
}

static uint64_t bits_of(double value) {
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    return bits;
}

int main(int argc, char **argv) {
    uint64_t steps = bench_scale(argc, argv, 15000000);
    const double solar_mass = 4 * pi * pi;
    /* Heliocentric positions (AU), velocities (AU/day) and masses (solar masses) of the Sun,
     * Jupiter, Saturn, Uranus and Neptune at one epoch. */
    Body bodies[BODY_COUNT] = {
        {{0, 0, 0}, {0, 0, 0}, 1.0},
        {{4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01},
         {1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05},
         9.54791938424326609e-04},
        {{8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01},
         {-2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05},
         2.85885980666130812e-04},
        {{1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01},
         {2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05},
         4.36624404335156298e-05},
        {{1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01},
         {2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05},
         5.15138902046611451e-05},
    };
    for (int i = 0; i < BODY_COUNT; i++) {
        for (int axis = 0; axis < 3; axis++) bodies[i].velocity[axis] *= days_per_year;
        bodies[i].mass *= solar_mass;
    }
    /* Give the Sun the momentum that makes the system's total momentum zero. */
    for (int axis = 0; axis < 3; axis++) {
        double momentum = 0;
        for (int i = 0; i < BODY_COUNT; i++) momentum += bodies[i].velocity[axis] * bodies[i].mass;
        bodies[0].velocity[axis] = -momentum / solar_mass;
    }

    double energy_before = energy(bodies);
    for (uint64_t step = 0; step < steps; step++) advance(bodies, 0.01);
    double energy_after = energy(bodies);

    uint64_t checksum = bits_of(energy_after);
    for (int i = 0; i < BODY_COUNT; i++) {
        for (int axis = 0; axis < 3; axis++) {
            checksum = bench_mix(checksum, bits_of(bodies[i].position[axis]));
            checksum = bench_mix(checksum, bits_of(bodies[i].velocity[axis]));
        }
    }
    printf("steps: %" PRIu64 ", energy before: %.9f, after: %.9f\n", steps, energy_before, energy_after);
    bench_print_checksum(checksum);
    return 0;
}
