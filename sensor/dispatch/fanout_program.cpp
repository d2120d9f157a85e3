#include "dispatch/fanout_program.hpp"

#include <array>
#include <stdexcept>

#include "dispatch/host_hash.hpp"

namespace dlp {

namespace {

// Scratch memory: the addresses' words (IPv4 uses 0 and 1, IPv6 0-3 and
// 4-7), then each end's rank (NetworkRoles::rank) and folded address.
constexpr std::uint32_t kSrcWords = 0, kDstWords = 4, kSrcRank = 8, kDstRank = 9, kSrcKey = 10, kDstKey = 11;

// Instructions with forward jumps to labels, resolved at the end.
class Assembler {
 public:
  using Label = std::size_t;

  Label label() {
    targets_.push_back(kUnplaced);
    return targets_.size() - 1;
  }
  void place(Label l) { targets_[l] = code_.size(); }
  void op(std::uint16_t code, std::uint32_t k = 0) { code_.push_back({code, 0, 0, k}); }
  // To `yes` when the comparison with `k` (or X) holds, else to `no`.
  void jump_if(std::uint16_t comparison, std::uint32_t k, Label yes, Label no) {
    jumps_.push_back({code_.size(), yes, no});
    op(BPF_JMP | comparison, k);
  }
  void jump(Label to) {
    jumps_.push_back({code_.size(), to, to});
    op(BPF_JMP | BPF_JA);
  }
  std::vector<sock_filter> finish() {
    for (const Jump& j : jumps_) {
      sock_filter& insn = code_[j.at];
      const auto distance = [&](Label l) { return targets_.at(l) - (j.at + 1); };
      if (BPF_OP(insn.code) == BPF_JA) {
        insn.k = static_cast<std::uint32_t>(distance(j.yes));
        continue;
      }
      // Conditional jumps reach 255 instructions ahead; every one here is local.
      if (distance(j.yes) > 255 || distance(j.no) > 255) throw std::logic_error("fanout program: jump too far");
      insn.jt = static_cast<std::uint8_t>(distance(j.yes));
      insn.jf = static_cast<std::uint8_t>(distance(j.no));
    }
    return code_;
  }

 private:
  static constexpr std::size_t kUnplaced = ~std::size_t{0};
  struct Jump {
    std::size_t at;
    Label yes, no;
  };
  std::vector<sock_filter> code_;
  std::vector<std::size_t> targets_;
  std::vector<Jump> jumps_;
};

class ProgramWriter {
 public:
  explicit ProgramWriter(PacketView view) : view_(view) {}

  void load_protocol() {
    if (view_ == PacketView::kernel)
      a.op(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_PROTOCOL);
    else
      a.op(BPF_LD | BPF_H | BPF_ABS, 12);
  }
  // The 32-bit word at `offset` in the IP header.
  void load_ip_word(std::uint32_t offset) {
    if (view_ == PacketView::kernel)
      a.op(BPF_LD | BPF_W | BPF_ABS, static_cast<std::uint32_t>(SKF_NET_OFF) + offset);
    else
      a.op(BPF_LD | BPF_W | BPF_ABS, 14 + offset);
  }
  // Copies both addresses into scratch memory.
  void store_addresses(std::uint32_t src_offset, std::uint32_t words) {
    for (std::uint32_t end = 0; end < 2; ++end)
      for (std::uint32_t w = 0; w < words; ++w) {
        load_ip_word(src_offset + 4 * (end * words + w));
        a.op(BPF_ST, (end ? kDstWords : kSrcWords) + w);
      }
  }
  // M[slot] = the rank of the address in `words` words from M[first]: 1 in
  // a server block, else 2 in a home block, else 0.
  void store_rank(const NetworkRoles& roles, bool v6, std::uint32_t first, std::uint32_t slot) {
    const auto done = a.label();
    a.op(BPF_LDX | BPF_W | BPF_IMM, 0);
    store_rank_of(roles.servers, 1, v6, first, done);
    store_rank_of(roles.home, 2, v6, first, done);
    a.place(done);
    a.op(BPF_STX, slot);
  }
  // X = `rank` and on to `done` when the address is in one of `blocks`.
  void store_rank_of(const AddressBlocks& blocks, std::uint32_t rank, bool v6, std::uint32_t first,
                     Assembler::Label done) {
    for (const Cidr& block : blocks.blocks()) {
      if (block.network.v6 != v6) continue;
      const auto miss = a.label();
      const std::uint32_t words = v6 ? 4 : 1;
      for (std::uint32_t w = 0; w < words; ++w) {
        const std::uint32_t mask = word_mask(block.prefix, w);
        if (mask == 0) continue;
        const auto next = a.label();
        a.op(BPF_LD | BPF_MEM, first + w);
        a.op(BPF_ALU | BPF_AND | BPF_K, mask);
        a.jump_if(BPF_JEQ | BPF_K, network_word(block.network, w) & mask, next, miss);
        a.place(next);
      }
      a.op(BPF_LDX | BPF_W | BPF_IMM, rank);
      a.jump(done);
      a.place(miss);
    }
  }
  // M[key] = the exclusive-or of `words` words from M[first] (fold_address).
  void store_key(std::uint32_t first, std::uint32_t words, std::uint32_t key) {
    a.op(BPF_LD | BPF_MEM, first);
    for (std::uint32_t w = 1; w < words; ++w) {
      a.op(BPF_MISC | BPF_TAX);
      a.op(BPF_LD | BPF_MEM, first + w);
      a.op(BPF_ALU | BPF_XOR | BPF_X);
    }
    a.op(BPF_ST, key);
  }

  Assembler a;

 private:
  static std::uint32_t word_mask(unsigned prefix, std::uint32_t word) {
    const int bits = std::min(32, std::max(0, static_cast<int>(prefix) - 32 * static_cast<int>(word)));
    return bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
  }
  static std::uint32_t network_word(const IpAddress& a, std::uint32_t word) {
    IpAddress one;  // the word alone, read as fold_address reads an IPv4 address
    for (int i = 0; i < 4; ++i) one.bytes[i] = a.bytes[4 * word + i];
    return fold_address(one);
  }

  PacketView view_;
};

}  // namespace

std::vector<sock_filter> fanout_program(const NetworkRoles& roles, PacketView view) {
  ProgramWriter p(view);
  Assembler& a = p.a;
  const auto v4 = a.label(), not_v4 = a.label(), v6 = a.label(), other = a.label();
  const auto select = a.label(), differ = a.label(), src = a.label(), dst = a.label(), pair = a.label(),
             mix = a.label();

  p.load_protocol();
  a.jump_if(BPF_JEQ | BPF_K, 0x0800, v4, not_v4);
  a.place(not_v4);
  a.jump_if(BPF_JEQ | BPF_K, 0x86DD, v6, other);
  a.place(other);
  a.op(BPF_RET | BPF_K, 0);

  for (const bool is_v6 : {false, true}) {
    const std::uint32_t words = is_v6 ? 4 : 1;
    a.place(is_v6 ? v6 : v4);
    p.store_addresses(is_v6 ? 8 : 12, words);
    p.store_rank(roles, is_v6, kSrcWords, kSrcRank);
    p.store_rank(roles, is_v6, kDstWords, kDstRank);
    p.store_key(kSrcWords, words, kSrcKey);
    p.store_key(kDstWords, words, kDstKey);
    a.jump(select);
  }

  // The higher-ranked end's key, or both keys' when the ranks are equal.
  a.place(select);
  a.op(BPF_LD | BPF_MEM, kDstRank);
  a.op(BPF_MISC | BPF_TAX);
  a.op(BPF_LD | BPF_MEM, kSrcRank);
  a.jump_if(BPF_JEQ | BPF_X, 0, pair, differ);
  a.place(differ);
  a.jump_if(BPF_JGT | BPF_X, 0, src, dst);
  a.place(src);
  a.op(BPF_LD | BPF_MEM, kSrcKey);
  a.jump(mix);
  a.place(dst);
  a.op(BPF_LD | BPF_MEM, kDstKey);
  a.jump(mix);
  a.place(pair);
  a.op(BPF_LD | BPF_MEM, kSrcKey);
  a.op(BPF_MISC | BPF_TAX);
  a.op(BPF_LD | BPF_MEM, kDstKey);
  a.op(BPF_ALU | BPF_XOR | BPF_X);

  // mix_key()
  a.place(mix);
  a.op(BPF_ALU | BPF_MUL | BPF_K, kMixMultiplier);
  a.op(BPF_MISC | BPF_TAX);
  a.op(BPF_ALU | BPF_RSH | BPF_K, kMixShift);
  a.op(BPF_ALU | BPF_XOR | BPF_X);
  a.op(BPF_RET | BPF_A);
  return a.finish();
}

}  // namespace dlp
