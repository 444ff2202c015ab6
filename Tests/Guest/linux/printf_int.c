/* Guest test: printf integer, character, string and pointer conversions.
 * Reference: ISO C11 7.21.6.1 (the fprintf function), glibc vfprintf.
 * Covers %d %i %u %x %X %o %c %s %p %n %%, flags (- + space # 0), field widths,
 * precisions (including '*'), and the hh h l ll j z t length modifiers. */
#pragma GCC diagnostic ignored "-Wformat-truncation"
#include <stdio.h>
#include <stdint.h>
#include <stddef.h>
#include <limits.h>
#include <string.h>

static const long long values[] = {
    0, 1, -1, 7, -7, 42, 255, 256, -256, 32767, -32768, 65535,
    2147483647LL, -2147483647LL - 1, 4294967295LL, 1234567890123LL,
    LLONG_MAX, LLONG_MIN,
};

static unsigned checksum = 0;

/* Prints a line and folds its bytes into the running checksum. */
static void emit(const char *line) {
    for (const char *p = line; *p; p++) checksum = checksum * 31u + (unsigned char)*p;
    puts(line);
}

int main(void) {
    char buf[256];
    size_t n = sizeof values / sizeof values[0];
    for (size_t i = 0; i < n; i++) {
        long long v = values[i];
        int v32 = (int)v;
        snprintf(buf, sizeof buf, "[%d] [%i] [%u] [%x] [%X] [%o]", v32, v32, (unsigned)v32,
                 (unsigned)v32, (unsigned)v32, (unsigned)v32);
        emit(buf);
        snprintf(buf, sizeof buf, "[%lld] [%llu] [%llx] [%llX] [%llo]", v, (unsigned long long)v,
                 (unsigned long long)v, (unsigned long long)v, (unsigned long long)v);
        emit(buf);
        snprintf(buf, sizeof buf, "[%8d] [%-8d|] [%+d] [% d] [%08d] [%-+8d|] [%+08d]", v32, v32, v32,
                 v32, v32, v32, v32);
        emit(buf);
        snprintf(buf, sizeof buf, "[%.5d] [%8.3d] [%-8.3d|] [%.0d] [%#x] [%#X] [%#o] [%#.0o] [%#10x] [%#010x]",
                 v32, v32, v32, v32, (unsigned)v32, (unsigned)v32, (unsigned)v32, (unsigned)v32,
                 (unsigned)v32, (unsigned)v32);
        emit(buf);
        snprintf(buf, sizeof buf, "[%hhd] [%hhu] [%hhx] [%hd] [%hu] [%hx] [%ld] [%lx]", (signed char)v,
                 (unsigned char)v, (unsigned char)v, (short)v, (unsigned short)v, (unsigned short)v,
                 (long)v, (unsigned long)v);
        emit(buf);
        snprintf(buf, sizeof buf, "[%jd] [%jx] [%zu] [%zx] [%zd] [%td] [%24lld] [%-24lld|]", (intmax_t)v,
                 (uintmax_t)v, (size_t)v, (size_t)v, (ssize_t)v, (ptrdiff_t)v, v, v);
        emit(buf);
    }
    /* '*' width and precision, including negative width (means '-' flag). */
    for (int w = -6; w <= 6; w += 3) {
        for (int p = -1; p <= 4; p += 2) {
            snprintf(buf, sizeof buf, "w=%d p=%d [%*.*d] [%*.*s] [%*x]", w, p, w, p, 123, w, p, "abcdef", w, 0xbeefu);
            emit(buf);
        }
    }
    /* Characters and strings. */
    snprintf(buf, sizeof buf, "[%c] [%5c] [%-5c|] [%c%c%c]", 'A', 'b', 'c', 'x', '\t' + 'Y' - '\t', '!');
    emit(buf);
    snprintf(buf, sizeof buf, "[%s] [%10s] [%-10s|] [%.3s] [%10.2s] [%-10.4s|] [%.0s] [%s]", "hello", "right",
             "left", "truncate", "ab", "abcdefgh", "gone", "");
    emit(buf);
    snprintf(buf, sizeof buf, "[%s]", (char *)NULL); /* glibc prints (null) */
    emit(buf);
    /* Pointers: glibc prints 0x%lx or (nil). */
    snprintf(buf, sizeof buf, "[%p] [%p] [%p] [%20p] [%-20p|]", (void *)0, (void *)0x1234, (void *)UINTPTR_MAX,
             (void *)0xdeadbeefUL, (void *)0x10);
    emit(buf);
    /* %n and %%. */
    int count = -1;
    long long lcount = -1;
    snprintf(buf, sizeof buf, "abc%n%%def%lln|", &count, &lcount);
    emit(buf);
    printf("count=%d lcount=%lld\n", count, lcount);
    /* Return value and truncation. */
    char small[8];
    int r = snprintf(small, sizeof small, "%s-%d", "truncated", 123456);
    printf("snprintf ret=%d text=[%s] len=%zu\n", r, small, strlen(small));
    r = snprintf(NULL, 0, "%lld|%llx", LLONG_MIN, ULLONG_MAX);
    printf("snprintf(NULL,0) ret=%d\n", r);
    /* Positional arguments (POSIX). */
    snprintf(buf, sizeof buf, "%2$s %1$s %2$s %3$05d", "world", "hello", 42);
    emit(buf);
    /* printf returns the byte count. */
    r = printf("%s %d %c\n", "direct", -5, 'z');
    printf("printf ret=%d\n", r);
    r = fprintf(stdout, "%-6s|%6s|\n", "fp", "out");
    printf("fprintf ret=%d\n", r);
    printf("checksum=%08x\n", checksum);
    return 0;
}
