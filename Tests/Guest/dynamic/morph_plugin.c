// Guest test library: a shared library of the project's own, loaded at run time by dlopen_main.c
// (riscv64-linux-gnu-gcc -O2 -shared -fPIC morph_plugin.c -o libmorph_plugin.so -lm). It needs
// libm.so.6, which the program itself does not link, has a constructor and a destructor, exported
// functions and data, a callback into the program, and a thread-local variable that lives in the
// dynamic TLS (reached through __tls_get_addr, since the library came after start-up). Built a second
// time with -DPLUGIN_VARIANT=2 (libmorph_plugin2.so): the same code with other constants, which ld.so
// maps where the first one was once that is unloaded, so stale translated code would show.
#include <math.h>
#include <stdio.h>

#ifndef PLUGIN_VARIANT
#define PLUGIN_VARIANT 1
#endif

/// Exported data: set by the constructor, read by the program through dlsym.
int plugin_counter = -1;
/// Thread-local state of the library (dynamic TLS: the library is dlopened).
__thread int plugin_calls = 100;
__thread char plugin_scratch[48];

__attribute__((constructor)) static void plugin_load(void) {
    plugin_counter = 10 * PLUGIN_VARIANT;
    printf("plugin %d: constructor ran\n", PLUGIN_VARIANT);
}

__attribute__((destructor)) static void plugin_unload(void) {
    printf("plugin %d: destructor ran (counter %d)\n", PLUGIN_VARIANT, plugin_counter);
    fflush(stdout);
}

/// The library's name.
const char *plugin_name(void) { return PLUGIN_VARIANT == 1 ? "morph-plugin 1.0" : "morph-plugin 2.0"; }

/// Which build of the library this is, mixed with `value`.
int plugin_variant(int value) { return value * 100 + PLUGIN_VARIANT; }

/// The sum of `count` numbers, counted in the thread-local call counter.
long plugin_sum(const int *numbers, int count) {
    long sum = 0;
    for (int index = 0; index < count; index++) sum += numbers[index];
    plugin_calls++;
    plugin_counter++;
    return sum;
}

/// Calls back into the program for each value and returns the rounded hypotenuse of the results.
double plugin_apply(double (*callback)(double), double first, double second) {
    plugin_calls++;
    return round(hypot(callback(first), callback(second)) * 1000.0) / 1000.0;
}

/// The thread-local counter, and a string kept in thread-local storage.
const char *plugin_state(void) {
    snprintf(plugin_scratch, sizeof plugin_scratch, "calls=%d", plugin_calls);
    return plugin_scratch;
}
