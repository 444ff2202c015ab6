/* Guest test: AF_UNIX socket pairs in one process (Linux man-pages: socketpair(2), unix(7), cmsg(3),
 * sendmsg(2), recvmsg(2), shutdown(2), getsockopt(2)). Stream and datagram pairs carry data both ways;
 * SCM_RIGHTS passes a pipe's read end, which then reads what was written into the pipe; shutdown
 * gives EOF to the peer and EPIPE to the writer; socket options and names read back. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void check(const char *what, long result) {
    if (result < 0) printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else printf("%s: %ld\n", what, result);
}

static int send_descriptor(int socket, int descriptor, const char *text) {
    struct iovec vector = {(void *)text, strlen(text)};
    union { char buffer[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = {0};
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control.buffer;
    message.msg_controllen = sizeof control.buffer;
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(header), &descriptor, sizeof(int));
    return sendmsg(socket, &message, 0);
}

int main(void) {
    int pair[2];
    check("socketpair stream", socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair));
    printf("cloexec on both: %d\n", (fcntl(pair[0], F_GETFD) & FD_CLOEXEC) && (fcntl(pair[1], F_GETFD) & FD_CLOEXEC));
    check("write 0->1", write(pair[0], "hello", 5));
    char buffer[64] = {0};
    check("read 1", read(pair[1], buffer, sizeof buffer));
    printf("  got [%s]\n", buffer);
    check("send 1->0", send(pair[1], "world!", 6, 0));
    memset(buffer, 0, sizeof buffer);
    check("recv 0 MSG_PEEK", recv(pair[0], buffer, 3, MSG_PEEK));
    check("recv 0", recv(pair[0], buffer, sizeof buffer, 0));
    printf("  got [%s]\n", buffer);
    check("recv 0 MSG_DONTWAIT (empty)", recv(pair[0], buffer, sizeof buffer, MSG_DONTWAIT));

    int type = -1, error = -1;
    socklen_t length = sizeof type;
    check("getsockopt SO_TYPE", getsockopt(pair[0], SOL_SOCKET, SO_TYPE, &type, &length));
    printf("  type %d (SOCK_STREAM %d), length %u\n", type, SOCK_STREAM, length);
    length = sizeof error;
    check("getsockopt SO_ERROR", getsockopt(pair[0], SOL_SOCKET, SO_ERROR, &error, &length));
    printf("  error %d\n", error);
    int domain = -1;
    length = sizeof domain;
    check("getsockopt SO_DOMAIN", getsockopt(pair[0], SOL_SOCKET, SO_DOMAIN, &domain, &length));
    printf("  domain %d (AF_UNIX %d)\n", domain, AF_UNIX);
    int size = 65536;
    check("setsockopt SO_SNDBUF", setsockopt(pair[0], SOL_SOCKET, SO_SNDBUF, &size, sizeof size));
    struct ucred credentials;
    length = sizeof credentials;
    check("getsockopt SO_PEERCRED", getsockopt(pair[0], SOL_SOCKET, SO_PEERCRED, &credentials, &length));
    printf("  peer is this process %d, uid ours %d, length %u\n", credentials.pid == getpid(),
           credentials.uid == getuid(), length);
    struct sockaddr_un name;
    length = sizeof name;
    check("getsockname", getsockname(pair[0], (struct sockaddr *)&name, &length));
    printf("  family %d, length %u (unnamed)\n", name.sun_family, length);
    length = sizeof name;
    check("getpeername", getpeername(pair[0], (struct sockaddr *)&name, &length));
    printf("  family %d, length %u\n", name.sun_family, length);

    /* SCM_RIGHTS: send the read end of a pipe, close ours, read through the received one. */
    int pipes[2];
    pipe(pipes);
    check("sendmsg SCM_RIGHTS", send_descriptor(pair[0], pipes[0], "fd!"));
    close(pipes[0]);
    write(pipes[1], "through the passed descriptor", 29);
    struct iovec vector = {buffer, sizeof buffer};
    union { char buffer[CMSG_SPACE(sizeof(int)) + 64]; struct cmsghdr align; } control;
    struct msghdr message = {0};
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control.buffer;
    message.msg_controllen = sizeof control.buffer;
    memset(buffer, 0, sizeof buffer);
    check("recvmsg SCM_RIGHTS", recvmsg(pair[1], &message, MSG_CMSG_CLOEXEC));
    printf("  data [%s], controllen %zu, flags %d\n", buffer, (size_t)message.msg_controllen, message.msg_flags);
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    if (header && header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS) {
        int received;
        memcpy(&received, CMSG_DATA(header), sizeof received);
        printf("  received a new descriptor: %d, cloexec %d\n", received != pipes[1],
               (fcntl(received, F_GETFD) & FD_CLOEXEC) != 0);
        memset(buffer, 0, sizeof buffer);
        check("  read through it", read(received, buffer, sizeof buffer));
        printf("  got [%s]\n", buffer);
        close(received);
    } else {
        printf("  no SCM_RIGHTS message\n");
    }
    /* A control buffer too small: the descriptor is dropped and MSG_CTRUNC is set. */
    int other[2];
    pipe(other);
    check("sendmsg SCM_RIGHTS again", send_descriptor(pair[0], other[0], "xy"));
    message.msg_controllen = 4;
    message.msg_control = control.buffer;
    check("recvmsg with a 4-byte control buffer", recvmsg(pair[1], &message, 0));
    printf("  MSG_CTRUNC %d, controllen %zu\n", (message.msg_flags & MSG_CTRUNC) != 0, (size_t)message.msg_controllen);

    /* Scatter and gather. */
    struct iovec parts[3] = {{"ab", 2}, {"", 0}, {"cdef", 4}};
    struct msghdr gather = {.msg_iov = parts, .msg_iovlen = 3};
    check("sendmsg 3 vectors", sendmsg(pair[1], &gather, 0));
    char first[3] = {0}, second[8] = {0};
    struct iovec pieces[2] = {{first, 2}, {second, sizeof second - 1}};
    struct msghdr scatter = {.msg_iov = pieces, .msg_iovlen = 2};
    check("recvmsg into 2 vectors", recvmsg(pair[0], &scatter, 0));
    printf("  [%s] [%s]\n", first, second);

    /* shutdown: the peer reads EOF, a write after SHUT_WR fails with EPIPE (MSG_NOSIGNAL: no SIGPIPE). */
    check("shutdown SHUT_WR", shutdown(pair[0], SHUT_WR));
    check("read at EOF", read(pair[1], buffer, sizeof buffer));
    check("send after shutdown", send(pair[0], "x", 1, MSG_NOSIGNAL));
    check("shutdown bad how", shutdown(pair[0], 7));
    close(pair[0]);
    close(pair[1]);

    /* Datagram pairs keep message boundaries and truncate with MSG_TRUNC. */
    check("socketpair dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, pair));
    send(pair[0], "one", 3, 0);
    send(pair[0], "second message", 14, 0);
    memset(buffer, 0, sizeof buffer);
    check("recv 1", recv(pair[1], buffer, sizeof buffer, 0));
    printf("  [%s]\n", buffer);
    memset(buffer, 0, sizeof buffer);
    check("recv 4 bytes MSG_TRUNC", recv(pair[1], buffer, 4, MSG_TRUNC));
    printf("  [%s]\n", buffer);
    close(pair[0]);
    close(pair[1]);

    check("socketpair AF_INET", socketpair(AF_INET, SOCK_STREAM, 0, pair));
    check("send on a pipe", send(pipes[1], "x", 1, 0));
    return 0;
}
