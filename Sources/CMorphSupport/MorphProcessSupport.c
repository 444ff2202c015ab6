// MorphProcessSupport: raw waitid, prctl and the recording host signal handler (Linux man-pages:
// waitid(2), prctl(2), sigaction(2), signal-safety(7)). The contract is in include/MorphProcessSupport.h.
#define _GNU_SOURCE
#include "MorphProcessSupport.h"

#include <errno.h>
#include <signal.h>
#include <time.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

long morph_host_syscall(long number, long first, long second, long third, long fourth, long fifth) {
    return syscall(number, first, second, third, fourth, fifth);
}

int morph_waitid(int idtype, int id, void *information, int options, void *usage) {
    return (int)syscall(SYS_waitid, idtype, id, information, options, usage);
}

int morph_prctl(int option, uint64_t second, uint64_t third, uint64_t fourth, uint64_t fifth) {
    return prctl(option, second, third, fourth, fifth);
}

int morph_ioctl_integer(int descriptor, unsigned long request, uint64_t value) {
    return ioctl(descriptor, request, (unsigned long)value);
}

/// Host signals received and not yet taken: bit n - 1 for signal n.
static _Atomic uint64_t pending_signals;
/// The last siginfo_t of each signal (a later one overwrites an earlier, as a standard signal's
/// second occurrence is lost while the first is pending).
static siginfo_t recorded_information[65];

/// The calling thread's interruption timer, whether it exists, and whether it serves a system call.
static __thread timer_t interrupt_timer;
static __thread int interrupt_timer_ready;
static __thread volatile sig_atomic_t in_system_call;

void morph_interrupt_timer_prepare(int signal) {
    struct sigevent event;
    memset(&event, 0, sizeof event);
    event.sigev_notify = SIGEV_THREAD_ID;
    event.sigev_signo = signal;
    event._sigev_un._tid = (pid_t)syscall(SYS_gettid);
    interrupt_timer_ready = timer_create(CLOCK_MONOTONIC, &event, &interrupt_timer) == 0;
}

void morph_system_call_window(int active) { in_system_call = active; }

static void record_signal(int signal, siginfo_t *information, void *context) {
    (void)context;
    if (signal < 1 || signal > 64) return;
    if (information) memcpy(&recorded_information[signal], information, sizeof(siginfo_t));
    atomic_fetch_or(&pending_signals, (uint64_t)1 << (signal - 1));
    if (in_system_call && interrupt_timer_ready) {
        int saved = errno;
        struct itimerspec soon = {{0, 0}, {0, 2000000}};
        timer_settime(interrupt_timer, 0, &soon, NULL);  // async-signal-safe (signal-safety(7))
        errno = saved;
    }
}

int morph_host_signal_catch(int signal) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = record_signal;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    return sigaction(signal, &action, NULL);
}

int morph_host_signal_reset(int signal, int ignore) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = ignore ? SIG_IGN : SIG_DFL;
    sigemptyset(&action.sa_mask);
    return sigaction(signal, &action, NULL);
}

uint64_t morph_host_signals_pending(void) { return atomic_load(&pending_signals); }

uint64_t morph_host_signals_take(uint64_t candidates) {
    return atomic_fetch_and(&pending_signals, ~candidates) & candidates;
}

void morph_host_signal_information(int signal, void *information) {
    if (signal < 1 || signal > 64) return;
    memcpy(information, &recorded_information[signal], 128);
}
