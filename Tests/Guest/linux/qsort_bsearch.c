/* Guest test: qsort and bsearch with comparison callbacks (indirect calls into user code).
 * Reference: ISO C11 7.22.5 (searching and sorting utilities), glibc msort/qsort.
 * Sorts ints, doubles, strings and records (multi-key, stable check via index), in both
 * directions, then looks up present and absent keys with bsearch. Exit status: 7 on success. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long compare_calls = 0;

static int cmp_int(const void *a, const void *b) {
    compare_calls++;
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_int_desc(const void *a, const void *b) { return cmp_int(b, a); }

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct record {
    char name[12];
    int age;
    int original_index;
};

static int cmp_record(const void *a, const void *b) {
    const struct record *x = a, *y = b;
    if (x->age != y->age) return x->age - y->age;
    int c = strcmp(x->name, y->name);
    if (c) return c;
    return x->original_index - y->original_index;
}

static unsigned long long rng = 12345;

static unsigned next_random(void) {
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(rng >> 33);
}

int main(void) {
    enum { N = 20000 };
    static int ints[N];
    for (int i = 0; i < N; i++) ints[i] = (int)(next_random() % 100000) - 50000;
    qsort(ints, N, sizeof ints[0], cmp_int);
    int sorted = 1;
    long long sum = 0;
    for (int i = 0; i < N; i++) {
        if (i && ints[i - 1] > ints[i]) sorted = 0;
        sum += (long long)ints[i] * (i % 7);
    }
    printf("ints: sorted=%d min=%d max=%d median=%d weighted=%lld\n", sorted, ints[0], ints[N - 1], ints[N / 2], sum);
    printf("ints: first10");
    for (int i = 0; i < 10; i++) printf(" %d", ints[i]);
    printf("\n");

    int found = 0, absent = 0;
    for (int key = -50000; key < 50000; key += 37) {
        int *p = bsearch(&key, ints, N, sizeof ints[0], cmp_int);
        if (p) {
            found++;
            if (*p != key) printf("bsearch returned wrong element\n");
        } else {
            absent++;
        }
    }
    printf("bsearch: found=%d absent=%d\n", found, absent);

    qsort(ints, N, sizeof ints[0], cmp_int_desc);
    printf("desc: first=%d last=%d\n", ints[0], ints[N - 1]);
    printf("compare calls > N log N / 2: %d\n", compare_calls > (unsigned long)N * 7);

    /* Already sorted, reverse sorted and all-equal inputs. */
    static int special[1000];
    for (int kind = 0; kind < 3; kind++) {
        for (int i = 0; i < 1000; i++) special[i] = kind == 0 ? i : kind == 1 ? 1000 - i : 5;
        qsort(special, 1000, sizeof special[0], cmp_int);
        int ok = 1;
        for (int i = 1; i < 1000; i++) ok &= special[i - 1] <= special[i];
        printf("special kind %d ok=%d first=%d last=%d\n", kind, ok, special[0], special[999]);
    }

    double doubles[64];
    for (int i = 0; i < 64; i++) doubles[i] = ((int)(next_random() % 2001) - 1000) / 7.0;
    qsort(doubles, 64, sizeof doubles[0], cmp_double);
    printf("doubles:");
    for (int i = 0; i < 64; i += 8) printf(" %.6f", doubles[i]);
    printf("\n");

    const char *words[] = {"pear", "apple", "fig", "banana", "kiwi", "cherry", "date", "grape", "lemon", "mango",
                           "apricot", "Zebra", "zebra", "", "apple pie", "Apple"};
    size_t nwords = sizeof words / sizeof words[0];
    qsort(words, nwords, sizeof words[0], cmp_str);
    printf("words:");
    for (size_t i = 0; i < nwords; i++) printf(" [%s]", words[i]);
    printf("\n");
    const char *key = "kiwi";
    const char **hit = bsearch(&key, words, nwords, sizeof words[0], cmp_str);
    printf("bsearch kiwi -> index %ld\n", hit ? (long)(hit - words) : -1L);
    key = "melon";
    hit = bsearch(&key, words, nwords, sizeof words[0], cmp_str);
    printf("bsearch melon -> %s\n", hit ? "found" : "absent");

    static struct record recs[300];
    static const char *names[] = {"ann", "bob", "cid", "dee", "eve"};
    for (int i = 0; i < 300; i++) {
        snprintf(recs[i].name, sizeof recs[i].name, "%s%u", names[next_random() % 5], next_random() % 3);
        recs[i].age = 20 + (int)(next_random() % 10);
        recs[i].original_index = i;
    }
    qsort(recs, 300, sizeof recs[0], cmp_record);
    int ok = 1;
    for (int i = 1; i < 300; i++) ok &= cmp_record(&recs[i - 1], &recs[i]) < 0;
    printf("records ok=%d:", ok);
    for (int i = 0; i < 300; i += 30) printf(" %s/%d/%d", recs[i].name, recs[i].age, recs[i].original_index);
    printf("\n");
    return 7;
}
