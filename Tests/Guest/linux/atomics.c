/* Guest test: atomic memory operations on one thread.
 * Reference: ISO C11 7.17 (stdatomic.h), RISC-V Unprivileged ISA chapter "A" extension
 * (LR/SC and AMO instructions, .w results sign-extended, aq/rl bits), Zifencei/fence.
 * C11 atomics on 32- and 64-bit objects compile to amoadd/amoswap/amoand/amoor/amoxor and
 * lr/sc loops; the AMO min/max family and raw lr/sc are exercised through inline assembly. */
#include <stdio.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdbool.h>

static _Atomic int32_t a32 = 0;
static _Atomic int64_t a64 = 0;
static _Atomic uint32_t u32 = 0;
static _Atomic uint64_t u64 = 0;

#define AMO(name, insn, type)                                                              \
    static type name(type *p, type v) {                                                    \
        type old;                                                                          \
        __asm__ volatile(insn " %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory");    \
        return old;                                                                        \
    }

AMO(amomin_w, "amomin.w", int32_t)
AMO(amomax_w, "amomax.w", int32_t)
AMO(amominu_w, "amominu.w", int32_t)
AMO(amomaxu_w, "amomaxu.w", int32_t)
AMO(amomin_d, "amomin.d", int64_t)
AMO(amomax_d, "amomax.d", int64_t)
AMO(amominu_d, "amominu.d", int64_t)
AMO(amomaxu_d, "amomaxu.d", int64_t)
AMO(amoswap_w_aqrl, "amoswap.w.aqrl", int32_t)
AMO(amoadd_w, "amoadd.w", int32_t)
AMO(amoadd_d, "amoadd.d", int64_t)

int main(void) {
    /* fetch_* on 32-bit */
    int32_t old = atomic_fetch_add(&a32, 5);
    printf("fetch_add32: old=%d new=%d\n", old, atomic_load(&a32));
    old = atomic_fetch_sub(&a32, 12);
    printf("fetch_sub32: old=%d new=%d\n", old, atomic_load(&a32));
    atomic_store(&a32, 0x0F0F0F0F);
    old = atomic_fetch_and(&a32, 0x00FF00FF);
    printf("fetch_and32: old=%#x new=%#x\n", old, atomic_load(&a32));
    old = atomic_fetch_or(&a32, (int32_t)0x80000000);
    printf("fetch_or32: old=%#x new=%#x\n", old, atomic_load(&a32));
    old = atomic_fetch_xor(&a32, -1);
    printf("fetch_xor32: old=%#x new=%#x\n", old, atomic_load(&a32));
    atomic_store(&a32, INT32_MAX);
    old = atomic_fetch_add(&a32, 1);
    printf("fetch_add32 wraps: old=%d new=%d\n", old, atomic_load(&a32));

    /* fetch_* on 64-bit */
    int64_t old64 = atomic_fetch_add(&a64, 0x100000000ll);
    printf("fetch_add64: old=%lld new=%lld\n", (long long)old64, (long long)atomic_load(&a64));
    old64 = atomic_fetch_sub(&a64, 1);
    printf("fetch_sub64: old=%lld new=%lld\n", (long long)old64, (long long)atomic_load(&a64));
    old64 = atomic_fetch_and(&a64, 0xFFFF0000FFFFll);
    printf("fetch_and64: old=%#llx new=%#llx\n", (long long)old64, (long long)atomic_load(&a64));
    old64 = atomic_fetch_or(&a64, INT64_MIN);
    printf("fetch_or64: old=%#llx new=%#llx\n", (long long)old64, (long long)atomic_load(&a64));
    old64 = atomic_fetch_xor(&a64, 0x5555555555555555ll);
    printf("fetch_xor64: old=%#llx new=%#llx\n", (long long)old64, (long long)atomic_load(&a64));

    /* exchange */
    atomic_store(&u32, 7);
    printf("exchange32: old=%u new=%u\n", atomic_exchange(&u32, 0xFFFFFFFFu), atomic_load(&u32));
    atomic_store(&u64, 9);
    printf("exchange64: old=%llu new=%llx\n", (unsigned long long)atomic_exchange(&u64, UINT64_MAX),
           (unsigned long long)atomic_load(&u64));

    /* compare_exchange strong: success and failure (expected updated on failure) */
    uint32_t expected = 0xFFFFFFFFu;
    bool ok = atomic_compare_exchange_strong(&u32, &expected, 100);
    printf("cas32 strong success: ok=%d value=%u expected=%#x\n", ok, atomic_load(&u32), expected);
    expected = 5;
    ok = atomic_compare_exchange_strong(&u32, &expected, 200);
    printf("cas32 strong failure: ok=%d value=%u expected=%u\n", ok, atomic_load(&u32), expected);
    uint64_t expected64 = UINT64_MAX;
    ok = atomic_compare_exchange_strong(&u64, &expected64, 1ull << 40);
    printf("cas64 strong success: ok=%d value=%#llx\n", ok, (unsigned long long)atomic_load(&u64));
    expected64 = 1;
    ok = atomic_compare_exchange_strong(&u64, &expected64, 2);
    printf("cas64 strong failure: ok=%d expected=%#llx\n", ok, (unsigned long long)expected64);
    /* A 32-bit CAS must compare sign-extended values correctly (lr.w sign-extends). */
    atomic_store(&a32, -5);
    int32_t e32 = -5;
    ok = atomic_compare_exchange_strong(&a32, &e32, 77);
    printf("cas32 negative: ok=%d value=%d\n", ok, atomic_load(&a32));

    /* compare_exchange weak in a retry loop: counts successes, never loops forever */
    atomic_store(&a64, 1);
    int iterations = 0;
    for (int i = 0; i < 40; i++) {
        int64_t cur = atomic_load_explicit(&a64, memory_order_relaxed);
        while (!atomic_compare_exchange_weak_explicit(&a64, &cur, cur * 3 + 1, memory_order_acq_rel,
                                                      memory_order_relaxed))
            iterations++;
    }
    printf("cas64 weak loop result=%lld (spurious retries are allowed; value is what matters)\n",
           (long long)atomic_load(&a64));
    (void)iterations;
    atomic_store(&a32, 0);
    for (int i = 0; i < 1000; i++) {
        int32_t cur = atomic_load(&a32);
        while (!atomic_compare_exchange_weak(&a32, &cur, cur + i)) {
        }
    }
    printf("cas32 weak sum=%d\n", atomic_load(&a32));

    /* memory orders and fences compile to fence instructions */
    atomic_thread_fence(memory_order_seq_cst);
    atomic_signal_fence(memory_order_seq_cst);
    atomic_store_explicit(&u64, 42, memory_order_release);
    printf("load acquire=%llu\n", (unsigned long long)atomic_load_explicit(&u64, memory_order_acquire));
    printf("lock free: int32=%d int64=%d\n", atomic_is_lock_free(&a32), atomic_is_lock_free(&a64));

    /* AMO min/max: signed vs unsigned */
    int32_t w = 10;
    int32_t r = amomin_w(&w, -3);
    printf("amomin.w old=%d mem=%d\n", r, w);
    r = amomax_w(&w, 5);
    printf("amomax.w old=%d mem=%d\n", r, w);
    r = amominu_w(&w, 7);
    printf("amominu.w old=%d mem=%d\n", r, w);
    r = amomaxu_w(&w, -1);
    printf("amomaxu.w old=%d mem=%d\n", r, w);
    int64_t d = -100;
    int64_t rd = amomin_d(&d, INT64_MIN);
    printf("amomin.d old=%lld mem=%lld\n", (long long)rd, (long long)d);
    rd = amomax_d(&d, 0);
    printf("amomax.d old=%lld mem=%lld\n", (long long)rd, (long long)d);
    rd = amomaxu_d(&d, INT64_MIN);
    printf("amomaxu.d old=%lld mem=%llx\n", (long long)rd, (unsigned long long)d);
    rd = amominu_d(&d, 12345);
    printf("amominu.d old=%llx mem=%lld\n", (unsigned long long)rd, (long long)d);
    r = amoswap_w_aqrl(&w, (int32_t)0x80000000);
    printf("amoswap.w.aqrl old=%d mem=%d\n", r, w);
    w = 0x7FFFFFFF;
    r = amoadd_w(&w, 1);
    printf("amoadd.w overflow old=%d mem=%d\n", r, w);
    /* 32-bit AMO on the upper half of a 64-bit word leaves the lower half alone */
    static int64_t pair = 0x1111111122222222ll;
    amoadd_w((int32_t *)&pair + 1, 1);
    printf("amoadd.w on upper half: %llx\n", (unsigned long long)pair);
    amoadd_d(&pair, -0x1111111122222222ll);
    printf("amoadd.d back: %llx\n", (unsigned long long)pair);

    /* raw lr/sc: a successful pair, and sc after a different store in between */
    int64_t cell = 5, loaded, sc_status;
    __asm__ volatile("1: lr.d %0, (%2)\n\taddi %0, %0, 10\n\tsc.d %1, %0, (%2)\n\tbnez %1, 1b"
                     : "=&r"(loaded), "=&r"(sc_status)
                     : "r"(&cell)
                     : "memory");
    printf("lr/sc loop: cell=%lld status=%lld\n", (long long)cell, (long long)sc_status);
    int32_t cell32 = -8;
    int64_t lrw;
    __asm__ volatile("lr.w %0, (%1)" : "=r"(lrw) : "r"(&cell32) : "memory");
    __asm__ volatile("sc.w zero, zero, (%0)" : : "r"(&cell32) : "memory"); /* release the reservation */
    printf("lr.w sign-extends: %lld\n", (long long)lrw);
    return 0;
}
