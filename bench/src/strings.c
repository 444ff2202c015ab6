/*
 * strings: text processing through glibc's string and memory functions.
 *
 * A log formatter's inner loops: each round assembles a text line by line from a pool of
 * generated words (memcpy, strcpy, strcat), measures and searches it (strlen, strchr, strrchr,
 * memchr, strstr, strspn), compares words and lines (strcmp, strncmp, memcmp), and shuffles
 * blocks of every size from 1 byte to 64 KiB (memcpy, memmove, memset). Nearly all the time is
 * spent inside the C library, so this measures how an engine runs glibc's own code: generic C
 * on riscv64, vectorised ifunc variants on x86-64.
 *
 * Scale: number of rounds (default 15000).
 */
#include "bench.h"
#include <string.h>

enum { WORD_COUNT = 4096, WORD_STRIDE = 32, TEXT_CAPACITY = 1 << 17, BLOCK_CAPACITY = 1 << 16 };

static int sign(int value) { return (value > 0) - (value < 0); }

int main(int argc, char **argv) {
    uint64_t rounds = bench_scale(argc, argv, 15000);
    static char words[WORD_COUNT][WORD_STRIDE];
    static char text[TEXT_CAPACITY];
    static char line[256];
    static uint8_t source[BLOCK_CAPACITY + 64], destination[BLOCK_CAPACITY + 64];

    BenchRandom random = {0x5eed0007};
    for (int i = 0; i < WORD_COUNT; i++) {
        uint64_t length = 1 + bench_random_below(&random, 24);
        for (uint64_t k = 0; k < length; k++) words[i][k] = (char)('a' + bench_random_below(&random, 16));
        words[i][length] = '\0';
    }
    for (size_t i = 0; i < sizeof source; i++) source[i] = (uint8_t)bench_random_next(&random);

    uint64_t checksum = 0;
    for (uint64_t round = 0; round < rounds; round++) {
        /* Assemble lines of eight words with strcpy and strcat, then append them with memcpy. */
        size_t text_length = 0;
        uint64_t word_index = round * 7919;
        while (text_length + sizeof line < 32768) {
            strcpy(line, words[word_index++ % WORD_COUNT]);
            for (int k = 0; k < 7; k++) {
                strcat(line, " ");
                strcat(line, words[word_index++ % WORD_COUNT]);
            }
            strcat(line, "\n");
            size_t line_length = strlen(line);
            memcpy(text + text_length, line, line_length);
            text_length += line_length;
        }
        text[text_length] = '\0';
        checksum = bench_mix(checksum, strlen(text));

        /* Search the text. */
        uint64_t found = 0;
        for (const char *p = text; (p = strchr(p, 'q')) != NULL; p++) found++;
        const char *last_newline = strrchr(text, '\n');
        const char *first_k = memchr(text, 'k', text_length);
        const char *needle = strstr(text, words[(round * 31) % WORD_COUNT]);
        size_t span = strspn(text, "abcdefgh");
        checksum = bench_mix(checksum, found);
        checksum = bench_mix(checksum, (uint64_t)(last_newline - text));
        checksum = bench_mix(checksum, first_k == NULL ? 0 : (uint64_t)(first_k - text));
        checksum = bench_mix(checksum, needle == NULL ? 0 : (uint64_t)(needle - text));
        checksum = bench_mix(checksum, span);

        /* Compare neighbouring words (only the sign of the result is defined). */
        int64_t order = 0;
        for (int i = 1; i < WORD_COUNT; i++) {
            order = order * 3 + sign(strcmp(words[i - 1], words[i]));
            order += sign(strncmp(words[i], words[(i * 13) % WORD_COUNT], 3));
        }
        checksum = bench_mix(checksum, (uint64_t)order);

        /* Blocks of every size: copy, compare, overlap-move, clear. */
        for (size_t size = 1 + round % 7; size <= BLOCK_CAPACITY; size = size * 2 + 1) {
            size_t offset = (round + size) % 64;
            memcpy(destination + (size & 15), source + offset, size);
            checksum = bench_mix(checksum, (uint64_t)sign(memcmp(destination + (size & 15),
                                                                 source + offset, size)));
            memmove(destination + 1, destination, size);
            checksum = bench_mix(checksum, destination[size / 2]);
            memset(destination, (int)(round & 0xff), size / 2);
            checksum = bench_mix(checksum, (uint64_t)sign(memcmp(destination, source, size)));
        }
        source[round % sizeof source] ^= (uint8_t)checksum;
    }
    printf("rounds: %" PRIu64 "\n", rounds);
    bench_print_checksum(checksum);
    return 0;
}
