// MorphTerminal: putting the terminal back when `morph boot` dies of a signal (POSIX.1-2017, "General
// Terminal Interface", and "Signal Concepts": tcsetattr is async-signal-safe).
//
// Why this is C: the console puts standard input in raw mode and restores it at exit (atexit), but a
// signal that ends the process (SIGTERM, SIGHUP, a Swift runtime trap) skips atexit; a handler must run
// in signal context, where no Swift code may run.
#ifndef MORPH_TERMINAL_H
#define MORPH_TERMINAL_H

#include <termios.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Keeps a copy of `state` and installs handlers for SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGABRT, SIGILL
/// and SIGTRAP (those whose default action ends the process and that Morph does not otherwise handle)
/// that restore standard input to `state` and then die of the signal with its default action, and
/// unblocks those signals in the calling thread. Signals the process ignores stay ignored.
void morph_terminal_restore_on_fatal_signals(const struct termios *state);

#ifdef __cplusplus
}
#endif

#endif
