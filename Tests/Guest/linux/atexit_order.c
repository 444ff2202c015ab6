/* Guest test: atexit and on_exit handler order.
 * Reference: ISO C11 7.22.4.2 (atexit: handlers run in reverse order of registration),
 * 7.22.4.4 (exit), glibc on_exit and __cxa_atexit. A handler registered while handlers are
 * running also runs. Exit status: 3 (from exit(3) called in main). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

static int sequence = 0;

static void late(void) { printf("late handler (registered during exit) seq=%d\n", sequence++); }

static void h1(void) { printf("handler 1 seq=%d\n", sequence++); }
static void h2(void) { printf("handler 2 seq=%d\n", sequence++); }
static void h3(void) {
    printf("handler 3 seq=%d, registering a late handler\n", sequence++);
    atexit(late);
}
static void h4(void) { printf("handler 4 seq=%d\n", sequence++); }

static void with_status(int status, void *arg) {
    printf("on_exit handler status=%d arg=%s seq=%d\n", status, (const char *)arg, sequence++);
}


static void __attribute__((destructor)) run_as_destructor(void) {
    printf("destructor seq=%d\n", sequence++);
}

static void __attribute__((constructor)) run_as_constructor(void) {
    printf("constructor ran before main\n");
}

int main(void) {
    atexit(h1);
    atexit(h2);
    on_exit(with_status, "cookie");
    atexit(h3);
    atexit(h4);
    for (int i = 0; i < 40; i++) atexit(h1); /* more than the 32 statically reserved slots */
    printf("main calls exit(3)\n");
    exit(3);
}
