// Eight threads hammer every kind of shared-memory synchronisation at once, and the result must be the
// same on every run: __atomic builtins (64/32/16/8-bit adds, which RISC-V does with AMOs and with lr/sc
// loops for the narrow ones, compare-exchange loops, exchange, or/and/xor), C11 <stdatomic.h>, AMO min/max
// through inline assembly, a spinlock on atomic exchange, a pthread mutex around plain data, a bounded
// queue with two condition variables, a pthread barrier between phases, and thread-local accumulators.
// Tests/LinuxUserTests runs it repeatedly; Scripts/thread-stress runs it COUNT times.
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

enum { THREADS = 8, ITERATIONS = 1000, ITEMS = 200, PHASES = 20, QUEUE = 16 };

static uint64_t add64;
static uint32_t add32;
static uint16_t add16;
static uint8_t add8;
static uint64_t cas64;
static uint32_t cas32;
static uint64_t xor64, or64, and64 = ~0ull;
static int32_t minimum32 = 1 << 30, maximum32 = -(1 << 30);
static int64_t minimum64 = 1ll << 60, maximum64 = -(1ll << 60);
static atomic_long c11_sum;
static atomic_uint c11_exchanges;
static atomic_int spin;
static long spin_protected;

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static long mutex_protected[4];
static long tls_total;

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static long queue[QUEUE];
static int queue_head, queue_count;
static long consumed_sum, consumed_count;

static pthread_barrier_t barrier;
static long slots[THREADS];
static long phase_checks[THREADS];

static __thread long local_sum;
static __thread int local_id = -1;

static void amo_min_max(int32_t value32, int64_t value64) {
    int32_t old32;
    int64_t old64;
    __asm__ volatile("amomin.w %0, %2, (%1)" : "=r"(old32) : "r"(&minimum32), "r"(value32) : "memory");
    __asm__ volatile("amomax.w %0, %2, (%1)" : "=r"(old32) : "r"(&maximum32), "r"(value32) : "memory");
    __asm__ volatile("amomin.d %0, %2, (%1)" : "=r"(old64) : "r"(&minimum64), "r"(value64) : "memory");
    __asm__ volatile("amomax.d %0, %2, (%1)" : "=r"(old64) : "r"(&maximum64), "r"(value64) : "memory");
    (void)old32;
    (void)old64;
}

static void put(long value) {
    pthread_mutex_lock(&queue_lock);
    while (queue_count == QUEUE) pthread_cond_wait(&not_full, &queue_lock);
    queue[(queue_head + queue_count) % QUEUE] = value;
    queue_count++;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&queue_lock);
}

static long take(void) {
    pthread_mutex_lock(&queue_lock);
    while (queue_count == 0) pthread_cond_wait(&not_empty, &queue_lock);
    long value = queue[queue_head];
    queue_head = (queue_head + 1) % QUEUE;
    queue_count--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&queue_lock);
    return value;
}

static void *worker(void *argument) {
    int id = (int)(long)argument;
    local_id = id;
    for (int i = 0; i < ITERATIONS; i++) {
        __atomic_fetch_add(&add64, (uint64_t)i, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&add32, 1u, __ATOMIC_RELAXED);
        __atomic_fetch_add(&add16, (uint16_t)1, __ATOMIC_ACQ_REL);
        __atomic_fetch_add(&add8, (uint8_t)3, __ATOMIC_SEQ_CST);
        uint64_t expected = __atomic_load_n(&cas64, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&cas64, &expected, expected + 2, 1, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {}
        uint32_t expected32 = __atomic_load_n(&cas32, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&cas32, &expected32, expected32 * 3 + 1, 0, __ATOMIC_SEQ_CST,
                                            __ATOMIC_SEQ_CST)) {}
        __atomic_fetch_xor(&xor64, (uint64_t)(i * 2654435761u) << (id * 3), __ATOMIC_SEQ_CST);
        __atomic_fetch_or(&or64, 1ull << ((id * 8 + i) % 64), __ATOMIC_SEQ_CST);
        __atomic_fetch_and(&and64, ~(1ull << ((id * 7 + i * 5) % 61)), __ATOMIC_SEQ_CST);
        amo_min_max((i * 7919 + id * 104729) % 100003 - 50000, (int64_t)((i * 7919ll + id) % 1000003) * (id % 2 ? -1 : 1));
        atomic_fetch_add_explicit(&c11_sum, i - id, memory_order_relaxed);
        atomic_exchange(&c11_exchanges, (unsigned)i);
        while (atomic_exchange_explicit(&spin, 1, memory_order_acquire)) {
            while (atomic_load_explicit(&spin, memory_order_relaxed)) sched_yield();
        }
        spin_protected += i % 5;
        atomic_store_explicit(&spin, 0, memory_order_release);
        if (i % 8 == 0) {
            pthread_mutex_lock(&mutex);
            mutex_protected[(i / 8) % 4] += id + 1;
            pthread_mutex_unlock(&mutex);
        }
        local_sum += i ^ id;
    }
    // Producer and consumer at once: every thread puts ITEMS values and takes ITEMS values.
    for (int i = 0; i < ITEMS; i++) {
        put((long)id * 1000 + i);
        long value = take();
        pthread_mutex_lock(&queue_lock);
        consumed_sum += value;
        consumed_count++;
        pthread_mutex_unlock(&queue_lock);
    }
    // Phases separated by a barrier: each thread reads what its neighbour wrote in the same phase.
    for (int phase = 0; phase < PHASES; phase++) {
        slots[id] = phase * 100 + id;
        pthread_barrier_wait(&barrier);
        int neighbour = (id + 1) % THREADS;
        if (slots[neighbour] == phase * 100 + neighbour) phase_checks[id]++;
        pthread_barrier_wait(&barrier);
    }
    pthread_mutex_lock(&mutex);
    tls_total += local_sum + local_id;
    pthread_mutex_unlock(&mutex);
    return (void *)(long)(local_id * 2);
}

int main(void) {
    pthread_t threads[THREADS];
    pthread_barrier_init(&barrier, NULL, THREADS);
    for (long i = 0; i < THREADS; i++) pthread_create(&threads[i], NULL, worker, (void *)i);
    long returned = 0;
    for (int i = 0; i < THREADS; i++) {
        void *result;
        pthread_join(threads[i], &result);
        returned += (long)result;
    }
    long phase_total = 0;
    for (int i = 0; i < THREADS; i++) phase_total += phase_checks[i];
    printf("add64 %llu add32 %u add16 %u add8 %u\n", (unsigned long long)add64, add32, add16, add8);
    printf("cas64 %llu cas32 %u\n", (unsigned long long)cas64, cas32);
    printf("xor %016llx or %016llx and %016llx\n", (unsigned long long)xor64, (unsigned long long)or64,
           (unsigned long long)and64);
    printf("min32 %d max32 %d min64 %lld max64 %lld\n", minimum32, maximum32, (long long)minimum64,
           (long long)maximum64);
    printf("c11 sum %ld last exchange %u\n", atomic_load(&c11_sum), atomic_load(&c11_exchanges));
    printf("spinlock %ld mutex %ld %ld %ld %ld\n", spin_protected, mutex_protected[0], mutex_protected[1],
           mutex_protected[2], mutex_protected[3]);
    printf("queue %ld items, sum %ld, left %d\n", consumed_count, consumed_sum, queue_count);
    printf("barrier checks %ld of %d\n", phase_total, THREADS * PHASES);
    printf("tls total %ld, main tls id %d, returned %ld\n", tls_total, local_id, returned);
    return 0;
}
