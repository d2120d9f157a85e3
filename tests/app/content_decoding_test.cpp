// The decoders of application content, fed whole and split at every
// point, with malformed and hostile input: exact output or a counted error.
#include <gtest/gtest.h>

#include "app/coding/transfer_decoder.hpp"
#include "app/content_helper.hpp"
#include "app/file/file_decoder.hpp"
#include "app/file/ooxml_text.hpp"
#include "app/mime/mime_header.hpp"
#include "app/mime/mime_parser.hpp"

namespace dlp {
namespace {

using test::Pieces;
using test::ZipEntry;

// `in` decoded in two writes, cut at `cut`.
std::string decode_in_two(TransferDecoder&& d, std::string_view in, std::size_t cut) {
  std::string out;
  d.write(as_bytes(in.substr(0, cut)), out);
  d.write(as_bytes(in.substr(cut)), out);
  return out;
}

TEST(TransferDecoding, Base64AndQuotedPrintableSplitAnywhere) {
  const std::string b64 = "5a6i5oi35omL5py65Y+3\r\nOjEzOTEyMzQ1Njc4";  // 客户手机号:13912345678
  const std::string qp = "=E5=AE=A2=E6=88=B7 ab=\r\ncd =3D=ZZ=\nend";
  for (std::size_t cut = 0; cut <= b64.size(); ++cut)
    EXPECT_EQ(decode_in_two(Base64Decoder(), b64, cut), "客户手机号:13912345678") << cut;
  for (std::size_t cut = 0; cut <= qp.size(); ++cut)
    EXPECT_EQ(decode_in_two(QuotedPrintableDecoder(), qp, cut), "客户 abcd ==ZZend") << cut;
}

TEST(MimeHeader, EncodedWordsAndExtendedParameters) {
  EXPECT_EQ(decode_encoded_words("=?GBK?B?v827p8P7taUuY3N2?="), "客户名单.csv");
  EXPECT_EQ(decode_encoded_words("=?UTF-8?Q?=E5=90=8D=E5=8D=95?= =?UTF-8?Q?_x?= plain"), "名单 x plain");
  EXPECT_EQ(header_parameter("attachment; filename*=UTF-8''%E5%90%8D%E5%8D%95.xlsx", "filename"), "名单.xlsx");
  EXPECT_EQ(header_parameter("form-data; name=\"f\"; filename=\"a \\\"b\\\".csv\"", "filename"), "a \"b\".csv");
  const MimeHeaders h = parse_mime_headers(
      "Content-Type: Multipart/Mixed;\r\n boundary=\"=_b\"\r\n"
      "Content-Transfer-Encoding: BASE64\r\n\r\n");
  EXPECT_EQ(h.content_type, "multipart/mixed");
  EXPECT_EQ(h.boundary, "=_b");
  EXPECT_EQ(h.transfer_encoding, "base64");
}

const std::string kMail =
    "From: a@example.cn\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\npreamble\r\n"
    "--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n"
    "--inner\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nsoft=\r\nbreak\r\n"
    "--outer\r\n"  // ends the inner multipart too
    "Content-Type: text/csv; name=\"=?UTF-8?B?5ZCN5Y2VLmNzdg==?=\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    "aWQsbW9iaWxl\r\nCjEzOTEyMzQ1Njc4\r\n--outer--\r\nepilogue\r\n";

TEST(MimeParser, NestedPartsSplitAnywhere) {
  for (std::size_t piece = 1; piece <= kMail.size(); ++piece) {
    ContentLimits limits;
    ContentStats stats;
    MimeParser mail(limits, stats, {}, 0);
    Pieces out;
    test::feed_in_pieces(mail, kMail, piece, out);
    ASSERT_EQ(out.done, (std::vector<std::string>{"softbreak", "id,mobile\n13912345678"})) << piece;
    EXPECT_EQ(out.contexts[1].filename, "名单.csv");
    EXPECT_EQ(stats.mime_parts, 4u);
  }
}

// A part's unfinished line is passed on at once, as it is, unless it may
// begin a delimiter; its line end waits for the next line.
TEST(MimeParser, AnUnfinishedLineIsPassedOnUnlessItMayBeADelimiter) {
  ContentLimits limits;
  ContentStats stats;
  MimeParser parser(limits, stats, {}, 0);
  parser.expect_multipart("b");
  Pieces out;
  parser.write(as_bytes(std::string_view("--b\r\n\r\nline1\r\nli")), out);
  EXPECT_EQ(out.current, "line1\r\nli");
  parser.write(as_bytes(std::string_view("ne2\r\n-")), out);
  EXPECT_EQ(out.current, "line1\r\nline2");
  parser.write(as_bytes(std::string_view("-b--\r\n")), out);
  parser.finish(out);
  EXPECT_EQ(out.done, std::vector<std::string>{"line1\r\nline2"});
}

// 1,000 nested multiparts: decoded to the depth limit, counted, and the
// innermost text still passed on (as the body of the deepest part read).
TEST(MimeParser, ThousandDeepMultipartStopsAtTheLimit) {
  std::string mail = "Content-Type: multipart/mixed; boundary=b0\r\n\r\n";
  for (int i = 1; i < 1000; ++i)
    mail += "--b" + std::to_string(i - 1) + "\r\nContent-Type: multipart/mixed; boundary=b" + std::to_string(i) +
            "\r\n\r\n";
  mail += "--b999\r\n\r\n13912345678\r\n";
  ContentLimits limits;
  ContentStats stats;
  MimeParser parser(limits, stats, {}, 0);
  Pieces out;
  test::feed_in_pieces(parser, mail, 4096, out);
  EXPECT_EQ(stats.depth_limit, 1u);
  EXPECT_EQ(out.truncations, 1);
  ASSERT_EQ(out.done.size(), 1u);
  EXPECT_NE(out.done[0].find("13912345678"), std::string::npos);
}

TEST(MimeParser, OverlongPartHeadersAreSkipped) {
  ContentLimits limits;
  limits.max_part_header = 64;
  ContentStats stats;
  MimeParser parser(limits, stats, {}, 0);
  parser.expect_multipart("b");
  Pieces out;
  test::feed_in_pieces(parser, "--b\r\nX: " + std::string(100, 'x') + "\r\n\r\nlost\r\n--b\r\n\r\nkept\r\n--b--", 7,
                       out);
  EXPECT_EQ(stats.header_overflows, 1u);
  EXPECT_EQ(out.done, std::vector<std::string>{"kept"});
}

struct Decoded {
  ContentLimits limits;
  ContentStats stats;
  Pieces out;
  // Decodes `file` fed in pieces of `piece` bytes, as a file named `name`.
  void decode(const std::string& file, std::size_t piece = 1 << 20, bool pass_text = true) {
    ContentContext context;
    context.filename = "up.zip";
    FileDecoder decoder(limits, stats, context, 0, pass_text);
    test::feed_in_pieces(decoder, file, piece, out);
  }
};

TEST(FileDecoder, ZipStoredDeflatedAndDescriptorsSplitAnywhere) {
  const std::string archive = test::zip({{"a.csv", "id\n110105198001010030", false, false},
                                         {"dir/", "", false, false},
                                         {"b.txt", std::string(3000, 'x') + "13912345678", true, true},
                                         {"c.txt", "tail", true, false}});
  for (std::size_t piece : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{100}, archive.size()}) {
    Decoded d;
    d.decode(archive, piece);
    ASSERT_EQ(d.out.done,
              (std::vector<std::string>{"id\n110105198001010030", std::string(3000, 'x') + "13912345678", "tail"}))
        << piece;
    EXPECT_EQ(d.out.contexts[1].filename, "up.zip/b.txt");
    EXPECT_EQ(d.stats.archive_entries, 4u);
    EXPECT_EQ(d.stats.archive_errors, 0u);
  }
}

TEST(FileDecoder, ZipBombTruncatedAndBrokenArchives) {
  Decoded bomb;
  bomb.decode(test::zip({{"zeros.txt", std::string(100 << 20, '0'), true, false}}), 65536);
  EXPECT_EQ(bomb.stats.bombs, 1u);
  EXPECT_EQ(bomb.out.truncations, 1);
  ASSERT_EQ(bomb.out.done.size(), 1u);
  EXPECT_LE(bomb.out.done[0].size(), 200u * 65536 + 65536 + 16384);  // the ratio cap at the first piece

  std::string noise;  // does not compress: the cut falls inside the entry
  for (std::uint32_t x = 1; noise.size() < 5000; x = x * 1103515245 + 12345)
    noise.push_back(static_cast<char>(x >> 24));
  const std::string archive = test::zip({{"a.csv", noise, true, false}});
  Decoded cut;
  cut.decode(archive.substr(0, 200));
  EXPECT_EQ(cut.out.truncations, 1);  // the entry ended early

  Decoded garbage;
  garbage.decode("PK\x03\x04" + std::string(26, '\xff') + "junk");
  EXPECT_EQ(garbage.stats.archive_errors + garbage.stats.unsupported, 1u);
}

// A zip in a zip in a zip...: opened to the depth limit, then counted.
TEST(FileDecoder, NestedArchivesStopAtTheDepthLimit) {
  std::string file = "13912345678";
  for (int i = 0; i < 12; ++i) file = test::zip({{"n" + std::to_string(i) + ".zip", file, true, false}});
  Decoded d;
  d.decode(file);
  EXPECT_EQ(d.stats.depth_limit, 1u);
  EXPECT_TRUE(d.out.done.empty());
  Decoded gz;
  gz.decode(test::zlib_compress(test::zip({{"a.csv", "13912345678"}})));
  EXPECT_EQ(gz.out.done, std::vector<std::string>{"13912345678"});
}

TEST(FileDecoder, Utf16WithAndWithoutByteOrderMark) {
  const std::string le = std::string("\xff\xfe") + std::string(
                                                       "1\0"
                                                       "3\0"
                                                       "\x37\x62"
                                                       "\x3d\xd8\x00\xde",
                                                       10);  // 13户😀
  const std::string be = std::string("\xfe\xff", 2) + std::string(
                                                          "\0"
                                                          "1"
                                                          "\0"
                                                          "3",
                                                          4);
  const std::string bare = std::string("i\0d\0,\0\x4b\x62", 8);  // "id,手"
  for (std::size_t piece : {std::size_t{1}, std::size_t{3}, std::size_t{64}}) {
    Decoded d;
    d.decode(le, piece);
    d.decode(be, piece);
    d.decode(bare, piece);
    EXPECT_EQ(d.out.done, (std::vector<std::string>{"13户😀", "13", "id,手"})) << piece;
    EXPECT_EQ(d.stats.utf16_files, 3u);
  }
}

TEST(FileDecoder, PlainTextPassedOnlyWhenAsked) {
  Decoded d;
  d.decode("13912345678", 1 << 20, false);
  EXPECT_TRUE(d.out.done.empty());
  d.decode(test::zip({{"a.csv", "13912345678", false, false}}), 1 << 20, false);
  EXPECT_EQ(d.out.done, std::vector<std::string>{"13912345678"});
}

TEST(Ooxml, SheetRowsWithSharedStringsAndGaps) {
  const auto strings = read_shared_strings(
      "<sst><si><t>姓名</t></si><si><r><t>张</t></r><r><t xml:space=\"preserve\">伟</t></r><rPh><t>zhang</t></rPh></si>"
      "<si><t>A&amp;B &#x4E2D;&#20013;</t></si></sst>");
  ASSERT_EQ(strings, (std::vector<std::string>{"姓名", "张伟", "A&B 中中"}));
  std::string tsv;
  sheet_to_tsv(
      "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" "
      "t=\"inlineStr\"><is><t>手机</t></is></c></row>"
      "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>1</v></c><c r=\"C2\"><v>13912345678</v></c><c r=\"D2\"/></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>99</v></c></row></sheetData>",
      strings, tsv);
  EXPECT_EQ(tsv, "姓名\t\t手机\n\t张伟\t13912345678\t\n\n");
  std::string text;
  document_to_text(
      "<w:body><w:p><w:r><w:t>客户</w:t></w:r><w:r><w:tab/><w:t>张伟</w:t></w:r></w:p>"
      "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body>",
      text);
  EXPECT_EQ(text, "客户\t张伟\na\n\t\n");
}

}  // namespace
}  // namespace dlp
