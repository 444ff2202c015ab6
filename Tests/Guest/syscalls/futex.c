/* Guest test: futex(2) in a single-threaded process: a wait whose value changed fails with EAGAIN, a
 * wait with a timeout times out (relative FUTEX_WAIT, absolute FUTEX_WAIT_BITSET), a wake wakes
 * nobody, FUTEX_WAKE_OP performs its operation on the second word, and bad arguments fail
 * (EINVAL for misalignment, EFAULT for an unmapped word). */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long futex(void *address, int operation, uint32_t value, const void *timeout, void *second, uint32_t third) {
    return syscall(SYS_futex, address, operation, value, timeout, second, third);
}

static const char *outcome(long result) { return result < 0 ? strerrorname_np(errno) : "0"; }

static long milliseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

int main(void) {
    static uint32_t word = 5, other = 0x10;
    printf("wait, value differs: %s\n", outcome(futex(&word, FUTEX_WAIT_PRIVATE, 4, NULL, NULL, 0)));
    struct timespec relative = { 0, 30 * 1000 * 1000 };
    long start = milliseconds();
    printf("wait 30 ms: %s\n", outcome(futex(&word, FUTEX_WAIT_PRIVATE, 5, &relative, NULL, 0)));
    printf("  took at least 30 ms: %d\n", milliseconds() - start >= 30);
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_nsec += 20 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000; }
    start = milliseconds();
    printf("wait_bitset until +20 ms: %s\n",
           outcome(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 5, &deadline, NULL, FUTEX_BITSET_MATCH_ANY)));
    printf("  took at least 19 ms: %d\n", milliseconds() - start >= 19);
    printf("wait_bitset with bitset 0: %s\n", outcome(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 5, &deadline, NULL, 0)));
    printf("wake: %ld\n", futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
    printf("wake all: %ld\n", futex(&word, FUTEX_WAKE, 0x7fffffff, NULL, NULL, 0));
    /* WAKE_OP: other = other + 3 (FUTEX_OP_ADD), compare old == 0x10. */
    long woken = futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &other, FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 0x10));
    printf("wake_op add: %ld, second word 0x%x\n", woken, other);
    futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &other, FUTEX_OP(FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT, 8, FUTEX_OP_CMP_EQ, 0));
    printf("wake_op or (1 << 8): second word 0x%x\n", other);
    futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &other, FUTEX_OP(FUTEX_OP_ANDN, 0x3, FUTEX_OP_CMP_EQ, 0));
    printf("wake_op andn 3: second word 0x%x\n", other);
    futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &other, FUTEX_OP(FUTEX_OP_SET, -1, FUTEX_OP_CMP_EQ, 0));
    printf("wake_op set -1: second word 0x%x\n", other);
    printf("cmp_requeue, value differs: %s\n", outcome(futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1, &other, 6)));
    printf("cmp_requeue, value matches: %s\n", outcome(futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1, &other, 5)));
    printf("misaligned: %s\n", outcome(futex((char *)&word + 1, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0)));
    printf("unmapped: %s\n", outcome(futex((void *)0x1000, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0)));
    return 0;
}
