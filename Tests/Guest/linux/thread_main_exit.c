// The main thread calls pthread_exit while the other threads go on: they still share its data, one joins
// the main thread itself (its clear-child-tid word is zeroed and woken when it ends, as for any thread),
// and the last one ends the process with exit(12).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { WORKERS = 4 };

static pthread_t main_thread;
static pthread_barrier_t barrier;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long totals[WORKERS];
static long shared_total;

static void *worker(void *argument) {
    long index = (long)argument;
    pthread_barrier_wait(&barrier);  // the main thread may already be gone
    long sum = 0;
    for (long i = 0; i <= 100000 * (index + 1); i++) sum += i;
    totals[index] = sum;
    pthread_mutex_lock(&lock);
    shared_total += sum % 997;
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *finisher(void *argument) {
    pthread_t *workers = argument;
    int joined_main = pthread_join(main_thread, NULL);
    for (int i = 0; i < WORKERS; i++) pthread_join(workers[i], NULL);
    printf("joined the main thread: %d\n", joined_main);
    for (int i = 0; i < WORKERS; i++) printf("worker %d: %ld\n", i, totals[i]);
    printf("shared total %ld\n", shared_total);
    exit(12);
}

int main(void) {
    static pthread_t workers[WORKERS];
    main_thread = pthread_self();
    pthread_barrier_init(&barrier, NULL, WORKERS);
    for (long i = 0; i < WORKERS; i++) pthread_create(&workers[i], NULL, worker, (void *)i);
    pthread_t last;
    pthread_create(&last, NULL, finisher, workers);
    printf("main thread leaves\n");
    fflush(stdout);
    pthread_exit(NULL);
}
