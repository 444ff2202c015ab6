/* Guest test: RISC-V F and D instructions at their edges, through inline assembly.
 * Reference: RISC-V Unprivileged ISA chapters "F" and "D": fcvt.* (saturating results and NV
 * for out-of-range and NaN inputs, Table "domains of float-to-integer conversions"), static
 * rounding modes rne/rtz/rdn/rup/rmm, fmin/fmax (NaN handling, -0 < +0), fsgnj/fsgnjn/fsgnjx,
 * fclass, feq/flt/fle, fmv.x.d/fmv.d.x, NaN-boxing of single values in 64-bit registers,
 * canonical NaN results, fmadd/fmsub/fnmadd/fnmsub with exact single rounding. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <float.h>

static uint64_t dbits(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static uint32_t fbits(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static double from_bits(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static float from_fbits(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }

static unsigned read_and_clear_fflags(void) {
    unsigned flags;
    __asm__ volatile("frflags %0\n\tfsflags zero" : "=r"(flags));
    return flags;
}

static const char *flag_text(unsigned f) {
    static char buf[5][16];
    static int which;
    which = (which + 1) % 5;
    snprintf(buf[which], sizeof buf[which], "%s%s%s%s%s", f & 16 ? "NV" : "", f & 8 ? "DZ" : "", f & 4 ? "OF" : "",
             f & 2 ? "UF" : "", f & 1 ? "NX" : "");
    if (!f) strcpy(buf[which], "-");
    return buf[which];
}

#define CVT_D(insn, rm, out)                                                       \
    static int64_t out(double x) {                                                 \
        int64_t r;                                                                 \
        __asm__ volatile(insn " %0, %1, " rm : "=r"(r) : "f"(x));                  \
        return r;                                                                  \
    }

CVT_D("fcvt.w.d", "rtz", cvt_w_d)
CVT_D("fcvt.wu.d", "rtz", cvt_wu_d)
CVT_D("fcvt.l.d", "rtz", cvt_l_d)
CVT_D("fcvt.lu.d", "rtz", cvt_lu_d)
CVT_D("fcvt.l.d", "rne", cvt_l_d_rne)
CVT_D("fcvt.l.d", "rdn", cvt_l_d_rdn)
CVT_D("fcvt.l.d", "rup", cvt_l_d_rup)
CVT_D("fcvt.l.d", "rmm", cvt_l_d_rmm)

static int64_t cvt_w_s(float x) {
    int64_t r;
    __asm__ volatile("fcvt.w.s %0, %1, rtz" : "=r"(r) : "f"(x));
    return r;
}

static int64_t cvt_lu_s(float x) {
    int64_t r;
    __asm__ volatile("fcvt.lu.s %0, %1, rtz" : "=r"(r) : "f"(x));
    return r;
}

int main(void) {
    read_and_clear_fflags();
    static const double inputs[] = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 2147483647.5, 2147483648.0,
                                    -2147483648.9, -2147483649.0, 4294967295.9, 4294967296.0, 9.2233720368547748e18,
                                    9.2233720368547758e18, -9.2233720368547758e18, -9.3e18, 1.8446744073709550e19,
                                    1.8446744073709552e19, INFINITY, -INFINITY, NAN, -1.0, 1e-300};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        double x = inputs[i];
        int64_t w = cvt_w_d(x);
        unsigned fw = read_and_clear_fflags();
        int64_t wu = cvt_wu_d(x);
        unsigned fwu = read_and_clear_fflags();
        int64_t l = cvt_l_d(x);
        unsigned fl = read_and_clear_fflags();
        int64_t lu = cvt_lu_d(x);
        unsigned flu = read_and_clear_fflags();
        printf("%-24.17g w=%lld/%s wu=%llx/%s l=%lld/%s lu=%llx/%s rne=%lld rdn=%lld rup=%lld rmm=%lld\n", x,
               (long long)w, flag_text(fw), (unsigned long long)wu, flag_text(fwu), (long long)l, flag_text(fl),
               (unsigned long long)lu, flag_text(flu), (long long)cvt_l_d_rne(x), (long long)cvt_l_d_rdn(x),
               (long long)cvt_l_d_rup(x), (long long)cvt_l_d_rmm(x));
        read_and_clear_fflags();
    }
    float fin[] = {3e9f, -3e9f, NAN, -1.0f, 1.8e19f, 1e20f, -0.75f};
    for (int i = 0; i < 7; i++) {
        int64_t a = cvt_w_s(fin[i]);
        unsigned fa = read_and_clear_fflags();
        int64_t b = cvt_lu_s(fin[i]);
        unsigned fb = read_and_clear_fflags();
        printf("float %-12g w.s=%lld/%s lu.s=%llx/%s\n", (double)fin[i], (long long)a, flag_text(fa), (unsigned long long)b,
               flag_text(fb));
    }

    /* Integer to float with static rounding modes. */
    int64_t big = (1LL << 62) + 1;
    double rne, rtz, rup;
    __asm__ volatile("fcvt.d.l %0, %1, rne" : "=f"(rne) : "r"(big));
    __asm__ volatile("fcvt.d.l %0, %1, rtz" : "=f"(rtz) : "r"(big));
    __asm__ volatile("fcvt.d.l %0, %1, rup" : "=f"(rup) : "r"(big));
    float su;
    __asm__ volatile("fcvt.s.lu %0, %1, rup" : "=f"(su) : "r"(UINT64_MAX));
    printf("fcvt.d.l 2^62+1: rne=%a rtz=%a rup=%a flags=%s; fcvt.s.lu max rup=%a\n", rne, rtz, rup,
           flag_text(read_and_clear_fflags()), (double)su);
    double wneg;
    __asm__ volatile("fcvt.d.wu %0, %1" : "=f"(wneg) : "r"(-1L)); /* uses the low 32 bits only */
    printf("fcvt.d.wu of -1 = %.17g\n", wneg);

    /* fmin/fmax: NaN operands and signed zeros. */
    double snan = from_bits(0x7FF4000000000001ull), qnan = NAN;
    double pairs[][2] = {{1, 2}, {-0.0, 0.0}, {0.0, -0.0}, {qnan, 1}, {1, qnan}, {qnan, qnan}, {snan, 1}, {snan, qnan}};
    for (int i = 0; i < 8; i++) {
        double a = pairs[i][0], b = pairs[i][1], mn, mx;
        read_and_clear_fflags();
        __asm__ volatile("fmin.d %0, %1, %2" : "=f"(mn) : "f"(a), "f"(b));
        __asm__ volatile("fmax.d %0, %1, %2" : "=f"(mx) : "f"(a), "f"(b));
        printf("fmin/fmax(%016llx, %016llx) = %016llx %016llx flags=%s\n", (unsigned long long)dbits(a),
               (unsigned long long)dbits(b), (unsigned long long)dbits(mn), (unsigned long long)dbits(mx),
               flag_text(read_and_clear_fflags()));
    }

    /* Comparisons: feq is quiet on qNaN, flt/fle signal on any NaN, all signal on sNaN. */
    double cmp_in[][2] = {{1, 1}, {1, 2}, {-0.0, 0.0}, {qnan, 1}, {snan, 1}};
    for (int i = 0; i < 5; i++) {
        long eq, lt, le;
        double a = cmp_in[i][0], b = cmp_in[i][1];
        read_and_clear_fflags();
        __asm__ volatile("feq.d %0, %1, %2" : "=r"(eq) : "f"(a), "f"(b));
        unsigned feq_flags = read_and_clear_fflags();
        __asm__ volatile("flt.d %0, %1, %2" : "=r"(lt) : "f"(a), "f"(b));
        __asm__ volatile("fle.d %0, %1, %2" : "=r"(le) : "f"(a), "f"(b));
        printf("compare %g,%g: feq=%ld(%s) flt=%ld fle=%ld (%s)\n", a, b, eq, flag_text(feq_flags), lt, le,
               flag_text(read_and_clear_fflags()));
    }

    /* fclass over every class. */
    double classes[] = {-INFINITY, -1.0, -DBL_TRUE_MIN, -0.0, 0.0, DBL_TRUE_MIN, 1.0, INFINITY, snan, qnan};
    printf("fclass.d:");
    for (int i = 0; i < 10; i++) {
        long c;
        __asm__ volatile("fclass.d %0, %1" : "=r"(c) : "f"(classes[i]));
        printf(" %lx", c);
    }
    printf("\nfclass.s:");
    for (int i = 0; i < 10; i++) {
        long c;
        float f = (float)classes[i];
        if (i == 8) f = from_fbits(0x7FA00000u); /* signaling NaN in single */
        __asm__ volatile("fclass.s %0, %1" : "=r"(c) : "f"(f));
        printf(" %lx", c);
    }
    printf("\n");
    read_and_clear_fflags();

    /* Sign injection. */
    double sj, sjn, sjx;
    __asm__ volatile("fsgnj.d %0, %1, %2" : "=f"(sj) : "f"(3.0), "f"(-0.0));
    __asm__ volatile("fsgnjn.d %0, %1, %2" : "=f"(sjn) : "f"(3.0), "f"(-0.0));
    __asm__ volatile("fsgnjx.d %0, %1, %2" : "=f"(sjx) : "f"(-3.0), "f"(-1.0));
    printf("fsgnj=%g fsgnjn=%g fsgnjx=%g\n", sj, sjn, sjx);

    /* NaN-boxing: a single value lives in the low half with all upper bits set. */
    float one = 1.0f;
    uint64_t raw;
    __asm__ volatile("fmv.x.d %0, %1" : "=r"(raw) : "f"(one));
    printf("1.0f as 64-bit register: %016llx\n", (unsigned long long)raw);
    /* An improperly boxed single is treated as the canonical NaN. */
    uint64_t unboxed = 0x000000003F800000ull;
    float result;
    __asm__ volatile("fmv.d.x ft0, %1\n\tfadd.s %0, ft0, ft0" : "=f"(result) : "r"(unboxed) : "ft0");
    printf("fadd.s of an unboxed value -> %08x\n", fbits(result));
    uint64_t mvx;
    __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.x.w %0, ft0" : "=r"(mvx) : "r"(0x80000000FFFFFFFFull) : "ft0");
    printf("fmv.w.x/fmv.x.w sign-extends bit 31: %016llx\n", (unsigned long long)mvx);

    /* Canonical NaN results. */
    double nres;
    float fres;
    __asm__ volatile("fadd.d %0, %1, %2" : "=f"(nres) : "f"(snan), "f"(1.0));
    __asm__ volatile("fmul.s %0, %1, %2" : "=f"(fres) : "f"(from_fbits(0xFFC12345u)), "f"(2.0f));
    printf("sNaN+1 = %016llx (%s)  fmul.s of negative payload NaN = %08x\n", (unsigned long long)dbits(nres),
           flag_text(read_and_clear_fflags()), fbits(fres));
    __asm__ volatile("fsqrt.d %0, %1" : "=f"(nres) : "f"(-4.0));
    printf("fsqrt.d(-4) = %016llx (%s)\n", (unsigned long long)dbits(nres), flag_text(read_and_clear_fflags()));
    __asm__ volatile("fcvt.s.d %0, %1" : "=f"(fres) : "f"(snan));
    printf("fcvt.s.d(sNaN) = %08x (%s)\n", fbits(fres), flag_text(read_and_clear_fflags()));

    /* Fused multiply-add family: one rounding. */
    double a = 1.0 + DBL_EPSILON, b = 1.0 - DBL_EPSILON, c = -1.0, r1, r2, r3, r4;
    __asm__ volatile("fmadd.d %0, %1, %2, %3" : "=f"(r1) : "f"(a), "f"(b), "f"(c));
    __asm__ volatile("fmsub.d %0, %1, %2, %3" : "=f"(r2) : "f"(a), "f"(b), "f"(c));
    __asm__ volatile("fnmadd.d %0, %1, %2, %3" : "=f"(r3) : "f"(a), "f"(b), "f"(c));
    __asm__ volatile("fnmsub.d %0, %1, %2, %3" : "=f"(r4) : "f"(a), "f"(b), "f"(c));
    printf("fmadd=%a fmsub=%a fnmadd=%a fnmsub=%a (%s)\n", r1, r2, r3, r4, flag_text(read_and_clear_fflags()));
    double inf_zero, dinf = (double)INFINITY;
    __asm__ volatile("fmadd.d %0, %1, %2, %3" : "=f"(inf_zero) : "f"(dinf), "f"(0.0), "f"(qnan));
    printf("fmadd(inf, 0, qNaN) = %016llx (%s)\n", (unsigned long long)dbits(inf_zero), flag_text(read_and_clear_fflags()));
    float fa = 1.0f + FLT_EPSILON, fr;
    __asm__ volatile("fmadd.s %0, %1, %1, %2" : "=f"(fr) : "f"(fa), "f"(-1.0f));
    printf("fmadd.s=%a\n", (double)fr);

    /* Subnormal arithmetic and division rounding with static modes. */
    double q_rdn, q_rup;
    __asm__ volatile("fdiv.d %0, %1, %2, rdn" : "=f"(q_rdn) : "f"(1.0), "f"(3.0));
    __asm__ volatile("fdiv.d %0, %1, %2, rup" : "=f"(q_rup) : "f"(1.0), "f"(3.0));
    double sub;
    __asm__ volatile("fmul.d %0, %1, %2" : "=f"(sub) : "f"(DBL_MIN), "f"(0.75));
    printf("1/3 rdn=%a rup=%a  DBL_MIN*0.75=%a (%s)\n", q_rdn, q_rup, sub, flag_text(read_and_clear_fflags()));
    /* fcsr layout: frm in bits 7:5, fflags in 4:0. */
    unsigned long old_csr, csr;
    __asm__ volatile("csrr %0, fcsr" : "=r"(old_csr));
    __asm__ volatile("csrw fcsr, %0" : : "r"(0x7Ful)); /* frm=3 (rup), all flags */
    __asm__ volatile("csrr %0, fcsr" : "=r"(csr));
    unsigned long frm, fflags;
    __asm__ volatile("frrm %0" : "=r"(frm));
    __asm__ volatile("frflags %0" : "=r"(fflags));
    __asm__ volatile("csrw fcsr, %0" : : "r"(old_csr));
    printf("fcsr=%lx frm=%lu fflags=%lx\n", csr, frm, fflags);
    return 0;
}
