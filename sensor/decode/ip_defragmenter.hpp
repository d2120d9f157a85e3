#pragma once
#include <cstdint>
#include <list>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/byte_span.hpp"
#include "common/counters.hpp"
#include "common/ip_address.hpp"
#include "common/option_table.hpp"
#include "common/timestamp.hpp"

namespace dlp {

struct DefragConfig {
  std::int64_t timeout_usec = 60'000'000;  // capture time a datagram may wait for its fragments
  std::size_t memcap = 32u << 20;          // bytes held across all datagrams
  std::size_t max_fragments = 1024;        // per datagram (tiny-fragment floods)
};

OptionTable<DefragConfig> defrag_options();

struct DefragStats {
  std::uint64_t fragments = 0;
  std::uint64_t reassembled = 0;
  std::uint64_t overlaps = 0;
  std::uint64_t overlaps_different = 0;
  std::uint64_t invalid = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t memcap_evictions = 0;
  std::uint64_t held_bytes = 0;
  static constexpr Counter<DefragStats> counters[] = {
      {"fragments", &DefragStats::fragments, "IP fragments received"},
      {"reassembled", &DefragStats::reassembled, "datagrams reassembled from fragments"},
      {"overlaps", &DefragStats::overlaps, "fragments overlapping data already held"},
      {"overlaps_different", &DefragStats::overlaps_different, "overlapping bytes that disagree: first data kept"},
      {"invalid", &DefragStats::invalid, "past 64 KiB, conflicting ends, odd sizes"},
      {"timeouts", &DefragStats::timeouts, "datagrams dropped incomplete at defrag-timeout"},
      {"memcap_evictions", &DefragStats::memcap_evictions, "datagrams dropped incomplete to stay within defrag-memcap"},
      {"held_bytes", &DefragStats::held_bytes, "fragment bytes held now", MetricKind::gauge},
  };
};

// Identifies the datagram a fragment belongs to (RFC 791 / RFC 8200).
struct FragmentKey {
  IpAddress src, dst;
  std::uint32_t id = 0;
  std::uint8_t proto = 0;  // IPv4: protocol field; IPv6: 0 (not part of the key)
  bool operator==(const FragmentKey&) const = default;
};

struct FragmentKeyHash {
  std::size_t operator()(const FragmentKey& k) const noexcept;
};

struct Fragment {
  FragmentKey key;
  std::uint32_t offset = 0;  // in bytes
  bool more = false;
  std::uint8_t next_proto = 0;  // what the reassembled payload starts with
  ByteSpan data;
};

struct Datagram {
  std::uint8_t proto = 0;
  ByteSpan payload;  // valid until the next call to add()
};

// Reassembles IPv4 and IPv6 datagrams from fragments in any order. Overlaps
// keep the first data received (the policy of most stacks). Memory is
// bounded; the oldest incomplete datagram is dropped when the cap bites.
class IpDefragmenter {
 public:
  explicit IpDefragmenter(DefragConfig config) : config_(config) {}

  // Returns true with `out` set when this fragment completes its datagram.
  // Timeouts run in expire(), which the caller drives with the capture clock.
  bool add(const Fragment& f, Timestamp now, Datagram& out);
  void expire(Timestamp now);
  const DefragStats& stats() const { return stats_; }

 private:
  struct Pending {
    Timestamp first_seen;
    std::vector<std::uint8_t> data;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;  // received, sorted, merged
    std::uint32_t total = 0;                                      // 0 until the last fragment
    std::uint8_t proto = 0;
    bool have_first = false;
    std::size_t fragments = 0;
    std::size_t memory = 0;
    std::list<FragmentKey>::iterator age;
  };
  using Table = std::unordered_map<FragmentKey, Pending, FragmentKeyHash>;

  void copy_first_wins(Pending& p, std::uint32_t start, ByteSpan data);
  void drop(Table::iterator it);
  void account(Pending& p);

  DefragConfig config_;
  Table pending_;
  std::list<FragmentKey> by_age_;
  std::vector<std::uint8_t> completed_;
  std::size_t memory_ = 0;
  DefragStats stats_;
};

}  // namespace dlp
