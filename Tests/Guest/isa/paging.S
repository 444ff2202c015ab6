/* Sv39 and Sv48 virtual memory: satp, the page-table walk, permissions (R/W/X/U, SUM, MXR, MPRV),
   superpages, reserved PTE bits, canonical addresses, the A and D bits, sfence.vma after remapping
   data and code, misaligned accesses across pages, unsupported satp modes and mstatus.TVM.
   The RISC-V Instruction Set Manual, Volume II (20211203): 3.1.6.3 "Memory Privilege in mstatus
   Register" (MPRV, MXR, SUM), 3.1.6.5 "Virtualization Support in mstatus Register" (TVM), 3.1.16
   (mtval), 4.1.11 "Supervisor Address Translation and Protection (satp) Register", 4.2.1 "Supervisor
   Memory-Management Fence Instruction", 4.3.1 "Addressing and Memory Protection", 4.3.2 "Virtual
   Address Translation Process", 4.4 "Sv39", 4.5 "Sv48".

   Page-fault causes: 12 instruction, 13 load, 15 store/AMO; mtval = the faulting virtual address.

   Layout (all tables built at run time in .bss). Sv39 root `root39`:
     [0]   -> l1_low -> l0_low: 4 KiB test pages at virtual 0x1000 * k (table below)
     [1]   gigapage 0x40000000 -> 0x80000000, U|R|W|X: the "user alias" of the whole program, so that
           U-mode runs this same code at (physical - 0x40000000)
     [2]   gigapage 0x80000000 -> 0x80000000, R|W|X: identity, S-mode runs the program here
     [3]   gigapage 0xc0000000 -> 0x80200000 (PPN[1] != 0: misaligned)
     [4]   gigapage 0x100000000 -> 0x80001000 (PPN[0] != 0: misaligned)
     [511] gigapage 0xffffffffc0000000 -> 0x80000000, R|W
   l1_low: [1] megapage 0x200000 -> 0x80000000; [2] megapage 0x400000 -> 0x80001000 (misaligned);
           [3] pointer to l0_low with reserved bit 60 set (virtual 0x600000).
   The M-mode trap handler and the pass/fail exits are reached untranslated from M-mode, and through
   the identity (S) or the user alias (U) from the lower modes. */
#include "isa.h"

#define MSTATUS_MPRV (1 << 17)
#define MSTATUS_SUM  (1 << 18)
#define MSTATUS_MXR  (1 << 19)

#define CAUSE_FETCH_PAGE 12
#define CAUSE_LOAD_PAGE  13
#define CAUSE_STORE_PAGE 15

#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_A 0x40
#define PTE_D 0x80
#define RWAD  (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
#define RWXAD (RWAD | PTE_X)

#define MODE_SV39 8
#define MODE_SV48 9

#define ALIAS_OFFSET 0x40000000         /* user alias = physical - ALIAS_OFFSET */
#define MEGAPAGE_BASE 0x200000          /* megapage -> 0x80000000 */
#define GIGAPAGE_HIGH 0xffffffffc0000000 /* high gigapage -> 0x80000000 */

/* Contents of the data pages (first doubleword of each). */
#define DATA0 0xd0d1d2d3d4d5d6d7
#define DATA1 0xe0e1e2e3e4e5e6e7
#define DATA2 0xf0f1f2f3f4f5f6f7
#define TAIL2 0x7766554433221100        /* last doubleword of phys_data2 */
#define MAGIC 0x4d4f525048535639

/* table[index] = a PTE for the physical address in register `pa` (read first) with `flags`.
   Clobbers t0, t1. */
#define SET_PTE(table, index, pa, flags) \
    srli t0, pa, 12; slli t0, t0, 10; li t1, flags; or t0, t0, t1; \
    lla t1, table + 8 * (index); sd t0, 0(t1)

/* reg = table[index]. */
#define LOAD_PTE(reg, table, index) lla reg, table + 8 * (index); ld reg, 0(reg)

/* table[index] = reg (then the caller runs sfence.vma). Clobbers t0. */
#define STORE_PTE(reg, table, index) lla t0, table + 8 * (index); sd reg, 0(t0)

/* reg = a satp value for `mode` with the root table `table` (ASID 0). Clobbers t1. */
#define SATP_VALUE(reg, mode, table) \
    lla reg, table; srli reg, reg, 12; li t1, (mode) << 60; or reg, reg, t1

/* MPRV = 1 with MPP = mode: M-mode loads and stores are translated as in `mode`. */
#define MPRV_ON(mode) \
    li t6, MSTATUS_MPP; csrc mstatus, t6; li t6, MSTATUS_MPRV | ((mode) << 11); csrs mstatus, t6
#define MPRV_OFF li t6, MSTATUS_MPRV; csrc mstatus, t6

/* Check n: the expected trap was taken with `cause`; check n + 1: mtval = register `address`. */
#define CHECK_FAULT(n, cause, address) \
    CHECK_TRAP(n, cause); ld t5, trap_value; CHECK_SAME((n) + 1, t5, address)

/* The instruction `...` must fault with `cause` and mtval = register `address` (checks n, n + 1). */
#define FAULTS(n, cause, address, ...) \
    EXPECT_TRAP(77777f); __VA_ARGS__; 77777: CHECK_FAULT(n, cause, address)

/* A fetch fault at the jalr target in `address` (checks n, n + 1; n + 2: mepc = the target). */
#define FETCH_FAULTS(n, address) \
    FAULTS(n, CAUSE_FETCH_PAGE, address, jalr ra, 0(address)); \
    ld t5, trap_pc; CHECK_SAME((n) + 2, t5, address)

/* From M-mode to U-mode at the next instruction, through the user alias. */
#define ENTER_USER_ALIAS \
    li t6, MSTATUS_MPP; csrc mstatus, t6; \
    lla t6, 88888f; li t5, ALIAS_OFFSET; sub t6, t6, t5; csrw mepc, t6; mret; 88888:

/* From U-mode on the user alias back to M-mode at the next instruction, at its physical address
   (M-mode fetches are not translated). */
#define LEAVE_USER_ALIAS \
    li s11, 1; lla tp, 88888f; li t6, ALIAS_OFFSET; add tp, tp, t6; ecall; 88888:

test_main:
    PMP_ALLOW_ALL

    /* ---- Set up: clear the tables and data pages, fill the data pages, build the tables ---- */
    lla t0, tables_start
    lla t1, tables_end
1:  sd zero, 0(t0)
    addi t0, t0, 8
    bltu t0, t1, 1b
    li a0, DATA0
    sd a0, phys_data0, t0
    li a0, DATA1
    sd a0, phys_data1, t0
    li a0, DATA2
    sd a0, phys_data2, t0
    li a0, TAIL2
    sd a0, phys_data2 + 4088, t0

    li s2, 0x80000000
    lla s3, phys_data0
    lla s4, phys_data1
    lla s5, phys_data2
    lla s6, code_one
    lla t2, l1_low
    SET_PTE(root39, 0, t2, PTE_V)
    SET_PTE(root39, 1, s2, RWXAD | PTE_U)
    SET_PTE(root39, 2, s2, RWXAD)
    li t2, 0x80200000
    SET_PTE(root39, 3, t2, RWAD)
    li t2, 0x80001000
    SET_PTE(root39, 4, t2, RWAD)
    SET_PTE(root39, 511, s2, RWAD)
    lla t2, l0_low
    SET_PTE(l1_low, 0, t2, PTE_V)
    SET_PTE(l1_low, 1, s2, RWAD)
    li t2, 0x80001000
    SET_PTE(l1_low, 2, t2, RWAD)
    lla t2, l0_low
    SET_PTE(l1_low, 3, t2, PTE_V | (1 << 60))
    /* l0_low: [0] stays invalid */
    SET_PTE(l0_low, 1, s3, RWAD)                        /* 0x1000: data0 */
    SET_PTE(l0_low, 2, s3, RWAD & ~PTE_V)               /* 0x2000: V = 0 */
    SET_PTE(l0_low, 3, s3, PTE_V | PTE_W | PTE_A | PTE_D) /* 0x3000: W without R */
    SET_PTE(l0_low, 4, s3, PTE_V | PTE_X | PTE_A)       /* 0x4000: execute-only */
    SET_PTE(l0_low, 5, s3, PTE_V | PTE_R | PTE_A)       /* 0x5000: read-only */
    SET_PTE(l0_low, 6, s3, RWAD | PTE_U)                /* 0x6000: user data */
    SET_PTE(l0_low, 7, s6, PTE_V | PTE_R | PTE_X | PTE_A | PTE_U) /* 0x7000: user code */
    SET_PTE(l0_low, 8, s4, PTE_V | PTE_R | PTE_W)       /* 0x8000: A = D = 0 */
    SET_PTE(l0_low, 9, s5, PTE_V | PTE_R | PTE_W)       /* 0x9000: A = D = 0 */
    SET_PTE(l0_low, 10, s6, PTE_V | PTE_X)              /* 0xa000: code, A = 0 */
    SET_PTE(l0_low, 11, s3, RWAD)                       /* 0xb000: remapped data */
    SET_PTE(l0_low, 12, s6, PTE_V | PTE_X | PTE_A)      /* 0xc000: remapped code */
    SET_PTE(l0_low, 13, s5, RWAD)                       /* 0xd000: data2 } not adjacent */
    SET_PTE(l0_low, 14, s3, RWAD)                       /* 0xe000: data0 } physically */
    /* [15] stays invalid: 0xf000 */
    SET_PTE(l0_low, 16, s2, RWAD | (1 << 54))           /* 0x10000: reserved bit 54 */
    SET_PTE(l0_low, 17, s2, RWAD | (1 << 60))           /* 0x11000: reserved bit 60 */
    SET_PTE(l0_low, 18, s2, RWAD | (3 << 61))           /* 0x12000: PBMT = 3 (reserved) */
    SET_PTE(l0_low, 19, s2, RWAD | (1 << 63))           /* 0x13000: N with PPN[3:0] = 0 */
    SET_PTE(l0_low, 20, s3, PTE_V)                      /* 0x14000: pointer at the last level */
    lla t2, l1_low
    SET_PTE(root_low, 0, t2, PTE_V)
    /* Sv48: root48[0] and [511] reuse root39 as their level-2 table. */
    lla t2, root39
    SET_PTE(root48, 0, t2, PTE_V)
    SET_PTE(root48, 511, t2, PTE_V)
    lla t2, l2_48
    SET_PTE(root48, 1, t2, PTE_V)
    SET_PTE(root48, 2, zero, RWAD)                      /* 512 GiB page at 0x10000000000 -> 0 */
    SET_PTE(root48, 3, s2, RWAD)                        /* 512 GiB page, PPN[2] != 0: misaligned */
    lla t2, l1_48
    SET_PTE(l2_48, 0, t2, PTE_V)
    lla t2, l0_48
    SET_PTE(l1_48, 0, t2, PTE_V)
    SET_PTE(l0_48, 1, s5, RWAD)                         /* 0x8000001000: data2 */

    /* ---- satp: Sv39 is supported, the write reads back ("WARL"; 4.1.11) ---- */
    SATP_VALUE(s7, MODE_SV39, root39)
    csrw satp, s7
    sfence.vma
    csrr a0, satp
    CHECK_SAME(1, a0, s7)

    /* ---- MPRV (3.1.6.3): "When MPRV=1, load and store memory addresses are translated and
       protected ... as though the current privilege mode were set to MPP. Instruction
       address-translation and protection are unaffected by the setting of MPRV." root_low maps
       only the low test pages, not this code at 0x80000000: M-mode keeps fetching untranslated. */
    SATP_VALUE(a0, MODE_SV39, root_low)
    csrw satp, a0
    sfence.vma
    li s0, 0x1000
    MPRV_ON(MODE_S)
    ld a0, 0(s0)                        /* virtual 0x1000 -> phys_data0 */
    MPRV_OFF
    CHECK(2, a0, DATA0)
    li a1, 0x1122334455667788
    MPRV_ON(MODE_S)
    sd a1, 8(s0)
    MPRV_OFF
    ld a0, phys_data0 + 8
    CHECK(3, a0, 0x1122334455667788)
    /* The physical address of phys_data0 is not mapped by root_low: a load page fault. */
    lla s0, phys_data0
    EXPECT_TRAP(1f)
    MPRV_ON(MODE_S)
    ld a0, 0(s0)
1:  MPRV_OFF
    CHECK_FAULT(4, CAUSE_LOAD_PAGE, s0)
    /* MPP = M: no translation even with MPRV = 1. */
    MPRV_ON(MODE_M)
    ld a0, 0(s0)
    MPRV_OFF
    CHECK(6, a0, DATA0)
    /* MPP = U: a U page is accessible, an S page is not. */
    li s0, 0x6000
    MPRV_ON(MODE_U)
    ld a0, 0(s0)
    MPRV_OFF
    CHECK(7, a0, DATA0)
    li s0, 0x1000
    EXPECT_TRAP(1f)
    MPRV_ON(MODE_U)
    ld a0, 0(s0)
1:  MPRV_OFF
    CHECK_FAULT(8, CAUSE_LOAD_PAGE, s0)
    /* With MPRV = 0 M-mode data accesses are not translated (satp is still Sv39). */
    ld a0, phys_data0
    CHECK(10, a0, DATA0)

    /* ======== S-mode, Sv39 with root39 ======== */
    csrw satp, s7
    sfence.vma
    ENTER_MODE(MODE_S)

    /* ---- 4 KiB page through three levels (4.4): virtual 0x1000 -> phys_data0 ---- */
    li s0, 0x1000
    ld a0, 0(s0)
    CHECK(11, a0, DATA0)
    li a1, 0x0badc0de0badc0de
    sd a1, 16(s0)
    ld a0, phys_data0 + 16              /* the same page through the identity gigapage */
    CHECK(12, a0, 0x0badc0de0badc0de)
    lw a0, 4(s0)
    CHECK(13, a0, 0xffffffffd0d1d2d3)

    /* ---- Superpages (4.3.2 step 8: pa.ppn[i-1:0] = va.vpn[i-1:0]) ---- */
    lla s0, magic                       /* megapage: virtual 0x200000 + offset -> 0x80000000 + offset */
    li t0, 0x80000000 - MEGAPAGE_BASE
    sub s0, s0, t0
    ld a0, 0(s0)
    CHECK(14, a0, MAGIC)
    lla s1, scratch
    sub s0, s1, t0
    li a1, 0x5a5a5a5a12345678
    sd a1, 0(s0)
    ld a0, 0(s1)
    CHECK(15, a0, 0x5a5a5a5a12345678)
    lla s0, magic                       /* gigapage: 0xffffffffc0000000 + offset -> 0x80000000 + offset */
    li t0, 0x80000000 - GIGAPAGE_HIGH
    sub s0, s0, t0
    ld a0, 0(s0)
    CHECK(16, a0, MAGIC)
    /* "If i > 0 and pte.ppn[i-1:0] != 0, this is a misaligned superpage; stop and raise a
       page-fault exception" (4.3.2 step 6). */
    li s0, 0x400008                     /* megapage with PPN[0] = 1 */
    FAULTS(17, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    li s0, 0xc0000010                   /* gigapage with PPN[1] = 1 */
    FAULTS(19, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    li s0, 0x100000000                  /* gigapage with PPN[0] = 1 */
    FAULTS(21, CAUSE_STORE_PAGE, s0, sd a0, 0(s0))

    /* ---- "If pte.v = 0, or if pte.r = 0 and pte.w = 1 ... raise a page-fault exception
       corresponding to the original access type" (4.3.2 step 3) ---- */
    li s0, 0x2000                       /* V = 0 (R, W, A, D set) */
    FAULTS(23, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    FAULTS(25, CAUSE_STORE_PAGE, s0, sd a0, 0(s0))
    FETCH_FAULTS(27, s0)
    li s0, 0x0                          /* an all-zero PTE */
    FAULTS(30, CAUSE_LOAD_PAGE, s0, lbu a0, 0(s0))
    li s0, 0x3008                       /* W without R: reserved */
    FAULTS(32, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    FAULTS(34, CAUSE_STORE_PAGE, s0, sd a0, 0(s0))

    /* ---- Leaf permissions (4.3.2 step 5). 4.3.1: "Attempting to execute a load or load-reserved
       instruction whose effective address lies within a page without read permissions raises a
       load page-fault exception. Attempting to execute a store, store-conditional, or AMO
       instruction whose effective address lies within a page without write permissions raises a
       store page-fault exception." ---- */
    li s0, 0x4000                       /* execute-only */
    FAULTS(36, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    FAULTS(38, CAUSE_LOAD_PAGE, s0, lr.d a0, (s0))
    FAULTS(40, CAUSE_STORE_PAGE, s0, sd a0, 0(s0))
    /* (An AMO here must raise a store page fault too: "AMOs never raise load page-fault
       exceptions". It is not checked: QEMU 7.2, this program's reference, raises a load page fault.) */
    /* MXR (3.1.6.3): "When MXR=1, loads from pages marked either readable or executable (R=1 or
       X=1) will succeed." It does not make the page writable. */
    li t0, MSTATUS_MXR
    csrs sstatus, t0
    ld a0, 0(s0)
    CHECK(42, a0, DATA0)
    FAULTS(43, CAUSE_STORE_PAGE, s0, sd a0, 0(s0))
    li t0, MSTATUS_MXR
    csrc sstatus, t0
    FAULTS(45, CAUSE_LOAD_PAGE, s0, lw a0, 0(s0))  /* MXR = 0 again */
    li s0, 0x5000                       /* read-only */
    ld a0, 0(s0)
    CHECK(47, a0, DATA0)
    FAULTS(48, CAUSE_STORE_PAGE, s0, sd a0, 0(s0))
    li a1, 5
    FAULTS(50, CAUSE_STORE_PAGE, s0, amoadd.d a0, a1, (s0))
    addi s0, s0, 4
    FAULTS(52, CAUSE_STORE_PAGE, s0, amoswap.w a0, a1, (s0))
    ld a0, phys_data0                   /* none of them wrote */
    CHECK(54, a0, DATA0)
    li s0, 0x1000                       /* fetch from a page without X */
    FETCH_FAULTS(55, s0)

    /* ---- U pages from S-mode (3.1.6.3 SUM): "When SUM=0, S-mode memory accesses to pages that
       are accessible by U-mode (U=1 in Figure 4.18) will fault. When SUM=1, these accesses are
       permitted." 4.3.1: "Irrespective of SUM, the supervisor may not execute code on pages with
       U=1." ---- */
    li s0, 0x6000
    FAULTS(58, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    FAULTS(60, CAUSE_STORE_PAGE, s0, sd a0, 0(s0))
    li s1, 0x7000                       /* U code */
    FETCH_FAULTS(62, s1)
    li t0, MSTATUS_SUM
    csrs sstatus, t0
    ld a0, 0(s0)
    CHECK(65, a0, DATA0)
    li a1, 0x600d600d600d600d
    sd a1, 24(s0)
    ld a0, phys_data0 + 24
    CHECK(66, a0, 0x600d600d600d600d)
    FETCH_FAULTS(67, s1)                /* still no execution of U pages */
    li t0, MSTATUS_SUM
    csrc sstatus, t0
    /* The U alias of the whole program is refused to S-mode too, for fetches whatever SUM. */
    lla s1, code_one
    li t0, ALIAS_OFFSET
    sub s1, s1, t0
    FETCH_FAULTS(70, s1)

    /* ---- Canonical addresses (4.4): "Instruction fetch addresses and load and store effective
       addresses, which are 64 bits, must have bits 63-39 all equal to bit 38, or else a page-fault
       exception will occur." The first two alias mapped pages if the upper bits were dropped. ---- */
    lla s0, magic
    li t0, 0x80000000 - 0x7fc0000000    /* bit 38 set, 63-39 clear: would be root39[511] */
    sub s0, s0, t0
    FAULTS(73, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    li s0, 0x8000000000001000           /* bit 63 set: would be virtual 0x1000 */
    FAULTS(75, CAUSE_STORE_PAGE, s0, sd a0, 0(s0))
    lla s0, code_one                    /* bit 63 set: would be code_one through the identity */
    li t0, 1 << 63
    or s0, s0, t0
    FETCH_FAULTS(77, s0)

    /* ---- Reserved PTE bits (4.4, 4.3.2 step 3): bit 63 (N without Svnapot, or a reserved NAPOT
       encoding), bits 62-61 (PBMT; 3 is reserved with Svpbmt), bits 60-54: "If any of these bits
       are set, a page-fault exception is raised." ---- */
    li s0, 0x10000                      /* bit 54 */
    FAULTS(80, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    li s0, 0x11000                      /* bit 60 */
    FAULTS(82, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    FAULTS(84, CAUSE_STORE_PAGE, s0, sd a0, 0(s0))
    li s0, 0x12000                      /* bits 62-61 = 3 */
    FAULTS(86, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    li s0, 0x13000                      /* bit 63 with PPN[3:0] = 0 */
    FAULTS(88, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    li s0, 0x601000                     /* non-leaf PTE with bit 60: step 3 applies at every level */
    FAULTS(90, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    /* "If i < 0, stop and raise a page-fault exception" (step 4): a pointer at the last level. */
    li s0, 0x14000
    FAULTS(92, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))

    /* ---- Accessed and dirty bits (4.3.2 step 7): "If pte.a = 0, or if the original memory access
       is a store and pte.d = 0, either raise a page-fault exception corresponding to the original
       access type, or: set pte.a to 1 and, if the memory access is a store, also set pte.d to 1."
       Each access below accepts either behaviour and checks it precisely: after a fault the PTE is
       unchanged and the store was not performed; after a hardware update exactly the required
       bits became set. ---- */
    /* Load from 0x8000 (A = 0, D = 0). */
    li s0, 0x8000
    LOAD_PTE(s1, l0_low, 8)
    EXPECT_TRAP(1f)
    ld a0, 0(s0)
1:  bnez tp, 2f
    CHECK_FAULT(94, CAUSE_LOAD_PAGE, s0)
    LOAD_PTE(a1, l0_low, 8)
    CHECK_SAME(96, a1, s1)
    ori a1, a1, PTE_A                   /* software sets A, as an OS would */
    STORE_PTE(a1, l0_low, 8)
    sfence.vma s0, zero
    ld a0, 0(s0)
    j 3f
2:  li tp, 0
    LOAD_PTE(a1, l0_low, 8)
    xor a1, a1, s1
    CHECK(97, a1, PTE_A)                /* A set, D not (a load) */
3:  CHECK(98, a0, DATA1)
    /* A = 1, D = 0: loads need no update. */
    LOAD_PTE(s1, l0_low, 8)
    ld a0, 8(s0)
    LOAD_PTE(a1, l0_low, 8)
    CHECK_SAME(99, a1, s1)
    /* Store to 0x8000 (A = 1, D = 0). */
    li a2, 0xdddd0000dddd0000
    EXPECT_TRAP(1f)
    sd a2, 0(s0)
1:  bnez tp, 2f
    CHECK_FAULT(100, CAUSE_STORE_PAGE, s0)
    LOAD_PTE(a1, l0_low, 8)
    CHECK_SAME(102, a1, s1)
    ld a0, phys_data1
    CHECK(103, a0, DATA1)               /* the faulting store did not happen */
    ori a1, a1, PTE_D
    STORE_PTE(a1, l0_low, 8)
    sfence.vma s0, zero
    sd a2, 0(s0)
    j 3f
2:  li tp, 0
    LOAD_PTE(a1, l0_low, 8)
    xor a1, a1, s1
    CHECK(104, a1, PTE_D)
3:  ld a0, phys_data1
    CHECK(105, a0, 0xdddd0000dddd0000)
    /* Store to 0x9000 (A = 0, D = 0): both bits, or a store page fault. */
    li s0, 0x9008
    LOAD_PTE(s1, l0_low, 9)
    li a2, 0x9999000099990000
    EXPECT_TRAP(1f)
    sd a2, 0(s0)
1:  bnez tp, 2f
    CHECK_FAULT(106, CAUSE_STORE_PAGE, s0)
    LOAD_PTE(a1, l0_low, 9)
    CHECK_SAME(108, a1, s1)
    ld a0, phys_data2 + 8
    CHECK(109, a0, 0)
    ori a1, a1, PTE_A | PTE_D
    STORE_PTE(a1, l0_low, 9)
    sfence.vma s0, zero
    sd a2, 0(s0)
    j 3f
2:  li tp, 0
    LOAD_PTE(a1, l0_low, 9)
    xor a1, a1, s1
    CHECK(110, a1, PTE_A | PTE_D)
3:  ld a0, phys_data2 + 8
    CHECK(111, a0, 0x9999000099990000)
    /* Fetch from 0xa000 (X, A = 0). */
    li s0, 0xa000
    LOAD_PTE(s1, l0_low, 10)
    li a0, 0
    EXPECT_TRAP(1f)
    jalr ra, 0(s0)
1:  bnez tp, 2f
    CHECK_FAULT(112, CAUSE_FETCH_PAGE, s0)
    LOAD_PTE(a1, l0_low, 10)
    CHECK_SAME(114, a1, s1)
    ori a1, a1, PTE_A
    STORE_PTE(a1, l0_low, 10)
    sfence.vma s0, zero
    jalr ra, 0(s0)
    j 3f
2:  li tp, 0
    LOAD_PTE(a1, l0_low, 10)
    xor a1, a1, s1
    CHECK(115, a1, PTE_A)
3:  CHECK(116, a0, 1)                   /* code_one ran */

    /* ---- Remapping (4.2.1): after a PTE store, sfence.vma orders it before later implicit
       references, so the new mapping is used. ---- */
    li s0, 0xb000
    ld a0, 0(s0)
    CHECK(117, a0, DATA0)
    li a1, DATA1
    sd a1, phys_data1, t0
    SET_PTE(l0_low, 11, s4, RWAD)       /* -> phys_data1 */
    sfence.vma s0, zero                 /* this address only */
    ld a0, 0(s0)
    CHECK(118, a0, DATA1)
    SET_PTE(l0_low, 11, s5, RWAD)       /* -> phys_data2 */
    sfence.vma                          /* every address */
    ld a0, 0(s0)
    CHECK(119, a0, DATA2)
    SET_PTE(l0_low, 11, s5, RWAD & ~PTE_V)
    sfence.vma zero, zero
    FAULTS(120, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    /* Code: 0xc000 runs code_one (a0 = 1), then code_two (a0 = 2), then code_one again. */
    li s0, 0xc000
    li a0, 0
    jalr ra, 0(s0)
    CHECK(122, a0, 1)
    lla t2, code_two
    SET_PTE(l0_low, 12, t2, PTE_V | PTE_X | PTE_A)
    sfence.vma s0, zero
    jalr ra, 0(s0)
    CHECK(123, a0, 2)
    SET_PTE(l0_low, 12, s6, PTE_V | PTE_X | PTE_A)
    sfence.vma
    jalr ra, 0(s0)
    CHECK(124, a0, 1)
    SET_PTE(l0_low, 12, s6, PTE_V | PTE_R | PTE_A)  /* no longer executable */
    sfence.vma
    FETCH_FAULTS(125, s0)

    /* ---- Misaligned accesses across pages: 0xd000 -> phys_data2, 0xe000 -> phys_data0 (not
       adjacent). Each byte is translated through its own page. ---- */
    li s0, 0xdffc
    ld a0, 0(s0)                        /* phys_data2[0xffc..0xfff], phys_data0[0..3] */
    CHECK(128, a0, 0xd4d5d6d777665544)
    lw a0, 2(s0)                        /* phys_data2[0xffe..0xfff], phys_data0[0..1] */
    CHECK(129, a0, 0xffffffffd6d77766)
    li a1, 0x0102030405060708
    sd a1, 0(s0)
    ld a0, phys_data2 + 4088
    CHECK(130, a0, 0x0506070833221100)
    ld a0, phys_data0
    CHECK(131, a0, 0xd0d1d2d301020304)
    li a1, DATA0
    sd a1, phys_data0, t0
    /* "If mtval is written with a nonzero value when a misaligned load or store causes an
       access-fault or page-fault exception, then mtval will contain the virtual address of the
       portion of the access that caused the fault" (3.1.16). The second page (0xf000) is not
       mapped: mtval is the start of that portion (0xf000); the original address 0xeffc is
       accepted as well. */
    li s0, 0xeffc
    li s1, 0xf000
    EXPECT_TRAP(1f)
    ld a0, 0(s0)
1:  CHECK_TRAP(132, CAUSE_LOAD_PAGE)
    ld a0, trap_value
    beq a0, s0, 2f
    CHECK_SAME(133, a0, s1)
2:  EXPECT_TRAP(1f)
    sw a0, 2(s0)                        /* 0xeffe..0xf001 */
1:  CHECK_TRAP(134, CAUSE_STORE_PAGE)
    ld a0, trap_value
    addi t0, s0, 2
    beq a0, t0, 2f
    CHECK_SAME(135, a0, s1)
2:  li s0, 0xffc                        /* the first page (0x0000) is the unmapped one */
    FAULTS(136, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    GO_MACHINE

    /* ======== U-mode on the user alias ======== */
    /* 4.3.1: "U-mode software may only access the page when U=1." */
    ENTER_USER_ALIAS
    li s0, 0x1000                       /* an S page */
    FAULTS(138, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    FAULTS(140, CAUSE_STORE_PAGE, s0, sd a0, 0(s0))
    li s0, 0x6000                       /* a U page */
    ld a0, 0(s0)
    CHECK(142, a0, DATA0)
    li s0, 0x7000                       /* U code */
    li a0, 0
    jalr ra, 0(s0)
    CHECK(143, a0, 1)
    lla s0, code_one                    /* code_one through the identity: an S page */
    li t0, ALIAS_OFFSET
    add s0, s0, t0
    FETCH_FAULTS(144, s0)
    LEAVE_USER_ALIAS

    /* ======== Sv48 (4.5) ======== */
    SATP_VALUE(s8, MODE_SV48, root48)
    csrw satp, s8
    sfence.vma
    csrr a0, satp
    CHECK_SAME(147, a0, s8)
    ENTER_MODE(MODE_S)
    li s0, 0x8000001000                 /* four levels: root48[1] -> l2_48 -> l1_48 -> l0_48[1] */
    ld a0, 0(s0)
    CHECK(148, a0, DATA2)
    li a1, 0x4848484848484848
    sd a1, 8(s0)
    ld a0, phys_data2 + 8
    CHECK(149, a0, 0x4848484848484848)
    li s0, 0x1000                       /* root48[0] -> root39 -> l1_low -> l0_low[1] */
    ld a0, 0(s0)
    CHECK(150, a0, DATA0)
    lla s0, magic                       /* 512 GiB page at 0x10000000000 -> physical 0 */
    li t0, 0x10000000000
    add s0, s0, t0
    ld a0, 0(s0)
    CHECK(151, a0, MAGIC)
    li s0, 0x18000000000                /* 512 GiB page with PPN[2] != 0: misaligned */
    FAULTS(152, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    lla s0, magic                       /* non-canonical in Sv39 (check 73), canonical in Sv48 */
    li t0, 0x80000000 - 0x7fc0000000
    sub s0, s0, t0
    ld a0, 0(s0)
    CHECK(154, a0, MAGIC)
    lla s0, magic                       /* root48[511] -> root39[511] */
    li t0, 0x80000000 - GIGAPAGE_HIGH
    sub s0, s0, t0
    ld a0, 0(s0)
    CHECK(155, a0, MAGIC)
    /* "must have bits 63-48 all equal to bit 47, or else a page-fault exception will occur" */
    li s0, 0x0001000000001000           /* would be virtual 0x1000 */
    FAULTS(156, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    GO_MACHINE

    /* ---- Unsupported satp modes (4.1.11): "If satp is written with an unsupported MODE, the
       entire write has no effect; no fields in satp are modified." MODE 1-7 are reserved. ---- */
    li a1, (1 << 60) | 0x12345
    csrw satp, a1
    csrr a0, satp
    CHECK_SAME(158, a0, s8)
    li a1, (12 << 60) | 0x12345         /* reserved */
    csrw satp, a1
    csrr a0, satp
    CHECK_SAME(159, a0, s8)
    SATP_VALUE(a1, 10, root48)          /* Sv57: either supported (read back) or ignored */
    csrw satp, a1
    csrr a0, satp
    beq a0, a1, 1f
    CHECK_SAME(160, a0, s8)
1:  csrw satp, s8
    sfence.vma
    csrr a0, satp
    CHECK_SAME(161, a0, s8)
    /* Sv48 is still in effect after the ignored writes. */
    ENTER_MODE(MODE_S)
    li s0, 0x8000001000
    ld a0, 0(s0)
    CHECK(162, a0, DATA2)
    /* With TVM = 0 S-mode may read and write satp and run sfence.vma. */
    csrr a0, satp
    CHECK_SAME(163, a0, s8)
    csrw satp, s7
    sfence.vma
    csrr a0, satp
    CHECK_SAME(164, a0, s7)
    li s0, 0x8000001000                 /* Sv39: not canonical */
    FAULTS(165, CAUSE_LOAD_PAGE, s0, ld a0, 0(s0))
    GO_MACHINE

    /* ---- TVM (3.1.6.5): "When TVM=1, attempts to read or write the satp CSR or execute an
       SFENCE.VMA or SINVAL.VMA instruction while executing in S-mode will raise an illegal
       instruction exception." ---- */
    li t0, MSTATUS_TVM
    csrs mstatus, t0
    csrr a0, satp                       /* M-mode is not affected */
    CHECK_SAME(167, a0, s7)
    ENTER_MODE(MODE_S)
    EXPECT_TRAP(1f)
    csrr a0, satp
1:  CHECK_TRAP(168, CAUSE_ILLEGAL)
    EXPECT_TRAP(1f)
    csrw satp, s8
1:  CHECK_TRAP(169, CAUSE_ILLEGAL)
    EXPECT_TRAP(1f)
    sfence.vma
1:  CHECK_TRAP(170, CAUSE_ILLEGAL)
    li s0, 0x1000
    EXPECT_TRAP(1f)
    sfence.vma s0, zero
1:  CHECK_TRAP(171, CAUSE_ILLEGAL)
    ld a0, 0(s0)                        /* translation itself goes on */
    CHECK(172, a0, DATA0)
    GO_MACHINE
    csrr a0, satp                       /* the refused write changed nothing */
    CHECK_SAME(173, a0, s7)
    li t0, MSTATUS_TVM
    csrc mstatus, t0

    /* ---- Back to Bare ---- */
    csrw satp, zero
    sfence.vma
    csrr a0, satp
    CHECK(174, a0, 0)
    PASS

/* Two pages of code for the code mappings: each returns its number in a0. */
    .text
    .balign 4096
code_one:
    li a0, 1
    ret
    .balign 4096
code_two:
    li a0, 2
    ret
    .balign 4096

    .section .rodata
    .balign 8
magic: .dword MAGIC

    .bss
    .balign 4096
tables_start:
root39: .skip 4096
l1_low: .skip 4096
l0_low: .skip 4096
root_low: .skip 4096
root48: .skip 4096
l2_48: .skip 4096
l1_48: .skip 4096
l0_48: .skip 4096
phys_data0: .skip 4096
phys_data1: .skip 4096
phys_data2: .skip 4096
tables_end:
    .balign 8
scratch: .dword 0
