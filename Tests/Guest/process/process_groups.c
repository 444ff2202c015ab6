// Process groups and sessions: getpgrp/getpgid/setpgid/getsid/setsid in parent and children, the
// errors a shell meets (EPERM for a session leader, ESRCH, EACCES after exec is not tested), kill to a
// process group, tcgetpgrp on a non-terminal (ENOTTY).
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t self = getpid();
    printf("getpgrp == getpgid(0): %d\n", getpgrp() == getpgid(0));
    printf("getsid(0) == getsid(self): %d\n", getsid(0) == getsid(self));

    int report[2];
    pipe(report);
    pid_t child = fork();
    if (child == 0) {
        pid_t me = getpid();
        int in_parent_group = getpgrp() == getpgid(getppid());
        int became_leader = setpgid(0, 0) == 0 && getpgrp() == me;
        pid_t session = setsid();  // fails: a group leader cannot start a session
        int setsid_eperm = session == -1 && errno == EPERM;
        char line[160];
        int length = snprintf(line, sizeof line, "child: in parent's group %d, own group %d, setsid as leader EPERM %d\n",
                              in_parent_group, became_leader, setsid_eperm);
        write(report[1], line, (size_t)length);
        pid_t grandchild = fork();
        if (grandchild == 0) {
            pid_t new_session = setsid();
            int ok = new_session == getpid() && getsid(0) == getpid() && getpgrp() == getpid();
            int eperm = setpgid(0, getppid()) == -1 && errno == EPERM;
            length = snprintf(line, sizeof line, "grandchild: setsid made session and group %d, setpgid across sessions EPERM %d\n",
                              ok, eperm);
            write(report[1], line, (size_t)length);
            _exit(0);
        }
        int status;
        waitpid(grandchild, &status, 0);
        _exit(0);
    }
    close(report[1]);
    int status;
    waitpid(child, &status, 0);
    char buffer[512];
    ssize_t count = read(report[0], buffer, sizeof buffer - 1);
    buffer[count > 0 ? count : 0] = 0;
    printf("%s", buffer);

    errno = 0;
    printf("setpgid of a reaped child: %d ESRCH %d\n", setpgid(child, child), errno == ESRCH);
    errno = 0;
    printf("getpgid(-1): %d ESRCH-or-EINVAL %d\n", getpgid(-1), errno == ESRCH || errno == EINVAL);

    // Three children in their own group, killed with one kill(-pgid).
    pid_t leader = 0;
    int ready[2];
    pipe(ready);
    for (int i = 0; i < 3; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            write(ready[1], "r", 1);
            for (;;) pause();
        }
        if (i == 0) leader = pid;
        setpgid(pid, leader);
    }
    char byte;
    for (int i = 0; i < 3; i++) read(ready[0], &byte, 1);
    printf("kill(-group, SIGTERM): %d\n", kill(-leader, SIGTERM));
    int killed = 0;
    for (int i = 0; i < 3; i++) {
        wait(&status);
        killed += WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM;
    }
    printf("children killed by SIGTERM: %d\n", killed);
    printf("still in own group: %d\n", getpgrp() != leader);

    int pipe_ends[2];
    pipe(pipe_ends);
    errno = 0;
    printf("tcgetpgrp(pipe): %d ENOTTY %d\n", tcgetpgrp(pipe_ends[0]), errno == ENOTTY);
    errno = 0;
    printf("tcsetpgrp(pipe): %d ENOTTY %d\n", tcsetpgrp(pipe_ends[0], getpgrp()), errno == ENOTTY);
    return 0;
}
