/* Guest test, client half of a loopback TCP echo (Linux man-pages: socket(2), connect(2),
 * getsockname(2), getpeername(2), sendto(2), recvfrom(2), sendmsg(2), shutdown(2); ip(7), ipv6(7)).
 * Usage: tcp_client inet|inet6 PORT. Sends lines, prints the upper-cased echoes, shuts down its
 * writing side and reads the server's EOF. Exit status: 0 when every echo came back. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void check(const char *what, long result) {
    if (result < 0) printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else printf("%s: ok\n", what);
}

/* Reads one line (up to '\n') from the connection. */
static int read_line(int connection, char *line, size_t size) {
    size_t used = 0;
    while (used + 1 < size) {
        ssize_t count = recvfrom(connection, line + used, 1, 0, NULL, NULL);
        if (count <= 0) break;
        if (line[used++] == '\n') break;
    }
    line[used] = 0;
    return (int)used;
}

int main(int argc, char **argv) {
    if (argc != 3) return 100;
    int six = strcmp(argv[1], "inet6") == 0;
    int family = six ? AF_INET6 : AF_INET;
    int port = atoi(argv[2]);
    int connection = socket(family, SOCK_STREAM, 0);
    check("socket", connection);
    struct sockaddr_storage address;
    memset(&address, 0, sizeof address);
    socklen_t size;
    if (six) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&address;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        in6->sin6_addr = in6addr_loopback;
        size = sizeof *in6;
    } else {
        struct sockaddr_in *in = (struct sockaddr_in *)&address;
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        inet_pton(AF_INET, "127.0.0.1", &in->sin_addr);
        size = sizeof *in;
    }
    check("connect", connect(connection, (struct sockaddr *)&address, size));
    struct sockaddr_storage local, remote;
    socklen_t length = sizeof local;
    check("getsockname", getsockname(connection, (struct sockaddr *)&local, &length));
    printf("local family right %d, length %u\n", local.ss_family == family, length);
    length = sizeof remote;
    check("getpeername", getpeername(connection, (struct sockaddr *)&remote, &length));
    int remote_port = six ? ntohs(((struct sockaddr_in6 *)&remote)->sin6_port) : ntohs(((struct sockaddr_in *)&remote)->sin_port);
    printf("peer port is the server's %d, length %u\n", remote_port == port, length);
    /* A short address buffer: the length reports the full size, the copy is cut. */
    struct sockaddr_in small;
    length = 4;
    check("getpeername into 4 bytes", getpeername(connection, (struct sockaddr *)&small, &length));
    printf("  reported length %u\n", length);

    const char *lines[] = {"hello, server\n", "a second line\n", "riscv64 over loopback\n"};
    int echoed = 0;
    for (int i = 0; i < 3; i++) {
        if (i == 1) {
            struct iovec parts[2] = {{(void *)lines[i], 9}, {(void *)(lines[i] + 9), strlen(lines[i]) - 9}};
            struct msghdr message = {.msg_iov = parts, .msg_iovlen = 2};
            sendmsg(connection, &message, 0);
        } else {
            sendto(connection, lines[i], strlen(lines[i]), 0, NULL, 0);
        }
        char line[256];
        read_line(connection, line, sizeof line);
        printf("echo: %s", line);
        if (strlen(line) == strlen(lines[i])) echoed++;
    }
    check("shutdown SHUT_WR", shutdown(connection, SHUT_WR));
    char rest[16];
    printf("read after shutdown: %zd (EOF)\n", recv(connection, rest, sizeof rest, 0));
    close(connection);
    return echoed == 3 ? 0 : 1;
}
