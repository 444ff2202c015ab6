// A small interactive shell for the Linux Morph boots (/bin/sh of the initramfs that
// Scripts/build-linux.sh builds; init starts it when the kernel command line says `morph.shell`). It
// reads a line from the console (the kernel's tty does the echo and line editing), splits it at spaces
// and runs a builtin or a program: `help` lists the builtins. It runs as process 1, so `exit` powers
// the machine off like `poweroff` (process 1 must not end).
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXIMUM_WORDS 32

/// Prints every entry of directory `path`.
static int list(const char *path) {
    DIR *directory = opendir(path);
    if (!directory) { perror(path); return 1; }
    struct dirent *entry;
    while ((entry = readdir(directory))) {
        if (entry->d_name[0] != '.') printf("%s%s\n", entry->d_name, entry->d_type == DT_DIR ? "/" : "");
    }
    closedir(directory);
    return 0;
}

/// Copies file `path` to standard output.
static int concatenate(const char *path) {
    int file = open(path, O_RDONLY);
    if (file < 0) { perror(path); return 1; }
    char buffer[4096];
    ssize_t count;
    while ((count = read(file, buffer, sizeof buffer)) > 0) fwrite(buffer, 1, (size_t)count, stdout);
    close(file);
    return 0;
}

/// Runs program `words[0]` (looked up in /bin without a slash) and waits for it.
static int run(char **words) {
    char path[256];
    snprintf(path, sizeof path, strchr(words[0], '/') ? "%s" : "/bin/%s", words[0]);
    pid_t child = fork();
    if (child < 0) { perror("fork"); return 1; }
    if (child == 0) {
        char *environment[] = {"PATH=/bin", "HOME=/", NULL};
        execve(path, words, environment);
        perror(path);
        _exit(127);
    }
    int status;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    if (WIFSIGNALED(status)) printf("%s: killed by signal %d\n", words[0], WTERMSIG(status));
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(void) {
    char line[1024];
    int status = 0;
    printf("Morph's shell: type help for the commands.\n");
    for (;;) {
        char directory[256];
        printf("%s%s# ", status ? "[failed] " : "", getcwd(directory, sizeof directory) ? directory : "?");
        fflush(stdout);
        if (!fgets(line, sizeof line, stdin)) break;  // End of input: power off.
        char *words[MAXIMUM_WORDS + 1];
        int count = 0;
        for (char *word = strtok(line, " \t\n"); word && count < MAXIMUM_WORDS; word = strtok(NULL, " \t\n")) {
            words[count++] = word;
        }
        words[count] = NULL;
        if (count == 0) continue;
        const char *command = words[0];
        if (!strcmp(command, "help")) {
            printf("builtins: help, echo WORDS, cd DIR, pwd, ls [DIR], cat FILE..., uname, "
                   "mount DEVICE DIR TYPE, umount DIR, sync, reboot, poweroff, exit; anything else runs "
                   "/bin/NAME\n");
            status = 0;
        } else if (!strcmp(command, "echo")) {
            for (int index = 1; index < count; index++) printf("%s%s", words[index], index + 1 < count ? " " : "");
            printf("\n");
            status = 0;
        } else if (!strcmp(command, "cd")) {
            status = chdir(count > 1 ? words[1] : "/") != 0;
            if (status) perror("cd");
        } else if (!strcmp(command, "pwd")) {
            printf("%s\n", getcwd(directory, sizeof directory) ? directory : "?");
            status = 0;
        } else if (!strcmp(command, "ls")) {
            status = list(count > 1 ? words[1] : ".");
        } else if (!strcmp(command, "cat")) {
            status = 0;
            for (int index = 1; index < count; index++) status |= concatenate(words[index]);
        } else if (!strcmp(command, "uname")) {
            struct utsname name;
            uname(&name);
            printf("%s %s %s %s %s\n", name.sysname, name.nodename, name.release, name.version, name.machine);
            status = 0;
        } else if (!strcmp(command, "mount")) {
            status = count != 4 || mount(words[1], words[2], words[3], 0, NULL) != 0;
            if (status) perror("mount DEVICE DIR TYPE");
        } else if (!strcmp(command, "umount")) {
            status = count != 2 || umount(words[1]) != 0;
            if (status) perror("umount DIR");
        } else if (!strcmp(command, "sync")) {
            sync();
            status = 0;
        } else if (!strcmp(command, "poweroff") || !strcmp(command, "exit")) {
            break;
        } else if (!strcmp(command, "reboot")) {
            sync();
            reboot(RB_AUTOBOOT);
            perror("reboot");
            status = 1;
        } else {
            status = run(words);
        }
    }
    printf("\npowering off\n");
    fflush(stdout);
    sync();
    reboot(RB_POWER_OFF);
    return 1;
}
