/* Guest test: directories, links and the working directory.
 * Reference: POSIX.1-2017 mkdir/rmdir/opendir/readdir/closedir/rewinddir/symlink/readlink/
 * link/lstat/getcwd/chdir/fchdir/unlink/rename; Linux getdents64, mkdirat, symlinkat,
 * readlinkat, linkat, fstatat(AT_SYMLINK_NOFOLLOW), *at with a directory descriptor.
 * Directory listings are sorted before printing; the random temp name is never printed. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>

static char dir[64];

static void report(const char *what, long result) {
    if (result < 0)
        printf("%s -> -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%s -> %ld\n", what, result);
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists a directory: sorted names with a type letter from d_type (or lstat when unknown). */
static void list(const char *label, const char *path) {
    DIR *d = opendir(path);
    if (!d) { printf("%s: opendir failed %s\n", label, strerrorname_np(errno)); return; }
    char *names[256];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256) {
        char type = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : e->d_type == DT_LNK ? 'l' : '?';
        if (e->d_type == DT_UNKNOWN) {
            struct stat st;
            if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
                type = S_ISDIR(st.st_mode) ? 'd' : S_ISREG(st.st_mode) ? 'f' : S_ISLNK(st.st_mode) ? 'l' : '?';
        }
        names[n] = malloc(strlen(e->d_name) + 3);
        sprintf(names[n], "%s:%c", e->d_name, type);
        n++;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], compare_names);
    printf("%s (%d):", label, n);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void write_file(const char *name, const char *text) {
    int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (write(fd, text, strlen(text)) < 0) printf("write failed\n");
    close(fd);
}

int main(void) {
    umask(022);
    strcpy(dir, "/tmp/morph-dirs-XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    char start[4096];
    if (!getcwd(start, sizeof start)) { perror("getcwd"); return 1; }

    report("chdir tempdir", chdir(dir));
    char cwd[4096];
    report("getcwd ok", getcwd(cwd, sizeof cwd) ? 0 : -1);
    printf("getcwd equals temp dir: %d\n", strcmp(cwd, dir) == 0);
    char tiny[4];
    report("getcwd small buffer", getcwd(tiny, sizeof tiny) ? 0 : -1);

    report("mkdir sub", mkdir("sub", 0755));
    report("mkdir sub again", mkdir("sub", 0755));
    report("mkdir sub/inner", mkdir("sub/inner", 0700));
    report("mkdir missing/parent", mkdir("missing/child", 0755));
    for (int i = 9; i >= 0; i--) {
        char name[32];
        snprintf(name, sizeof name, "sub/file%d.txt", i);
        char text[64];
        snprintf(text, sizeof text, "contents of file %d\n", i);
        write_file(name, text);
    }
    write_file("top.txt", "top level\n");
    list("tempdir", ".");
    list("sub", "sub");

    /* symlinks */
    report("symlink", symlink("top.txt", "link-to-top"));
    report("symlink dangling", symlink("does-not-exist", "dangling"));
    report("symlink exists", symlink("top.txt", "link-to-top"));
    char target[256];
    ssize_t len = readlink("link-to-top", target, sizeof target - 1);
    report("readlink", len);
    if (len >= 0) { target[len] = 0; printf("readlink text: [%s]\n", target); }
    report("readlink truncated", readlink("link-to-top", target, 3));
    report("readlink on regular file", readlink("top.txt", target, sizeof target));
    struct stat st, lst;
    report("stat through link", stat("link-to-top", &st));
    report("lstat link", lstat("link-to-top", &lst));
    printf("stat: reg=%d size=%lld; lstat: lnk=%d size=%lld\n", S_ISREG(st.st_mode), (long long)st.st_size,
           S_ISLNK(lst.st_mode), (long long)lst.st_size);
    report("stat dangling", stat("dangling", &st));
    report("lstat dangling", lstat("dangling", &st));
    int fd = open("link-to-top", O_RDONLY);
    char buf[64] = {0};
    report("read through symlink", read(fd, buf, sizeof buf - 1));
    printf("text: %s", buf);
    close(fd);
    report("open O_NOFOLLOW on link", open("link-to-top", O_RDONLY | O_NOFOLLOW));

    /* hard links */
    report("link", link("top.txt", "hard.txt"));
    report("stat nlink", stat("top.txt", &st));
    printf("nlink after link: %lu\n", (unsigned long)st.st_nlink);
    report("link to existing", link("top.txt", "hard.txt"));
    report("unlink original", unlink("top.txt"));
    report("stat hard", stat("hard.txt", &st));
    printf("nlink after unlink: %lu size=%lld\n", (unsigned long)st.st_nlink, (long long)st.st_size);
    report("stat dangling now", stat("link-to-top", &st));

    /* directory link counts and *at calls relative to a directory descriptor */
    report("stat sub", stat("sub", &st));
    printf("sub is dir: %d nlink=%lu\n", S_ISDIR(st.st_mode), (unsigned long)st.st_nlink);
    int dfd = open("sub", O_RDONLY | O_DIRECTORY);
    report("open O_DIRECTORY", dfd >= 0 ? 0 : -1);
    report("open O_DIRECTORY on file", open("hard.txt", O_RDONLY | O_DIRECTORY));
    report("mkdirat", mkdirat(dfd, "made-at", 0755));
    int afd = openat(dfd, "file3.txt", O_RDONLY);
    memset(buf, 0, sizeof buf);
    report("openat+read", read(afd, buf, sizeof buf - 1));
    printf("text: %s", buf);
    close(afd);
    report("fstatat", fstatat(dfd, "file7.txt", &st, 0));
    printf("file7 size=%lld\n", (long long)st.st_size);
    report("renameat", renameat(dfd, "file9.txt", AT_FDCWD, "moved9.txt"));
    report("unlinkat file", unlinkat(dfd, "file0.txt", 0));
    report("unlinkat dir without flag", unlinkat(dfd, "made-at", 0));
    report("unlinkat AT_REMOVEDIR", unlinkat(dfd, "made-at", AT_REMOVEDIR));
    report("faccessat", faccessat(dfd, "file1.txt", R_OK, 0));
    report("fchdir", fchdir(dfd));
    report("getcwd ends with /sub", getcwd(cwd, sizeof cwd) && strcmp(cwd + strlen(cwd) - 4, "/sub") == 0);
    report("chdir ..", chdir(".."));
    close(dfd);
    list("sub after *at", "sub");
    list("tempdir after links", ".");

    /* rewinddir gives the same count twice */
    DIR *d = opendir("sub");
    int first = 0, second = 0;
    while (readdir(d)) first++;
    rewinddir(d);
    while (readdir(d)) second++;
    closedir(d);
    printf("readdir twice: %d %d\n", first, second);

    /* rmdir errors */
    report("rmdir non-empty", rmdir("sub"));
    report("rmdir file", rmdir("hard.txt"));
    report("rmdir missing", rmdir("nothing"));
    report("rename dir", rename("sub", "sub2"));
    report("chdir into file", chdir("hard.txt"));
    report("chdir missing", chdir("nothing"));

    /* Many entries: create 120 files, list count, remove. */
    report("mkdir many", mkdir("many", 0755));
    for (int i = 0; i < 120; i++) {
        char name[64];
        snprintf(name, sizeof name, "many/entry-%03d-%s", i, i % 2 ? "odd" : "even");
        write_file(name, "x");
    }
    d = opendir("many");
    int count = 0, odd = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        count++;
        odd += strstr(e->d_name, "odd") != NULL;
    }
    closedir(d);
    printf("many: entries=%d odd=%d\n", count, odd);
    for (int i = 0; i < 120; i++) {
        char name[64];
        snprintf(name, sizeof name, "many/entry-%03d-%s", i, i % 2 ? "odd" : "even");
        unlink(name);
    }

    /* cleanup */
    const char *files[] = {"sub2/file1.txt", "sub2/file2.txt", "sub2/file3.txt", "sub2/file4.txt", "sub2/file5.txt",
                           "sub2/file6.txt", "sub2/file7.txt", "sub2/file8.txt", "moved9.txt", "hard.txt",
                           "link-to-top", "dangling"};
    int failures = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) failures += unlink(files[i]) != 0;
    failures += rmdir("sub2/inner") != 0;
    failures += rmdir("sub2") != 0;
    failures += rmdir("many") != 0;
    list("tempdir at end", ".");
    report("chdir back", chdir(start));
    failures += rmdir(dir) != 0;
    printf("cleanup failures=%d\n", failures);
    return failures;
}
