/*
 * recursion: call-and-return-heavy code (return-address prediction, stack traffic).
 *
 * Each round runs five recursive programs: the doubly recursive Fibonacci, Takeuchi's tak
 * function, Ackermann's function (recursion up to about 600 frames deep), an N-queens
 * backtracking search that counts every solution on an 8x8 (or 9x9) board, and a
 * recursive-descent parser (expression, term, factor: mutual recursion) that evaluates a
 * generated arithmetic expression of a few thousand characters, which a recursive generator
 * wrote first. The functions are `noinline` so that GCC keeps them as calls instead of
 * unrolling the recursion into its callers.
 *
 * Scale: number of rounds (default 500).
 */
#include "bench.h"

#define RECURSIVE __attribute__((noinline))

RECURSIVE static uint64_t fibonacci(uint32_t n) {
    return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}

RECURSIVE static int32_t takeuchi(int32_t x, int32_t y, int32_t z) {
    if (y >= x) return z;
    return takeuchi(takeuchi(x - 1, y, z), takeuchi(y - 1, z, x), takeuchi(z - 1, x, y));
}

RECURSIVE static uint64_t ackermann(uint64_t m, uint64_t n) {
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

/* Counts placements of queens on rows row..size-1, given the attacked columns and diagonals. */
RECURSIVE static uint32_t queens(uint32_t size, uint32_t row, uint32_t columns,
                                 uint32_t left_diagonals, uint32_t right_diagonals) {
    if (row == size) return 1;
    uint32_t solutions = 0;
    for (uint32_t column = 0; column < size; column++) {
        uint32_t bit = 1u << column;
        uint32_t left = 1u << (row + column);
        uint32_t right = 1u << (row + size - 1 - column);
        if ((columns & bit) || (left_diagonals & left) || (right_diagonals & right)) continue;
        solutions += queens(size, row + 1, columns | bit, left_diagonals | left,
                            right_diagonals | right);
    }
    return solutions;
}

/* ---- A generated arithmetic expression and its recursive-descent evaluator. ---- */

enum { EXPRESSION_CAPACITY = 1 << 14 };

typedef struct {
    char text[EXPRESSION_CAPACITY];
    uint32_t length;
    BenchRandom random;
} Generator;

static void put(Generator *g, char c) {
    if (g->length + 1 < EXPRESSION_CAPACITY) g->text[g->length++] = c;
}

/* expression := term (('+' | '-') term)*; term := factor (('*' | '%') factor)*;
 * factor := number | '(' expression ')'. `depth` bounds the nesting. */
RECURSIVE static void generate_expression(Generator *g, uint32_t depth);

RECURSIVE static void generate_factor(Generator *g, uint32_t depth) {
    if (depth == 0 || bench_random_below(&g->random, 3) == 0) {
        uint64_t number = 1 + bench_random_below(&g->random, 999);
        char digits[4];
        int count = 0;
        while (number > 0) {
            digits[count++] = (char)('0' + number % 10);
            number /= 10;
        }
        while (count > 0) put(g, digits[--count]);
        return;
    }
    put(g, '(');
    generate_expression(g, depth - 1);
    put(g, ')');
}

RECURSIVE static void generate_term(Generator *g, uint32_t depth) {
    generate_factor(g, depth);
    uint64_t more = bench_random_below(&g->random, 3);
    for (uint64_t i = 0; i < more; i++) {
        put(g, bench_random_below(&g->random, 2) ? '*' : '%');
        generate_factor(g, depth);
    }
}

RECURSIVE static void generate_expression(Generator *g, uint32_t depth) {
    generate_term(g, depth);
    uint64_t more = bench_random_below(&g->random, 3);
    for (uint64_t i = 0; i < more; i++) {
        put(g, bench_random_below(&g->random, 2) ? '+' : '-');
        generate_term(g, depth);
    }
}

typedef struct {
    const char *text;
    uint32_t position;
} Parser;

RECURSIVE static uint64_t parse_expression(Parser *p);

RECURSIVE static uint64_t parse_factor(Parser *p) {
    if (p->text[p->position] == '(') {
        p->position++;
        uint64_t value = parse_expression(p);
        p->position++; /* ')' */
        return value;
    }
    uint64_t value = 0;
    while (p->text[p->position] >= '0' && p->text[p->position] <= '9') {
        value = value * 10 + (uint64_t)(p->text[p->position++] - '0');
    }
    return value;
}

RECURSIVE static uint64_t parse_term(Parser *p) {
    uint64_t value = parse_factor(p);
    for (;;) {
        char op = p->text[p->position];
        if (op != '*' && op != '%') return value;
        p->position++;
        uint64_t right = parse_factor(p);
        value = op == '*' ? value * right : value % (right | 1);
    }
}

RECURSIVE static uint64_t parse_expression(Parser *p) {
    uint64_t value = parse_term(p);
    for (;;) {
        char op = p->text[p->position];
        if (op != '+' && op != '-') return value;
        p->position++;
        uint64_t right = parse_term(p);
        value = op == '+' ? value + right : value - right;
    }
}

int main(int argc, char **argv) {
    uint64_t rounds = bench_scale(argc, argv, 500);
    static Generator generator;
    uint64_t checksum = 0;
    for (uint64_t round = 0; round < rounds; round++) {
        /* Vary the arguments so that no round repeats the previous one. */
        uint32_t wobble = (uint32_t)(round % 2);
        uint64_t fib = fibonacci(20 + wobble);
        int32_t tak = takeuchi(18, 12, 6 + (int32_t)wobble);
        uint64_t ack = wobble ? ackermann(3, 5) : ackermann(2, 200);
        uint32_t solutions = queens(8 + wobble, 0, 0, 0, 0);

        generator.length = 0;
        generator.random.state = round;
        generate_expression(&generator, 10);
        generator.text[generator.length] = '\0';
        Parser parser = {generator.text, 0};
        uint64_t value = parse_expression(&parser);

        checksum = bench_mix(checksum, fib);
        checksum = bench_mix(checksum, (uint64_t)tak);
        checksum = bench_mix(checksum, ack);
        checksum = bench_mix(checksum, solutions);
        checksum = bench_mix(checksum, value);
        checksum = bench_mix(checksum, parser.position);
    }
    printf("rounds: %" PRIu64 ", fib(20) = %" PRIu64 ", tak(18,12,6) = %d, ack(3,5) = %" PRIu64
           ", queens(8) = %u\n",
           rounds, fibonacci(20), takeuchi(18, 12, 6), ackermann(3, 5), queens(8, 0, 0, 0, 0));
    bench_print_checksum(checksum);
    return 0;
}
