// exit_group from a thread that is not the main one, while the others are busy: one spins, one sleeps
// in nanosleep, one waits on a futex nobody wakes, one blocks reading an empty pipe, and the main thread
// waits in pthread_join. Every thread ends with the process, whose status is the one passed to exit.
// Before that, a thread ends alone with the raw exit system call (status ignored: the process goes on).
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile uint64_t spins;
static uint32_t never;
static int pipe_ends[2];
static volatile int ready;

static void *spinner(void *argument) {
    (void)argument;
    __atomic_fetch_add(&ready, 1, __ATOMIC_SEQ_CST);
    for (;;) spins++;
    return NULL;
}

static void *sleeper(void *argument) {
    (void)argument;
    __atomic_fetch_add(&ready, 1, __ATOMIC_SEQ_CST);
    struct timespec long_time = {1000, 0};
    for (;;) nanosleep(&long_time, NULL);
    return NULL;
}

static void *futex_waiter(void *argument) {
    (void)argument;
    __atomic_fetch_add(&ready, 1, __ATOMIC_SEQ_CST);
    for (;;) syscall(SYS_futex, &never, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    return NULL;
}

static void *reader(void *argument) {
    (void)argument;
    __atomic_fetch_add(&ready, 1, __ATOMIC_SEQ_CST);
    char byte;
    for (;;) read(pipe_ends[0], &byte, 1);
    return NULL;
}

static void *alone(void *argument) {
    (void)argument;
    syscall(SYS_exit, 99);  // this thread only
    return NULL;
}

static void *exiter(void *argument) {
    (void)argument;
    while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) < 4) sched_yield();
    while (spins < 1000) sched_yield();
    struct timespec short_time = {0, 20 * 1000 * 1000};
    nanosleep(&short_time, NULL);  // let the others block
    printf("thread calls exit(37)\n");
    exit(37);  // atexit handlers, stdio flushed, then exit_group
}

static void at_exit(void) { printf("atexit handler ran\n"); }

int main(void) {
    atexit(at_exit);
    if (pipe(pipe_ends) != 0) return 1;
    pthread_t lone;
    pthread_create(&lone, NULL, alone, NULL);
    pthread_join(lone, NULL);
    printf("a thread exited alone; the process goes on\n");
    fflush(stdout);
    pthread_t threads[5];
    pthread_create(&threads[0], NULL, spinner, NULL);
    pthread_create(&threads[1], NULL, sleeper, NULL);
    pthread_create(&threads[2], NULL, futex_waiter, NULL);
    pthread_create(&threads[3], NULL, reader, NULL);
    pthread_create(&threads[4], NULL, exiter, NULL);
    pthread_join(threads[0], NULL);
    printf("not reached\n");
    return 0;
}
