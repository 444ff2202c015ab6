// Guest test: a dynamically linked C++ program (riscv64-linux-gnu-g++ -O2 dynamic_cxx.cc): libstdc++.so.6,
// libgcc_s.so.1, libm.so.6 and libc.so.6 come from the sysroot (Debian's libstdc++6-riscv64-cross).
// Covers iostream formatting, std::string, containers and algorithms, virtual calls, and exceptions
// thrown inside libstdc++.so (std::stoi, std::vector::at, std::map::at) and in the program, unwound
// through frames of both with libgcc_s's unwinder. Exit status: 10.
#include <algorithm>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

struct Shape {
    virtual ~Shape() = default;
    virtual double area() const = 0;
    virtual std::string name() const = 0;
};

struct Rectangle : Shape {
    double width, height;
    Rectangle(double width, double height) : width(width), height(height) {}
    double area() const override { return width * height; }
    std::string name() const override { return "rectangle"; }
};

struct Circle : Shape {
    double radius;
    explicit Circle(double radius) : radius(radius) {}
    double area() const override { return 3.141592653589793 * radius * radius; }
    std::string name() const override { return "circle"; }
};

struct ParseError : std::runtime_error {
    int position;
    ParseError(const std::string &message, int position) : std::runtime_error(message), position(position) {}
};

int parseDigits(const std::string &text, int depth) {
    if (depth > 0) return parseDigits(text, depth - 1);
    for (size_t index = 0; index < text.size(); index++) {
        if (text[index] < '0' || text[index] > '9') throw ParseError("not a digit: " + text, int(index));
    }
    return std::stoi(text);
}

}  // namespace

int main() {
    std::cout << "iostream: " << std::setw(8) << std::setfill('.') << 42 << " " << std::hex << 255 << std::dec
              << " " << std::fixed << std::setprecision(3) << 2.0 / 3.0 << std::endl;

    std::string text = "the quick brown fox jumps over the lazy dog the end";
    std::map<std::string, int> counts;
    std::istringstream words(text);
    for (std::string word; words >> word;) counts[word]++;
    for (const auto &[word, count] : counts) std::cout << word << "=" << count << " ";
    std::cout << "\n";

    std::vector<int> numbers(20);
    std::iota(numbers.begin(), numbers.end(), -7);
    std::sort(numbers.begin(), numbers.end(), [](int a, int b) { return (a * a) % 11 < (b * b) % 11 || ((a * a) % 11 == (b * b) % 11 && a < b); });
    for (int value : numbers) std::cout << value << " ";
    std::cout << "\nsum " << std::accumulate(numbers.begin(), numbers.end(), 0) << "\n";

    std::unordered_map<int, std::string> names{{1, "one"}, {2, "two"}, {3, "three"}};
    std::set<std::string> sorted;
    for (const auto &entry : names) sorted.insert(entry.second);
    for (const auto &name : sorted) std::cout << name << ",";
    std::cout << "\n";

    std::vector<std::unique_ptr<Shape>> shapes;
    shapes.push_back(std::make_unique<Rectangle>(3, 4));
    shapes.push_back(std::make_unique<Circle>(2));
    for (const auto &shape : shapes) std::cout << shape->name() << " " << shape->area() << "\n";

    std::function<long(int)> factorial = [&](int n) -> long { return n <= 1 ? 1 : n * factorial(n - 1); };
    std::cout << "20! = " << factorial(20) << "\n";

    int caught = 0;
    try {
        std::stoi("not a number");
    } catch (const std::invalid_argument &error) {
        std::cout << "stoi threw invalid_argument: " << error.what() << "\n";
        caught++;
    }
    try {
        std::vector<int> small(3);
        small.at(10) = 1;
    } catch (const std::out_of_range &) {
        std::cout << "vector::at threw out_of_range\n";
        caught++;
    }
    try {
        std::map<int, int> empty;
        (void)empty.at(5);
    } catch (const std::exception &error) {
        std::cout << "map::at threw " << (dynamic_cast<const std::out_of_range *>(&error) ? "out_of_range" : "?") << "\n";
        caught++;
    }
    for (const char *input : {"12345", "12a45"}) {
        try {
            int value = parseDigits(input, 50);
            std::cout << "parsed " << value << "\n";
        } catch (const ParseError &error) {
            std::cout << "ParseError at " << error.position << ": " << error.what() << "\n";
            caught++;
        }
    }
    try {
        try {
            throw std::logic_error("inner");
        } catch (...) {
            std::throw_with_nested(std::runtime_error("outer"));
        }
    } catch (const std::runtime_error &error) {
        std::cout << "nested: " << error.what();
        try {
            std::rethrow_if_nested(error);
        } catch (const std::logic_error &inner) {
            std::cout << " <- " << inner.what() << "\n";
            caught++;
        }
    }
    std::ostringstream summary;
    summary << "caught " << caught << " exceptions";
    std::cout << summary.str() << std::endl;
    return caught + 5;
}
