// Morph's init for the Linux it boots (Scripts/build-linux.sh puts it at /init of the initramfs, built
// static). It checks what a booted system must do and powers the machine off: mounts /dev, /proc,
// /sys and /tmp; prints /proc/cpuinfo and uname; reads a file from the virtio disk (/dev/vda, ext2) and
// writes one back; reads the virtio entropy device; runs a riscv64 test program (/bin/guest-program);
// then reboot(RB_POWER_OFF). Every line it prints starts with "init: ". On a failed check it says
// what failed and reports the failure to the machine through the SiFive test device (QEMU virt's
// 0x100000, through /dev/mem: FAIL with the code in bits 31:16), which ends `morph boot` and
// `qemu-system-riscv64` with that code; powering off is the fallback.
// Two kernel command-line words change the end: `morph.fail=N` reports failure N after the checks
// (to test that path), and `morph.shell` starts /bin/sh (Tests/Guest/boot/shell.c) on the console
// instead of powering off; its `poweroff` ends the machine.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

/// The SiFive test device of QEMU's virt board and its FAIL command.
#define TEST_DEVICE_ADDRESS 0x100000
#define TEST_DEVICE_FAIL 0x3333

/// Prints one line prefixed "init: ".
static void say(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    printf("init: ");
    vprintf(format, arguments);
    printf("\n");
    fflush(stdout);
    va_end(arguments);
}

/// Reports failure `code` to the machine and stops.
static void fail(int code, const char *what) {
    if (errno) say("FAILED (%d): %s: %s", code, what, strerror(errno));
    else say("FAILED (%d): %s", code, what);
    sync();
    int memory = open("/dev/mem", O_RDWR | O_SYNC);
    if (memory >= 0) {
        volatile uint32_t *device = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, memory,
                                         TEST_DEVICE_ADDRESS);
        if (device != MAP_FAILED) *device = ((uint32_t)code << 16) | TEST_DEVICE_FAIL;
    }
    reboot(RB_POWER_OFF);
    for (;;) pause();
}

/// Mounts `type` at `target`, creating the directory.
static void mount_or_fail(const char *source, const char *target, const char *type, int code) {
    mkdir(target, 0755);
    if (mount(source, target, type, 0, NULL) != 0) fail(code, target);
}

/// Copies the file at `path` to standard output.
static void print_file(const char *path, int code) {
    FILE *file = fopen(path, "r");
    if (!file) fail(code, path);
    char line[512];
    while (fgets(line, sizeof line, file)) {
        line[strcspn(line, "\n")] = 0;
        say("%s: %s", path, line);
    }
    fclose(file);
}

/// Reads the greeting the disk image was made with and writes a file back, synced to the disk.
static void check_disk(void) {
    struct stat status;
    if (stat("/dev/vda", &status) != 0) {
        say("no virtio disk");
        return;
    }
    mkdir("/mnt", 0755);
    if (mount("/dev/vda", "/mnt", "ext2", 0, NULL) != 0) fail(10, "mount /dev/vda");
    print_file("/mnt/greeting.txt", 11);
    int file = open("/mnt/written-by-init.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (file < 0) fail(12, "create /mnt/written-by-init.txt");
    const char text[] = "written by init on the virtio disk\n";
    if (write(file, text, sizeof text - 1) != (ssize_t)(sizeof text - 1)) fail(13, "write");
    if (fsync(file) != 0) fail(14, "fsync");
    close(file);
    if (umount("/mnt") != 0) fail(15, "umount /mnt");
    say("wrote /mnt/written-by-init.txt");
}

/// Reads a few bytes from the virtio entropy source when the kernel found one.
static void check_entropy(void) {
    FILE *current = fopen("/sys/class/misc/hw_random/rng_current", "r");
    char name[128] = "none";
    if (current) {
        if (fgets(name, sizeof name, current)) name[strcspn(name, "\n")] = 0;
        fclose(current);
    }
    if (strncmp(name, "virtio_rng", 10) != 0) {
        say("no virtio entropy source (rng_current: %s)", name);
        return;
    }
    int device = open("/dev/hwrng", O_RDONLY);
    if (device < 0) fail(20, "open /dev/hwrng");
    unsigned char bytes[16];
    if (read(device, bytes, sizeof bytes) != (ssize_t)sizeof bytes) fail(21, "read /dev/hwrng");
    close(device);
    say("read %zu bytes from %s", sizeof bytes, name);
}

/// Runs /bin/guest-program and checks that it exits 0.
static void run_guest_program(void) {
    pid_t child = fork();
    if (child < 0) fail(30, "fork");
    if (child == 0) {
        char *arguments[] = {"/bin/guest-program", NULL};
        char *environment[] = {"PATH=/bin", NULL};
        execve(arguments[0], arguments, environment);
        _exit(127);
    }
    int status;
    if (waitpid(child, &status, 0) != child) fail(31, "waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        errno = 0;
        fail(32, "/bin/guest-program did not exit 0");
    }
    say("/bin/guest-program exited 0");
}

int main(void) {
    mount_or_fail("devtmpfs", "/dev", "devtmpfs", 2);
    mount_or_fail("proc", "/proc", "proc", 3);
    mount_or_fail("sysfs", "/sys", "sysfs", 4);
    mount_or_fail("tmpfs", "/tmp", "tmpfs", 5);
    say("started as pid %d", (int)getpid());

    struct utsname name;
    if (uname(&name) != 0) fail(6, "uname");
    say("uname: %s %s %s", name.sysname, name.release, name.machine);
    print_file("/proc/cpuinfo", 7);

    check_disk();
    check_entropy();
    run_guest_program();

    char command_line[1024] = "";
    FILE *cmdline = fopen("/proc/cmdline", "r");
    if (cmdline) {
        if (!fgets(command_line, sizeof command_line, cmdline)) command_line[0] = 0;
        fclose(cmdline);
    }
    const char *failure = strstr(command_line, "morph.fail=");
    if (failure) {
        errno = 0;
        fail(atoi(failure + strlen("morph.fail=")), "morph.fail= on the kernel command line");
    }
    if (strstr(command_line, "morph.shell")) {
        say("all checks passed; starting /bin/sh");
        char *arguments[] = {"/bin/sh", NULL};
        char *environment[] = {"PATH=/bin", "HOME=/", NULL};
        execve(arguments[0], arguments, environment);
        fail(40, "execve /bin/sh");
    }
    say("all checks passed; powering off");
    sync();
    reboot(RB_POWER_OFF);
    fail(99, "reboot(RB_POWER_OFF) returned");
}
