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
/// handler calls the previous handler (the Swift runtime's crash reporter, say) directly, then puts the
/// default action back and lets the fault happen again, so it is never swallowed.
///
/// The MXCSR after such a return is the one the faulting code had (floating-point flags an engine keeps
/// there survive the jump). Returns 0 when `body` returns normally.
///
/// The frames `body` runs in are abandoned by the jump: they must hold nothing that needs cleaning up
/// (no ARC references that would leak or stay retained, no locks). Morph passes the interpreter's run
/// loop, which touches guest memory only through unsafe pointers.
int morph_run_guarded(morph_guarded_body body, void *context, uint64_t window_low, uint64_t window_high,
                      uint64_t *fault_address);

/// One guest memory access in translated code: where it is (offset from the code region's start), the
/// guest instruction it belongs to, and how many of its block's pre-counted instructions did not run
/// when it faults (given back to the instruction budget), and where to resume: `landing_offset` (from
/// the code region's start), a pad that puts guest registers the block moved between host registers back
/// where the fault exit expects them and then jumps to it, or 0 for the fault exit itself.
typedef struct {
    uint64_t host_offset;
    uint64_t guest_pc;
    uint64_t not_executed;
    uint64_t landing_offset;
} morph_fault_site;

/// Translated code the handler may redirect: the dynamic binary translator describes its code region
/// here before it enters generated code on a thread, and clears it (NULL) afterwards.
///
/// A SIGSEGV/SIGBUS whose RIP lies in [`code_low`, `code_high`) at one of the `sites` (sorted by
/// `host_offset`, no duplicates) is a guest access: the handler writes the guest pc, adds `not_executed`
/// to the budget register `budget_register`, stores the signal and the guest address (si_addr minus the guest memory base,
/// which generated code holds in `memory_register`) in the state words, and resumes the thread at
/// the site's landing pad or `fault_exit`, which leaves generated code normally. Guest registers held in
/// host registers are left as they were, since a faulting x86 instruction changes none of them. Nothing is unwound. The state is
/// the value of host register `state_register` minus `state_bias`; register numbers are x86 encodings
/// (0 = rax ... 15 = r15).
typedef struct {
    uint64_t code_low;
    uint64_t code_high;
    const morph_fault_site *sites;
    uint64_t site_count;
    uint64_t fault_exit;
    uint32_t state_register;
    uint32_t memory_register;
    int64_t state_bias;
    uint64_t pc_offset;
    uint32_t budget_register;
    uint64_t signal_offset;
    uint64_t address_offset;
} morph_translated_code;

/// Makes `code` (or NULL) the calling thread's translated code, installing the handler on first use.
/// `code` must stay valid while it is set.
void morph_set_translated_code(const morph_translated_code *code);

/// The number of faults redirected to `fault_exit` so far on this thread (for statistics and tests).
uint64_t morph_translated_faults(void);

#ifdef __cplusplus
}
#endif

#endif
