// pthread_create / pthread_join with return values, thread-local storage (__thread, initialised and
// zeroed, one copy per thread), pthread_self/gettid distinct per thread, pthread_once, thread-specific
// data with destructors, detached threads, and a thread that creates threads. Output is deterministic:
// every line is printed by the main thread after the joins.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { THREADS = 6 };

static __thread long counter = 100;   // initialised TLS (.tdata)
static __thread char scratch[64];     // zeroed TLS (.tbss)
static __thread int depth;

static pid_t thread_ids[THREADS + 1];
static void *tls_addresses[THREADS + 1];

static void *worker(void *argument) {
    long index = (long)argument;
    thread_ids[index] = (pid_t)syscall(SYS_gettid);
    tls_addresses[index] = &counter;
    int clean = 1;
    for (size_t i = 0; i < sizeof scratch; i++) clean &= scratch[i] == 0;
    snprintf(scratch, sizeof scratch, "thread %ld", index);
    for (long i = 0; i < 1000 * (index + 1); i++) counter += i % 7;
    long result = counter * 10 + clean + (strlen(scratch) == 8 ? 0 : 1000);
    return (void *)result;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static void once_routine(void) { once_runs++; }

static pthread_key_t key;
static int destructor_runs;
static pthread_mutex_t destructor_lock = PTHREAD_MUTEX_INITIALIZER;
static void destructor(void *value) {
    pthread_mutex_lock(&destructor_lock);
    destructor_runs += (int)(intptr_t)value;
    pthread_mutex_unlock(&destructor_lock);
}

static void *with_key(void *argument) {
    pthread_once(&once, once_routine);
    pthread_setspecific(key, argument);
    return pthread_getspecific(key);
}

static void *nested(void *argument) {
    long level = (long)argument;
    depth = (int)level;
    if (level == 0) return (void *)1L;
    pthread_t child;
    if (pthread_create(&child, NULL, nested, (void *)(level - 1)) != 0) return (void *)-1L;
    void *result;
    pthread_join(child, &result);
    return (void *)((long)result * 2 + (depth == level ? 0 : 1000));
}

static volatile int detached_done;
static void *detached(void *argument) {
    (void)argument;
    __atomic_store_n(&detached_done, 1, __ATOMIC_RELEASE);
    return NULL;
}

int main(void) {
    pthread_t threads[THREADS];
    thread_ids[THREADS] = (pid_t)syscall(SYS_gettid);
    tls_addresses[THREADS] = &counter;
    for (long i = 0; i < THREADS; i++) {
        if (pthread_create(&threads[i], NULL, worker, (void *)i) != 0) { puts("create failed"); return 1; }
    }
    for (long i = 0; i < THREADS; i++) {
        void *result;
        if (pthread_join(threads[i], &result) != 0) { puts("join failed"); return 1; }
        printf("worker %ld returned %ld\n", i, (long)result);
    }
    printf("main counter %ld, scratch empty %d\n", counter, scratch[0] == 0);
    int distinct_ids = 1, distinct_tls = 1;
    for (int i = 0; i <= THREADS; i++)
        for (int j = i + 1; j <= THREADS; j++) {
            distinct_ids &= thread_ids[i] != thread_ids[j] && thread_ids[i] > 0;
            distinct_tls &= tls_addresses[i] != tls_addresses[j];
        }
    printf("distinct thread ids %d, distinct TLS %d, main tid is pid %d\n", distinct_ids, distinct_tls,
           thread_ids[THREADS] == getpid());

    pthread_key_create(&key, destructor);
    pthread_t keyed[4];
    for (long i = 0; i < 4; i++) pthread_create(&keyed[i], NULL, with_key, (void *)(i + 1));
    long sum = 0;
    for (int i = 0; i < 4; i++) {
        void *result;
        pthread_join(keyed[i], &result);
        sum += (long)result;
    }
    printf("keys returned %ld, destructors %d, once ran %d\n", sum, destructor_runs, once_runs);

    pthread_t top;
    pthread_create(&top, NULL, nested, (void *)5L);
    void *nested_result;
    pthread_join(top, &nested_result);
    printf("nested threads returned %ld\n", (long)nested_result);

    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_t loose;
    pthread_create(&loose, &attributes, detached, NULL);
    while (!__atomic_load_n(&detached_done, __ATOMIC_ACQUIRE)) sched_yield();
    printf("detached thread ran\n");
    return 0;
}
