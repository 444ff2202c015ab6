// fork + wait4/waitpid: exit statuses, children killed by signals (WIFSIGNALED, WTERMSIG), WNOHANG,
// ECHILD, copy-on-write memory, MAP_SHARED memory shared with the child, getppid, rusage.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static int global_value = 10;

static void describe(const char *what, int status) {
    if (WIFEXITED(status)) printf("%s: exited %d\n", what, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) printf("%s: killed by signal %d\n", what, WTERMSIG(status));
    else printf("%s: other status 0x%x\n", what, status);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t self = getpid();
    int statuses[] = {0, 7, 255, 300};
    for (int i = 0; i < 4; i++) {
        pid_t child = fork();
        if (child < 0) { perror("fork"); return 1; }
        if (child == 0) {
            global_value = 99;
            _exit(statuses[i]);
        }
        int status = 0;
        pid_t waited = waitpid(child, &status, 0);
        char label[64];
        snprintf(label, sizeof label, "exit(%d), waited right pid %d", statuses[i], waited == child);
        describe(label, status);
    }
    printf("parent global still %d\n", global_value);

    // The child's view: its own pid, the parent's pid.
    pid_t child = fork();
    if (child == 0) {
        printf("child: getppid is parent %d, pid differs %d\n", getppid() == self, getpid() != self);
        exit(3);
    }
    int status;
    struct rusage usage;
    memset(&usage, 0xff, sizeof usage);
    pid_t waited = wait4(child, &status, 0, &usage);
    describe("wait4 with rusage", status);
    printf("wait4 returned the child %d, rusage filled %d\n", waited == child, usage.ru_utime.tv_sec >= 0 && usage.ru_utime.tv_sec < 100);

    // Killed by signals.
    int signals_to_send[] = {SIGKILL, SIGTERM, SIGUSR1};
    for (int i = 0; i < 3; i++) {
        int ready[2];
        pipe(ready);
        child = fork();
        if (child == 0) {
            close(ready[0]);
            write(ready[1], "r", 1);
            for (;;) pause();
        }
        close(ready[1]);
        char byte;
        read(ready[0], &byte, 1);
        close(ready[0]);
        kill(child, signals_to_send[i]);
        waitpid(child, &status, 0);
        char label[64];
        snprintf(label, sizeof label, "kill(child, %d)", signals_to_send[i]);
        describe(label, status);
    }
    child = fork();
    if (child == 0) abort();
    waitpid(child, &status, 0);
    describe("child calls abort", status);
    child = fork();
    if (child == 0) { volatile int *null = 0; *null = 1; _exit(0); }
    waitpid(child, &status, 0);
    describe("child writes through NULL", status);
    child = fork();
    if (child == 0) { raise(SIGTERM); _exit(0); }
    waitpid(child, &status, 0);
    describe("child raises SIGTERM", status);

    // WNOHANG while the child runs, then a blocking wait.
    int gate[2];
    pipe(gate);
    child = fork();
    if (child == 0) {
        close(gate[1]);
        char byte;
        read(gate[0], &byte, 1);
        _exit(5);
    }
    close(gate[0]);
    printf("WNOHANG while running: %d\n", waitpid(child, &status, WNOHANG));
    write(gate[1], "g", 1);
    close(gate[1]);
    waited = waitpid(-1, &status, 0);
    printf("waitpid(-1) got the child %d\n", waited == child);
    describe("after the gate", status);
    errno = 0;
    printf("no children left: %d errno ECHILD %d\n", waitpid(-1, &status, 0), errno == ECHILD);

    // Shared and private memory.
    int *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int *private_map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int *heap = malloc(sizeof(int));
    *shared = 1; *private_map = 1; *heap = 1;
    child = fork();
    if (child == 0) {
        *shared = 42; *private_map = 42; *heap = 42;
        _exit(0);
    }
    waitpid(child, &status, 0);
    printf("after the child wrote 42: shared %d, private %d, heap %d\n", *shared, *private_map, *heap);

    // Many children at once, reaped in any order.
    int total = 0;
    for (int i = 1; i <= 8; i++) if (fork() == 0) _exit(i);
    for (int i = 0; i < 8; i++) { wait(&status); total += WEXITSTATUS(status); }
    printf("eight children, statuses sum %d\n", total);
    return 0;
}
