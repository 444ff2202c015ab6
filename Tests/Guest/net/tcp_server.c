/* Guest test, server half of a loopback TCP echo (Linux man-pages: socket(2), bind(2), listen(2),
 * accept4(2), getsockname(2), getpeername(2), setsockopt(2), recv(2), send(2), shutdown(2); ip(7),
 * ipv6(7)). Usage: tcp_server inet|inet6 PORTFILE. It binds an ephemeral port on the loopback address,
 * writes the port number to PORTFILE (through a temporary name, renamed when complete) and serves one
 * client: every line it receives goes back upper-cased, until the client shuts down its side. Only
 * deterministic facts are printed (never the port). Exit status: the number of lines served. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void check(const char *what, long result) {
    if (result < 0) printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else printf("%s: ok\n", what);
}

int main(int argc, char **argv) {
    if (argc != 3) return 100;
    int six = strcmp(argv[1], "inet6") == 0;
    int family = six ? AF_INET6 : AF_INET;
    int listener = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    check("socket", listener);
    int on = 1;
    check("setsockopt SO_REUSEADDR", setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on));
    int value = 0;
    socklen_t length = sizeof value;
    getsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &value, &length);
    printf("SO_REUSEADDR reads back %d\n", value != 0);
    struct sockaddr_storage address;
    memset(&address, 0, sizeof address);
    socklen_t size;
    if (six) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&address;
        in6->sin6_family = AF_INET6;
        in6->sin6_addr = in6addr_loopback;
        size = sizeof *in6;
    } else {
        struct sockaddr_in *in = (struct sockaddr_in *)&address;
        in->sin_family = AF_INET;
        in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        size = sizeof *in;
    }
    check("bind", bind(listener, (struct sockaddr *)&address, size));
    check("listen", listen(listener, 4));
    struct sockaddr_storage bound;
    length = sizeof bound;
    check("getsockname", getsockname(listener, (struct sockaddr *)&bound, &length));
    int port = six ? ntohs(((struct sockaddr_in6 *)&bound)->sin6_port) : ntohs(((struct sockaddr_in *)&bound)->sin_port);
    printf("bound family %s, length %u, port nonzero %d\n", bound.ss_family == family ? "right" : "wrong",
           length, port != 0);
    char temporary[4096];
    snprintf(temporary, sizeof temporary, "%s.tmp", argv[2]);
    FILE *file = fopen(temporary, "w");
    if (!file) return 101;
    fprintf(file, "%d\n", port);
    fclose(file);
    rename(temporary, argv[2]);
    fflush(stdout);

    struct sockaddr_storage peer;
    length = sizeof peer;
    int connection = accept4(listener, (struct sockaddr *)&peer, &length, SOCK_CLOEXEC);
    check("accept4", connection);
    char text[INET6_ADDRSTRLEN] = "";
    if (six) inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&peer)->sin6_addr, text, sizeof text);
    else inet_ntop(AF_INET, &((struct sockaddr_in *)&peer)->sin_addr, text, sizeof text);
    printf("peer %s, length %u\n", text, length);
    struct sockaddr_storage again;
    length = sizeof again;
    check("getpeername", getpeername(connection, (struct sockaddr *)&again, &length));
    printf("getpeername matches accept: %d\n", memcmp(&again, &peer, length) == 0);
    check("setsockopt TCP_NODELAY", setsockopt(connection, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on));
    length = sizeof value;
    getsockopt(connection, IPPROTO_TCP, TCP_NODELAY, &value, &length);
    printf("TCP_NODELAY reads back %d\n", value != 0);

    /* Echo lines upper-cased until EOF. */
    char line[256];
    size_t used = 0;
    int lines = 0;
    for (;;) {
        ssize_t count = recv(connection, line + used, sizeof line - 1 - used, 0);
        if (count < 0) { check("recv", count); break; }
        if (count == 0) break;
        used += count;
        char *newline;
        while ((newline = memchr(line, '\n', used))) {
            size_t n = newline - line + 1;
            for (size_t i = 0; i < n; i++) line[i] = toupper((unsigned char)line[i]);
            send(connection, line, n, MSG_NOSIGNAL);
            memmove(line, line + n, used - n);
            used -= n;
            lines++;
        }
    }
    printf("served %d lines, EOF seen\n", lines);
    check("shutdown", shutdown(connection, SHUT_RDWR));
    close(connection);
    close(listener);
    return lines;
}
