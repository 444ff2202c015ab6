// See MorphTerminal.h.
#include "MorphTerminal.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static struct termios saved_state;
static volatile sig_atomic_t state_saved;

static const int fatal_signals[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGABRT, SIGILL, SIGTRAP};

static void restore_and_die(int signal_number) {
    if (state_saved) tcsetattr(STDIN_FILENO, TCSANOW, &saved_state);
    // Die of the same signal: default action, unblocked (it is blocked while its handler runs).
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(signal_number, &action, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signal_number);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(signal_number);
}

void morph_terminal_restore_on_fatal_signals(const struct termios *state) {
    saved_state = *state;
    state_saved = 1;
    for (unsigned index = 0; index < sizeof fatal_signals / sizeof fatal_signals[0]; index++) {
        struct sigaction previous;
        if (sigaction(fatal_signals[index], NULL, &previous) != 0) continue;
        if (previous.sa_handler == SIG_IGN) continue;  // e.g. SIGINT of a background job
        if (!(previous.sa_flags & SA_SIGINFO) && previous.sa_handler != SIG_DFL) continue;  // someone's handler
        if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction != NULL) continue;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = restore_and_die;
        sigemptyset(&action.sa_mask);
        sigaction(fatal_signals[index], &action, NULL);
        // A mask inherited from the parent (a thread pool's, say) must not keep the signal from ending
        // the run: unblock it in this thread, whose mask the threads it creates inherit.
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, fatal_signals[index]);
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    }
}
