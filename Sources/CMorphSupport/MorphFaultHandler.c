// MorphFaultHandler: a SIGSEGV/SIGBUS handler that redirects a thread faulting inside the guest memory
// window back to its recovery point (POSIX.1-2017 sigaction(2), sigsetjmp(3), siglongjmp(3),
// sigaltstack(2)). The contract is documented in include/MorphFaultHandler.h.
//
// Reading guide:
// 1. `morph_run_guarded` installs the handler once (pthread_once), prepares each thread once (SIGSEGV
//    and SIGBUS unblocked, an alternate signal stack), then sigsetjmp's a per-thread recovery point and
//    runs the body.
// 2. `fault_handler` jumps back to that point only when the thread is inside a guarded body AND the
//    fault address lies in that body's window AND the kernel (not kill(2)) raised the signal.
//    Everything else is a real host crash: the previous action is restored and the fault repeats.
// 3. Before both, `redirect_translated_fault` checks for a fault at a guest access inside the dynamic
//    binary translator's code (`morph_set_translated_code`): that thread is resumed at the code's fault
//    exit with the guest pc and fault recorded, without any jump over host frames.
#define _GNU_SOURCE
#include "MorphFaultHandler.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

/// The actions that were installed before ours, restored for faults that are not the guest's.
static struct sigaction previous_segv_action;
static struct sigaction previous_bus_action;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

/// Per-thread guard state: the active recovery point (NULL outside a guarded body) and its window.
static __thread sigjmp_buf *active_recovery;
static __thread uint64_t active_window_low;
static __thread uint64_t active_window_high;
static __thread uint64_t last_fault_address;
static __thread int alternate_stack_ready;
static __thread const morph_translated_code *active_translated_code;
static __thread uint64_t translated_faults;

/// The ucontext general register (REG_RAX ...) of x86 register number `number` (0 = rax ... 15 = r15).
static int context_register(uint32_t number) {
    static const int map[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                                REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};
    return map[number & 15];
}

/// Redirects a fault at a guest access inside translated code to the code's fault exit; returns 0 when
/// the fault is not one (not in translated code, or at no recorded site).
static int redirect_translated_fault(int signal_number, siginfo_t *info, ucontext_t *context) {
    const morph_translated_code *code = active_translated_code;
    if (code == NULL || context == NULL || info->si_code <= 0) return 0;
    greg_t *registers = context->uc_mcontext.gregs;
    uint64_t rip = (uint64_t)registers[REG_RIP];
    if (rip < code->code_low || rip >= code->code_high) return 0;
    uint64_t offset = rip - code->code_low;
    uint64_t low = 0, high = code->site_count;
    while (low < high) {
        uint64_t middle = low + (high - low) / 2;
        if (code->sites[middle].host_offset < offset) low = middle + 1; else high = middle;
    }
    if (low >= code->site_count || code->sites[low].host_offset != offset) return 0;
    const morph_fault_site *site = &code->sites[low];
    char *state = (char *)(uintptr_t)((uint64_t)registers[context_register(code->state_register)] - code->state_bias);
    uint64_t memory_base = (uint64_t)registers[context_register(code->memory_register)];
    *(uint64_t *)(state + code->pc_offset) = site->guest_pc;
    registers[context_register(code->budget_register)] += (greg_t)site->not_executed;
    *(uint64_t *)(state + code->signal_offset) = (uint64_t)signal_number;
    *(uint64_t *)(state + code->address_offset) = (uint64_t)(uintptr_t)info->si_addr - memory_base;
    registers[REG_RIP] = (greg_t)(site->landing_offset != 0 ? code->code_low + site->landing_offset : code->fault_exit);
    translated_faults += 1;
    return 1;
}

/// Size of the alternate signal stack: generous, the handler itself needs a few hundred bytes.
enum { alternate_stack_size = 64 * 1024 };

static void fault_handler(int signal_number, siginfo_t *info, void *user_context) {
    // Translated code first: returning resumes the thread at the code's fault exit, with the interrupted
    // context (MXCSR included) restored by the kernel.
    if (redirect_translated_fault(signal_number, info, user_context)) return;
    uint64_t address = (uint64_t)(uintptr_t)info->si_addr;
    // si_code > 0 means the kernel raised the signal for a real fault (SI_USER and friends are <= 0).
    if (active_recovery != NULL && info->si_code > 0
        && address >= active_window_low && address < active_window_high) {
        sigjmp_buf *recovery = active_recovery;
        active_recovery = NULL;
        last_fault_address = address;
        // The kernel starts a handler with a fresh MXCSR, and siglongjmp does not restore it: carry the
        // interrupted code's MXCSR over the jump, since engines keep guest floating-point flags there
        // (see "The guest environment" in MorphFloatingPoint.h).
        ucontext_t *context = user_context;
        if (context != NULL && context->uc_mcontext.fpregs != NULL) {
            uint32_t mxcsr = context->uc_mcontext.fpregs->mxcsr;
            __asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
        }
        siglongjmp(*recovery, signal_number);
    }
    // Not a guest fault: a host bug. The handler that was there before us (the Swift runtime's crash
    // reporter, say) is called directly, so ours stays installed for the other threads while it runs
    // (reinstalling the old action process-wide first would race with their guest faults). Should it
    // return, the default action is put back and the process ends as it would have without Morph:
    // returning re-executes the faulting instruction, and a signal sent with kill(2) is raised again.
    const struct sigaction *previous = signal_number == SIGBUS ? &previous_bus_action : &previous_segv_action;
    if ((previous->sa_flags & SA_SIGINFO) && previous->sa_sigaction != NULL) {
        previous->sa_sigaction(signal_number, info, user_context);
    } else if (!(previous->sa_flags & SA_SIGINFO) && previous->sa_handler != SIG_DFL
               && previous->sa_handler != SIG_IGN) {
        previous->sa_handler(signal_number);
    }
    signal(signal_number, SIG_DFL);
    if (info->si_code <= 0) raise(signal_number);
}

static void install_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = fault_handler;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, &previous_segv_action);
    sigaction(SIGBUS, &action, &previous_bus_action);
}

/// Prepares the calling thread once: SIGSEGV and SIGBUS unblocked (a process may start with them
/// blocked, e.g. when its parent spawned it so, and a blocked synchronous fault kills outright), and an
/// alternate signal stack unless it already has one, so that a fault on an exhausted host stack can
/// still be reported.
static void prepare_thread(void) {
    if (alternate_stack_ready) return;
    sigset_t faults;
    sigemptyset(&faults);
    sigaddset(&faults, SIGSEGV);
    sigaddset(&faults, SIGBUS);
    pthread_sigmask(SIG_UNBLOCK, &faults, NULL);
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && !(current.ss_flags & SS_DISABLE)) {
        alternate_stack_ready = 1;
        return;
    }
    stack_t stack;
    stack.ss_sp = malloc(alternate_stack_size);  // lives as long as the thread; never freed
    stack.ss_size = alternate_stack_size;
    stack.ss_flags = 0;
    if (stack.ss_sp != NULL && sigaltstack(&stack, NULL) == 0) alternate_stack_ready = 1;
}

void morph_set_translated_code(const morph_translated_code *code) {
    pthread_once(&install_once, install_handler);
    prepare_thread();
    active_translated_code = code;
}

uint64_t morph_translated_faults(void) { return translated_faults; }

int morph_run_guarded(morph_guarded_body body, void *context, uint64_t window_low, uint64_t window_high,
                      uint64_t *fault_address) {
    pthread_once(&install_once, install_handler);
    prepare_thread();

    // Guards nest: keep the outer one and restore it on the way out.
    sigjmp_buf *volatile outer_recovery = active_recovery;
    volatile uint64_t outer_low = active_window_low;
    volatile uint64_t outer_high = active_window_high;

    // The mask is not saved (0): that would cost a sigprocmask system call on every guarded run, and
    // Morph runs one per guest system call. Instead the fault path unblocks the two signals itself (the
    // kernel blocked the one being handled, and a blocked synchronous fault would kill the process).
    sigjmp_buf recovery;
    int signal_number = sigsetjmp(recovery, 0);
    if (signal_number == 0) {
        active_window_low = window_low;
        active_window_high = window_high;
        active_recovery = &recovery;
        body(context);
    } else {
        sigset_t faults;
        sigemptyset(&faults);
        sigaddset(&faults, SIGSEGV);
        sigaddset(&faults, SIGBUS);
        pthread_sigmask(SIG_UNBLOCK, &faults, NULL);
        if (fault_address != NULL) *fault_address = last_fault_address;
    }
    active_recovery = outer_recovery;
    active_window_low = outer_low;
    active_window_high = outer_high;
    return signal_number;
}
