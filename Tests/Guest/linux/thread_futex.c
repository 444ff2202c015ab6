// Raw futex(2) system calls between threads: FUTEX_WAIT / FUTEX_WAKE (and their _PRIVATE forms),
// FUTEX_WAIT_BITSET / FUTEX_WAKE_BITSET with disjoint and shared bits, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE
// (and its EAGAIN), FUTEX_WAKE_OP, relative and absolute timeouts that expire (CLOCK_MONOTONIC and
// FUTEX_CLOCK_REALTIME), EAGAIN for a changed word, EINVAL and ENOSYS cases. A thread is known to be
// asleep when a FUTEX_CMP_REQUEUE that moves it elsewhere counts it, so the output is deterministic.
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long futex(uint32_t *address, int operation, uint32_t value, const struct timespec *timeout,
                  uint32_t *second, uint32_t third) {
    return syscall(SYS_futex, address, operation, value, timeout, second, third);
}

/// The call's result as "0", "3" or "-ETIMEDOUT".
static const char *show(long result) {
    static char buffer[8][32];
    static int next;
    char *text = buffer[next++ % 8];
    if (result >= 0) { snprintf(text, 32, "%ld", result); return text; }
    switch (errno) {
    case EAGAIN: return "-EAGAIN";
    case ETIMEDOUT: return "-ETIMEDOUT";
    case EINVAL: return "-EINVAL";
    case ENOSYS: return "-ENOSYS";
    case EINTR: return "-EINTR";
    default: snprintf(text, 32, "-errno%d", errno); return text;
    }
}

static long elapsed_ms(struct timespec start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
}

static uint32_t words[8];
static uint32_t parking;

struct waiter {
    uint32_t *address;
    int operation;
    uint32_t bitset;
    long result;
    int error;
};

static void *wait_thread(void *argument) {
    struct waiter *waiter = argument;
    waiter->result = futex(waiter->address, waiter->operation, 0, NULL, NULL, waiter->bitset);
    waiter->error = waiter->result < 0 ? errno : 0;
    return NULL;
}

/// Starts `count` threads waiting on `address` (value 0) and returns once all sleep there, by moving
/// them to `parking` and back with FUTEX_CMP_REQUEUE.
static void start_waiters(pthread_t *threads, struct waiter *waiters, int count, uint32_t *address,
                          int operation, uint32_t bitset) {
    for (int i = 0; i < count; i++) {
        waiters[i] = (struct waiter){address, operation, bitset, -99, 0};
        pthread_create(&threads[i], NULL, wait_thread, &waiters[i]);
    }
    // A private futex and a shared one are different futexes to Linux: probe with the waiters' kind.
    int requeue = FUTEX_CMP_REQUEUE | (operation & FUTEX_PRIVATE_FLAG);
    long moved = 0;
    while (moved < count) {
        long result = futex(address, requeue, 0, (void *)(long)INT_MAX, &parking, 0);
        if (result > 0) moved += result;
        else usleep(1000);
    }
    long back = futex(&parking, requeue, 0, (void *)(long)INT_MAX, address, 0);
    if (back != count) printf("requeue back moved %ld of %d\n", back, count);
}

static void join_waiters(pthread_t *threads, struct waiter *waiters, int count, const char *label) {
    for (int i = 0; i < count; i++) pthread_join(threads[i], NULL);
    int woken = 0;
    for (int i = 0; i < count; i++) woken += waiters[i].result == 0;
    printf("%s: %d of %d waiters returned 0\n", label, woken, count);
}

int main(void) {
    struct timespec start, timeout;
    pthread_t threads[4];
    struct waiter waiters[4];

    // Alone: wrong value, nobody to wake, timeouts.
    words[0] = 1;
    printf("wait on changed word: %s\n", show(futex(&words[0], FUTEX_WAIT, 0, NULL, NULL, 0)));
    printf("wake with no waiters: %s\n", show(futex(&words[0], FUTEX_WAKE, 5, NULL, NULL, 0)));
    timeout = (struct timespec){0, 50 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    long result = futex(&words[0], FUTEX_WAIT_PRIVATE, 1, &timeout, NULL, 0);
    printf("relative 50 ms timeout: %s, waited at least 50 ms: %d\n", show(result), elapsed_ms(start) >= 50);
    clock_gettime(CLOCK_MONOTONIC, &start);
    timeout = start;
    timeout.tv_nsec += 30 * 1000 * 1000;
    if (timeout.tv_nsec >= 1000000000) { timeout.tv_sec++; timeout.tv_nsec -= 1000000000; }
    result = futex(&words[0], FUTEX_WAIT_BITSET_PRIVATE, 1, &timeout, NULL, FUTEX_BITSET_MATCH_ANY);
    printf("absolute monotonic timeout: %s, waited at least 30 ms: %d\n", show(result), elapsed_ms(start) >= 29);
    clock_gettime(CLOCK_REALTIME, &timeout);
    timeout.tv_nsec += 20 * 1000 * 1000;
    if (timeout.tv_nsec >= 1000000000) { timeout.tv_sec++; timeout.tv_nsec -= 1000000000; }
    result = futex(&words[0], FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, &timeout, NULL,
                   FUTEX_BITSET_MATCH_ANY);
    printf("absolute realtime timeout: %s\n", show(result));
    timeout = (struct timespec){0, 1000000000};
    printf("invalid timeout: %s\n", show(futex(&words[0], FUTEX_WAIT, 1, &timeout, NULL, 0)));
    printf("unaligned: %s\n", show(futex((uint32_t *)((char *)&words[0] + 2), FUTEX_WAKE, 1, NULL, NULL, 0)));
    printf("bitset 0: %s\n", show(futex(&words[0], FUTEX_WAIT_BITSET, 1, NULL, NULL, 0)));
    printf("unknown operation: %s\n", show(futex(&words[0], 99, 1, NULL, NULL, 0)));
    printf("cmp_requeue on changed word: %s\n",
           show(futex(&words[0], FUTEX_CMP_REQUEUE, 1, (void *)1L, &words[1], 7)));

    // One waiter, woken.
    start_waiters(threads, waiters, 1, &words[1], FUTEX_WAIT, 0);
    printf("wake one: %s\n", show(futex(&words[1], FUTEX_WAKE, 1, NULL, NULL, 0)));
    join_waiters(threads, waiters, 1, "FUTEX_WAIT");

    // Three waiters, two woken by one call, then the last.
    start_waiters(threads, waiters, 3, &words[2], FUTEX_WAIT_PRIVATE, 0);
    printf("wake two of three: %s\n", show(futex(&words[2], FUTEX_WAKE_PRIVATE, 2, NULL, NULL, 0)));
    printf("wake the rest: %s\n", show(futex(&words[2], FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0)));
    join_waiters(threads, waiters, 3, "three waiters");

    // Bitsets: a wake with disjoint bits wakes nobody.
    start_waiters(threads, waiters, 2, &words[3], FUTEX_WAIT_BITSET_PRIVATE, 0x1);
    printf("wake bitset 0x2: %s\n", show(futex(&words[3], FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 0x2)));
    printf("plain wake (all bits) of one: %s\n", show(futex(&words[3], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0)));
    printf("wake bitset 0x3: %s\n", show(futex(&words[3], FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 0x3)));
    join_waiters(threads, waiters, 2, "bitset waiters");

    // FUTEX_REQUEUE: wake one, move one, leave one.
    start_waiters(threads, waiters, 3, &words[4], FUTEX_WAIT, 0);
    printf("requeue (wake 1, move 1): %s\n", show(futex(&words[4], FUTEX_REQUEUE, 1, (void *)1L, &words[5], 0)));
    printf("wake on the old word: %s\n", show(futex(&words[4], FUTEX_WAKE, INT_MAX, NULL, NULL, 0)));
    printf("wake on the new word: %s\n", show(futex(&words[5], FUTEX_WAKE, INT_MAX, NULL, NULL, 0)));
    join_waiters(threads, waiters, 3, "requeued waiters");

    // FUTEX_CMP_REQUEUE: value matches, wake none, move all.
    start_waiters(threads, waiters, 2, &words[6], FUTEX_WAIT, 0);
    printf("cmp_requeue (wake 0, move all): %s\n",
           show(futex(&words[6], FUTEX_CMP_REQUEUE, 0, (void *)(long)INT_MAX, &words[7], 0)));
    printf("wake on the new word: %s\n", show(futex(&words[7], FUTEX_WAKE, INT_MAX, NULL, NULL, 0)));
    join_waiters(threads, waiters, 2, "cmp_requeued waiters");

    // FUTEX_WAKE_OP: set the second word to 5, and wake its waiter because it was 0.
    words[6] = 0;
    start_waiters(threads, waiters, 1, &words[6], FUTEX_WAIT, 0);
    result = futex(&words[5], FUTEX_WAKE_OP, 1, (void *)1L, &words[6], FUTEX_OP(FUTEX_OP_SET, 5, FUTEX_OP_CMP_EQ, 0));
    printf("wake_op: %s, second word now %u\n", show(result), words[6]);
    join_waiters(threads, waiters, 1, "wake_op waiter");
    result = futex(&words[5], FUTEX_WAKE_OP, 1, (void *)1L, &words[6], FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_GT, 100));
    printf("wake_op add: %s, second word now %u\n", show(result), words[6]);

    // The main thread times out while another thread sleeps on the same word.
    words[0] = 0;
    start_waiters(threads, waiters, 1, &words[0], FUTEX_WAIT_PRIVATE, 0);
    timeout = (struct timespec){0, 20 * 1000 * 1000};
    printf("timed wait beside a sleeper: %s\n", show(futex(&words[0], FUTEX_WAIT_PRIVATE, 0, &timeout, NULL, 0)));
    printf("wake the sleeper: %s\n", show(futex(&words[0], FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0)));
    join_waiters(threads, waiters, 1, "sleeper");
    return 0;
}
