// Guest test: C++ standard library containers, strings, algorithms and iostream.
// Reference: ISO C++17 [containers], [strings], [algorithms], [input.output]; libstdc++
// linked statically. Exercises std::string, std::vector, std::map, std::unordered_map,
// std::set, std::deque, std::sort/stable_sort/lower_bound, std::ostringstream and std::cout
// formatting manipulators. Exit status: 13.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <deque>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

std::vector<std::string> split(const std::string &text, char separator) {
    std::vector<std::string> parts;
    std::string current;
    for (char c : text) {
        if (c == separator) {
            parts.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    parts.push_back(current);
    return parts;
}

struct Person {
    std::string name;
    int age;
};

}  // namespace

int main() {
    // std::string
    std::string s = "Hello";
    s += ", ";
    s.append("Morph");
    s.insert(0, ">> ");
    s.push_back('!');
    std::cout << "string: [" << s << "] size=" << s.size() << " find(Morph)=" << s.find("Morph")
              << " rfind(l)=" << s.rfind('l') << " substr=" << s.substr(3, 5) << '\n';
    std::string upper = s;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    std::cout << "upper: " << upper << " compare=" << (s.compare(upper) > 0) << '\n';
    std::string big(1000, 'x');
    big.replace(10, 980, "middle");
    std::cout << "replace: size=" << big.size() << " [" << big << "]\n";
    auto parts = split("a,bb,,ccc,dddd", ',');
    std::cout << "split:";
    for (const auto &p : parts) std::cout << " [" << p << "]";
    std::cout << '\n';
    std::cout << "to_string/stoi: " << std::to_string(-12345) << " " << std::stoi("  42xyz") << " "
              << std::stol("-9000000000") << " " << std::stod("2.5e3") << '\n';

    // std::vector
    std::vector<int> v;
    for (int i = 0; i < 1000; i++) v.push_back((i * 7919) % 1009);
    std::cout << "vector: size=" << v.size() << " capacity>=size=" << (v.capacity() >= v.size())
              << " sum=" << std::accumulate(v.begin(), v.end(), 0L) << '\n';
    std::sort(v.begin(), v.end());
    std::cout << "sorted: front=" << v.front() << " back=" << v.back() << " v[500]=" << v[500]
              << " is_sorted=" << std::is_sorted(v.begin(), v.end()) << '\n';
    auto it = std::lower_bound(v.begin(), v.end(), 500);
    std::cout << "lower_bound(500) index=" << (it - v.begin()) << " value=" << *it << '\n';
    v.erase(std::unique(v.begin(), v.end()), v.end());
    std::cout << "unique count=" << v.size() << '\n';
    std::reverse(v.begin(), v.end());
    v.resize(10);
    std::cout << "first 10 reversed:";
    for (int x : v) std::cout << ' ' << x;
    std::cout << '\n';
    std::vector<std::vector<int>> grid(5, std::vector<int>(5));
    for (int r = 0; r < 5; r++)
        for (int c = 0; c < 5; c++) grid[r][c] = r * c;
    std::cout << "grid[4][3]=" << grid[4][3] << '\n';

    // stable_sort of records
    std::vector<Person> people = {{"ann", 30}, {"bob", 25}, {"cid", 30}, {"dee", 25}, {"eve", 35}, {"fay", 25}};
    std::stable_sort(people.begin(), people.end(), [](const Person &a, const Person &b) { return a.age < b.age; });
    std::cout << "stable_sort:";
    for (const auto &p : people) std::cout << ' ' << p.name << '/' << p.age;
    std::cout << '\n';

    // std::map and std::unordered_map
    std::map<std::string, int> counts;
    std::unordered_map<int, std::string> names;
    const char *words[] = {"pear", "apple", "fig", "apple", "kiwi", "fig", "apple", "date"};
    for (const char *w : words) counts[w]++;
    for (int i = 0; i < 100; i++) names[i * i] = "n" + std::to_string(i);
    std::cout << "map:";
    for (const auto &[word, count] : counts) std::cout << ' ' << word << '=' << count;
    std::cout << "\nmap find kiwi=" << (counts.find("kiwi") != counts.end()) << " count(grape)=" << counts.count("grape")
              << '\n';
    std::cout << "unordered: size=" << names.size() << " names[81]=" << names[81] << " has 50=" << names.count(50) << '\n';
    auto lo = counts.lower_bound("b"), hi = counts.upper_bound("f");
    std::cout << "map range [b,f]:";
    for (auto i = lo; i != hi; ++i) std::cout << ' ' << i->first;
    std::cout << '\n';

    // std::set and std::deque
    std::set<int> primes;
    for (int i = 2; i < 60; i++) {
        bool prime = true;
        for (int p : primes) prime = prime && i % p != 0;
        if (prime) primes.insert(i);
    }
    std::cout << "set of primes: size=" << primes.size() << " max=" << *primes.rbegin() << '\n';
    std::deque<int> dq;
    for (int i = 0; i < 10; i++) {
        if (i % 2) dq.push_front(i); else dq.push_back(i);
    }
    std::cout << "deque:";
    for (int x : dq) std::cout << ' ' << x;
    std::cout << '\n';

    // iostream formatting
    std::cout << "hex=" << std::hex << 255 << " oct=" << std::oct << 64 << std::dec << " dec=" << 99 << '\n';
    std::cout << "fixed=" << std::fixed << std::setprecision(3) << 3.14159 << " sci=" << std::scientific << 12345.678
              << std::defaultfloat << " default=" << 0.1 << '\n';
    std::cout << "setw=[" << std::setw(8) << 42 << "] left=[" << std::left << std::setw(8) << 42 << std::right
              << "] fill=[" << std::setfill('*') << std::setw(6) << 7 << std::setfill(' ') << "]\n";
    std::cout << "bool=" << true << ' ' << std::boolalpha << true << std::noboolalpha << " char=" << 'c'
              << " int64=" << INT64_MIN << " uint64=" << UINT64_MAX << '\n';
    std::ostringstream os;
    os << "composed " << 1 << '+' << 2.5 << '=' << 1 + 2.5;
    std::istringstream is("17 3.25 word");
    int ii;
    double dd;
    std::string ww;
    is >> ii >> dd >> ww;
    std::cout << os.str() << " | parsed " << ii << ' ' << dd << ' ' << ww << '\n';
    std::cerr.flush();
    return 13;
}
