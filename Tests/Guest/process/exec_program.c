// execve: the program runs itself again (through /proc/self/exe) with a chosen argv[0], arguments and
// environment; close-on-exec descriptors are closed and others kept; the signal mask and ignored
// signals survive; a `#!` script whose interpreter is this program gets [interpreter, optional
// argument, script path, arguments...]; failures: ENOENT, EACCES (directory, not executable), ENOEXEC
// (an x86-64 program, a text file without #!), ENOENT for a script whose interpreter is missing;
// posix_spawn and vfork + execve; execve from a process with a second thread running.
// Expected output: Linux's on riscv64 (qemu-riscv64 cannot be the oracle: its execve of a riscv64
// program goes to the host kernel, which cannot run it without binfmt_misc).
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static char self_path[4096];
static char directory[64];

static int child_main(int argc, char **argv) {
    printf("  argc %d\n", argc);
    for (int i = 0; i < argc; i++) {
        const char *text = argv[i];
        if (strcmp(text, self_path) == 0) text = "<this program>";
        else if (strncmp(text, directory, strlen(directory)) == 0 && directory[0]) text = "<script in the directory>";
        else if (i == 2 || i == 3) { if (argc >= 5 && strcmp(argv[1], "descriptors") == 0) text = "<descriptor>"; }
        printf("  argv[%d] [%s]\n", i, text);
    }
    const char *value = getenv("MORPH_EXEC_VAR");
    int entries = 0;
    while (environ[entries]) entries++;
    if (value) printf("  MORPH_EXEC_VAR [%s], environment entries %d\n", value, entries);
    else printf("  MORPH_EXEC_VAR unset, environment inherited %d\n", getenv("MORPH_EXEC_DIRECTORY") != NULL);
    if (argc >= 5 && strcmp(argv[1], "descriptors") == 0) {
        int kept = atoi(argv[2]), closed = atoi(argv[3]);
        printf("  plain descriptor open %d, close-on-exec descriptor open %d\n", fcntl(kept, F_GETFD) >= 0,
               fcntl(closed, F_GETFD) >= 0);
        sigset_t mask;
        sigprocmask(SIG_SETMASK, NULL, &mask);
        struct sigaction action;
        sigaction(SIGUSR2, NULL, &action);
        struct sigaction handled;
        sigaction(SIGHUP, NULL, &handled);
        printf("  SIGUSR1 blocked %d, SIGUSR2 ignored %d, SIGHUP handler reset to default %d\n",
               sigismember(&mask, SIGUSR1), action.sa_handler == SIG_IGN, handled.sa_handler == SIG_DFL);
    }
    return argc;
}

static void on_hangup(int signal) { (void)signal; }

static void wait_child(pid_t child, const char *label) {
    int status;
    waitpid(child, &status, 0);
    if (WIFEXITED(status)) printf("%s: exited %d\n", label, WEXITSTATUS(status));
    else printf("%s: signal %d\n", label, WTERMSIG(status));
}

static void try_exec(const char *label, const char *path) {
    char *arguments[] = {(char *)path, NULL};
    errno = 0;
    int result = execve(path, arguments, environ);
    printf("execve %-28s -> %d %s\n", label, result, errno == ENOENT ? "ENOENT" : errno == EACCES ? "EACCES"
           : errno == ENOEXEC ? "ENOEXEC" : errno == ELOOP ? "ELOOP" : strerror(errno));
}

static void write_file(const char *path, const char *text, mode_t mode) {
    int descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    write(descriptor, text, strlen(text));
    close(descriptor);
    chmod(path, mode);
}

static void *spinner(void *argument) {
    for (;;) __asm__ volatile("" ::: "memory");
    return argument;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    ssize_t length = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    self_path[length > 0 ? length : 0] = 0;
    const char *saved_directory = getenv("MORPH_EXEC_DIRECTORY");
    if (saved_directory) snprintf(directory, sizeof directory, "%s", saved_directory);
    if (argc > 1 && strcmp(argv[1], "main") != 0) return child_main(argc, argv);

    strcpy(directory, "/tmp/morph-exec-XXXXXX");
    mkdtemp(directory);
    setenv("MORPH_EXEC_DIRECTORY", directory, 1);

    printf("1. execve of itself with a chosen argv[0], arguments and environment\n");
    pid_t child = fork();
    if (child == 0) {
        int kept = open("/dev/null", O_RDONLY);
        int closed = open("/dev/null", O_RDONLY | O_CLOEXEC);
        char kept_text[16], closed_text[16];
        snprintf(kept_text, sizeof kept_text, "%d", kept);
        snprintf(closed_text, sizeof closed_text, "%d", closed);
        sigset_t mask;
        sigemptyset(&mask);
        sigaddset(&mask, SIGUSR1);
        sigprocmask(SIG_BLOCK, &mask, NULL);
        signal(SIGUSR2, SIG_IGN);
        signal(SIGHUP, on_hangup);
        char *arguments[] = {"chosen-argv0", "descriptors", kept_text, closed_text, "two words", NULL};
        char variable[128];
        snprintf(variable, sizeof variable, "MORPH_EXEC_DIRECTORY=%s", directory);
        char *environment[] = {"MORPH_EXEC_VAR=from execve", variable, NULL};
        execve("/proc/self/exe", arguments, environment);
        perror("execve");
        _exit(127);
    }
    wait_child(child, "   the new program");

    printf("2. a #! script whose interpreter is this program\n");
    char script[128], text[4300];
    snprintf(script, sizeof script, "%s/script", directory);
    snprintf(text, sizeof text, "#!%s  optional argument  \nthe rest is not read\n", self_path);
    write_file(script, text, 0755);
    child = fork();
    if (child == 0) {
        char *arguments[] = {"script-argv0", "one", "two", NULL};
        execve(script, arguments, environ);
        perror("execve script");
        _exit(127);
    }
    wait_child(child, "   the script");
    char nested[128];
    snprintf(nested, sizeof nested, "%s/nested", directory);
    snprintf(text, sizeof text, "#!%s\n", script);
    write_file(nested, text, 0755);
    child = fork();
    if (child == 0) {
        char *arguments[] = {"nested-argv0", "three", NULL};
        execve(nested, arguments, environ);
        perror("execve nested");
        _exit(127);
    }
    wait_child(child, "   a script whose interpreter is a script");

    printf("3. failures\n");
    try_exec("of a missing file", "/nonexistent/program");
    try_exec("of a directory", "/tmp");
    char plain[128];
    snprintf(plain, sizeof plain, "%s/plain", directory);
    write_file(plain, "echo not a script\n", 0644);
    try_exec("of a non-executable file", plain);
    chmod(plain, 0755);
    try_exec("of a text file without #!", plain);
    char orphan[128];
    snprintf(orphan, sizeof orphan, "%s/orphan", directory);
    write_file(orphan, "#!/nonexistent/interpreter\n", 0755);
    try_exec("of a script, no interpreter", orphan);
    try_exec("of an x86-64 program", "/bin/true");

    printf("4. posix_spawn and vfork + execve\n");
    char *spawn_arguments[] = {"spawned", "by posix_spawn", NULL};
    pid_t spawned;
    int error = posix_spawn(&spawned, self_path, NULL, NULL, spawn_arguments, environ);
    printf("posix_spawn -> %d\n", error);
    wait_child(spawned, "   the spawned program");
    child = vfork();
    if (child == 0) {
        char *arguments[] = {"vforked", "then execve", NULL};
        execve(self_path, arguments, environ);
        _exit(127);
    }
    wait_child(child, "   the vfork child");

    printf("5. execve with a second thread running\n");
    child = fork();
    if (child == 0) {
        pthread_t thread;
        pthread_create(&thread, NULL, spinner, NULL);
        usleep(20000);
        char *arguments[] = {"from-a-threaded-process", "ok", NULL};
        execve(self_path, arguments, environ);
        _exit(127);
    }
    wait_child(child, "   the program started from a threaded process");

    unlink(script);
    unlink(nested);
    unlink(plain);
    unlink(orphan);
    rmdir(directory);
    return 0;
}
