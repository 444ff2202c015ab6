/* Guest test: Conway's game of life on a 64x32 torus.
 * Reference: classic cellular automaton (B3/S23); exercises 2-D array indexing, modular
 * wrap-around and byte stores. Seeds a glider, a blinker, an R-pentomino and a pseudo-random
 * patch, prints a few generations as text and the population over 300 generations.
 * Exit status: population after 300 generations modulo 256. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

#define W 64
#define H 32

static unsigned char grid[H][W], next_grid[H][W];

static void set_cells(int x0, int y0, const char *const *rows, int nrows) {
    for (int y = 0; y < nrows; y++)
        for (int x = 0; rows[y][x]; x++)
            if (rows[y][x] == '#') grid[(y0 + y) % H][(x0 + x) % W] = 1;
}

static int step(void) {
    int population = 0;
    for (int y = 0; y < H; y++) {
        const unsigned char *up = grid[y ? y - 1 : H - 1], *mid = grid[y], *down = grid[y + 1 < H ? y + 1 : 0];
        for (int x = 0; x < W; x++) {
            int l = x ? x - 1 : W - 1, r = x + 1 < W ? x + 1 : 0;
            int n = up[l] + up[x] + up[r] + mid[l] + mid[r] + down[l] + down[x] + down[r];
            unsigned char alive = grid[y][x] ? (n == 2 || n == 3) : n == 3;
            next_grid[y][x] = alive;
            population += alive;
        }
    }
    memcpy(grid, next_grid, sizeof grid);
    return population;
}

static void show(int generation) {
    printf("generation %d:\n", generation);
    for (int y = 0; y < H; y++) {
        char line[W + 1];
        for (int x = 0; x < W; x++) line[x] = grid[y][x] ? '#' : '.';
        line[W] = 0;
        puts(line);
    }
}

static uint32_t hash_grid(void) {
    uint32_t h = 2166136261u;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) h = (h ^ grid[y][x]) * 16777619u;
    return h;
}

int main(void) {
    static const char *const glider[] = {".#.", "..#", "###"};
    static const char *const blinker[] = {"###"};
    static const char *const r_pentomino[] = {".##", "##.", ".#."};
    set_cells(1, 1, glider, 3);
    set_cells(50, 5, blinker, 1);
    set_cells(30, 14, r_pentomino, 3);
    uint32_t seed = 12345;
    for (int y = 22; y < 30; y++)
        for (int x = 4; x < 20; x++) {
            seed = seed * 1103515245u + 12345u;
            grid[y][x] = (seed >> 16) % 3 == 0;
        }
    show(0);
    int population = 0;
    printf("population:");
    for (int g = 1; g <= 300; g++) {
        population = step();
        if (g % 10 == 0) printf(" %d", population);
        if (g == 1 || g == 4) show(g);
    }
    printf("\n");
    show(300);
    printf("final hash=%08x population=%d\n", hash_grid(), population);
    return population % 256;
}
