// MorphProcessSupport: host calls Swift cannot make itself for guest processes and signals (Linux
// man-pages: waitid(2) with the kernel's fifth rusage argument, prctl(2), sigaction(2) with SA_SIGINFO
// handlers that run in signal context).
//
// Why this is C: waitid's raw five-argument form and prctl are variadic or undeclared in Swift's Glibc
// module, and a signal handler must not run Swift code (no runtime calls are async-signal-safe).
#ifndef MORPH_PROCESS_SUPPORT_H
#define MORPH_PROCESS_SUPPORT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The raw waitid(2) system call: (idtype, id, infop, options, rusage). Returns 0 or -1 with errno.
int morph_waitid(int idtype, int id, void *information, int options, void *usage);

/// prctl(2) with five integer arguments. Returns its result, or -1 with errno.
int morph_prctl(int option, uint64_t second, uint64_t third, uint64_t fourth, uint64_t fifth);

/// ioctl(2) with an integer argument (TIOCSCTTY's steal flag, say). Returns its result, or -1 with errno.
int morph_ioctl_integer(int descriptor, unsigned long request, uint64_t value);

/// Makes host signal `signal` (1...64) recorded instead of acted on: a handler (SA_SIGINFO, without
/// SA_RESTART, so a blocking host call it interrupts returns EINTR) sets the signal's bit in a process-wide
/// pending word and keeps its 128-byte siginfo_t. Returns 0, or -1 with errno.
int morph_host_signal_catch(int signal);

/// Sets the host disposition of `signal` to SIG_DFL (`ignore` 0) or SIG_IGN (`ignore` 1).
int morph_host_signal_reset(int signal, int ignore);

/// Prepares the calling thread's interruption timer (once per thread, and again in a fork child, which
/// does not inherit timers): a CLOCK_MONOTONIC timer that sends `signal` to this thread only.
void morph_interrupt_timer_prepare(int signal);

/// Marks the calling thread as serving a system call (`active` 1) or not (0). A signal recorded while
/// it is marked arms the thread's interruption timer (2 ms), so that a blocking host call the thread
/// enters after its last check for signals is interrupted instead of waiting for the next signal.
void morph_system_call_window(int active);

/// The recorded signals (bit n - 1 for signal n), without taking them.
uint64_t morph_host_signals_pending(void);

/// Takes the recorded signals in `candidates` (bit n - 1 for signal n) and returns them.
uint64_t morph_host_signals_take(uint64_t candidates);

/// Copies the last siginfo_t recorded for `signal` (128 bytes) to `information`.
void morph_host_signal_information(int signal, void *information);

/// A host system call by its x86-64 number with up to five arguments (syscall(2)): -1 with errno set on
/// failure. For the calls whose glibc wrappers are variadic or translate structures (rt_sigqueueinfo,
/// the System V IPC calls).
long morph_host_syscall(long number, long first, long second, long third, long fourth, long fifth);

#ifdef __cplusplus
}
#endif

#endif
