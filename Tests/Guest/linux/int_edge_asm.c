/* Guest test: architectural results of integer instructions at their edges.
 * Reference: RISC-V Unprivileged ISA, chapter "M" extension (Table: semantics for division
 * by zero and division overflow: x/0 = -1 (all ones), x%0 = x, MIN/-1 = MIN, MIN%-1 = 0),
 * chapter "RV64I" (W-suffixed ops sign-extend 32-bit results; shift amounts use the low
 * 6 or 5 bits). Division by zero is undefined in C, so every operation is inline assembly. */
#include <stdio.h>
#include <stdint.h>

#define R_TYPE(name, insn)                                                   \
    static int64_t name(int64_t a, int64_t b) {                              \
        int64_t r;                                                           \
        __asm__ volatile(insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));     \
        return r;                                                            \
    }

R_TYPE(op_div, "div")
R_TYPE(op_divu, "divu")
R_TYPE(op_rem, "rem")
R_TYPE(op_remu, "remu")
R_TYPE(op_divw, "divw")
R_TYPE(op_divuw, "divuw")
R_TYPE(op_remw, "remw")
R_TYPE(op_remuw, "remuw")
R_TYPE(op_mul, "mul")
R_TYPE(op_mulw, "mulw")
R_TYPE(op_mulh, "mulh")
R_TYPE(op_mulhsu, "mulhsu")
R_TYPE(op_mulhu, "mulhu")
R_TYPE(op_addw, "addw")
R_TYPE(op_subw, "subw")
R_TYPE(op_sll, "sll")
R_TYPE(op_srl, "srl")
R_TYPE(op_sra, "sra")
R_TYPE(op_sllw, "sllw")
R_TYPE(op_srlw, "srlw")
R_TYPE(op_sraw, "sraw")
R_TYPE(op_slt, "slt")
R_TYPE(op_sltu, "sltu")

struct op {
    const char *name;
    int64_t (*fn)(int64_t, int64_t);
};

static const struct op ops[] = {
    {"div", op_div},     {"divu", op_divu},     {"rem", op_rem},     {"remu", op_remu},   {"divw", op_divw},
    {"divuw", op_divuw}, {"remw", op_remw},     {"remuw", op_remuw}, {"mul", op_mul},     {"mulw", op_mulw},
    {"mulh", op_mulh},   {"mulhsu", op_mulhsu}, {"mulhu", op_mulhu}, {"addw", op_addw},   {"subw", op_subw},
    {"slt", op_slt},     {"sltu", op_sltu},
};

static const int64_t operands[] = {
    0, 1, -1, 2, -2, 7, -7, INT64_MIN, INT64_MAX, INT32_MIN, INT32_MAX, (int64_t)0xFFFFFFFFll,
    (int64_t)0x80000000ll, (int64_t)0x123456789ABCDEF0ll, (int64_t)0xFFFFFFFF80000000ull, 3,
};

int main(void) {
    size_t nops = sizeof ops / sizeof ops[0];
    size_t nvals = sizeof operands / sizeof operands[0];
    uint64_t hash = 1469598103934665603ull;
    /* Spot checks with names, the famous edge cases first. */
    printf("div  MIN/-1 = %llx\n", (unsigned long long)op_div(INT64_MIN, -1));
    printf("rem  MIN%%-1 = %lld\n", (long long)op_rem(INT64_MIN, -1));
    printf("div  7/0 = %lld   divu 7/0 = %llx\n", (long long)op_div(7, 0), (unsigned long long)op_divu(7, 0));
    printf("rem  7%%0 = %lld  remu -7%%0 = %lld\n", (long long)op_rem(7, 0), (long long)op_remu(-7, 0));
    printf("divw MIN32/-1 = %lld remw MIN32%%-1 = %lld\n", (long long)op_divw(INT32_MIN, -1),
           (long long)op_remw(INT32_MIN, -1));
    printf("divw 7/0 = %lld divuw 7/0 = %lld remuw 0x80000007%%0 = %lld\n", (long long)op_divw(7, 0),
           (long long)op_divuw(7, 0), (long long)op_remuw(0x80000007ll, 0));
    printf("div -7/2 = %lld rem -7%%2 = %lld (truncating)\n", (long long)op_div(-7, 2), (long long)op_rem(-7, 2));
    printf("mulh MIN*MIN = %llx mulhu MAXU*MAXU = %llx mulhsu -1*MAXU = %llx\n",
           (unsigned long long)op_mulh(INT64_MIN, INT64_MIN), (unsigned long long)op_mulhu(-1, -1),
           (unsigned long long)op_mulhsu(-1, -1));
    printf("mulw 0x10000*0x10000 = %lld addw MAX32+1 = %lld subw MIN32-1 = %lld\n",
           (long long)op_mulw(0x10000, 0x10000), (long long)op_addw(INT32_MAX, 1), (long long)op_subw(INT32_MIN, 1));
    printf("sll 1<<64 (uses low 6 bits) = %lld  sll 1<<63 = %llx  srl -1>>65 = %llx  sra MIN>>63 = %lld\n",
           (long long)op_sll(1, 64), (unsigned long long)op_sll(1, 63), (unsigned long long)op_srl(-1, 65),
           (long long)op_sra(INT64_MIN, 63));
    printf("sllw 1<<31 = %lld  sllw 1<<32 = %lld  srlw -1>>0 = %lld  srlw -1>>1 = %lld  sraw 0x80000000>>4 = %lld\n",
           (long long)op_sllw(1, 31), (long long)op_sllw(1, 32), (long long)op_srlw(-1, 0), (long long)op_srlw(-1, 1),
           (long long)op_sraw(0x80000000ll, 4));

    /* Full cross product, one line per operation, plus a hash of every result. */
    for (size_t o = 0; o < nops; o++) {
        uint64_t line_hash = 0;
        for (size_t i = 0; i < nvals; i++)
            for (size_t j = 0; j < nvals; j++) {
                uint64_t r = (uint64_t)ops[o].fn(operands[i], operands[j]);
                line_hash = line_hash * 1099511628211ull ^ r;
                hash = (hash ^ r) * 1099511628211ull;
            }
        printf("%-7s", ops[o].name);
        for (size_t i = 0; i < 8; i++) printf(" %llx", (unsigned long long)ops[o].fn(operands[i], operands[(i * 5 + 3) % nvals]));
        printf(" hash=%016llx\n", (unsigned long long)line_hash);
    }
    /* Shifts over every amount 0..127 (only the low bits count). */
    uint64_t shift_hash = 0;
    for (int64_t s = 0; s < 128; s++) {
        int64_t v = (int64_t)0x8123456789ABCDEFull;
        shift_hash = shift_hash * 31 + (uint64_t)op_sll(v, s);
        shift_hash = shift_hash * 31 + (uint64_t)op_srl(v, s);
        shift_hash = shift_hash * 31 + (uint64_t)op_sra(v, s);
        shift_hash = shift_hash * 31 + (uint64_t)op_sllw(v, s);
        shift_hash = shift_hash * 31 + (uint64_t)op_srlw(v, s);
        shift_hash = shift_hash * 31 + (uint64_t)op_sraw(v, s);
    }
    printf("shift hash=%016llx\n", (unsigned long long)shift_hash);
    /* Immediate forms. */
    int64_t r1, r2, r3, r4, r5, r6;
    int64_t x = (int64_t)0xFFFFFFFF7FFFFFFFull;
    __asm__ volatile("addiw %0, %1, 1" : "=r"(r1) : "r"(x));
    __asm__ volatile("slliw %0, %1, 31" : "=r"(r2) : "r"(x));
    __asm__ volatile("sraiw %0, %1, 31" : "=r"(r3) : "r"(x));
    __asm__ volatile("srliw %0, %1, 0" : "=r"(r4) : "r"(x));
    __asm__ volatile("sltiu %0, %1, -1" : "=r"(r5) : "r"(x));
    __asm__ volatile("xori %0, %1, -1" : "=r"(r6) : "r"(x));
    printf("addiw=%lld slliw=%lld sraiw=%lld srliw0=%lld sltiu=%lld xori=%llx\n", (long long)r1, (long long)r2,
           (long long)r3, (long long)r4, (long long)r5, (unsigned long long)r6);
    int64_t lui_val, auipc_diff;
    __asm__ volatile("lui %0, 0x80000" : "=r"(lui_val));
    __asm__ volatile("1: auipc %0, 0\n\tla t0, 1b\n\tsub %0, %0, t0" : "=r"(auipc_diff) : : "t0");
    printf("lui 0x80000 = %lld (sign-extended) auipc-la = %lld\n", (long long)lui_val, (long long)auipc_diff);
    printf("total hash=%016llx\n", (unsigned long long)hash);
    return (int)(hash & 0x7F);
}
