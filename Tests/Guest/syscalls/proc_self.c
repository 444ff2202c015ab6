/* Guest test: the /proc files that describe the program (Linux man-pages: proc(5)): /proc/self/exe
 * names this program, /proc/self/maps lists its own mappings (the program's path, [heap] after a
 * malloc, [stack] holding a local variable), /proc/self/auxv holds its auxiliary vector (the same
 * values getauxval returns), /proc/cpuinfo describes riscv64 harts.
 * qemu 7.2 shows the host's /proc/cpuinfo (x86-64 processors; its riscv64 text came in qemu 8) and
 * does not name the brk area [heap], so the expectation is Linux's, written down in proc_self.expected. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static char contents[1 << 16];

static long slurp(const char *path) {
    int descriptor = open(path, O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) return -errno;
    long used = 0, count;
    while ((count = read(descriptor, contents + used, sizeof contents - 1 - used)) > 0) used += count;
    contents[used] = 0;
    close(descriptor);
    return used;
}

int main(int argc, char **argv) {
    (void)argc;
    char exe[PATH_MAX] = {0}, real[PATH_MAX];
    long length = readlink("/proc/self/exe", exe, sizeof exe - 1);
    realpath(argv[0], real);
    printf("readlink /proc/self/exe: absolute %d, names this program %d\n", length > 0 && exe[0] == '/',
           strcmp(exe, real) == 0);
    int self = open("/proc/self/exe", O_RDONLY);
    char magic[4] = {0};
    read(self, magic, 4);
    printf("/proc/self/exe opens an ELF file: %d\n", memcmp(magic, "\177ELF", 4) == 0);
    close(self);

    void *heap = malloc(100);
    int local = 0;
    slurp("/proc/self/maps");
    int program_lines = 0, stack_holds_local = 0, heap_holds_malloc = 0, well_formed = 1;
    for (char *line = strtok(contents, "\n"); line; line = strtok(NULL, "\n")) {
        unsigned long start, end, offset, inode;
        char permissions[5], device[16];
        int name_at = 0;
        if (sscanf(line, "%lx-%lx %4s %lx %15s %lu %n", &start, &end, permissions, &offset, device, &inode,
                   &name_at) < 6) {
            well_formed = 0;
            continue;
        }
        const char *name = line + name_at;
        if (strcmp(name, real) == 0) program_lines++;
        if (strcmp(name, "[stack]") == 0 && start <= (uintptr_t)&local && (uintptr_t)&local < end)
            stack_holds_local = 1;
        if (strcmp(name, "[heap]") == 0 && start <= (uintptr_t)heap && (uintptr_t)heap < end
            && permissions[0] == 'r' && permissions[1] == 'w')
            heap_holds_malloc = 1;
    }
    printf("/proc/self/maps: well formed %d, program mapped %d, [stack] holds a local %d, [heap] holds "
           "malloc's block %d\n", well_formed, program_lines > 0, stack_holds_local, heap_holds_malloc);

    long size = slurp("/proc/self/auxv");
    Elf64_auxv_t *entries = (Elf64_auxv_t *)contents;
    long count = size / (long)sizeof(Elf64_auxv_t);
    int matches = 0, ends_with_null = count > 0 && entries[count - 1].a_type == AT_NULL;
    for (long i = 0; i < count; i++) {
        unsigned long type = entries[i].a_type;
        if (type == AT_PAGESZ || type == AT_ENTRY || type == AT_PHDR || type == AT_HWCAP || type == AT_RANDOM)
            matches += entries[i].a_un.a_val == getauxval(type);
    }
    printf("/proc/self/auxv: whole pairs %d, AT_NULL last %d, 5 entries match getauxval %d\n",
           size % 16 == 0, ends_with_null, matches == 5);

    slurp("/proc/cpuinfo");
    int processors = 0;
    for (char *p = contents; (p = strstr(p, "processor\t: ")); p++) processors++;
    printf("/proc/cpuinfo: processors %d, rv64 %d, mmu sv39 %d, hart %d\n", processors > 0,
           strstr(contents, "isa\t\t: rv64imafdc") != NULL, strstr(contents, "mmu\t\t: sv39") != NULL,
           strstr(contents, "hart\t\t: ") != NULL);
    return 0;
}
