// fork with a pipe each way and with a socketpair: the parent sends lines, the child transforms them
// and answers; EOF when the writer closes; vfork + _exit (the parent resumes after the child).
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void upper_child(int input, int output) {
    char buffer[256];
    ssize_t count;
    while ((count = read(input, buffer, sizeof buffer)) > 0) {
        for (ssize_t i = 0; i < count; i++) buffer[i] = (char)toupper((unsigned char)buffer[i]);
        write(output, buffer, (size_t)count);
    }
    _exit(count == 0 ? 0 : 1);
}

static void read_all(int descriptor, const char *label) {
    char buffer[1024];
    size_t total = 0;
    ssize_t count;
    while ((count = read(descriptor, buffer + total, sizeof buffer - 1 - total)) > 0) total += (size_t)count;
    buffer[total] = 0;
    printf("%s: [%s] (%zu bytes)\n", label, buffer, total);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int down[2], up[2];
    pipe(down);
    pipe(up);
    pid_t child = fork();
    if (child == 0) {
        close(down[1]);
        close(up[0]);
        upper_child(down[0], up[1]);
    }
    close(down[0]);
    close(up[1]);
    const char *text = "hello child, pipes between processes";
    write(down[1], text, strlen(text));
    close(down[1]);
    read_all(up[0], "pipe answer");
    close(up[0]);
    int status;
    waitpid(child, &status, 0);
    printf("pipe child exited %d\n", WEXITSTATUS(status));

    int pair[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
    child = fork();
    if (child == 0) {
        close(pair[0]);
        char buffer[128];
        ssize_t count = recv(pair[1], buffer, sizeof buffer, 0);
        for (ssize_t i = 0; i < count; i++) buffer[i] = (char)toupper((unsigned char)buffer[i]);
        send(pair[1], buffer, (size_t)count, 0);
        shutdown(pair[1], SHUT_WR);
        _exit(4);
    }
    close(pair[1]);
    send(pair[0], "over a socketpair", 17, 0);
    read_all(pair[0], "socketpair answer");
    waitpid(child, &status, 0);
    printf("socketpair child exited %d\n", WEXITSTATUS(status));

    // A child that inherits stdout writes into the same pipe as the parent, in order.
    child = fork();
    if (child == 0) {
        printf("child line on the shared stdout\n");
        _exit(0);
    }
    waitpid(child, &status, 0);
    printf("parent line after the child's\n");

    // vfork: the child runs first and exits; the parent goes on after it.
    int marker[2];
    pipe(marker);
    child = vfork();
    if (child == 0) {
        write(marker[1], "v", 1);
        _exit(6);
    }
    char byte = 0;
    ssize_t got = read(marker[0], &byte, 1);
    waitpid(child, &status, 0);
    printf("vfork child wrote %zd byte '%c' and exited %d\n", got, byte, WEXITSTATUS(status));
    return 0;
}
