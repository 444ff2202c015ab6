// MorphFaultHandler: turns a host SIGSEGV/SIGBUS inside the guest memory window into a return value
// (POSIX.1-2017 sigaction(2), sigsetjmp(3)/siglongjmp(3), sigaltstack(2); see
// ../../../shared/guide/ARCHITECTURE.md, "User-mode memory").
//
// Why this is C: a signal handler that must redirect a faulting thread to a recovery point cannot be
// written in Swift (no sigsetjmp, and Swift code must not run in a signal handler).
#ifndef MORPH_FAULT_HANDLER_H
#define MORPH_FAULT_HANDLER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The body run under the guard; `context` is passed through unchanged.
typedef void (*morph_guarded_body)(void *context);

/// Runs `body(context)` on the calling thread with a recovery point for memory faults.
///
/// On the first call, installs (once per process) a SIGSEGV and SIGBUS handler (SA_SIGINFO | SA_ONSTACK)
/// and, once per thread, an alternate signal stack if the thread has none. While `body` runs, a fault
/// whose address lies in [`window_low`, `window_high`) is not delivered: the handler jumps back here,
/// stores the faulting host address in `*fault_address` and this function returns the signal number
/// (SIGSEGV or SIGBUS). A fault anywhere else, or on a thread outside a guarded body, is a host bug: the
/// handler restores the previous action (the default, or the Swift runtime's crash reporter) and lets
/// the fault happen again, so it is never swallowed.
///
/// The MXCSR after such a return is the one the faulting code had (floating-point flags an engine keeps
/// there survive the jump). Returns 0 when `body` returns normally.
///
/// The frames `body` runs in are abandoned by the jump: they must hold nothing that needs cleaning up
/// (no ARC references that would leak or stay retained, no locks). Morph passes the interpreter's run
/// loop, which touches guest memory only through unsafe pointers.
int morph_run_guarded(morph_guarded_body body, void *context, uint64_t window_low, uint64_t window_high,
                      uint64_t *fault_address);

#ifdef __cplusplus
}
#endif

#endif
