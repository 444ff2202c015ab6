// prctl: PR_SET_NAME / PR_GET_NAME per thread (truncation to 15 bytes, inherited by new threads and
// by fork children), PR_SET_PDEATHSIG / PR_GET_PDEATHSIG, an unknown option (EINVAL).
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static void *thread_main(void *argument) {
    char name[16] = {0};
    prctl(PR_GET_NAME, name);
    printf("new thread starts as [%s]\n", name);
    prctl(PR_SET_NAME, "worker");
    prctl(PR_GET_NAME, name);
    printf("thread renamed itself [%s]\n", name);
    return argument;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    char name[16];
    memset(name, 'x', sizeof name);
    printf("set: %d\n", prctl(PR_SET_NAME, "main-thread"));
    printf("get: %d\n", prctl(PR_GET_NAME, name));
    printf("name [%s], byte 15 is NUL %d\n", name, name[15] == 0);
    prctl(PR_SET_NAME, "a-name-longer-than-fifteen-bytes");
    memset(name, 'x', sizeof name);
    prctl(PR_GET_NAME, name);
    printf("truncated [%s] length %zu\n", name, strlen(name));
    prctl(PR_SET_NAME, "main");

    pthread_t thread;
    pthread_create(&thread, NULL, thread_main, NULL);
    pthread_join(thread, NULL);
    prctl(PR_GET_NAME, name);
    printf("main still [%s]\n", name);

    pid_t child = fork();
    if (child == 0) {
        char inherited[16] = {0};
        prctl(PR_GET_NAME, inherited);
        printf("fork child inherits [%s]\n", inherited);
        int signal = -1;
        prctl(PR_GET_PDEATHSIG, &signal);
        printf("child death signal initially %d\n", signal);
        printf("set PDEATHSIG SIGUSR1: %d\n", prctl(PR_SET_PDEATHSIG, SIGUSR1));
        prctl(PR_GET_PDEATHSIG, &signal);
        printf("child death signal now %d\n", signal);
        errno = 0;
        printf("PDEATHSIG 1000: %d EINVAL %d\n", prctl(PR_SET_PDEATHSIG, 1000), errno == EINVAL);
        _exit(0);
    }
    int status;
    waitpid(child, &status, 0);
    errno = 0;
    printf("unknown option: %d EINVAL %d\n", prctl(0x7fff0000, 0, 0, 0, 0), errno == EINVAL);
    return 0;
}
