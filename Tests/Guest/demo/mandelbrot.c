/* Morph demo: an ASCII-art Mandelbrot set, computed by a static riscv64 Linux program.
 * Reference: the Mandelbrot iteration z <- z^2 + c (escape radius 2); ECMA-48 SGR escape
 * sequences with 256-colour extensions (used only when stdout is a terminal and NO_COLOR is
 * unset); uname(2) for the closing line of facts.
 * Build: Tests/Guest/demo/build.sh (riscv64-linux-gnu-gcc -O2 -static, stripped).
 * Run:   morph run Tests/Guest/demo/mandelbrot.riscv64   (or qemu-riscv64 ...) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>

enum { COLUMNS = 78, ROWS = 24, MAX_ITERATIONS = 500 };

/* Characters from sparse to dense; points inside the set are drawn with '@'. */
static const char ramp[] = " .,:;-=+*x%#&";

/* A 256-colour palette index for a ramp slot (0..12): blue through cyan, green, yellow to red. */
static int colour_for(int slot) {
    static const int palette[] = {17, 18, 19, 20, 21, 27, 33, 39, 45, 51, 50, 49, 48, 47, 46,
                                  82, 118, 154, 190, 226, 220, 214, 208, 202, 196};
    return palette[slot * 2];
}

int main(void) {
    const char *no_colour = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    int colour = isatty(1) && !(no_colour && no_colour[0]) && !(term && strcmp(term, "dumb") == 0);
    const double x_min = -2.2, x_max = 0.65, y_min = -1.2, y_max = 1.2;
    long total_iterations = 0, inside = 0;
    char line[COLUMNS * 24 + 16];

    for (int row = 0; row < ROWS; row++) {
        size_t length = 0;
        int last_colour = -1;
        double ci = y_max - (y_max - y_min) * row / (ROWS - 1);
        for (int column = 0; column < COLUMNS; column++) {
            double cr = x_min + (x_max - x_min) * column / (COLUMNS - 1);
            double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
            int n = 0;
            while (n < MAX_ITERATIONS && zr2 + zi2 <= 4.0) {
                zi = 2 * zr * zi + ci;
                zr = zr2 - zi2 + cr;
                zr2 = zr * zr;
                zi2 = zi * zi;
                n++;
            }
            total_iterations += n;
            char glyph;
            int wanted_colour;
            if (n == MAX_ITERATIONS) {
                inside++;
                glyph = '@';
                wanted_colour = 255;
            } else {
                int slot = n < 2 ? 0 : n < 4 ? 1 : n < 6 ? 2 : n < 8 ? 3 : n < 10 ? 4 : n < 13 ? 5 : n < 16 ? 6
                         : n < 20 ? 7 : n < 26 ? 8 : n < 34 ? 9 : n < 50 ? 10 : n < 90 ? 11 : 12;
                glyph = ramp[slot];
                wanted_colour = colour_for(slot);
            }
            if (colour && wanted_colour != last_colour) {
                length += (size_t)snprintf(line + length, sizeof line - length, "\033[38;5;%dm", wanted_colour);
                last_colour = wanted_colour;
            }
            line[length++] = glyph;
        }
        if (colour) length += (size_t)snprintf(line + length, sizeof line - length, "\033[0m");
        line[length++] = '\n';
        fwrite(line, 1, length, stdout);
    }

    struct utsname system;
    const char *machine = "unknown", *sysname = "unknown", *release = "";
    if (uname(&system) == 0) {
        machine = system.machine;
        sysname = system.sysname;
        release = system.release;
    }
    printf("%sMorph demo: running on %s (%s %s), pid %d; %d x %d points, %ld iterations, %ld points inside the set.%s\n",
           colour ? "\033[1m" : "", machine, sysname, release, (int)getpid(), COLUMNS, ROWS, total_iterations, inside,
           colour ? "\033[0m" : "");
    return 0;
}
