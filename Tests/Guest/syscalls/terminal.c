/* Guest test: terminal ioctls pass through to a real terminal (ioctl_tty(2): TCGETS via tcgetattr,
 * TCSETS via tcsetattr, TIOCGWINSZ). Run with standard output on a pseudo-terminal whose size the
 * test sets, e.g. under script(1) after `stty rows 33 cols 91`. */
#include <stdio.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int main(void) {
    struct termios settings;
    struct winsize window = { 0, 0, 0, 0 };
    int got = tcgetattr(1, &settings);
    int size = ioctl(1, TIOCGWINSZ, &window);
    printf("isatty %d, tcgetattr %d, TIOCGWINSZ %d: rows %d cols %d\n", isatty(1), got, size, window.ws_row,
           window.ws_col);
    printf("canonical mode %d, echo %d\n", (settings.c_lflag & ICANON) != 0, (settings.c_lflag & ECHO) != 0);
    struct termios raw = settings;
    raw.c_lflag &= ~(tcflag_t)ECHO;
    struct termios readback;
    int set = tcsetattr(1, TCSANOW, &raw);
    tcgetattr(1, &readback);
    printf("tcsetattr %d, echo now %d\n", set, (readback.c_lflag & ECHO) != 0);
    tcsetattr(1, TCSANOW, &settings);
    return 0;
}
