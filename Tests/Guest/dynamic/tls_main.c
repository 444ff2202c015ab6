// Guest test: thread-local storage of a shared library (morph_tls.c, linked with -lmorph_tls and found
// through the program's RUNPATH $ORIGIN, which ld.so resolves with /proc/self/exe) used from the program
// and from the library itself; and the program's own TLS next to it. Both must see the same variables,
// with the library's initial values and its zeroed .tbss. Exit status: 37.
#include <stdio.h>
#include <string.h>

extern __thread int tls_counter;
extern __thread char tls_label[32];
extern __thread long tls_zeroes[64];
int tls_add(int amount);
int *tls_counter_address(void);
long tls_relabel(const char *label);
const char *tls_current_label(void);

/// The program's own thread-local variables (local-exec).
__thread int main_value = 5;
__thread double main_zero;

int main(void) {
    printf("initial: counter %d, label \"%s\", zeroes[63] %ld\n", tls_counter, tls_label, tls_zeroes[63]);
    printf("same address from program and library: %s\n", &tls_counter == tls_counter_address() ? "yes" : "no");
    printf("library adds: %d\n", tls_add(8));
    tls_counter *= 2;
    printf("program doubled, library adds 1: %d\n", tls_add(1));
    tls_zeroes[10] = 7;
    tls_zeroes[20] = 35;
    printf("library sums zeroes after relabel: %ld\n", tls_relabel("relabelled by the library"));
    printf("label seen by program: \"%s\"\n", tls_label);
    strcpy(tls_label, "written by main");
    printf("label seen by library: \"%s\"\n", tls_current_label());
    main_value += tls_counter;
    printf("program's own TLS: %d %.1f\n", main_value, main_zero);
    return main_value - 69;
}
