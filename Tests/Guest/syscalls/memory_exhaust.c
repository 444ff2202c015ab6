/* Guest test: a program that uses up its memory gets ENOMEM (malloc returns NULL) and can go on;
 * the emulator neither crashes nor takes the host down with it. argv[1] picks the way:
 *   "touch": malloc 1 MiB blocks and write every page until malloc fails (run it under a memory limit);
 *   "huge":  malloc 1 GiB blocks without touching them until malloc fails;
 *   "brk":   grow the program break by 256 MiB steps until it refuses.
 * Prints the outcome, not the amounts (they depend on the limit). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "touch";
    size_t count = 0;
    if (strcmp(mode, "brk") == 0) {
        errno = 0;
        while (sbrk(256ul << 20) != (void *)-1) count++;
        printf("brk refused after some growth: %s, errno %s\n", count > 0 ? "yes" : "no", strerrorname_np(errno));
    } else {
        size_t block = strcmp(mode, "huge") == 0 ? 1ul << 30 : 1ul << 20;
        void *first = NULL, *last = NULL;
        errno = 0;
        for (;;) {
            char *p = malloc(block);
            if (!p) break;
            if (block == 1ul << 20) for (size_t i = 0; i < block; i += 4096) p[i] = (char)i;
            *(void **)p = last;  /* keep a chain so the blocks stay reachable */
            last = p;
            if (!first) first = p;
            count++;
            if (count > (1u << 20)) break;  /* never: the limit stops it long before */
        }
        printf("malloc failed after some blocks: %s, errno %s\n", count > 0 ? "yes" : "no", strerrorname_np(errno));
        /* Memory freed can be used again. */
        while (last) { void *next = *(void **)last; free(last); last = next; }
        char *again = malloc(block);
        printf("after freeing, malloc works again: %s\n", again ? "yes" : "no");
    }
    return 0;
}
