// Signals the program waits for: kill to itself with an SA_SIGINFO handler, SIGALRM from alarm() and
// from setitimer() while in pause(), sigsuspend (the mask comes back), sigtimedwait (taken signal,
// timeout, a signal from a child process), SA_RESTART restarting a blocked read and its absence
// giving EINTR, SIGCHLD from an exiting child reaching a handler.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t last_signal, last_code, sender_is_self, count;

static void on_signal(int signal, siginfo_t *info, void *context) {
    (void)context;
    last_signal = signal;
    last_code = info->si_code;
    sender_is_self = info->si_pid == getpid();
    count++;
}

static void handle(int signal, int flags) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_signal;
    action.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&action.sa_mask);
    sigaction(signal, &action, NULL);
}

static void block(int signal, int how) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signal);
    sigprocmask(how, &set, NULL);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    handle(SIGUSR1, 0);
    kill(getpid(), SIGUSR1);
    printf("kill to self: signal %d, SI_USER %d, sender is self %d\n", last_signal, last_code == SI_USER, sender_is_self);

    handle(SIGALRM, 0);
    count = 0;
    alarm(1);
    int result = pause();
    printf("alarm: pause returned %d EINTR %d, SIGALRM handled %d\n", result, errno == EINTR, last_signal == SIGALRM && count == 1);

    struct itimerval timer = {{0, 20000}, {0, 20000}};
    count = 0;
    setitimer(ITIMER_REAL, &timer, NULL);
    while (count < 3) pause();
    struct itimerval disarm = {{0, 0}, {0, 0}}, old;
    setitimer(ITIMER_REAL, &disarm, &old);
    printf("setitimer: three SIGALRMs %d, interval kept %ld us\n", count >= 3, (long)old.it_interval.tv_usec);

    // sigsuspend: SIGUSR2 blocked, sent by a child, taken only inside sigsuspend.
    handle(SIGUSR2, 0);
    block(SIGUSR2, SIG_BLOCK);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) { kill(parent, SIGUSR2); _exit(0); }
    waitpid(child, NULL, 0);
    sigset_t pending;
    sigpending(&pending);
    printf("sigsuspend: SIGUSR2 pending before %d\n", sigismember(&pending, SIGUSR2));
    sigset_t empty;
    sigemptyset(&empty);
    last_signal = 0;
    result = sigsuspend(&empty);
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    printf("sigsuspend returned %d EINTR %d, handled SIGUSR2 %d, still blocked after %d\n", result, errno == EINTR,
           last_signal == SIGUSR2, sigismember(&now, SIGUSR2));

    // sigtimedwait.
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGUSR2);
    siginfo_t info;
    raise(SIGUSR2);
    memset(&info, 0, sizeof info);
    result = sigtimedwait(&wanted, &info, NULL);
    printf("sigtimedwait: %d, si_signo %d, SI_TKILL %d\n", result, info.si_signo, info.si_code == SI_TKILL);
    struct timespec timeout = {0, 50000000};
    errno = 0;
    result = sigtimedwait(&wanted, &info, &timeout);
    printf("sigtimedwait with nothing pending: %d EAGAIN %d\n", result, errno == EAGAIN);
    child = fork();
    if (child == 0) { usleep(20000); kill(parent, SIGUSR2); _exit(0); }
    struct timespec long_timeout = {10, 0};
    memset(&info, 0, sizeof info);
    result = sigtimedwait(&wanted, &info, &long_timeout);
    printf("sigtimedwait for a child's signal: %d, from the child %d, SI_USER %d\n", result, info.si_pid == child,
           info.si_code == SI_USER);
    waitpid(child, NULL, 0);

    // SA_RESTART: a read blocked when SIGALRM arrives goes on; without it, EINTR.
    for (int restart = 1; restart >= 0; restart--) {
        handle(SIGALRM, restart ? SA_RESTART : 0);
        int ends[2];
        pipe(ends);
        child = fork();
        if (child == 0) { usleep(150000); write(ends[1], "late", 4); _exit(0); }
        struct itimerval once = {{0, 0}, {0, 30000}};
        setitimer(ITIMER_REAL, &once, NULL);
        char buffer[8] = {0};
        errno = 0;
        ssize_t got = read(ends[0], buffer, sizeof buffer);
        printf("read with SA_RESTART %d: %zd %s\n", restart, got, got > 0 ? buffer : errno == EINTR ? "EINTR" : "?");
        waitpid(child, NULL, 0);
        close(ends[0]);
        close(ends[1]);
    }

    // SIGCHLD reaches a handler.
    handle(SIGCHLD, 0);
    last_signal = 0;
    child = fork();
    if (child == 0) _exit(3);
    while (last_signal != SIGCHLD) pause();
    int status;
    waitpid(child, &status, 0);
    printf("SIGCHLD: handled %d, CLD_EXITED %d, child status %d\n", last_signal == SIGCHLD, last_code == CLD_EXITED,
           WEXITSTATUS(status));
    return 0;
}
