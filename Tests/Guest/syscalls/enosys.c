/* Guest test: system calls the emulator does not know return -ENOSYS and the program goes on (Linux
 * syscall(2): "ENOSYS: the system call is not implemented"). Numbers tried: never-assigned ones
 * (between the generic table's end and 1000, and far beyond), and a number with all bits set. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
    static const long numbers[] = { 245, 258, 300, 423, 999, 1000, 4096, 100000, 0x7fffffffl, -1l };
    int failures = 0;
    for (unsigned i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        errno = 0;
        long result = syscall(numbers[i], 1, 2, 3, 4, 5, 6);
        printf("syscall(%ld) = %ld %s\n", numbers[i], result, strerrorname_np(errno));
        failures += !(result == -1 && errno == ENOSYS);
    }
    printf("still running: %s\n", failures == 0 ? "all ENOSYS" : "unexpected results");
    return failures;
}
