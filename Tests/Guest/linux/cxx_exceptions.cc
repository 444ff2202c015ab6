// Guest test: C++ exceptions and stack unwinding.
// Reference: ISO C++17 [except]; Itanium C++ ABI exception handling (libgcc unwinder reading
// .eh_frame DWARF CFI, personality routine, __cxa_throw/__cxa_begin_catch); RISC-V DWARF
// register numbering. Throws across many frames, destructors run during unwinding, rethrow,
// nested try, std::runtime_error hierarchy, catch(...), noexcept/std::terminate is avoided.
// Exit status: 17.
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::vector<std::string> log_lines;

struct Guard {
    explicit Guard(std::string n) : name(std::move(n)) {}
    ~Guard() { log_lines.push_back("unwind " + name); }
    std::string name;
};

struct CustomError : std::runtime_error {
    CustomError(const std::string &what, int code) : std::runtime_error(what), code(code) {}
    int code;
};

[[gnu::noinline]] int thrower(int depth, int kind) {
    Guard g("depth" + std::to_string(depth));
    if (depth > 0) return thrower(depth - 1, kind) + 1;
    switch (kind) {
        case 0: throw std::runtime_error("runtime failure");
        case 1: throw CustomError("custom failure", 77);
        case 2: throw 42;
        case 3: throw std::string("a string");
        case 4: throw std::out_of_range("index out of range");
        case 5: {
            std::vector<int> v(3);
            return v.at(10);  // std::out_of_range from the library
        }
        case 6: throw 3.5;
        default: return 0;
    }
}

std::string classify(int kind, int depth) {
    log_lines.clear();
    try {
        thrower(depth, kind);
        return "no exception";
    } catch (const CustomError &e) {
        return std::string("CustomError: ") + e.what() + " code=" + std::to_string(e.code);
    } catch (const std::out_of_range &e) {
        return std::string("out_of_range: ") + (std::string(e.what()).find("range") != std::string::npos ? "mentions range" : e.what());
    } catch (const std::runtime_error &e) {
        return std::string("runtime_error: ") + e.what();
    } catch (int v) {
        return "int: " + std::to_string(v);
    } catch (const std::string &s) {
        return "string: " + s;
    } catch (...) {
        return "unknown exception via catch(...)";
    }
}

[[gnu::noinline]] void rethrower() {
    try {
        throw CustomError("inner", 5);
    } catch (CustomError &e) {
        e.code += 100;
        throw;  // rethrow the same object
    }
}

[[gnu::noinline]] void translate() {
    try {
        rethrower();
    } catch (const std::exception &e) {
        std::throw_with_nested(std::logic_error("outer wraps " + std::string(e.what())));
    }
}

int constructed = 0, destroyed = 0;

struct Fragile {
    explicit Fragile(int i) : id(i) {
        if (i == 3) throw std::runtime_error("constructor 3 failed");
        constructed++;
    }
    ~Fragile() { destroyed++; }
    int id;
};

}  // namespace

int main() {
    for (int kind = 0; kind <= 7; kind++) {
        std::string r = classify(kind, kind * 3);
        std::cout << "kind " << kind << ": " << r << " (unwound " << log_lines.size() << " frames";
        if (!log_lines.empty()) std::cout << ", first " << log_lines.front() << ", last " << log_lines.back();
        std::cout << ")\n";
    }
    // Deep unwinding: 400 frames.
    std::string deep = classify(0, 400);
    std::cout << "deep: " << deep << " frames unwound=" << log_lines.size() << '\n';

    try {
        rethrower();
    } catch (const CustomError &e) {
        std::cout << "rethrow kept modification: code=" << e.code << '\n';
    }
    try {
        translate();
    } catch (const std::logic_error &e) {
        std::cout << "nested outer: " << e.what();
        try {
            std::rethrow_if_nested(e);
        } catch (const CustomError &inner) {
            std::cout << " | inner: " << inner.what() << " code=" << inner.code;
        }
        std::cout << '\n';
    }

    // Partially constructed array: already-built elements are destroyed.
    try {
        std::vector<std::unique_ptr<Fragile>> items;
        for (int i = 0; i < 6; i++) items.push_back(std::make_unique<Fragile>(i));
    } catch (const std::exception &e) {
        std::cout << "construction failed: " << e.what() << " constructed=" << constructed << " destroyed=" << destroyed << '\n';
    }

    // exception_ptr round trip.
    std::exception_ptr saved;
    try {
        throw CustomError("saved for later", 9);
    } catch (...) {
        saved = std::current_exception();
    }
    try {
        std::rethrow_exception(saved);
    } catch (const CustomError &e) {
        std::cout << "exception_ptr: " << e.what() << " code=" << e.code << '\n';
    }

    // Exceptions in a loop: many throws reuse the unwinder caches.
    int caught = 0;
    for (int i = 0; i < 120; i++) {
        try {
            if (i % 3 == 0) throw i;
            if (i % 3 == 1) throw std::runtime_error("x");
            caught += 100;
        } catch (int v) {
            caught += v % 7;
        } catch (const std::exception &) {
            caught += 1;
        }
    }
    std::cout << "loop caught checksum=" << caught << '\n';
    std::cout << "uncaught_exceptions now=" << std::uncaught_exceptions() << '\n';

    // bad_alloc from an impossible allocation.
    try {
        volatile std::size_t huge = static_cast<std::size_t>(-1) / 2;
        char *p = new char[huge];
        std::cout << "allocated?! " << static_cast<void *>(p) << '\n';
    } catch (const std::bad_alloc &) {
        std::cout << "bad_alloc caught\n";
    }
    // dynamic_cast to reference throws bad_cast.
    try {
        std::exception base;
        std::exception &ref = base;
        (void)dynamic_cast<std::runtime_error &>(ref);
    } catch (const std::bad_cast &) {
        std::cout << "bad_cast caught\n";
    }
    return 17;
}
