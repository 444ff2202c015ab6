// Signals sent to the emulator from outside (the test sends them to the host process): a SIGINT
// handler installed by a program started with SIGINT ignored (a background job) runs while the program
// computes, then SIGTERM with the default action ends it (status 143). argv[1]: the file to create when
// the handler is installed.
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted;

static void on_interrupt(int signal) { interrupted = signal; }

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction old;
    sigaction(SIGINT, NULL, &old);
    printf("SIGINT ignored at start: %d\n", old.sa_handler == SIG_IGN);
    signal(SIGINT, on_interrupt);
    if (argc > 1) close(open(argv[1], O_WRONLY | O_CREAT, 0644));
    unsigned long spins = 0;
    while (!interrupted) spins++;  // pure computation: the signal arrives between engine slices
    printf("SIGINT reached the handler: %d\n", interrupted == SIGINT);
    if (argc > 2) close(open(argv[2], O_WRONLY | O_CREAT, 0644));
    for (;;) pause();  // SIGTERM, default action
}
