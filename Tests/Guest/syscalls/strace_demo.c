/* Guest test for `morph run --strace`: a few system calls with arguments and results whose strace
 * lines are known exactly (strace(1) output format). Raw syscall() keeps glibc from adding calls. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    syscall(SYS_write, 1, "hi\n", 3);
    syscall(SYS_write, 1, "tab\there \"quoted\" back\\slash\001\0002\n", 32);
    syscall(SYS_openat, AT_FDCWD, "/nonexistent/morph-strace", O_RDONLY | O_CLOEXEC);
    syscall(SYS_openat, AT_FDCWD, "/nonexistent/new", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    syscall(SYS_close, -1);
    syscall(SYS_lseek, -1, 0, SEEK_CUR);
    syscall(1000, 1, 2, 3, 4, 5, 6);
    syscall(SYS_mprotect, 0x10000, 0, PROT_READ | PROT_EXEC);
    struct timespec request = { 0, 1000 };
    syscall(SYS_nanosleep, &request, NULL);
    syscall(SYS_write, 1, "a long line of output that is longer than thirty-two bytes\n", 59);
    syscall(SYS_exit_group, 3);
    return 0;
}
