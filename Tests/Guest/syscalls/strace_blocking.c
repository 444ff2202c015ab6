/* Guest test for --strace: a thread blocks in read(2) on a pipe while the main thread sleeps, writes one
 * byte and joins it (a futex wait), so the read's line is cut by the other thread's lines and ends
 * as strace -f shows it: `read(3,  <unfinished ...>`, then `<... read resumed>"x", 1) = 1`. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static int pipe_ends[2];

static void *reader(void *argument) {
    (void)argument;
    char byte = 0;
    ssize_t got = read(pipe_ends[0], &byte, 1);
    return (void *)(long)(got == 1 && byte == 'x');
}

int main(void) {
    if (pipe(pipe_ends) != 0) return 1;
    pthread_t thread;
    pthread_create(&thread, NULL, reader, NULL);
    struct timespec pause = {0, 300 * 1000 * 1000};
    nanosleep(&pause, NULL);
    write(pipe_ends[1], "x", 1);
    void *result;
    pthread_join(thread, &result);
    printf("reader got the byte: %ld\n", (long)result);
    return 0;
}
