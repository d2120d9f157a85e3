#include <gtest/gtest.h>

#include "reassembly/tcp_stream.hpp"

namespace dlp {
namespace {

// Records what the stream delivers: bytes, with each gap as "[gap N]".
struct Recorder final : StreamSink {
  std::string out;
  void on_data(ByteSpan d) override { out += as_chars(d); }
  void on_gap(std::uint64_t n) override { out += "[gap " + std::to_string(n) + "]"; }
};

class TcpStreamTest : public ::testing::Test {
 protected:
  void seg(std::uint32_t seq, std::string_view data, bool fin = false) {
    stream.on_segment(seq, as_bytes(data), fin, sink);
  }
  ReassemblyContext ctx;
  TcpStream stream{ctx};
  Recorder sink;
};

TEST_F(TcpStreamTest, InOrderAfterSyn) {
  stream.on_syn(99);
  seg(100, "hello ");
  seg(106, "world", true);
  EXPECT_EQ(sink.out, "hello world");
  EXPECT_TRUE(stream.finished());
  EXPECT_EQ(ctx.stats.bytes_delivered, 11u);
}

TEST_F(TcpStreamTest, ReorderedSegmentsWaitForTheHole) {
  stream.on_syn(0);
  seg(7, "c");
  seg(4, "bbb");
  EXPECT_EQ(sink.out, "");
  EXPECT_EQ(stream.held_bytes(), 4u);
  seg(1, "aaa");
  EXPECT_EQ(sink.out, "aaabbbc");
  EXPECT_EQ(ctx.stats.out_of_order, 2u);
  EXPECT_EQ(ctx.stats.held_bytes, 0u);
}

TEST_F(TcpStreamTest, RetransmissionIsNotDeliveredTwice) {
  stream.on_syn(0);
  seg(1, "abcd");
  seg(1, "abcd");
  seg(3, "cdef");
  EXPECT_EQ(sink.out, "abcdef");
  EXPECT_EQ(ctx.stats.retransmissions, 1u);
  EXPECT_EQ(ctx.stats.overlaps, 1u);
  EXPECT_EQ(ctx.stats.overlaps_different, 0u);
}

// First data wins, as in most stacks (suricata-verify eve-payload-01: GOOD, not EVIL).
TEST_F(TcpStreamTest, OverlapWithDifferentDataKeepsTheFirst) {
  stream.on_syn(0);
  seg(1, "GOOD");
  seg(1, "EVIL");
  EXPECT_EQ(sink.out, "GOOD");
  EXPECT_EQ(ctx.stats.overlaps_different, 1u);
}

TEST_F(TcpStreamTest, OverlapWithHeldDataKeepsTheFirst) {
  stream.on_syn(0);
  seg(5, "EFGH");
  seg(3, "cdXXXX");  // disagrees with held E..H where they overlap
  seg(1, "ab");
  EXPECT_EQ(sink.out, "abcdEFGH");
  EXPECT_EQ(ctx.stats.overlaps_different, 1u);
}

TEST_F(TcpStreamTest, SequenceWraparound) {
  stream.on_syn(0xFFFFFFFD);
  seg(0xFFFFFFFE, "ab");
  seg(1, "d");  // after the wrap, before "c" arrives
  seg(0, "c");
  EXPECT_EQ(sink.out, "abcd");
}

TEST_F(TcpStreamTest, MidstreamPickupStartsAtFirstData) {
  seg(5000, "xyz");
  seg(5003, "!");
  EXPECT_EQ(sink.out, "xyz!");
}

TEST_F(TcpStreamTest, FlushSkipsHolesAsGaps) {
  stream.on_syn(0);
  seg(1, "ab");
  seg(6, "fg");
  seg(10, "j");
  stream.flush(sink);
  EXPECT_EQ(sink.out, "ab[gap 3]fg[gap 2]j");
  EXPECT_EQ(ctx.stats.gaps, 2u);
  EXPECT_EQ(ctx.stats.gap_bytes, 5u);
}

TEST_F(TcpStreamTest, StoreCapSkipsTheFirstHole) {
  ctx.config.stream_max_segments = 2;
  stream.on_syn(0);
  seg(3, "c");
  seg(5, "e");
  EXPECT_EQ(sink.out, "");
  seg(7, "g");  // a third held segment is one too many
  EXPECT_EQ(sink.out, "[gap 2]c");
  EXPECT_EQ(ctx.stats.stream_cap_hits, 1u);
}

TEST_F(TcpStreamTest, MemcapAcrossStreams) {
  ctx.config.memcap = 4;
  TcpStream other(ctx);
  Recorder other_sink;
  other.on_syn(0);
  other.on_segment(5, as_bytes("1234"), false, other_sink);  // holds 4 bytes
  stream.on_syn(0);
  seg(3, "xy");  // the total would be 6: this stream gives up its hole
  EXPECT_EQ(sink.out, "[gap 2]xy");
  EXPECT_EQ(ctx.stats.memcap_hits, 1u);
}

TEST_F(TcpStreamTest, FarAwaySequenceIsOutOfWindow) {
  stream.on_syn(0);
  seg(1, "a");
  seg(0x80000000u, "zzz");
  EXPECT_EQ(sink.out, "a");
  EXPECT_EQ(ctx.stats.out_of_window, 1u);
}

}  // namespace
}  // namespace dlp
