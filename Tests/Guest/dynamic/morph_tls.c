// Guest test library: thread-local storage in a shared library the program links against
// (riscv64-linux-gnu-gcc -O2 -shared -fPIC morph_tls.c -o libmorph_tls.so). Its TLS block is part of
// the static TLS ld.so sets up at start-up: initialized data (.tdata) and zeroed data (.tbss), reached
// here through __tls_get_addr (the general-dynamic model of -fPIC code) and from tls_main.c through the
// initial-exec model.
#include <stdio.h>
#include <string.h>

/// Initialized thread-local data.
__thread int tls_counter = 42;
__thread char tls_label[32] = "initial label";
/// Zero-initialized thread-local data (.tbss).
__thread long tls_zeroes[64];

/// Adds `amount` to the counter and returns it.
int tls_add(int amount) {
    tls_counter += amount;
    return tls_counter;
}

/// The counter's address as this library sees it.
int *tls_counter_address(void) { return &tls_counter; }

/// Stores `label` and returns the sum of the zeroed array (0 unless the program wrote to it).
long tls_relabel(const char *label) {
    strncpy(tls_label, label, sizeof tls_label - 1);
    long sum = 0;
    for (int index = 0; index < 64; index++) sum += tls_zeroes[index];
    return sum;
}

/// The label, as this library sees it.
const char *tls_current_label(void) { return tls_label; }
