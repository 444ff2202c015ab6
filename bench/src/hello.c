/*
 * hello: the smallest real program, to measure an engine's fixed cost.
 *
 * Nearly all of its time is start-up and exit: loading the ELF image, glibc's static start-up
 * (auxiliary vector, TLS set-up, IRELATIVE relocations, stdio initialisation) and the first
 * write. Its time is the floor under every other workload; bench/run leaves it out of the
 * geometric means so one fixed cost does not dominate them.
 *
 * Scale: number of greeting lines (default 1).
 */
#include "bench.h"

int main(int argc, char **argv) {
    uint64_t lines = bench_scale(argc, argv, 1);
    static const char greeting[] = "Hello, world!";
    uint64_t checksum = 0;
    for (uint64_t i = 0; i < lines; i++) {
        puts(greeting);
        for (const char *c = greeting; *c != '\0'; c++) checksum = bench_mix(checksum, (uint8_t)*c);
    }
    bench_print_checksum(checksum);
    return 0;
}
