// Guest test: a dynamically linked C program. Built without -static (riscv64-linux-gnu-gcc -O2
// dynamic_c.c -lm), so ld-linux-riscv64-lp64d.so.1 from the sysroot loads libc.so.6 and libm.so.6
// and binds every call below through the PLT. Covers stdio formatting, malloc/realloc/free, string
// functions, qsort with a callback from libc into the program, libm, getenv, the auxiliary vector the
// interpreter was started with (AT_BASE, AT_ENTRY) and dladdr naming the library printf lives in.
// Run under qemu-riscv64 -L /usr/riscv64-linux-gnu and under morph run: same stdout. Exit status: 7.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

extern void _start(void);

static int compare_doubles(const void *left, const void *right) {
    double a = *(const double *)left, b = *(const double *)right;
    return (a > b) - (a < b);
}

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int main(int argc, char **argv) {
    (void)argv;
    printf("argc %d\n", argc);
    printf("integers: %d %5u %-6x| %llo %+ld\n", -42, 17u, 0xbeefu, 01234567ull, 99L);
    printf("floats: %.3f %e %g %a\n", 3.14159265, 6.02214076e23, 1e-5, 1.0 / 3.0);

    // The heap: many blocks, grown and freed in an interleaved order.
    char *blocks[64];
    size_t total = 0;
    for (int i = 0; i < 64; i++) {
        blocks[i] = malloc((size_t)(i * 37 + 1));
        memset(blocks[i], 'a' + i % 26, (size_t)(i * 37));
        blocks[i][i * 37] = 0;
    }
    for (int i = 0; i < 64; i += 2) {
        blocks[i] = realloc(blocks[i], (size_t)(i * 91 + 10));
        strcat(blocks[i], "!");
    }
    for (int i = 0; i < 64; i++) {
        total += strlen(blocks[i]);
        free(blocks[i]);
    }
    printf("heap: %zu bytes of text\n", total);
    char *big = malloc(1 << 20);  // served by mmap in glibc's malloc
    memset(big, 7, 1 << 20);
    long sum = 0;
    for (int i = 0; i < 1 << 20; i += 4096) sum += big[i];
    free(big);
    printf("big block: %ld\n", sum);

    // qsort calls back into the program from libc.
    double values[12];
    for (int i = 0; i < 12; i++) values[i] = sin(i * 1.7) * 100.0;
    qsort(values, 12, sizeof values[0], compare_doubles);
    for (int i = 0; i < 12; i++) printf("%.6f%c", values[i], i == 11 ? '\n' : ' ');

    // libm.so.6.
    double x = 0.75;
    printf("libm: %.17g %.17g %.17g %.17g\n", exp(x), log(x), pow(x, 3.5), atan2(x, -1.0));
    printf("libm: %.17g %.17g %.17g %.17g\n", cbrt(x), hypot(3, 4), erf(x), tgamma(x));
    printf("libm: %.9g %.9g %ld\n", sqrtf(2.0f), fmodf(7.5f, 2.0f), lround(-2.5));

    const char *variable = getenv("MORPH_TEST");
    printf("MORPH_TEST=%s\n", variable ? variable : "(unset)");

    // The interpreter was loaded somewhere (AT_BASE) and started the program at its entry (AT_ENTRY).
    printf("AT_BASE set: %s\n", getauxval(AT_BASE) != 0 ? "yes" : "no");
    printf("AT_ENTRY is _start: %s\n", getauxval(AT_ENTRY) == (unsigned long)&_start ? "yes" : "no");
    printf("AT_PHENT: %lu\n", getauxval(AT_PHENT));

    // printf comes from libc.so.6, cos from libm.so.6, main from the program.
    Dl_info info;
    if (dladdr((void *)printf, &info) && info.dli_fname) printf("printf is in %s\n", base_name(info.dli_fname));
    if (dladdr((void *)cos, &info) && info.dli_fname) printf("cos is in %s\n", base_name(info.dli_fname));
    void *self = dlsym(RTLD_DEFAULT, "strlen");
    printf("dlsym(RTLD_DEFAULT, strlen) is strlen: %s\n", self == (void *)strlen ? "yes" : "no");
    return 7;
}
