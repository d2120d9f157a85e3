#include <gtest/gtest.h>

#include <map>
#include <random>

#include "detect/scan/token_runs.hpp"
#include "detect/scan_helper.hpp"
#include "detect/signatures/pattern_alphabet.hpp"

namespace dlp {
namespace {

std::string alphabet_of(std::string_view regex, bool caseless = false) {
  const auto a = pattern_alphabet(regex, caseless);
  if (!a) return "none";
  std::string out = a->boundary_prefix ? "|" : "";
  for (int b = 0; b < 256; ++b)
    if (a->bytes[static_cast<std::size_t>(b)]) out.push_back(static_cast<char>(b));
  return out;
}

TEST(PatternAlphabet, ReadsTheBytesOfAtoms) {
  EXPECT_EQ(alphabet_of("1[3-9]\\d[ -]?\\d{4}"), " -0123456789");
  EXPECT_EQ(alphabet_of("(?:^|[^0-9A-Za-z])[A-C]{1,2}\\d\\(x\\)"), "|()0123456789ABCx");
  EXPECT_EQ(alphabet_of("\\x41b+"), "Ab");
  EXPECT_EQ(alphabet_of("ab", true), "ABab");
  EXPECT_EQ(alphabet_of("[]a]"), "]a");
}

TEST(PatternAlphabet, RefusesWhatItCannotBound) {
  for (const char* regex :
       {"a.b", "[^0-9]", "\\w+", "a$", "^a", "(?i)a", "\\bword", "a{x}", "[a-", "[[:alpha:]]", "(?:^|[^0-9A-Za-z])1|2"})
    EXPECT_EQ(alphabet_of(regex), "none") << regex;
}

// Signature files are input: any string is read without a fault, and what
// it reads is within the bytes the string names.
TEST(PatternAlphabet, ReadsAnyStringSafely) {
  std::mt19937 rng(5);
  const std::string atoms = "\\[]^-(){},?*+|:.$dxAF09 az\xE4";
  for (int round = 0; round < 20000; ++round) {
    std::string regex;
    for (std::size_t n = rng() % 24; n > 0; --n) regex.push_back(atoms[rng() % atoms.size()]);
    const auto alphabet = pattern_alphabet(regex, round % 2);
    if (alphabet && alphabet->bytes[0xE4]) {
      EXPECT_NE(regex.find('\xE4'), std::string::npos) << regex;
    }
  }
}

// Every (stream offset, byte) a token database of shortest match `min` is
// given, chunk by chunk, from the runs found for a tier of `found_for`.
std::map<std::uint64_t, char> fed(const std::string& text, const std::vector<std::size_t>& cuts, std::size_t min,
                                  std::size_t found_for) {
  TokenRuns runs;
  std::vector<TokenRun> found;
  std::map<std::uint64_t, char> out;
  std::size_t from = 0;
  for (std::size_t i = 0; i <= cuts.size(); ++i) {
    const std::size_t to = i < cuts.size() ? cuts[i] : text.size();
    const ByteSpan chunk = as_bytes(text).subspan(from, to - from);
    std::vector<std::uint64_t> masks((chunk.size() + 63) / 64), delimiters(masks.size());
    best_byte_kernels().classify(chunk.data(), chunk.size(), masks.data(), delimiters.data());
    find_token_runs(chunk, masks.data(), found_for, found);
    runs.write(chunk, found, from, min, [&](ByteSpan piece, std::uint64_t at) {
      for (std::size_t k = 0; k < piece.size(); ++k) EXPECT_TRUE(out.emplace(at + k, piece[k]).second);
    });
    from = to;
  }
  return out;
}

// The runs of token bytes at least `min` long, each with the byte before it.
std::map<std::uint64_t, char> expected_runs(const std::string& text, std::size_t min) {
  std::map<std::uint64_t, char> out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t end = i;
    while (end < text.size() && is_token_byte(static_cast<unsigned char>(text[end]))) ++end;
    if (end - i >= min)
      for (std::size_t k = i > 0 ? i - 1 : 0; k < end; ++k) out.emplace(k, text[k]);
    i = end == i ? i + 1 : end;
  }
  return out;
}

// Every instruction set's masks agree with is_token_byte, and find the
// record delimiters, for every byte value, in whole blocks and in tails.
TEST(TokenRuns, BlockMasksAgreeWithTokenBytes) {
  for (const ByteKernels* kernels : runnable_byte_kernels())
    for (std::size_t size : {64, 100, 5})
      for (int b = 0; b < 256; ++b) {
        const std::string chunk(size, static_cast<char>(b));
        std::vector<std::uint64_t> masks((size + 63) / 64), delimiters(masks.size());
        kernels->classify(as_bytes(chunk).data(), size, masks.data(), delimiters.data());
        const bool token = is_token_byte(static_cast<unsigned char>(b));
        const bool delimiter = b == '\n' || b == '{' || b == '}';
        const std::uint64_t tail = size % 64 ? (std::uint64_t{1} << size % 64) - 1 : ~std::uint64_t{0};
        EXPECT_EQ(masks.back(), token ? tail : 0) << kernels->name << " " << size << " " << b;
        EXPECT_EQ(delimiters.back(), delimiter ? tail : 0) << kernels->name << " " << size << " " << b;
        TokenBytes bytes(as_bytes(chunk), masks.data(), 8);
        EXPECT_EQ(bytes.next_run(0), token ? 0u : size) << b;
        EXPECT_EQ(bytes.run_end(0), token ? size : 0u) << b;
      }
}

TEST(TokenRuns, FeedsLongRunsWithTheByteBeforeWhereverChunksAreCutForEachTier) {
  std::mt19937 rng(3);
  const std::string bytes = "0123456789ABXxab -(),.\n\xE4\xB8\xAD";
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const std::size_t length = 50 + rng() % 400;
    while (text.size() < length) text.append(1 + rng() % 12, bytes[rng() % (round % 2 ? 11 : bytes.size())]);
    // A longer tier is fed from the runs found for a shorter one.
    const std::size_t min = 1 + rng() % 24;
    const std::size_t found_for = 1 + rng() % min;
    std::vector<std::size_t> cuts;
    for (std::size_t at = rng() % 150; at < text.size(); at += 1 + rng() % 150) cuts.push_back(at);
    ASSERT_EQ(fed(text, cuts, min, found_for), expected_runs(text, min)) << round;
  }
}

// The token database finds what one database of every pattern finds, in
// the same order, however the stream is cut.
TEST(TokenDatabase, FindsWhatTheMergedDatabaseFinds) {
  const PatternDatabase merged(test::default_signatures(), "", false);
  for (const auto& tier : merged.token_tiers()) ASSERT_EQ(tier.db, nullptr);
  for (const auto& tier : test::default_patterns().token_tiers()) ASSERT_NE(tier.db, nullptr);
  const std::vector<std::string> pieces = {"11010519491231002X",
                                           "110105 19491231 002x",
                                           "13812345678",
                                           "+86 138 1234 5678",
                                           "0086-13812345678",
                                           "8613812345678",
                                           "A123456(3)",
                                           "AB9876543",
                                           "A123456789",
                                           "LSVAU2180N2183294",
                                           "91350100M000100Y43",
                                           "6222020200112233445",
                                           "6228 4804 0256 4890",
                                           "010-62345678",
                                           "(021)52345678",
                                           "1700000000123",
                                           "2024-06-15 10:11",
                                           "京A12345",
                                           "沪B1234567",
                                           "li.na@example.cn",
                                           "手机号",
                                           " ",
                                           ",",
                                           "x",
                                           "\n",
                                           "姓名",
                                           "{",
                                           "}",
                                           "0",
                                           "9"};
  std::mt19937 rng(11);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    for (int i = 0; i < 40; ++i) {
      text += pieces[rng() % pieces.size()];
      if (rng() % 4) text += ", \n；"[rng() % 3];  // most values stand apart, some are joined
    }
    std::vector<std::string> chunks;
    for (std::size_t at = 0; at < text.size();) {
      const std::size_t n = 1 + rng() % 80;
      chunks.push_back(text.substr(at, n));
      at += n;
    }
    auto scan_with = [&](const PatternDatabase& db) {
      test::CollectFindings sink;
      Scanner scanner(db, test::default_signatures());
      ContentStream stream;
      for (const auto& c : chunks) scanner.write(stream, as_bytes(c), sink);
      scanner.close(stream, sink);
      return sink.found;
    };
    const auto expected = scan_with(merged);
    ASSERT_EQ(scan_with(test::default_patterns()), expected) << text;
    if (round == 0) {
      EXPECT_GE(expected.size(), 10u);
    }
  }
}

}  // namespace
}  // namespace dlp
