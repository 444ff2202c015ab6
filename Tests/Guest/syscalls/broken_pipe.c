/* Guest test: writing to a pipe whose reader has gone (pipe(7): "If all file descriptors referring to
 * the read end of a pipe have been closed, then a write(2) will cause a SIGPIPE signal to be generated
 * for the calling process. If the calling process is ignoring this signal, then write(2) fails with
 * the error EPIPE."). argv[1] "ignore" ignores SIGPIPE and reports the error; otherwise the signal's
 * default action ends the program. Run with standard output into a pipe that closes early. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int ignore = argc > 1 && strcmp(argv[1], "ignore") == 0;
    if (ignore) signal(SIGPIPE, SIG_IGN);
    static const char line[] = "line of output\n";
    for (long i = 0; i < 100000000; i++) {
        if (write(1, line, sizeof line - 1) < 0) {
            fprintf(stderr, "write failed: %s\n", strerror(errno));
            return 3;
        }
    }
    return 0;
}
