/*
 * cxx_text_index: a word-frequency index in idiomatic C++ (the C++ standard library at work).
 *
 * Generates a text of `scale` words, tokenises it into std::string, counts words in a
 * std::unordered_map, builds a length histogram in a std::map, ranks words with std::sort and
 * a lambda, scores every distinct word through virtual calls, and parses numeric tokens with
 * a parser that throws exceptions on malformed input (so the unwinder runs too). Exercises
 * operator new and delete, hashing, string compares, templates and indirect calls.
 *
 * Scale: number of words in the text (default 3,000,000).
 */
#include "bench.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

/// Scores a word; three implementations are called through the vtable.
class Scorer {
public:
    virtual ~Scorer() = default;
    virtual uint64_t score(const std::string &word) const = 0;
};

class VowelScorer final : public Scorer {
public:
    uint64_t score(const std::string &word) const override {
        uint64_t vowels = 0;
        for (char c : word) vowels += std::strchr("aeiou", c) != nullptr && c != '\0';
        return vowels;
    }
};

class PolynomialScorer final : public Scorer {
public:
    explicit PolynomialScorer(uint64_t base) : base_(base) {}
    uint64_t score(const std::string &word) const override {
        uint64_t hash = 0;
        for (char c : word) hash = hash * base_ + static_cast<uint8_t>(c);
        return hash;
    }

private:
    uint64_t base_;
};

class LengthScorer final : public Scorer {
public:
    uint64_t score(const std::string &word) const override { return word.size() * word.size(); }
};

/// Parses "n<digits>" tokens; throws on anything else, like a strict configuration reader.
uint64_t parse_number(const std::string &token) {
    if (token.size() < 2 || token[0] != 'n') throw std::invalid_argument("not a number: " + token);
    uint64_t value = 0;
    for (size_t i = 1; i < token.size(); i++) {
        char c = token[i];
        if (c < '0' || c > '9') throw std::invalid_argument("bad digit in " + token);
        value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    return value;
}

std::string generate_text(uint64_t word_count) {
    static const char *const syllables[] = {"ka", "lo", "mi", "nu", "re", "sa", "ti", "vo",
                                            "an", "el", "is", "on", "ur", "tho", "qua", "ing"};
    BenchRandom random = {0x5eed000c};
    std::string text;
    text.reserve(word_count * 8);
    for (uint64_t i = 0; i < word_count; i++) {
        uint64_t draw = bench_random_next(&random);
        if (draw % 61 == 0) {
            // A numeric token, malformed one time in four.
            text += 'n';
            text += std::to_string((draw >> 8) % 100000);
            if ((draw >> 40) % 4 == 0) text += 'x';
        } else {
            // Zipf-like: short common words, longer rare ones.
            uint64_t syllable_count = 1 + __builtin_ctzll(draw | (1ULL << 5));
            for (uint64_t s = 0; s < syllable_count; s++) text += syllables[(draw >> (8 + 4 * s)) % 16];
        }
        text += (i % 13 == 12) ? '\n' : ' ';
    }
    return text;
}

}  // namespace

int main(int argc, char **argv) {
    uint64_t word_count = bench_scale(argc, argv, 3000000);
    std::string text = generate_text(word_count);

    std::vector<std::string> tokens;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); i++) {
        if (i == text.size() || text[i] == ' ' || text[i] == '\n') {
            if (i > start) tokens.emplace_back(text, start, i - start);
            start = i + 1;
        }
    }

    std::unordered_map<std::string, uint32_t> counts;
    std::map<size_t, uint32_t> length_histogram;
    uint64_t number_sum = 0, malformed = 0;
    for (const std::string &token : tokens) {
        if (token[0] == 'n') {
            try {
                number_sum += parse_number(token);
            } catch (const std::invalid_argument &error) {
                malformed += std::strlen(error.what()) > 0;
            }
            continue;
        }
        counts[token]++;
        length_histogram[token.size()]++;
    }

    std::vector<std::pair<std::string, uint32_t>> ranking(counts.begin(), counts.end());
    std::sort(ranking.begin(), ranking.end(), [](const auto &left, const auto &right) {
        if (left.second != right.second) return left.second > right.second;
        return left.first < right.first;
    });

    std::vector<std::unique_ptr<Scorer>> scorers;
    scorers.push_back(std::make_unique<VowelScorer>());
    scorers.push_back(std::make_unique<PolynomialScorer>(31));
    scorers.push_back(std::make_unique<LengthScorer>());
    scorers.push_back(std::make_unique<PolynomialScorer>(257));

    uint64_t checksum = 0;
    for (const auto &entry : ranking) {
        uint64_t score = entry.second;
        for (const auto &scorer : scorers) score = score * 7 + scorer->score(entry.first);
        checksum = bench_mix(checksum, score);
    }
    for (const auto &bucket : length_histogram) checksum = bench_mix(checksum, bucket.first * 1000003 + bucket.second);
    checksum = bench_mix(checksum, number_sum);
    checksum = bench_mix(checksum, malformed);

    std::printf("words: %zu, distinct: %zu, malformed numbers: %" PRIu64 ", most common: %s (%u)\n",
                tokens.size(), ranking.size(), malformed, ranking.empty() ? "-" : ranking[0].first.c_str(),
                ranking.empty() ? 0u : ranking[0].second);
    bench_print_checksum(checksum);
    return 0;
}
