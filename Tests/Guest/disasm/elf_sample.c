/* Guest program for the ELF reader tests: a static executable with code, initialised data, zeroed data
 * (.bss) and thread-local storage, so every common segment and section kind appears. */
#include <stdio.h>
#include <string.h>

int initialised_table[16] = {1, 2, 3, 4, 5, 6, 7, 8};
char zeroed_buffer[4096];
__thread int per_thread_counter = 3;

/* Kept out of line so the symbol table has a second FUNC symbol of our own. */
__attribute__((noinline)) int checksum(const char *text) {
    int sum = 0;
    for (size_t i = 0; i < strlen(text); i++) sum = sum * 31 + text[i];
    return sum;
}

int main(int argc, char **argv) {
    per_thread_counter += argc;
    memset(zeroed_buffer, 'x', 16);
    initialised_table[argc & 15] += checksum(argv[0]);
    printf("%d %d\n", per_thread_counter, initialised_table[1]);
    return 0;
}
