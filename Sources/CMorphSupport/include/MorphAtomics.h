// MorphAtomics: host atomic operations on guest memory, for the RISC-V "A" extension when guest threads
// run on host threads (The RISC-V Instruction Set Manual, Volume I, chapter 8 "A Standard Extension for
// Atomic Instructions"; GCC's __atomic builtins, which compile to lock-prefixed x86-64 instructions).
//
// Why this is C: Swift's `Synchronization.Atomic` lives in its own storage; these operate on any
// naturally aligned word of the guest window, addressed by a raw host pointer.
//
// Every operation is sequentially consistent: on x86-64 a lock-prefixed instruction is a full fence, so
// an AMO or SC with any combination of aq/rl bits is at least as ordered as RVWMO asks.
#ifndef MORPH_ATOMICS_H
#define MORPH_ATOMICS_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Stores `desired` at `address` if it holds `expected`; returns whether it did (lock cmpxchg).
static inline bool morph_atomic_compare_exchange_32(void *address, uint32_t expected, uint32_t desired) {
    return __atomic_compare_exchange_n((uint32_t *)address, &expected, desired, false, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
}

/// Stores `desired` at `address` if it holds `expected`; returns whether it did (lock cmpxchg).
static inline bool morph_atomic_compare_exchange_64(void *address, uint64_t expected, uint64_t desired) {
    return __atomic_compare_exchange_n((uint64_t *)address, &expected, desired, false, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
}

/// Loads the word at `address` (a plain aligned load on x86-64, never torn).
static inline uint32_t morph_atomic_load_32(const void *address) {
    return __atomic_load_n((const uint32_t *)address, __ATOMIC_SEQ_CST);
}

/// Loads the doubleword at `address`.
static inline uint64_t morph_atomic_load_64(const void *address) {
    return __atomic_load_n((const uint64_t *)address, __ATOMIC_SEQ_CST);
}

/// The AMOs with one x86-64 instruction each; `operation`: 0 swap (xchg), 1 add (lock xadd), 2 xor,
/// 3 and, 4 or (lock cmpxchg loops or lock xor/and/or). Returns the old value.
static inline uint32_t morph_atomic_fetch_32(void *address, unsigned operation, uint32_t operand) {
    uint32_t *word = (uint32_t *)address;
    switch (operation) {
    case 0: return __atomic_exchange_n(word, operand, __ATOMIC_SEQ_CST);
    case 1: return __atomic_fetch_add(word, operand, __ATOMIC_SEQ_CST);
    case 2: return __atomic_fetch_xor(word, operand, __ATOMIC_SEQ_CST);
    case 3: return __atomic_fetch_and(word, operand, __ATOMIC_SEQ_CST);
    default: return __atomic_fetch_or(word, operand, __ATOMIC_SEQ_CST);
    }
}

/// The same on a doubleword.
static inline uint64_t morph_atomic_fetch_64(void *address, unsigned operation, uint64_t operand) {
    uint64_t *word = (uint64_t *)address;
    switch (operation) {
    case 0: return __atomic_exchange_n(word, operand, __ATOMIC_SEQ_CST);
    case 1: return __atomic_fetch_add(word, operand, __ATOMIC_SEQ_CST);
    case 2: return __atomic_fetch_xor(word, operand, __ATOMIC_SEQ_CST);
    case 3: return __atomic_fetch_and(word, operand, __ATOMIC_SEQ_CST);
    default: return __atomic_fetch_or(word, operand, __ATOMIC_SEQ_CST);
    }
}

/// A full host fence (mfence): what a RISC-V `fence` that orders earlier stores before later loads
/// needs on x86-64, whose TSO model orders everything else already.
static inline void morph_host_fence(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

#ifdef __cplusplus
}
#endif

#endif
