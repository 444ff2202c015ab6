/* Guest test: UDP on the loopback in one process, IPv4 and IPv6 (Linux man-pages: udp(7), sendto(2),
 * recvfrom(2), sendmsg(2), recvmsg(2), connect(2), setsockopt(2) SO_RCVTIMEO, getsockopt(2)). Two
 * sockets bound to ephemeral ports exchange datagrams; the sender's address comes back with each;
 * a connected socket uses send/recv; a receive timeout expires with EAGAIN; MSG_TRUNC reports the
 * full datagram length. Only deterministic facts are printed. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void check(const char *what, long result) {
    if (result < 0) printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else printf("%s: %ld\n", what, result);
}

static int port_of(struct sockaddr_storage *address) {
    return address->ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)address)->sin6_port)
                                          : ntohs(((struct sockaddr_in *)address)->sin_port);
}

static void run(int family) {
    printf("== %s\n", family == AF_INET ? "AF_INET" : "AF_INET6");
    int a = socket(family, SOCK_DGRAM, 0), b = socket(family, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDP);
    struct sockaddr_storage any;
    memset(&any, 0, sizeof any);
    socklen_t size;
    if (family == AF_INET6) {
        ((struct sockaddr_in6 *)&any)->sin6_family = AF_INET6;
        ((struct sockaddr_in6 *)&any)->sin6_addr = in6addr_loopback;
        size = sizeof(struct sockaddr_in6);
    } else {
        ((struct sockaddr_in *)&any)->sin_family = AF_INET;
        ((struct sockaddr_in *)&any)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        size = sizeof(struct sockaddr_in);
    }
    check("bind a", bind(a, (struct sockaddr *)&any, size));
    check("bind b", bind(b, (struct sockaddr *)&any, size));
    struct sockaddr_storage name_a, name_b;
    socklen_t length = sizeof name_a;
    getsockname(a, (struct sockaddr *)&name_a, &length);
    length = sizeof name_b;
    getsockname(b, (struct sockaddr *)&name_b, &length);
    printf("ports differ %d, length %u\n", port_of(&name_a) != port_of(&name_b), length);

    char buffer[64];
    check("recvfrom b (nothing yet)", recvfrom(b, buffer, sizeof buffer, 0, NULL, NULL));
    check("sendto a->b", sendto(a, "datagram one", 12, 0, (struct sockaddr *)&name_b, length));
    struct sockaddr_storage from;
    socklen_t from_length = sizeof from;
    memset(buffer, 0, sizeof buffer);
    /* b is non-blocking: wait for the datagram with a blocking peek on a clone of the flags. */
    struct timeval patience = {2, 0};
    setsockopt(b, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
    int tries = 0;
    long got;
    while ((got = recvfrom(b, buffer, sizeof buffer, 0, (struct sockaddr *)&from, &from_length)) < 0 && errno == EAGAIN && tries++ < 1000)
        usleep(1000);
    check("recvfrom b", got);
    printf("  [%s] from a's port %d, family right %d, length %u\n", buffer, port_of(&from) == port_of(&name_a),
           from.ss_family == family, from_length);

    /* sendmsg with a destination and two vectors; recvmsg with a name buffer and MSG_TRUNC. */
    struct iovec parts[2] = {{"two ", 4}, {"parts and more", 14}};
    struct msghdr message = {.msg_name = &name_a, .msg_namelen = length, .msg_iov = parts, .msg_iovlen = 2};
    check("sendmsg b->a", sendmsg(b, &message, 0));
    char small[8] = {0};
    struct iovec into = {small, sizeof small - 1};
    struct sockaddr_storage sender;
    struct msghdr received = {.msg_name = &sender, .msg_namelen = sizeof sender, .msg_iov = &into, .msg_iovlen = 1};
    check("recvmsg a MSG_TRUNC", recvmsg(a, &received, MSG_TRUNC));
    printf("  [%s] flags MSG_TRUNC %d, from b %d, namelen %u\n", small, (received.msg_flags & MSG_TRUNC) != 0,
           port_of(&sender) == port_of(&name_b), received.msg_namelen);

    /* A connected UDP socket: send and recv without addresses. */
    check("connect a->b", connect(a, (struct sockaddr *)&name_b, length));
    check("send a", send(a, "connected", 9, 0));
    memset(buffer, 0, sizeof buffer);
    tries = 0;
    while ((got = recv(b, buffer, sizeof buffer, 0)) < 0 && errno == EAGAIN && tries++ < 1000) usleep(1000);
    check("recv b", got);
    printf("  [%s]\n", buffer);
    struct sockaddr_storage peer;
    socklen_t peer_length = sizeof peer;
    check("getpeername a", getpeername(a, (struct sockaddr *)&peer, &peer_length));
    peer_length = sizeof peer;
    check("getpeername b (not connected)", getpeername(b, (struct sockaddr *)&peer, &peer_length));

    /* SO_RCVTIMEO: a 50 ms timeout expires with EAGAIN. */
    struct timeval timeout = {0, 50000}, back;
    check("setsockopt SO_RCVTIMEO", setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout));
    socklen_t back_length = sizeof back;
    check("getsockopt SO_RCVTIMEO", getsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &back, &back_length));
    printf("  %ld s %ld us, length %u\n", (long)back.tv_sec, (long)back.tv_usec, back_length);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    check("recv a (times out)", recv(a, buffer, sizeof buffer, 0));
    clock_gettime(CLOCK_MONOTONIC, &end);
    long elapsed = (end.tv_sec - start.tv_sec) * 1000 + (end.tv_nsec - start.tv_nsec) / 1000000;
    printf("  waited at least 45 ms: %d\n", elapsed >= 45);
    int buffer_size = 0;
    socklen_t int_length = sizeof buffer_size;
    check("getsockopt SO_RCVBUF", getsockopt(a, SOL_SOCKET, SO_RCVBUF, &buffer_size, &int_length));
    printf("  positive %d\n", buffer_size > 0);
    close(a);
    close(b);
}

int main(void) {
    run(AF_INET);
    run(AF_INET6);
    return 0;
}
