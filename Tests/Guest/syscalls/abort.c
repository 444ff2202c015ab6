/* Guest test: abort(3) ends the program with SIGABRT even when a SIGABRT handler returns ("If the
 * SIGABRT signal is ignored, or caught by a handler that returns, the abort() function will still
 * terminate the process"), and a failed assert(3) aborts after its message. argv[1] picks the case. */
#include <assert.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void returning_handler(int signal) {
    printf("handler for %d returns\n", signal);
    fflush(stdout);
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "abort";
    printf("mode %s\n", mode);
    fflush(stdout);
    if (strcmp(mode, "assert") == 0) assert(argc == 99);
    if (strcmp(mode, "handler-returns") == 0) signal(SIGABRT, returning_handler);
    abort();
}
