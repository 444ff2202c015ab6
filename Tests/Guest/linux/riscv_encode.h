/* RISC-V instruction encoders for the guest programs that generate code at run time (jit_heap,
 * jit_same_page, code_churn, exec_data). The RISC-V Instruction Set Manual, Volume I, chapter 2.3
 * (base formats R/I/S/B/U/J) and chapter 16 (compressed formats). Register numbers as x0..x31. */
#ifndef RISCV_ENCODE_H
#define RISCV_ENCODE_H
#include <stdint.h>

enum { ZERO = 0, RA = 1, T0 = 5, T1 = 6, T2 = 7, A0 = 10, A1 = 11 };

static inline uint32_t rtype(int f7, int rs2, int rs1, int f3, int rd, int op) {
    return (uint32_t)f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
static inline uint32_t itype(int imm, int rs1, int f3, int rd, int op) {
    return (uint32_t)(imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
static inline uint32_t stype(int imm, int rs2, int rs1, int f3) {
    return (uint32_t)((imm >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 0x1f) << 7 | 0x23;
}
static inline uint32_t btype(int off, int rs2, int rs1, int f3) {
    uint32_t o = (uint32_t)off;
    return ((o >> 12) & 1) << 31 | ((o >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
           ((o >> 1) & 0xf) << 8 | ((o >> 11) & 1) << 7 | 0x63;
}
static inline uint32_t jal(int rd, int off) {
    uint32_t o = (uint32_t)off;
    return ((o >> 20) & 1) << 31 | ((o >> 1) & 0x3ff) << 21 | ((o >> 11) & 1) << 20 |
           ((o >> 12) & 0xff) << 12 | rd << 7 | 0x6f;
}
static inline uint32_t lui(int rd, uint32_t imm) { return (imm & 0xfffff000u) | rd << 7 | 0x37; }
static inline uint32_t auipc(int rd, uint32_t imm) { return (imm & 0xfffff000u) | rd << 7 | 0x17; }
static inline uint32_t addi(int rd, int rs1, int imm) { return itype(imm, rs1, 0, rd, 0x13); }
static inline uint32_t addiw(int rd, int rs1, int imm) { return itype(imm, rs1, 0, rd, 0x1b); }
static inline uint32_t andi(int rd, int rs1, int imm) { return itype(imm, rs1, 7, rd, 0x13); }
static inline uint32_t srli(int rd, int rs1, int sh) { return itype(sh, rs1, 5, rd, 0x13); }
static inline uint32_t ld(int rd, int rs1, int imm) { return itype(imm, rs1, 3, rd, 0x03); }
static inline uint32_t sd(int rs2, int rs1, int imm) { return stype(imm, rs2, rs1, 3); }
static inline uint32_t add(int rd, int rs1, int rs2) { return rtype(0, rs2, rs1, 0, rd, 0x33); }
static inline uint32_t sub(int rd, int rs1, int rs2) { return rtype(0x20, rs2, rs1, 0, rd, 0x33); }
static inline uint32_t xor_(int rd, int rs1, int rs2) { return rtype(0, rs2, rs1, 4, rd, 0x33); }
static inline uint32_t mul(int rd, int rs1, int rs2) { return rtype(1, rs2, rs1, 0, rd, 0x33); }
static inline uint32_t beq(int rs1, int rs2, int off) { return btype(off, rs2, rs1, 0); }
static inline uint32_t ret_(void) { return itype(0, RA, 0, ZERO, 0x67); } /* jalr x0, 0(ra) */
static inline uint16_t c_li(int rd, int imm) { return 0x4001 | ((imm >> 5) & 1) << 12 | rd << 7 | (imm & 0x1f) << 2; }
static inline uint16_t c_addi(int rd, int imm) { return 0x0001 | ((imm >> 5) & 1) << 12 | rd << 7 | (imm & 0x1f) << 2; }
static inline uint16_t c_add(int rd, int rs2) { return 0x9002 | rd << 7 | rs2 << 2; }
static inline uint16_t c_slli(int rd, int sh) { return 0x0002 | ((sh >> 5) & 1) << 12 | rd << 7 | (sh & 0x1f) << 2; }
static inline uint16_t c_jr(int rs1) { return 0x8002 | rs1 << 7; }
static inline uint16_t c_bnez(int rs1, int off) { /* rs1 in x8..x15 */
    uint32_t o = (uint32_t)off;
    return 0xe001 | ((o >> 8) & 1) << 12 | ((o >> 3) & 3) << 10 | (rs1 - 8) << 7 |
           ((o >> 6) & 3) << 5 | ((o >> 1) & 3) << 3 | ((o >> 5) & 1) << 2;
}

#endif
