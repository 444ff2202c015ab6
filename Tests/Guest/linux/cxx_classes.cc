// Guest test: C++ classes, virtual dispatch, templates, RAII and static initialization.
// Reference: ISO C++17 [class.virtual], [temp], [class.dtor], [basic.start.static]; Itanium
// C++ ABI (vtables, typeinfo, dynamic_cast, guard variables for function-local statics).
// Exit status: 21.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

namespace {

int live_objects = 0;
std::vector<std::string> event_log;

class Shape {
public:
    explicit Shape(std::string name) : name_(std::move(name)) { live_objects++; }
    virtual ~Shape() {
        live_objects--;
        event_log.push_back("~" + name_);
    }
    virtual double area() const = 0;
    virtual std::string describe() const { return name_ + " with area " + std::to_string(area()); }
    const std::string &name() const { return name_; }

private:
    std::string name_;
};

class Rectangle : public Shape {
public:
    Rectangle(double w, double h) : Shape("rectangle"), w_(w), h_(h) {}
    double area() const override { return w_ * h_; }

protected:
    Rectangle(std::string name, double w, double h) : Shape(std::move(name)), w_(w), h_(h) {}
    double w_, h_;
};

class Square final : public Rectangle {
public:
    explicit Square(double side) : Rectangle("square", side, side) {}
    std::string describe() const override { return "square of side " + std::to_string(w_) + " -> " + Rectangle::describe(); }
};

class Circle : public Shape {
public:
    explicit Circle(double r) : Shape("circle"), r_(r) {}
    double area() const override { return 3.141592653589793 * r_ * r_; }

private:
    double r_;
};

// Multiple inheritance with a this-adjusting thunk.
struct Named {
    virtual ~Named() = default;
    virtual const char *label() const { return "named"; }
    int named_marker = 7;
};

struct Counted {
    virtual ~Counted() = default;
    virtual int count() const = 0;
    int counted_marker = 9;
};

struct Both : Named, Counted {
    const char *label() const override { return "both"; }
    int count() const override { return 42 + counted_marker; }
};

// Templates: a generic fixed-capacity stack and compile-time recursion.
template <typename T, int Capacity>
class Stack {
public:
    bool push(const T &v) {
        if (size_ == Capacity) return false;
        items_[size_++] = v;
        return true;
    }
    T pop() { return items_[--size_]; }
    int size() const { return size_; }

private:
    T items_[Capacity]{};
    int size_ = 0;
};

template <unsigned N>
struct Factorial {
    static constexpr unsigned long long value = N * Factorial<N - 1>::value;
};
template <>
struct Factorial<0> {
    static constexpr unsigned long long value = 1;
};

template <typename T>
T max_of(const std::vector<T> &v) {
    T best = v.front();
    for (const T &x : v)
        if (best < x) best = x;
    return best;
}

template <typename... Args>
std::size_t count_args(Args &&...) {
    return sizeof...(Args);
}

template <typename F>
int apply_n(F f, int n, int x) {
    for (int i = 0; i < n; i++) x = f(x);
    return x;
}

struct Tracer {
    explicit Tracer(const char *n) : name(n) { event_log.push_back(std::string("+") + name); }
    ~Tracer() { event_log.push_back(std::string("-") + name); }
    const char *name;
};

int next_id() {
    static int counter = 100;  // function-local static with a guard
    return counter++;
}

struct GlobalInit {
    GlobalInit() { value = 1234; }
    int value;
};
GlobalInit global_init;  // dynamic initialization before main

}  // namespace

int main() {
    std::cout << "global constructor ran: " << global_init.value << '\n';
    {
        std::vector<std::unique_ptr<Shape>> shapes;
        shapes.push_back(std::make_unique<Rectangle>(3, 4));
        shapes.push_back(std::make_unique<Square>(2.5));
        shapes.push_back(std::make_unique<Circle>(1));
        double total = 0;
        for (const auto &s : shapes) {
            std::cout << s->describe() << '\n';
            total += s->area();
        }
        std::cout << "total area " << total << " live=" << live_objects << '\n';
        for (const auto &s : shapes) {
            const char *kind = dynamic_cast<Square *>(s.get()) ? "Square"
                               : dynamic_cast<Rectangle *>(s.get()) ? "Rectangle"
                               : dynamic_cast<Circle *>(s.get()) ? "Circle" : "?";
            std::cout << s->name() << " dynamic_cast says " << kind << ", typeid matches Circle: "
                      << (typeid(*s) == typeid(Circle)) << '\n';
        }
    }
    std::cout << "after scope live=" << live_objects << " destruction order:";
    for (const auto &e : event_log) std::cout << ' ' << e;
    std::cout << '\n';
    event_log.clear();

    Both both;
    Counted *c = &both;
    Named *n = &both;
    std::cout << "multiple inheritance: label=" << n->label() << " count=" << c->count()
              << " cross-cast ok=" << (dynamic_cast<Named *>(c) == n) << '\n';

    Stack<int, 4> st;
    int pushed = 0;
    for (int i = 0; i < 6; i++) pushed += st.push(i * i);
    std::cout << "stack pushed=" << pushed << " pop=" << st.pop() << " size=" << st.size() << '\n';
    Stack<std::string, 2> ss;
    ss.push("alpha");
    ss.push("beta");
    std::cout << "string stack pop=" << ss.pop() << '\n';
    std::cout << "Factorial<20>=" << Factorial<20>::value << '\n';
    std::cout << "max_of ints=" << max_of(std::vector<int>{3, 9, -2, 7}) << " strings="
              << max_of(std::vector<std::string>{"pear", "zoo", "apple"}) << '\n';
    std::cout << "count_args=" << count_args(1, "two", 3.0, 'c') << '\n';
    int k = 3;
    std::cout << "apply_n lambda=" << apply_n([k](int x) { return x * k + 1; }, 5, 1) << '\n';
    {
        Tracer a("a");
        Tracer b("b");
        {
            Tracer inner("inner");
        }
    }
    std::cout << "raii order:";
    for (const auto &e : event_log) std::cout << ' ' << e;
    std::cout << '\n';
    int ids = 0;
    for (int i = 0; i < 3; i++) ids += next_id();
    std::cout << "static counter sum=" << ids << '\n';
    std::shared_ptr<int> sp = std::make_shared<int>(5);
    std::weak_ptr<int> wp = sp;
    std::cout << "shared use_count=" << sp.use_count() << " weak expired=" << wp.expired();
    sp.reset();
    std::cout << " after reset expired=" << wp.expired() << '\n';
    return 21;
}
