// Guest test: dlopen, dlsym, dlerror and dlclose of the project's own shared library (morph_plugin.c),
// whose path is argv[1], then of its second build (-DPLUGIN_VARIANT=2), argv[2]. Built without -static; the library is found by its absolute path on the host
// (not under the sysroot), and its own dependency, libm.so.6, under the sysroot. Checks the library's
// constructor and destructor, functions, data, a callback, its dynamic TLS, and the errors for a missing
// symbol and a missing library (the messages contain host paths, so only their presence is printed),
// and that the second build, loaded where the first one was, runs its own code.
// Exit status: 23.
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static double triple(double value) { return value * 3.0; }

int main(int argc, char **argv) {
    if (argc < 3) {
        printf("usage: dlopen_main LIBRARY SECOND-LIBRARY\n");
        return 2;
    }
    printf("before dlopen\n");
    void *library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        printf("dlopen failed\n");
        return 1;
    }
    const char *(*name)(void) = (const char *(*)(void))dlsym(library, "plugin_name");
    long (*sum)(const int *, int) = (long (*)(const int *, int))dlsym(library, "plugin_sum");
    double (*apply)(double (*)(double), double, double) =
        (double (*)(double (*)(double), double, double))dlsym(library, "plugin_apply");
    const char *(*state)(void) = (const char *(*)(void))dlsym(library, "plugin_state");
    int (*variant)(int) = (int (*)(int))dlsym(library, "plugin_variant");
    int *counter = (int *)dlsym(library, "plugin_counter");
    if (!name || !sum || !apply || !state || !variant || !counter) {
        printf("dlsym failed\n");
        return 1;
    }
    printf("name: %s, variant %d\n", name(), variant(5));
    printf("counter after load: %d\n", *counter);
    int numbers[] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5};
    printf("sum: %ld\n", sum(numbers, 11));
    printf("sum: %ld\n", sum(numbers + 5, 6));
    printf("apply: %.3f\n", apply(triple, 1.0, 1.0));
    printf("counter: %d\n", *counter);
    printf("state: %s\n", state());

    dlerror();
    void *missing = dlsym(library, "plugin_does_not_exist");
    const char *error = dlerror();
    printf("missing symbol: %s, error %s\n", missing ? "found" : "not found", error ? "reported" : "not reported");
    void *absent = dlopen("/nonexistent/libmorph_absent.so", RTLD_NOW);
    error = dlerror();
    printf("missing library: %s, error %s\n", absent ? "loaded" : "not loaded",
           error && strstr(error, "libmorph_absent.so") ? "names it" : "does not name it");

    // The same library again is the same handle; closing both unloads it, and a new dlopen runs its
    // constructor again with fresh data and thread-local storage.
    void *again = dlopen(argv[1], RTLD_NOW);
    printf("second dlopen gives the same handle: %s\n", again == library ? "yes" : "no");
    dlclose(again);
    printf("closing\n");
    fflush(stdout);
    dlclose(library);
    library = dlopen(argv[1], RTLD_LAZY);
    if (!library) {
        printf("dlopen failed again\n");
        return 1;
    }
    counter = (int *)dlsym(library, "plugin_counter");
    state = (const char *(*)(void))dlsym(library, "plugin_state");
    printf("reloaded: counter %d, state %s\n", *counter, state());
    dlclose(library);

    library = dlopen(argv[2], RTLD_NOW);
    if (!library) {
        printf("dlopen of the second build failed\n");
        return 1;
    }
    name = (const char *(*)(void))dlsym(library, "plugin_name");
    variant = (int (*)(int))dlsym(library, "plugin_variant");
    counter = (int *)dlsym(library, "plugin_counter");
    printf("second build: name %s, variant %d, counter %d\n", name(), variant(6), *counter);
    dlclose(library);
    printf("done\n");
    return 23;
}
