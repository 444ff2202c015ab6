/*
 * coremark_like: a CoreMark-style mix of linked-list, matrix and state-machine work.
 *
 * Written for Morph after the published description of EEMBC CoreMark (not its code): each
 * iteration (1) searches, reverses and merge-sorts a linked list through a comparison
 * function, (2) runs small int16 matrix kernels (add and multiply by a constant, matrix times
 * vector, matrix times matrix, bit-field extraction), and (3) drives a character-level state
 * machine that classifies numeric tokens, then folds every result into a CRC-16.
 *
 * Scale: number of iterations (default 120,000).
 */
#include "bench.h"
#include <string.h>

enum { LIST_LENGTH = 64, MATRIX = 16, INPUT_LENGTH = 512 };

/* ---- CRC-16/CCITT, bit by bit, as CoreMark folds its results. ---- */

static uint16_t crc16_byte(uint8_t byte, uint16_t crc) {
    crc ^= (uint16_t)byte << 8;
    for (int bit = 0; bit < 8; bit++) crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    return crc;
}

static uint16_t crc16_word(uint32_t value, uint16_t crc) {
    for (int shift = 0; shift < 32; shift += 8) crc = crc16_byte((uint8_t)(value >> shift), crc);
    return crc;
}

/* ---- Linked list. ---- */

typedef struct ListItem {
    struct ListItem *next;
    int16_t data;
    int16_t index;
} ListItem;

typedef int (*ListCompare)(const ListItem *, const ListItem *);

static int compare_data(const ListItem *a, const ListItem *b) { return a->data - b->data; }
static int compare_index(const ListItem *a, const ListItem *b) { return a->index - b->index; }

static ListItem *list_reverse(ListItem *list) {
    ListItem *reversed = NULL;
    while (list != NULL) {
        ListItem *next = list->next;
        list->next = reversed;
        reversed = list;
        list = next;
    }
    return reversed;
}

static const ListItem *list_find(const ListItem *list, int16_t data) {
    while (list != NULL && list->data != data) list = list->next;
    return list;
}

/* Bottom-up merge sort of a singly linked list (stable; ties keep list order). */
static ListItem *list_sort(ListItem *list, ListCompare compare) {
    for (int run = 1;; run *= 2) {
        ListItem *p = list, *tail = NULL;
        list = NULL;
        int merges = 0;
        while (p != NULL) {
            merges++;
            ListItem *q = p;
            int p_size = 0;
            for (int i = 0; i < run && q != NULL; i++) {
                p_size++;
                q = q->next;
            }
            int q_size = run;
            while (p_size > 0 || (q_size > 0 && q != NULL)) {
                ListItem *item;
                if (p_size == 0) {
                    item = q; q = q->next; q_size--;
                } else if (q_size == 0 || q == NULL || compare(p, q) <= 0) {
                    item = p; p = p->next; p_size--;
                } else {
                    item = q; q = q->next; q_size--;
                }
                if (tail != NULL) tail->next = item;
                else list = item;
                tail = item;
            }
            p = q;
        }
        tail->next = NULL;
        if (merges <= 1) return list;
    }
}

static uint16_t list_work(ListItem *pool, int16_t seed, uint16_t crc) {
    ListItem *list = NULL;
    for (int i = LIST_LENGTH - 1; i >= 0; i--) {
        pool[i].data = (int16_t)(((i * 0x1d3) ^ seed) & 0x7ff);
        pool[i].index = (int16_t)i;
        pool[i].next = list;
        list = &pool[i];
    }
    int found = 0, missed = 0;
    for (int i = 0; i < 16; i++) {
        const ListItem *hit = list_find(list, (int16_t)(((i * 0x1d3 * 5) ^ seed) & 0x7ff));
        if (hit != NULL) found += hit->index; else missed++;
    }
    list = list_reverse(list);
    list = list_sort(list, compare_data);
    /* Unlink the fifth item and put it at the front, then restore index order. */
    ListItem *fifth = list->next->next->next->next;
    list->next->next->next->next = fifth->next;
    fifth->next = list;
    list = fifth;
    for (ListItem *p = list; p != NULL; p = p->next) crc = crc16_word((uint32_t)(uint16_t)p->data, crc);
    list = list_sort(list, compare_index);
    uint32_t order_check = 0;
    for (ListItem *p = list; p != NULL; p = p->next) order_check = order_check * 3 + (uint32_t)p->index;
    crc = crc16_word((uint32_t)found, crc);
    crc = crc16_word((uint32_t)missed, crc);
    return crc16_word(order_check, crc);
}

/* ---- Matrix kernels on int16 inputs with int32 results. ---- */

static uint16_t matrix_work(int16_t a[MATRIX][MATRIX], int16_t b[MATRIX][MATRIX], int16_t constant,
                            uint16_t crc) {
    static int32_t c[MATRIX][MATRIX];
    int32_t vector_result[MATRIX];
    for (int i = 0; i < MATRIX; i++)
        for (int j = 0; j < MATRIX; j++) a[i][j] = (int16_t)(a[i][j] + constant);
    for (int i = 0; i < MATRIX; i++)
        for (int j = 0; j < MATRIX; j++) c[i][j] = (int32_t)a[i][j] * constant;
    int32_t sum = 0;
    for (int i = 0; i < MATRIX; i++)
        for (int j = 0; j < MATRIX; j++) sum += c[i][j] > 0x10000 ? 1 : -1;
    crc = crc16_word((uint32_t)sum, crc);
    for (int i = 0; i < MATRIX; i++) {
        vector_result[i] = 0;
        for (int j = 0; j < MATRIX; j++) vector_result[i] += (int32_t)a[i][j] * b[j][0];
        crc = crc16_word((uint32_t)vector_result[i], crc);
    }
    for (int i = 0; i < MATRIX; i++) {
        for (int j = 0; j < MATRIX; j++) {
            int32_t dot = 0;
            for (int k = 0; k < MATRIX; k++) dot += (int32_t)a[i][k] * b[k][j];
            c[i][j] = dot;
        }
    }
    uint32_t bits = 0;
    for (int i = 0; i < MATRIX; i++)
        for (int j = 0; j < MATRIX; j++) bits += ((uint32_t)c[i][j] >> 2) & 0xf;
    crc = crc16_word(bits, crc);
    /* Undo the addition so the inputs stay bounded across iterations. */
    for (int i = 0; i < MATRIX; i++)
        for (int j = 0; j < MATRIX; j++) a[i][j] = (int16_t)(a[i][j] - constant);
    return crc;
}

/* ---- State machine: classify comma-separated tokens character by character. ---- */

typedef enum { START, INTEGER, FRACTION, EXPONENT_SIGN, EXPONENT, HEX_PREFIX, HEX, INVALID,
               STATE_COUNT } State;

static State next_state(State state, uint8_t c) {
    int digit = c >= '0' && c <= '9';
    switch (state) {
    case START:
        if (c == '0') return HEX_PREFIX;
        if (digit || c == '-' || c == '+') return INTEGER;
        if (c == '.') return FRACTION;
        return INVALID;
    case INTEGER:
        if (digit) return INTEGER;
        if (c == '.') return FRACTION;
        if (c == 'e' || c == 'E') return EXPONENT_SIGN;
        return INVALID;
    case FRACTION:
        if (digit) return FRACTION;
        if (c == 'e' || c == 'E') return EXPONENT_SIGN;
        return INVALID;
    case EXPONENT_SIGN:
        if (digit || c == '-' || c == '+') return EXPONENT;
        return INVALID;
    case EXPONENT:
        return digit ? EXPONENT : INVALID;
    case HEX_PREFIX:
        if (c == 'x' || c == 'X') return HEX;
        if (digit) return INTEGER;
        if (c == '.') return FRACTION;
        return INVALID;
    case HEX:
        return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ? HEX : INVALID;
    default:
        return INVALID;
    }
}

static uint16_t state_machine_work(uint8_t *input, uint32_t seed, uint16_t crc) {
    uint32_t final_counts[STATE_COUNT] = {0}, transitions[STATE_COUNT] = {0};
    State state = START;
    for (int i = 0; i < INPUT_LENGTH; i++) {
        uint8_t c = input[i];
        if (c == ',') {
            final_counts[state]++;
            state = START;
            continue;
        }
        State next = next_state(state, c);
        if (next != state) transitions[next]++;
        state = next;
    }
    for (int s = 0; s < STATE_COUNT; s++) {
        crc = crc16_word(final_counts[s], crc);
        crc = crc16_word(transitions[s], crc);
    }
    /* Corrupt a few characters, as CoreMark does, so the next pass takes other paths. */
    for (uint32_t i = seed % 7; i < INPUT_LENGTH; i += 61) input[i] ^= 0x01;
    return crc;
}

static void generate_input(uint8_t *input) {
    static const char *const tokens[] = {"5012", "1234", "-874", "+122", "35.54400", ".1234500",
                                         "-110.700", "+0.64400", "5.500e+3", "-.123e-2",
                                         "-87e+832", "+0.6e-12", "T0.3e-1F", "-T.T++Tq",
                                         "1T3.4e4z", "34.0e-T^", "0x1F", "0xbeef", "0x0", "0x"};
    BenchRandom random = {0x5eed000a};
    int length = 0;
    while (length < INPUT_LENGTH) {
        const char *token = tokens[bench_random_below(&random, sizeof tokens / sizeof tokens[0])];
        for (const char *p = token; *p != '\0' && length < INPUT_LENGTH; p++) input[length++] = (uint8_t)*p;
        if (length < INPUT_LENGTH) input[length++] = ',';
    }
}

int main(int argc, char **argv) {
    uint64_t iterations = bench_scale(argc, argv, 120000);
    static ListItem pool[LIST_LENGTH];
    static int16_t a[MATRIX][MATRIX], b[MATRIX][MATRIX];
    static uint8_t input[INPUT_LENGTH];
    BenchRandom random = {0x5eed000b};
    for (int i = 0; i < MATRIX; i++) {
        for (int j = 0; j < MATRIX; j++) {
            a[i][j] = (int16_t)(bench_random_below(&random, 4096) - 2048);
            b[i][j] = (int16_t)(bench_random_below(&random, 4096) - 2048);
        }
    }
    generate_input(input);

    uint16_t crc = 0;
    uint64_t checksum = 0;
    for (uint64_t iteration = 0; iteration < iterations; iteration++) {
        int16_t seed = (int16_t)(iteration * 0x3b1 & 0x7fff);
        crc = list_work(pool, seed, crc);
        crc = matrix_work(a, b, (int16_t)(seed & 0xff), crc);
        crc = state_machine_work(input, (uint32_t)iteration, crc);
        checksum = bench_mix(checksum, crc);
    }
    printf("iterations: %" PRIu64 ", crc: 0x%04x\n", iterations, crc);
    bench_print_checksum(checksum);
    return 0;
}
