/* Guest test: inotify (Linux man-pages: inotify(7), inotify_init1(2), inotify_add_watch(2),
 * inotify_rm_watch(2)). A watch on a fresh mkdtemp directory reports a file created, written, closed,
 * renamed and deleted, with the names; removing the watch gives IN_IGNORED; bad arguments fail. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *what, long result) {
    if (result < 0) printf("%-36s -> -1 %s\n", what, strerrorname_np(errno));
    else printf("%-36s -> %ld\n", what, result);
}

static void drain(int notify) {
    char buffer[4096] __attribute__((aligned(8)));
    long length = read(notify, buffer, sizeof buffer);
    if (length < 0) { printf("  read: %s\n", strerrorname_np(errno)); return; }
    for (char *p = buffer; p < buffer + length;) {
        struct inotify_event *event = (struct inotify_event *)p;
        printf("  mask %#x cookie-set %d name [%s]\n", event->mask, event->cookie != 0,
               event->len ? event->name : "");
        p += sizeof *event + event->len;
    }
}

int main(void) {
    char directory[] = "/tmp/morph-inotify-XXXXXX";
    if (!mkdtemp(directory)) return 1;
    int notify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    report("inotify_init1", notify >= 0);
    int watch = inotify_add_watch(notify, directory, IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM
                                  | IN_MOVED_TO | IN_DELETE);
    report("inotify_add_watch", watch >= 0);
    drain(notify);
    char path[128], renamed[128];
    snprintf(path, sizeof path, "%s/file", directory);
    snprintf(renamed, sizeof renamed, "%s/renamed", directory);
    int file = open(path, O_WRONLY | O_CREAT, 0644);
    write(file, "x", 1);
    close(file);
    drain(notify);
    rename(path, renamed);
    unlink(renamed);
    drain(notify);
    report("inotify_rm_watch", inotify_rm_watch(notify, watch));
    drain(notify);
    report("inotify_rm_watch again", inotify_rm_watch(notify, watch));
    report("add_watch no events in mask", inotify_add_watch(notify, directory, 0));
    report("add_watch missing path", inotify_add_watch(notify, "/nonexistent/morph", IN_CREATE));
    report("add_watch path far", syscall(SYS_inotify_add_watch, notify, (void *)0xdead00000000ul, IN_CREATE));
    report("add_watch on a pipe descriptor", inotify_add_watch(0 * notify + 1000, directory, IN_CREATE));
    report("inotify_init1 bad flags", inotify_init1(1));
    rmdir(directory);
    return 0;
}
