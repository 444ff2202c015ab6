/*
 * sort_callback: sorting through glibc's qsort with comparison callbacks (indirect calls).
 *
 * Sorts an array of 16-byte records three ways, as a report generator would: by (key, id),
 * by (score descending, id), and, for an array of short strings, by strcmp. Every comparison
 * is an indirect call from libc back into the program. Each sort is then verified and
 * summarised into the checksum, and bsearch looks up a sample of keys. Every ordering is total
 * (ids break ties, equal strings are indistinguishable), so the result does not depend on
 * which sorting algorithm the C library uses.
 *
 * Scale: number of records (default 1,500,000).
 */
#include "bench.h"
#include <string.h>

typedef struct {
    uint32_t key;
    uint32_t id;
    int32_t score;
    uint32_t flags;
} Record;

static int compare_by_key(const void *left_pointer, const void *right_pointer) {
    const Record *left = left_pointer, *right = right_pointer;
    if (left->key != right->key) return left->key < right->key ? -1 : 1;
    if (left->id != right->id) return left->id < right->id ? -1 : 1;
    return 0;
}

static int compare_by_score_descending(const void *left_pointer, const void *right_pointer) {
    const Record *left = left_pointer, *right = right_pointer;
    if (left->score != right->score) return left->score > right->score ? -1 : 1;
    if (left->id != right->id) return left->id < right->id ? -1 : 1;
    return 0;
}

static int compare_strings(const void *left_pointer, const void *right_pointer) {
    const char *const *left = left_pointer, *const *right = right_pointer;
    return strcmp(*left, *right);
}

static int compare_key_to_record(const void *key_pointer, const void *record_pointer) {
    uint32_t key = *(const uint32_t *)key_pointer;
    const Record *record = record_pointer;
    return key < record->key ? -1 : key > record->key ? 1 : 0;
}

int main(int argc, char **argv) {
    uint64_t count = bench_scale(argc, argv, 1500000);
    Record *records = malloc(count * sizeof(Record));
    char **words = malloc(count * sizeof(char *));
    char *word_storage = malloc(count * 12);
    if (records == NULL || words == NULL || word_storage == NULL) {
        fprintf(stderr, "sort_callback: out of memory\n");
        return 1;
    }
    BenchRandom random = {0x5eed0005};
    for (uint64_t i = 0; i < count; i++) {
        records[i].key = (uint32_t)bench_random_below(&random, count * 4);
        records[i].id = (uint32_t)i;
        records[i].score = (int32_t)bench_random_below(&random, 20001) - 10000;
        records[i].flags = (uint32_t)bench_random_next(&random);
        /* Words of 3 to 11 letters from a 6-letter alphabet: many shared prefixes, some duplicates. */
        char *word = word_storage + i * 12;
        uint64_t length = 3 + bench_random_below(&random, 9);
        for (uint64_t k = 0; k < length; k++) word[k] = (char)('a' + bench_random_below(&random, 6));
        word[length] = '\0';
        words[i] = word;
    }

    uint64_t checksum = 0;
    qsort(records, count, sizeof(Record), compare_by_key);
    for (uint64_t i = 0; i < count; i++) {
        if (i > 0 && compare_by_key(&records[i - 1], &records[i]) >= 0) {
            fprintf(stderr, "sort_callback: not sorted by key at %" PRIu64 "\n", i);
            return 1;
        }
        checksum = bench_mix(checksum, records[i].id);
    }
    uint64_t found = 0;
    for (uint64_t i = 0; i < count; i += 7) {
        uint32_t key = (uint32_t)(i * 4);
        const Record *hit = bsearch(&key, records, count, sizeof(Record), compare_key_to_record);
        if (hit != NULL) found += hit->key;
    }
    checksum = bench_mix(checksum, found);

    qsort(records, count, sizeof(Record), compare_by_score_descending);
    for (uint64_t i = 0; i < count; i++) {
        if (i > 0 && compare_by_score_descending(&records[i - 1], &records[i]) >= 0) {
            fprintf(stderr, "sort_callback: not sorted by score at %" PRIu64 "\n", i);
            return 1;
        }
        checksum = bench_mix(checksum, records[i].id ^ records[i].flags);
    }

    qsort(words, count, sizeof(char *), compare_strings);
    uint64_t distinct = 0;
    for (uint64_t i = 0; i < count; i++) {
        if (i > 0 && strcmp(words[i - 1], words[i]) > 0) {
            fprintf(stderr, "sort_callback: words not sorted at %" PRIu64 "\n", i);
            return 1;
        }
        if (i == 0 || strcmp(words[i - 1], words[i]) != 0) distinct++;
        /* Fold the word's letters in, not its address. */
        uint64_t word_hash = 0;
        for (const char *c = words[i]; *c != '\0'; c++) word_hash = word_hash * 31 + (uint8_t)*c;
        checksum = bench_mix(checksum, word_hash);
    }
    printf("records: %" PRIu64 ", keys found: %" PRIu64 ", distinct words: %" PRIu64
           ", first word: %s, top score: %d\n",
           count, found, distinct, words[0], records[0].score);
    bench_print_checksum(checksum);
    free(word_storage);
    free(words);
    free(records);
    return 0;
}
