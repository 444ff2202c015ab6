/* Guest test: _exit skips atexit handlers and stdio flushing.
 * Reference: POSIX.1-2017 _exit (no atexit handlers, no stream flush), Linux exit_group(2).
 * Text written with write(2) appears; text left in the stdio buffer (stdout is a pipe or a
 * file, so fully buffered) is lost; the atexit handler never runs. Exit status: 5. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void handler(void) {
    const char *msg = "atexit handler ran (wrong)\n";
    write(1, msg, strlen(msg));
}

int main(void) {
    atexit(handler);
    const char *msg = "written with write(2)\n";
    write(1, msg, strlen(msg));
    printf("buffered and flushed\n");
    fflush(stdout);
    printf("buffered and never flushed: must not appear when stdout is not a terminal\n");
    _exit(5);
}
