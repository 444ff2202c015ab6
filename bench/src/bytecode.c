/*
 * bytecode: a stack-machine interpreter with one `switch` for dispatch (indirect branches).
 *
 * The shape of CPython's or Lua's main loop in miniature: fetch an opcode, jump through the
 * switch's jump table, touch a value stack and a frame of locals. The program it runs is
 * assembled at startup by a small assembler with labels, and in each round calls three
 * functions: a sieve of Eratosthenes over the machine's memory (loads, stores, loops), a
 * recursive Fibonacci (CALL and RET), and an xorshift generator loop (bit operations).
 *
 * Scale: number of rounds (default 1500).
 */
#include "bench.h"
#include <string.h>

enum Opcode {
    OP_HALT, OP_PUSH, OP_POP, OP_DUP, OP_LOAD_LOCAL, OP_STORE_LOCAL, OP_INCREMENT_LOCAL,
    OP_ADD, OP_SUB, OP_MUL, OP_REM, OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHR,
    OP_LESS, OP_EQUAL, OP_JUMP, OP_JUMP_IF_ZERO, OP_JUMP_IF_NOT_ZERO,
    OP_CALL, OP_RET, OP_LOAD_MEMORY, OP_STORE_MEMORY,
};

enum { CODE_CAPACITY = 1024, STACK_CAPACITY = 1024, FRAME_CAPACITY = 256, LOCALS_PER_FRAME = 8,
       MEMORY_WORDS = 16384, LABEL_CAPACITY = 64 };

/* ---- The assembler: opcodes and operands go into one int32 array; labels are patched. ---- */

typedef struct {
    int32_t code[CODE_CAPACITY];
    int32_t length;
    int32_t label_address[LABEL_CAPACITY];
    int32_t fixup_at[LABEL_CAPACITY * 4];
    int32_t fixup_label[LABEL_CAPACITY * 4];
    int32_t fixup_count;
    int32_t label_count;
} Assembler;

static void emit(Assembler *a, int32_t word) {
    if (a->length >= CODE_CAPACITY) {
        fprintf(stderr, "bytecode: program too long\n");
        exit(1);
    }
    a->code[a->length++] = word;
}

static void emit1(Assembler *a, enum Opcode op) { emit(a, op); }
static void emit2(Assembler *a, enum Opcode op, int32_t operand) { emit(a, op); emit(a, operand); }

static int32_t new_label(Assembler *a) {
    a->label_address[a->label_count] = -1;
    return a->label_count++;
}

static void bind(Assembler *a, int32_t label) { a->label_address[label] = a->length; }

/* A jump or call to a label that may not be bound yet. */
static void emit_to_label(Assembler *a, enum Opcode op, int32_t label) {
    emit(a, op);
    a->fixup_at[a->fixup_count] = a->length;
    a->fixup_label[a->fixup_count++] = label;
    emit(a, 0);
}

static void emit_call(Assembler *a, int32_t label, int32_t argument_count) {
    emit_to_label(a, OP_CALL, label);
    emit(a, argument_count);
}

static void resolve(Assembler *a) {
    for (int32_t i = 0; i < a->fixup_count; i++) {
        int32_t address = a->label_address[a->fixup_label[i]];
        if (address < 0) {
            fprintf(stderr, "bytecode: unbound label\n");
            exit(1);
        }
        a->code[a->fixup_at[i]] = address;
    }
}

/* ---- The program. Functions see their arguments as locals 0, 1, ... ---- */

/* sieve(limit): marks composites in memory[0..limit) and returns the number of primes. */
static void assemble_sieve(Assembler *a, int32_t entry) {
    enum { LIMIT = 0, I = 1, J = 2, COUNT = 3 };
    int32_t fill = new_label(a), fill_done = new_label(a), outer = new_label(a),
            outer_next = new_label(a), outer_done = new_label(a), inner = new_label(a),
            count_loop = new_label(a), count_done = new_label(a);
    bind(a, entry);
    emit2(a, OP_PUSH, 0); emit2(a, OP_STORE_LOCAL, I);
    bind(a, fill);                                            /* memory[i] = 1 for i < limit */
    emit2(a, OP_LOAD_LOCAL, I); emit2(a, OP_LOAD_LOCAL, LIMIT); emit1(a, OP_LESS);
    emit_to_label(a, OP_JUMP_IF_ZERO, fill_done);
    emit2(a, OP_PUSH, 1); emit2(a, OP_LOAD_LOCAL, I); emit1(a, OP_STORE_MEMORY);
    emit2(a, OP_INCREMENT_LOCAL, I); emit_to_label(a, OP_JUMP, fill);
    bind(a, fill_done);
    emit2(a, OP_PUSH, 2); emit2(a, OP_STORE_LOCAL, I);
    bind(a, outer);                                           /* while i * i < limit */
    emit2(a, OP_LOAD_LOCAL, I); emit1(a, OP_DUP); emit1(a, OP_MUL);
    emit2(a, OP_LOAD_LOCAL, LIMIT); emit1(a, OP_LESS);
    emit_to_label(a, OP_JUMP_IF_ZERO, outer_done);
    emit2(a, OP_LOAD_LOCAL, I); emit1(a, OP_LOAD_MEMORY);
    emit_to_label(a, OP_JUMP_IF_ZERO, outer_next);
    emit2(a, OP_LOAD_LOCAL, I); emit1(a, OP_DUP); emit1(a, OP_MUL); emit2(a, OP_STORE_LOCAL, J);
    bind(a, inner);                                           /* for j = i*i; j < limit; j += i */
    emit2(a, OP_LOAD_LOCAL, J); emit2(a, OP_LOAD_LOCAL, LIMIT); emit1(a, OP_LESS);
    emit_to_label(a, OP_JUMP_IF_ZERO, outer_next);
    emit2(a, OP_PUSH, 0); emit2(a, OP_LOAD_LOCAL, J); emit1(a, OP_STORE_MEMORY);
    emit2(a, OP_LOAD_LOCAL, J); emit2(a, OP_LOAD_LOCAL, I); emit1(a, OP_ADD);
    emit2(a, OP_STORE_LOCAL, J); emit_to_label(a, OP_JUMP, inner);
    bind(a, outer_next);
    emit2(a, OP_INCREMENT_LOCAL, I); emit_to_label(a, OP_JUMP, outer);
    bind(a, outer_done);
    emit2(a, OP_PUSH, 0); emit2(a, OP_STORE_LOCAL, COUNT);
    emit2(a, OP_PUSH, 2); emit2(a, OP_STORE_LOCAL, I);
    bind(a, count_loop);                                      /* count += memory[i] */
    emit2(a, OP_LOAD_LOCAL, I); emit2(a, OP_LOAD_LOCAL, LIMIT); emit1(a, OP_LESS);
    emit_to_label(a, OP_JUMP_IF_ZERO, count_done);
    emit2(a, OP_LOAD_LOCAL, COUNT); emit2(a, OP_LOAD_LOCAL, I); emit1(a, OP_LOAD_MEMORY);
    emit1(a, OP_ADD); emit2(a, OP_STORE_LOCAL, COUNT);
    emit2(a, OP_INCREMENT_LOCAL, I); emit_to_label(a, OP_JUMP, count_loop);
    bind(a, count_done);
    emit2(a, OP_LOAD_LOCAL, COUNT); emit1(a, OP_RET);
}

/* fibonacci(n): the doubly recursive definition. */
static void assemble_fibonacci(Assembler *a, int32_t entry) {
    int32_t recurse = new_label(a);
    bind(a, entry);
    emit2(a, OP_LOAD_LOCAL, 0); emit2(a, OP_PUSH, 2); emit1(a, OP_LESS);
    emit_to_label(a, OP_JUMP_IF_ZERO, recurse);
    emit2(a, OP_LOAD_LOCAL, 0); emit1(a, OP_RET);
    bind(a, recurse);
    emit2(a, OP_LOAD_LOCAL, 0); emit2(a, OP_PUSH, 1); emit1(a, OP_SUB); emit_call(a, entry, 1);
    emit2(a, OP_LOAD_LOCAL, 0); emit2(a, OP_PUSH, 2); emit1(a, OP_SUB); emit_call(a, entry, 1);
    emit1(a, OP_ADD); emit1(a, OP_RET);
}

/* xorshift(seed, count): applies Marsaglia's xorshift64 step `count` times. */
static void assemble_xorshift(Assembler *a, int32_t entry) {
    enum { X = 0, COUNT = 1 };
    int32_t loop = new_label(a), done = new_label(a);
    bind(a, entry);
    emit2(a, OP_LOAD_LOCAL, X); emit2(a, OP_PUSH, 0x2545f491); emit1(a, OP_OR);
    emit2(a, OP_STORE_LOCAL, X);                              /* never zero */
    bind(a, loop);
    emit2(a, OP_LOAD_LOCAL, COUNT); emit_to_label(a, OP_JUMP_IF_ZERO, done);
    emit2(a, OP_LOAD_LOCAL, X); emit1(a, OP_DUP); emit2(a, OP_PUSH, 13); emit1(a, OP_SHL);
    emit1(a, OP_XOR);
    emit1(a, OP_DUP); emit2(a, OP_PUSH, 7); emit1(a, OP_SHR); emit1(a, OP_XOR);
    emit1(a, OP_DUP); emit2(a, OP_PUSH, 17); emit1(a, OP_SHL); emit1(a, OP_XOR);
    emit2(a, OP_STORE_LOCAL, X);
    emit2(a, OP_LOAD_LOCAL, COUNT); emit2(a, OP_PUSH, 1); emit1(a, OP_SUB);
    emit2(a, OP_STORE_LOCAL, COUNT); emit_to_label(a, OP_JUMP, loop);
    bind(a, done);
    emit2(a, OP_LOAD_LOCAL, X); emit1(a, OP_RET);
}

/* main(rounds): accumulator = accumulator * 31 + sieve(8192), ^ fibonacci(16), + xorshift(...). */
static void assemble_main(Assembler *a, int32_t sieve, int32_t fibonacci, int32_t xorshift) {
    enum { ROUNDS = 0, ROUND = 1, ACCUMULATOR = 2 };
    int32_t loop = new_label(a), done = new_label(a);
    emit2(a, OP_PUSH, 0); emit2(a, OP_STORE_LOCAL, ROUND);
    emit2(a, OP_PUSH, 0); emit2(a, OP_STORE_LOCAL, ACCUMULATOR);
    bind(a, loop);
    emit2(a, OP_LOAD_LOCAL, ROUND); emit2(a, OP_LOAD_LOCAL, ROUNDS); emit1(a, OP_LESS);
    emit_to_label(a, OP_JUMP_IF_ZERO, done);
    emit2(a, OP_LOAD_LOCAL, ACCUMULATOR); emit2(a, OP_PUSH, 31); emit1(a, OP_MUL);
    emit2(a, OP_PUSH, 8192); emit_call(a, sieve, 1); emit1(a, OP_ADD);
    emit2(a, OP_PUSH, 16); emit_call(a, fibonacci, 1); emit1(a, OP_XOR);
    emit2(a, OP_LOAD_LOCAL, ROUND); emit2(a, OP_PUSH, 1000); emit_call(a, xorshift, 2);
    emit1(a, OP_ADD);
    emit2(a, OP_STORE_LOCAL, ACCUMULATOR);
    emit2(a, OP_INCREMENT_LOCAL, ROUND); emit_to_label(a, OP_JUMP, loop);
    bind(a, done);
    emit2(a, OP_LOAD_LOCAL, ACCUMULATOR); emit1(a, OP_HALT);
}

/* ---- The interpreter. ---- */

typedef struct {
    int64_t stack[STACK_CAPACITY];
    int64_t locals[FRAME_CAPACITY * LOCALS_PER_FRAME];
    int32_t return_address[FRAME_CAPACITY];
    int64_t memory[MEMORY_WORDS];
    uint64_t executed;
} Machine;

static void fault(const char *message, int32_t pc) {
    fprintf(stderr, "bytecode: %s at pc %d\n", message, pc);
    exit(1);
}

/* Runs `code` from address 0 with `rounds` in local 0 of the main frame; returns HALT's value. */
static int64_t run(Machine *m, const int32_t *code, int64_t rounds) {
    int32_t pc = 0, sp = 0, frame = 0;
    uint64_t executed = 0;
    int64_t *locals = m->locals;
    locals[0] = rounds;
    for (;;) {
        int32_t op = code[pc];
        executed++;
        switch (op) {
        case OP_HALT:
            m->executed = executed;
            return m->stack[sp - 1];
        case OP_PUSH: m->stack[sp++] = code[pc + 1]; pc += 2; break;
        case OP_POP: sp--; pc += 1; break;
        case OP_DUP: m->stack[sp] = m->stack[sp - 1]; sp++; pc += 1; break;
        case OP_LOAD_LOCAL: m->stack[sp++] = locals[code[pc + 1]]; pc += 2; break;
        case OP_STORE_LOCAL: locals[code[pc + 1]] = m->stack[--sp]; pc += 2; break;
        case OP_INCREMENT_LOCAL: locals[code[pc + 1]] += 1; pc += 2; break;
#define BINARY(name, expression)                                                                 \
        case name: {                                                                             \
            uint64_t right = (uint64_t)m->stack[--sp], left = (uint64_t)m->stack[sp - 1];          \
            m->stack[sp - 1] = (int64_t)(expression);                                            \
            pc += 1;                                                                             \
            break;                                                                               \
        }
        BINARY(OP_ADD, left + right)
        BINARY(OP_SUB, left - right)
        BINARY(OP_MUL, left * right)
        BINARY(OP_AND, left & right)
        BINARY(OP_OR, left | right)
        BINARY(OP_XOR, left ^ right)
        BINARY(OP_SHL, left << (right & 63))
        BINARY(OP_SHR, left >> (right & 63))
        BINARY(OP_REM, right == 0 ? left : left % right)
        BINARY(OP_LESS, (int64_t)left < (int64_t)right)
        BINARY(OP_EQUAL, left == right)
#undef BINARY
        case OP_JUMP: pc = code[pc + 1]; break;
        case OP_JUMP_IF_ZERO: pc = m->stack[--sp] == 0 ? code[pc + 1] : pc + 2; break;
        case OP_JUMP_IF_NOT_ZERO: pc = m->stack[--sp] != 0 ? code[pc + 1] : pc + 2; break;
        case OP_CALL: {
            int32_t argument_count = code[pc + 2];
            if (frame + 1 >= FRAME_CAPACITY) fault("call stack overflow", pc);
            m->return_address[frame] = pc + 3;
            frame++;
            locals = m->locals + frame * LOCALS_PER_FRAME;
            for (int32_t i = argument_count - 1; i >= 0; i--) locals[i] = m->stack[--sp];
            pc = code[pc + 1];
            break;
        }
        case OP_RET:
            if (frame == 0) fault("return from main", pc);
            frame--;
            locals = m->locals + frame * LOCALS_PER_FRAME;
            pc = m->return_address[frame];
            break;
        case OP_LOAD_MEMORY: {
            uint64_t address = (uint64_t)m->stack[sp - 1];
            if (address >= MEMORY_WORDS) fault("load out of bounds", pc);
            m->stack[sp - 1] = m->memory[address];
            pc += 1;
            break;
        }
        case OP_STORE_MEMORY: {
            uint64_t address = (uint64_t)m->stack[--sp];
            if (address >= MEMORY_WORDS) fault("store out of bounds", pc);
            m->memory[address] = m->stack[--sp];
            pc += 1;
            break;
        }
        default:
            fault("bad opcode", pc);
        }
        if (sp < 0 || sp >= STACK_CAPACITY - 2) fault("value stack out of range", pc);
    }
}

int main(int argc, char **argv) {
    uint64_t rounds = bench_scale(argc, argv, 1500);
    static Assembler assembler;
    static Machine machine;
    Assembler *a = &assembler;
    int32_t sieve = new_label(a), fibonacci = new_label(a), xorshift = new_label(a);
    assemble_main(a, sieve, fibonacci, xorshift);
    assemble_sieve(a, sieve);
    assemble_fibonacci(a, fibonacci);
    assemble_xorshift(a, xorshift);
    resolve(a);

    int64_t result = run(&machine, a->code, (int64_t)rounds);
    uint64_t checksum = bench_mix((uint64_t)result, machine.executed);
    checksum = bench_mix(checksum, (uint64_t)a->length);
    printf("rounds: %" PRIu64 ", program: %d words, bytecodes executed: %" PRIu64 "\n", rounds,
           a->length, machine.executed);
    bench_print_checksum(checksum);
    return 0;
}
