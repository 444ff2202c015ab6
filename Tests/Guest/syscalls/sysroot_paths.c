/* Guest test: absolute paths under a sysroot (morph run --sysroot DIR, qemu-riscv64 -L DIR). The test
 * makes DIR with etc/morph-sysroot-probe.txt ("from the sysroot\n"), a relative symbolic link
 * etc/morph-sysroot-link -> morph-sysroot-probe.txt, and a directory etc/morph-sysroot-directory; none
 * of them exists on the host. argv[1] is a host directory that exists only on the host (the test's
 * fresh working directory, absolute). Opening and inspecting the absolute guest paths finds the
 * sysroot's files; paths absent from the sysroot, relative paths, paths relative to a host directory
 * descriptor and /proc/self/exe are the host's. "/" itself is the sysroot's root, as under qemu (whose
 * util/path.c maps every absolute path that exists under the prefix). qemu 7.2 does not look access(2)
 * paths up under the prefix; Morph does (the access line is checked separately). Prints one line per
 * check; exit status 0. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

static void show_file(const char *label, const char *path) {
    char buffer[64] = {0};
    int descriptor = open(path, O_RDONLY);
    if (descriptor < 0) {
        printf("%s: open %s fails: %s\n", label, path, strerror(errno));
        return;
    }
    ssize_t count = read(descriptor, buffer, sizeof buffer - 1);
    close(descriptor);
    buffer[strcspn(buffer, "\n")] = 0;
    printf("%s: open %s reads %zd bytes: [%s]\n", label, path, count, buffer);
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    const char *probe = "/etc/morph-sysroot-probe.txt";
    show_file("sysroot file", probe);
    show_file("symbolic link in the sysroot", "/etc/morph-sysroot-link");
    show_file("a file only on the host", "/dev/null");
    show_file("absent everywhere", "/etc/morph-sysroot-absent");

    struct stat status;
    printf("stat %s: %d, size %lld, regular %d\n", probe, stat(probe, &status), (long long)status.st_size,
           S_ISREG(status.st_mode));
    printf("lstat link: %d, symbolic link %d\n", lstat("/etc/morph-sysroot-link", &status), S_ISLNK(status.st_mode));
    printf("stat directory: %d, directory %d\n", stat("/etc/morph-sysroot-directory", &status),
           S_ISDIR(status.st_mode));
    printf("access %s R_OK: %d\n", probe, access(probe, R_OK));
    printf("access absent: %d %s\n", access("/etc/morph-sysroot-absent", F_OK), strerror(errno));
    char target[64] = {0};
    ssize_t length = readlink("/etc/morph-sysroot-link", target, sizeof target - 1);
    printf("readlink link: %zd %s\n", length, length > 0 ? target : strerror(errno));
    struct statfs file_system;
    printf("statfs sysroot file: %d\n", statfs(probe, &file_system));

    /* The host directory (absent from the sysroot): create, stat and read a file there. */
    char host_file[512];
    snprintf(host_file, sizeof host_file, "%s/host-file.txt", argv[1]);
    int descriptor = open(host_file, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    printf("create in the host directory: %s\n", descriptor >= 0 ? "ok" : strerror(errno));
    if (descriptor >= 0) {
        (void)write(descriptor, "on the host\n", 12);
        close(descriptor);
    }
    printf("stat host file: %d, size %lld\n", stat(host_file, &status), (long long)status.st_size);

    /* Relative paths and paths relative to a directory descriptor are not looked up under the sysroot. */
    int directory = open(argv[1], O_RDONLY | O_DIRECTORY);
    int relative = openat(directory, "host-file.txt", O_RDONLY);
    printf("openat(host directory, relative path): %s\n", relative >= 0 ? "found" : strerror(errno));
    close(relative);
    if (chdir(argv[1]) != 0) return 3;
    show_file("relative path", "host-file.txt");
    show_file("relative path of the sysroot's file", "etc/morph-sysroot-probe.txt");
    unlink("host-file.txt");
    close(directory);

    /* "/" is the sysroot's root directory: a path relative to it is the sysroot's. */
    int root = open("/", O_RDONLY | O_DIRECTORY);
    int below_root = openat(root, "etc/morph-sysroot-probe.txt", O_RDONLY);
    printf("openat(\"/\", etc/morph-sysroot-probe.txt): %s\n", below_root >= 0 ? "found" : strerror(errno));
    close(below_root);
    close(root);

    /* /proc/self/exe is the program, not a file under the sysroot. */
    char executable[512] = {0};
    length = readlink("/proc/self/exe", executable, sizeof executable - 1);
    const char *name = strrchr(executable, '/');
    printf("/proc/self/exe: %s\n", length > 0 && name ? name + 1 : "unreadable");
    return 0;
}
