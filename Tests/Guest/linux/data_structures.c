/* Guest test: pointer-heavy data structures.
 * Reference: ISO C11 6.7.2.1 (structures), 7.22.3 (malloc/free). A doubly linked list
 * (insert, remove, reverse, merge sort), a chained hash table with string keys and resizing,
 * and a binary search tree with in-order traversal and deletion. Exit status: 11. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

/* ---- doubly linked list ---- */
struct list_node {
    struct list_node *prev, *next;
    int value;
};

struct list {
    struct list_node *head, *tail;
    size_t length;
};

static void list_push_back(struct list *l, int value) {
    struct list_node *n = malloc(sizeof *n);
    n->value = value;
    n->next = NULL;
    n->prev = l->tail;
    if (l->tail) l->tail->next = n; else l->head = n;
    l->tail = n;
    l->length++;
}

static void list_remove(struct list *l, struct list_node *n) {
    if (n->prev) n->prev->next = n->next; else l->head = n->next;
    if (n->next) n->next->prev = n->prev; else l->tail = n->prev;
    l->length--;
    free(n);
}

static struct list_node *merge(struct list_node *a, struct list_node *b) {
    struct list_node dummy = {0}, *t = &dummy;
    while (a && b) {
        if (a->value <= b->value) { t->next = a; a = a->next; } else { t->next = b; b = b->next; }
        t = t->next;
    }
    t->next = a ? a : b;
    return dummy.next;
}

static struct list_node *merge_sort(struct list_node *h) {
    if (!h || !h->next) return h;
    struct list_node *slow = h, *fast = h->next;
    while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
    struct list_node *second = slow->next;
    slow->next = NULL;
    return merge(merge_sort(h), merge_sort(second));
}

static void list_fix_prev(struct list *l) {
    struct list_node *prev = NULL;
    for (struct list_node *n = l->head; n; n = n->next) { n->prev = prev; prev = n; }
    l->tail = prev;
}

/* ---- hash table ---- */
struct entry {
    char *key;
    long count;
    struct entry *next;
};

struct table {
    struct entry **buckets;
    size_t nbuckets, size, resizes;
};

static uint64_t fnv1a(const char *s) {
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void table_resize(struct table *t, size_t n) {
    struct entry **nb = calloc(n, sizeof *nb);
    for (size_t i = 0; i < t->nbuckets; i++) {
        struct entry *e = t->buckets[i];
        while (e) {
            struct entry *next = e->next;
            size_t b = fnv1a(e->key) % n;
            e->next = nb[b];
            nb[b] = e;
            e = next;
        }
    }
    free(t->buckets);
    t->buckets = nb;
    t->nbuckets = n;
    t->resizes++;
}

static struct entry *table_add(struct table *t, const char *key, long delta) {
    size_t b = fnv1a(key) % t->nbuckets;
    for (struct entry *e = t->buckets[b]; e; e = e->next)
        if (strcmp(e->key, key) == 0) { e->count += delta; return e; }
    struct entry *e = malloc(sizeof *e);
    e->key = strdup(key);
    e->count = delta;
    e->next = t->buckets[b];
    t->buckets[b] = e;
    if (++t->size > t->nbuckets * 2) table_resize(t, t->nbuckets * 2 + 1);
    return e;
}

static struct entry *table_find(struct table *t, const char *key) {
    for (struct entry *e = t->buckets[fnv1a(key) % t->nbuckets]; e; e = e->next)
        if (strcmp(e->key, key) == 0) return e;
    return NULL;
}

static int by_count_then_key(const void *a, const void *b) {
    const struct entry *x = *(struct entry *const *)a, *y = *(struct entry *const *)b;
    if (x->count != y->count) return x->count < y->count ? 1 : -1;
    return strcmp(x->key, y->key);
}

/* ---- binary search tree ---- */
struct tree {
    struct tree *left, *right;
    int key;
};

static struct tree *tree_insert(struct tree *t, int key) {
    if (!t) {
        t = calloc(1, sizeof *t);
        t->key = key;
        return t;
    }
    if (key < t->key) t->left = tree_insert(t->left, key);
    else if (key > t->key) t->right = tree_insert(t->right, key);
    return t;
}

static struct tree *tree_delete(struct tree *t, int key) {
    if (!t) return NULL;
    if (key < t->key) t->left = tree_delete(t->left, key);
    else if (key > t->key) t->right = tree_delete(t->right, key);
    else {
        if (!t->left || !t->right) {
            struct tree *child = t->left ? t->left : t->right;
            free(t);
            return child;
        }
        struct tree *m = t->right;
        while (m->left) m = m->left;
        t->key = m->key;
        t->right = tree_delete(t->right, m->key);
    }
    return t;
}

static int tree_height(const struct tree *t) {
    if (!t) return 0;
    int l = tree_height(t->left), r = tree_height(t->right);
    return 1 + (l > r ? l : r);
}

static void tree_inorder(const struct tree *t, long *count, long *weighted) {
    if (!t) return;
    tree_inorder(t->left, count, weighted);
    ++*count;
    *weighted += *count * t->key;
    tree_inorder(t->right, count, weighted);
}

static void tree_free(struct tree *t) {
    if (!t) return;
    tree_free(t->left);
    tree_free(t->right);
    free(t);
}

int main(void) {
    /* list */
    struct list l = {0};
    uint32_t seed = 2463534242u;
    for (int i = 0; i < 5000; i++) {
        seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
        list_push_back(&l, (int)(seed % 10000));
    }
    /* remove every node whose value is divisible by 3 */
    for (struct list_node *n = l.head; n;) {
        struct list_node *next = n->next;
        if (n->value % 3 == 0) list_remove(&l, n);
        n = next;
    }
    printf("list after removals: length=%zu head=%d tail=%d\n", l.length, l.head->value, l.tail->value);
    l.head = merge_sort(l.head);
    list_fix_prev(&l);
    int sorted = 1;
    long back_sum = 0;
    for (struct list_node *n = l.head; n && n->next; n = n->next) sorted &= n->value <= n->next->value;
    for (struct list_node *n = l.tail; n; n = n->prev) back_sum += n->value;
    printf("list sorted=%d min=%d max=%d backward sum=%ld\n", sorted, l.head->value, l.tail->value, back_sum);
    while (l.head) list_remove(&l, l.head);
    printf("list emptied: length=%zu\n", l.length);

    /* hash table: word counts of generated text */
    static const char *syllables[] = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi"};
    struct table t = {calloc(7, sizeof(struct entry *)), 7, 0, 0};
    long words = 0;
    for (int i = 0; i < 6000; i++) {
        char word[16] = "";
        seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
        int len = 1 + (int)(seed % 3);
        for (int k = 0; k < len; k++) strcat(word, syllables[(seed >> (4 + 3 * k)) % 8]);
        table_add(&t, word, 1);
        words++;
    }
    printf("hash: words=%ld distinct=%zu buckets=%zu resizes=%zu\n", words, t.size, t.nbuckets, t.resizes);
    struct entry **all = malloc(t.size * sizeof *all);
    size_t k = 0, longest_chain = 0;
    for (size_t b = 0; b < t.nbuckets; b++) {
        size_t chain = 0;
        for (struct entry *e = t.buckets[b]; e; e = e->next) { all[k++] = e; chain++; }
        if (chain > longest_chain) longest_chain = chain;
    }
    qsort(all, k, sizeof *all, by_count_then_key);
    printf("hash: top words:");
    for (int i = 0; i < 8; i++) printf(" %s=%ld", all[i]->key, all[i]->count);
    printf("\nhash: longest chain <= 12: %d\n", longest_chain <= 12);
    struct entry *found = table_find(&t, "kaka");
    printf("hash: find kaka -> %ld, find zzz -> %s\n", found ? found->count : -1L, table_find(&t, "zzz") ? "found" : "absent");
    for (size_t i = 0; i < k; i++) { free(all[i]->key); free(all[i]); }
    free(all);
    free(t.buckets);

    /* tree */
    struct tree *root = NULL;
    for (int i = 0; i < 3000; i++) {
        seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
        root = tree_insert(root, (int)(seed % 100000));
    }
    long count = 0, weighted = 0;
    tree_inorder(root, &count, &weighted);
    printf("tree: nodes=%ld height=%d weighted=%ld\n", count, tree_height(root), weighted);
    for (int key = 0; key < 100000; key += 7) root = tree_delete(root, key);
    count = weighted = 0;
    tree_inorder(root, &count, &weighted);
    printf("tree after deletes: nodes=%ld height=%d weighted=%ld\n", count, tree_height(root), weighted);
    tree_free(root);
    return 11;
}
