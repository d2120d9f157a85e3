#include <gtest/gtest.h>

#include "detect/scan_helper.hpp"

namespace dlp::test {
namespace {

TEST(Scanner, FindsEachCategoryInCsvLine) {
  auto found = scan("x,420106195907210503,13881590830,6013613186091395,bssmbhb571@qq.com\n");
  std::vector<Found> want = {{"cn_resident_id", "420106195907210503"},
                             {"cn_mobile", "13881590830"},
                             {"bank_card", "6013613186091395"},
                             {"email", "bssmbhb571@qq.com"}};
  EXPECT_EQ(found, want);
}

}  // namespace
}  // namespace dlp::test

namespace dlp::test {
namespace {

// A token split at every possible point across two writes is found once.
TEST(Scanner, TokenSplitAcrossWritesAtEveryPoint) {
  const std::string text = "x 11010519491231002X, 138 1234 5678; 6225881414207430 li@qq.com\n";
  const std::vector<Found> whole = scan(text);
  ASSERT_EQ(whole.size(), 4u);
  for (std::size_t cut = 1; cut < text.size(); ++cut)
    EXPECT_EQ(scan_chunks({text.substr(0, cut), text.substr(cut)}), whole) << "cut at " << cut;
}

TEST(Scanner, OneByteWrites) {
  const std::string text = "11010519491231002X,13812345678,6225881414207430,li@qq.com";
  std::vector<std::string> bytes;
  for (char c : text) bytes.emplace_back(1, c);
  EXPECT_EQ(scan_chunks(bytes), scan(text));
}

// The byte that decides the right boundary arrives in the next write.
TEST(Scanner, RightBoundaryInNextWrite) {
  EXPECT_EQ(scan_chunks({"13812345678", "9"}), std::vector<Found>{});
  EXPECT_EQ(scan_chunks({"13812345678", " "}), (std::vector<Found>{{"cn_mobile", "13812345678"}}));
  EXPECT_EQ(scan_chunks({"a@b.com", ".cn"}), (std::vector<Found>{{"email", "a@b.com.cn"}}));
}

// De-identified values are reported as written, standing alone: a masked
// form that touches a digit, letter or another '*' is not one.
TEST(Scanner, MaskedValues) {
  EXPECT_EQ(scan("tel 138****5678, id 110105********002X; card 6222 **** **** 1234\n"),
            (std::vector<Found>{{"cn_mobile", "masked:138****5678"},
                                {"cn_resident_id", "masked:110105********002X"},
                                {"bank_card", "masked:6222 **** **** 1234"}}));
  EXPECT_EQ(scan("1138****5678 138****56789 138*****5678 a138****5678"), std::vector<Found>{});
  const std::string text = "x 138****5678 y";
  for (std::size_t cut = 1; cut < text.size(); ++cut)
    EXPECT_EQ(scan_chunks({text.substr(0, cut), text.substr(cut)}),
              (std::vector<Found>{{"cn_mobile", "masked:138****5678"}}))
        << "cut at " << cut;
}

// Bytes on both sides of a hole never form one token, and what lies fully
// after the hole is still found.
TEST(Scanner, GapSeparatesTokens) {
  Scanner scanner(default_patterns(), default_signatures());
  ContentStream stream;
  CollectFindings sink;
  scanner.write(stream, as_bytes("id 1101051949"), sink);
  scanner.gap(stream, 10, sink);
  scanner.write(stream, as_bytes("1231002X then 13812345678"), sink);
  scanner.close(stream, sink);
  EXPECT_EQ(sink.found, (std::vector<Found>{{"cn_mobile", "13812345678"}}));
}

TEST(Scanner, CountsBytesAndValidatedMatches) {
  Scanner scanner(default_patterns(), default_signatures());
  ContentStream stream;
  CollectFindings sink;
  scanner.write(stream, as_bytes("13812345678 and 15412345678 "), sink);
  scanner.close(stream, sink);
  EXPECT_EQ(scanner.stats().bytes, 28u);
  EXPECT_EQ(scanner.stats().matches, 2u);
  EXPECT_EQ(scanner.stats().validated, 1u);
  EXPECT_EQ(scanner.stats().streams, 1u);
}

}  // namespace
}  // namespace dlp::test
