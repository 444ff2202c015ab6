/* Guest test: socket calls given bad arguments fail with the errno Linux gives and the process goes on
 * (Linux man-pages: socket(2), bind(2), connect(2), accept(2), getsockname(2), getsockopt(2),
 * sendmsg(2), recvmsg(2), socketpair(2), and net/socket.c's checks). Bad pointers (NULL, beyond the
 * address space, read-only), bad lengths, bad flags, non-socket descriptors, a refused connection.
 * qemu 7.2 differs from Linux on one line: setsockopt with optlen -1 succeeds there, Linux returns
 * EINVAL (net/socket.c: "if (optlen < 0) return -EINVAL"); socket_errors.expected has Linux's. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *what, long result) {
    if (result < 0) printf("%-40s -> -1 %s\n", what, strerrorname_np(errno));
    else printf("%-40s -> %ld\n", what, result);
}

int main(void) {
    void *far = (void *)0xdead00000000ul;
    char *readonly = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof address;
    int pipes[2];
    pipe(pipes);

    report("socket(AF_INET, bad type)", syscall(SYS_socket, AF_INET, 77, 0));
    report("socket(-1)", syscall(SYS_socket, -1, SOCK_STREAM, 0));
    report("socket(AF_INET, SOCK_STREAM, 99)", syscall(SYS_socket, AF_INET, SOCK_STREAM, 99));
    report("bind(addr NULL, 16)", syscall(SYS_bind, s, NULL, 16));
    report("bind(addr far, 16)", syscall(SYS_bind, s, far, 16));
    report("bind(addrlen 200)", syscall(SYS_bind, s, &address, 200));
    report("bind(addrlen -1)", syscall(SYS_bind, s, &address, -1));
    report("bind(addrlen 2)", syscall(SYS_bind, s, &address, 2));
    report("bind(pipe)", syscall(SYS_bind, pipes[0], &address, sizeof address));
    report("bind(closed descriptor)", syscall(SYS_bind, 999, &address, sizeof address));
    report("bind(loopback, port 0)", syscall(SYS_bind, s, &address, sizeof address));
    report("getsockname(addrlen NULL)", syscall(SYS_getsockname, s, &address, NULL));
    report("getsockname(addrlen far)", syscall(SYS_getsockname, s, &address, far));
    length = -1;
    report("getsockname(addrlen -1)", syscall(SYS_getsockname, s, &address, &length));
    length = 16;
    report("getsockname(addr far)", syscall(SYS_getsockname, s, far, &length));
    length = 16;
    report("getsockname(addr read-only)", syscall(SYS_getsockname, s, readonly, &length));
    length = 0;
    report("getsockname(addr NULL, len 0)", syscall(SYS_getsockname, s, NULL, &length));
    printf("  length now %u\n", length);
    length = sizeof address;
    report("getpeername(not connected)", syscall(SYS_getpeername, s, &address, &length));
    report("listen(pipe)", syscall(SYS_listen, pipes[0], 1));
    report("accept4(bad flags)", syscall(SYS_accept4, s, NULL, NULL, 1));
    report("accept(not listening)", syscall(SYS_accept4, s, NULL, NULL, 0));

    /* A connection to a port nobody listens on: bound, never listening. */
    int closed = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in target;
    length = sizeof target;
    getsockname(s, (struct sockaddr *)&target, &length);
    report("connect(port without listener)", syscall(SYS_connect, closed, &target, sizeof target));
    report("connect(addr far)", syscall(SYS_connect, closed, far, sizeof target));

    int value = 1;
    report("setsockopt(optval far)", syscall(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, far, 4));
    report("setsockopt(optlen -1)", syscall(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, &value, -1));
    report("setsockopt(optlen 2)", syscall(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, &value, 2));
    report("setsockopt(unknown option)", syscall(SYS_setsockopt, s, SOL_SOCKET, 9999, &value, 4));
    report("setsockopt(unknown level)", syscall(SYS_setsockopt, s, 9999, 1, &value, 4));
    length = 4;
    report("getsockopt(optval far)", syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, far, &length));
    report("getsockopt(optlen NULL)", syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &value, NULL));
    length = -1;
    report("getsockopt(optlen -1)", syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &value, &length));
    length = 4;
    report("getsockopt(optlen read-only)", syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &value, readonly));
    report("getsockopt(pipe)", syscall(SYS_getsockopt, pipes[0], SOL_SOCKET, SO_TYPE, &value, &length));

    int pair[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, pair);
    report("socketpair(sv NULL)", syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, NULL));
    report("socketpair(sv read-only)", syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, readonly));
    report("sendto(buf far)", syscall(SYS_sendto, pair[0], far, 4, 0, NULL, 0));
    report("sendto(buf NULL, 0 bytes)", syscall(SYS_sendto, pair[0], NULL, 0, 0, NULL, 0));
    report("recvfrom(buf far)", syscall(SYS_recvfrom, pair[1], far, 4, MSG_DONTWAIT, NULL, NULL));
    report("sendmsg(msg NULL)", syscall(SYS_sendmsg, pair[0], NULL, 0));
    report("recvmsg(msg far)", syscall(SYS_recvmsg, pair[1], far, 0));
    struct iovec vector = {"x", 1};
    struct msghdr message = {.msg_iov = &vector, .msg_iovlen = 2000};
    report("sendmsg(iovlen 2000)", syscall(SYS_sendmsg, pair[0], &message, 0));
    message.msg_iovlen = 1;
    message.msg_iov = far;
    report("sendmsg(iov far)", syscall(SYS_sendmsg, pair[0], &message, 0));
    message.msg_iov = &vector;
    message.msg_namelen = -1;
    message.msg_name = &address;
    report("sendmsg(namelen -1)", syscall(SYS_sendmsg, pair[0], &message, 0));
    message.msg_name = NULL;
    message.msg_namelen = 0;
    message.msg_control = far;
    message.msg_controllen = 64;
    report("sendmsg(control far)", syscall(SYS_sendmsg, pair[0], &message, 0));
    message.msg_control = NULL;
    message.msg_controllen = 0;
    report("sendmsg(plain)", syscall(SYS_sendmsg, pair[0], &message, 0));
    report("recvmsg(msg read-only)", syscall(SYS_recvmsg, pair[1], readonly, MSG_DONTWAIT));
    char byte = 0;
    struct iovec into = {&byte, 1};
    struct msghdr receive = {.msg_iov = &into, .msg_iovlen = 1};
    report("recvmsg(the empty datagram)", syscall(SYS_recvmsg, pair[1], &receive, MSG_DONTWAIT));
    report("recvmsg(the 1-byte datagram)", syscall(SYS_recvmsg, pair[1], &receive, MSG_DONTWAIT));
    printf("  byte %c\n", byte);
    report("recvmsg(nothing left, MSG_DONTWAIT)", syscall(SYS_recvmsg, pair[1], &receive, MSG_DONTWAIT));
    report("shutdown(pipe)", syscall(SYS_shutdown, pipes[0], SHUT_RD));
    printf("still alive\n");
    return 0;
}
