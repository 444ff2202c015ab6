/* Guest test: touching a file mapping beyond the end of the file is a SIGBUS (mmap(2): "SIGBUS:
 * Attempted access to a page of the buffer that lies beyond the end of the mapped file"), while the
 * rest of the file's last page reads as zeros. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
    char path[] = "/tmp/morph-sigbus-XXXXXX";
    int fd = mkstemp(path);
    write(fd, "short file", 10);
    volatile char *map = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
    unlink(path);
    printf("first byte %c, byte 100 is %d\n", map[0], map[100]);
    printf("beyond: %p\n", (void *)(map + 4096));
    fflush(stdout);
    return map[4096];
}
