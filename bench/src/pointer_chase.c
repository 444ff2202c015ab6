/*
 * pointer_chase: walking a linked structure scattered over memory (memory latency).
 *
 * Builds `scale` list nodes in one array and links them into a single cycle in random order
 * (Sattolo's shuffle), so every step of the walk is a dependent load to an unpredictable
 * address, as in a garbage collector's mark phase or an interpreter walking object graphs.
 * Then walks the cycle about eight times around, reading and updating each node's payload.
 * At the default size the nodes (16 bytes each) cover 16 MiB, beyond the caches and the TLB's reach.
 *
 * Scale: number of nodes (default 1,048,576); the walk takes about 8 * scale steps.
 */
#include "bench.h"

typedef struct Node {
    struct Node *next;
    uint64_t payload;
} Node;

int main(int argc, char **argv) {
    uint64_t count = bench_scale(argc, argv, 1048576);
    if (count < 2) count = 2;
    Node *nodes = malloc(count * sizeof(Node));
    uint32_t *order = malloc(count * sizeof(uint32_t));
    if (nodes == NULL || order == NULL) {
        fprintf(stderr, "pointer_chase: out of memory\n");
        return 1;
    }

    /* Sattolo's algorithm: a uniformly random permutation that is one single cycle. */
    BenchRandom random = {0x5eed0001};
    for (uint64_t i = 0; i < count; i++) order[i] = (uint32_t)i;
    for (uint64_t i = count - 1; i > 0; i--) {
        uint64_t j = bench_random_below(&random, i);
        uint32_t swap = order[i];
        order[i] = order[j];
        order[j] = swap;
    }
    for (uint64_t i = 0; i < count; i++) {
        Node *node = &nodes[order[i]];
        node->next = &nodes[order[(i + 1) % count]];
        node->payload = bench_random_next(&random) & 0xffff;
    }

    uint64_t checksum = 0;
    uint64_t steps = 8 * count + count / 3; /* not a whole number of laps: ends mid-cycle */
    Node *node = &nodes[0];
    for (uint64_t step = 0; step < steps; step++) {
        checksum += node->payload ^ step;
        node->payload += step & 7;
        node = node->next;
    }
    /* Where the walk stopped, as an index, so the checksum does not depend on addresses. */
    uint64_t stopped_at = (uint64_t)(node - nodes);
    checksum = bench_mix(checksum, stopped_at);

    printf("nodes: %" PRIu64 ", steps: %" PRIu64 ", stopped at node %" PRIu64 "\n", count, steps,
           stopped_at);
    bench_print_checksum(checksum);
    free(order);
    free(nodes);
    return 0;
}
