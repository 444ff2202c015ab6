/* Guest test: stdio streams beyond printf.
 * Reference: ISO C11 7.21 (setvbuf, fwrite, fread, fputc/fgetc, ungetc, fseek/ftell,
 * fgetpos/fsetpos, tmpfile, freopen-free), POSIX fmemopen/open_memstream/getline/getdelim/
 * fileno/fdopen/dprintf. Output to stdout is a mix of buffered writes and explicit writes to
 * the same descriptor, which only stays in order if flushing works. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    /* Interleave stdio and write(2) on stdout with explicit flushes. */
    printf("1: through stdio\n");
    fflush(stdout);
    write(1, "2: through write(2)\n", 20);
    dprintf(1, "3: through dprintf(%d)\n", 1);
    printf("4: stdio again, fileno(stdout)=%d fileno(stderr)=%d\n", fileno(stdout), fileno(stderr));
    fflush(stdout);

    /* Unbuffered and line-buffered stdout. */
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("5: unbuffered ");
    write(1, "(write) ", 8);
    printf("part two\n");
    static char linebuf[64];
    setvbuf(stdout, linebuf, _IOLBF, sizeof linebuf);
    printf("6: line buffered ");
    printf("completes the line\n");
    write(1, "7: after a flushed line\n", 24);
    setvbuf(stdout, NULL, _IOFBF, 4096);

    /* Bulk output with putchar/fputs/fwrite: 64 lines of 64 characters. */
    unsigned sum = 0;
    for (int line = 0; line < 64; line++) {
        char text[80];
        for (int i = 0; i < 63; i++) {
            text[i] = (char)('!' + (line * 7 + i * 3) % 94);
            sum += (unsigned char)text[i];
        }
        text[63] = 0;
        if (line % 3 == 0) {
            for (int i = 0; i < 63; i++) putchar(text[i]);
            putchar('\n');
        } else if (line % 3 == 1) {
            fputs(text, stdout);
            fputc('\n', stdout);
        } else {
            fwrite(text, 1, 63, stdout);
            fwrite("\n", 1, 1, stdout);
        }
    }
    printf("bulk checksum=%u\n", sum);

    /* tmpfile, fseek/ftell, fgetpos/fsetpos, ungetc, fread. */
    FILE *t = tmpfile();
    if (!t) { printf("tmpfile failed\n"); return 1; }
    for (int i = 0; i < 1000; i++) fprintf(t, "%04d,", i);
    printf("tmpfile ftell=%ld\n", ftell(t));
    fpos_t pos;
    fseek(t, 2500, SEEK_SET);
    fgetpos(t, &pos);
    char rec[6] = {0};
    fread(rec, 1, 5, t);
    printf("record at 2500=[%s]\n", rec);
    fseek(t, 0, SEEK_END);
    fsetpos(t, &pos);
    int c = fgetc(t);
    ungetc('X', t);
    int d = fgetc(t);
    printf("fsetpos then fgetc=%c ungetc/fgetc=%c ftell=%ld\n", c, d, ftell(t));
    rewind(t);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getdelim(&line, &cap, ',', t);
    printf("getdelim=%zd [%s]\n", n, line);
    long items = 1;
    while (getdelim(&line, &cap, ',', t) > 0) items++;
    printf("items=%ld feof=%d ferror=%d\n", items, feof(t), ferror(t));
    clearerr(t);
    printf("after clearerr feof=%d\n", feof(t));
    fclose(t);

    /* fmemopen: read from and write to a memory buffer. */
    char src[] = "alpha beta\ngamma delta\nepsilon\n";
    FILE *m = fmemopen(src, strlen(src), "r");
    int lines = 0;
    while ((n = getline(&line, &cap, m)) > 0) printf("getline %d: %zd %s", ++lines, n, line);
    fclose(m);
    char area[32];
    memset(area, '#', sizeof area);
    m = fmemopen(area, sizeof area, "w");
    fprintf(m, "x=%d y=%s", 12, "ok");
    fflush(m);
    printf("fmemopen write: [%s] ftell=%ld\n", area, ftell(m));
    fclose(m);

    /* open_memstream grows as needed. */
    char *dyn = NULL;
    size_t dyn_size = 0;
    FILE *ms = open_memstream(&dyn, &dyn_size);
    for (int i = 0; i < 500; i++) fprintf(ms, "%d;", i * i);
    fclose(ms);
    printf("open_memstream size=%zu tail=%s\n", dyn_size, dyn + dyn_size - 12);
    free(dyn);

    /* fdopen on a pipe. */
    int fds[2];
    pipe(fds);
    FILE *w = fdopen(fds[1], "w"), *r = fdopen(fds[0], "r");
    fprintf(w, "through fdopen %d\n", 77);
    fclose(w);
    char got[64] = {0};
    fgets(got, sizeof got, r);
    printf("pipe via fdopen: %s", got);
    fclose(r);

    /* sprintf family and puts return values. */
    char out[64];
    int k = sprintf(out, "%5.1f|%-4s|%03d", 2.25, "ab", 7);
    printf("sprintf=%d [%s]\n", k, out);
    char *as = NULL;
    k = asprintf(&as, "asprintf %s %d", "works", 99);
    printf("asprintf=%d [%s]\n", k, as);
    free(as);
    printf("puts returns non-negative: %d\n", puts("puts line") >= 0);
    free(line);
    return 0;
}
