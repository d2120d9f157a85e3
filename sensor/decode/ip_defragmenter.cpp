#include "decode/ip_defragmenter.hpp"

#include <algorithm>
#include <cstring>

#include "common/json_writer.hpp"

namespace dlp {

namespace {
constexpr std::uint32_t kMaxDatagram = 65535;
constexpr std::size_t kPendingOverhead = 128;
}  // namespace

std::size_t FragmentKeyHash::operator()(const FragmentKey& k) const noexcept {
  std::size_t h = k.id * 0x9E3779B97F4A7C15ULL + k.proto;
  for (std::size_t i = 0; i < k.src.size(); ++i) h = h * 31 + k.src.bytes[i] + (k.dst.bytes[i] << 8);
  return h;
}

void IpDefragmenter::account(Pending& p) {
  std::size_t now = kPendingOverhead + p.data.capacity() + p.ranges.capacity() * sizeof(p.ranges[0]);
  memory_ = memory_ - p.memory + now;
  p.memory = now;
  stats_.held_bytes = memory_;
}

void IpDefragmenter::drop(Table::iterator it) {
  memory_ -= it->second.memory;
  stats_.held_bytes = memory_;
  by_age_.erase(it->second.age);
  pending_.erase(it);
}

void IpDefragmenter::expire(Timestamp now) {
  while (!by_age_.empty()) {
    auto it = pending_.find(by_age_.front());
    if (now.usec - it->second.first_seen.usec < config_.timeout_usec) break;
    ++stats_.timeouts;
    drop(it);
  }
}

// Copies only the bytes no earlier fragment supplied; where they overlap,
// compares and counts disagreement.
void IpDefragmenter::copy_first_wins(Pending& p, std::uint32_t start, ByteSpan data) {
  std::uint32_t end = start + static_cast<std::uint32_t>(data.size());
  std::uint32_t pos = start;
  bool overlapped = false, different = false;
  for (auto [rs, re] : p.ranges) {
    if (re <= start || rs >= end) continue;
    if (rs > pos) std::memcpy(&p.data[pos], &data[pos - start], rs - pos);
    std::uint32_t os = std::max(rs, start), oe = std::min(re, end);
    overlapped = true;
    if (std::memcmp(&p.data[os], &data[os - start], oe - os) != 0) different = true;
    pos = std::max(pos, oe);
  }
  if (pos < end) std::memcpy(&p.data[pos], &data[pos - start], end - pos);
  stats_.overlaps += overlapped;
  stats_.overlaps_different += different;

  p.ranges.emplace_back(start, end);
  std::sort(p.ranges.begin(), p.ranges.end());
  std::size_t out = 0;
  for (std::size_t i = 1; i < p.ranges.size(); ++i) {
    if (p.ranges[i].first <= p.ranges[out].second)
      p.ranges[out].second = std::max(p.ranges[out].second, p.ranges[i].second);
    else
      p.ranges[++out] = p.ranges[i];
  }
  p.ranges.resize(out + 1);
}

bool IpDefragmenter::add(const Fragment& f, Timestamp now, Datagram& out) {
  ++stats_.fragments;
  std::uint32_t end = f.offset + static_cast<std::uint32_t>(f.data.size());
  bool misaligned = f.more && f.data.size() % 8 != 0;
  if (end > kMaxDatagram || misaligned || (f.more && f.data.empty())) {
    ++stats_.invalid;
    return false;
  }

  auto [it, inserted] = pending_.try_emplace(f.key);
  Pending& p = it->second;
  if (inserted) {
    p.first_seen = now;
    p.age = by_age_.insert(by_age_.end(), f.key);
  }
  bool conflicting_end = (!f.more && p.total && p.total != end) || (p.total && end > p.total) ||
                         (!f.more && !p.ranges.empty() && p.ranges.back().second > end);
  if (conflicting_end || ++p.fragments > config_.max_fragments) {
    ++stats_.invalid;
    drop(it);
    return false;
  }
  if (!f.more) p.total = end;
  if (f.offset == 0 && !p.have_first) {
    p.have_first = true;
    p.proto = f.next_proto;
  }
  if (p.data.size() < end) p.data.resize(end);
  copy_first_wins(p, f.offset, f.data);
  account(p);

  if (p.total && p.have_first && p.ranges.size() == 1 && p.ranges[0].first == 0 && p.ranges[0].second == p.total) {
    completed_.swap(p.data);
    completed_.resize(p.total);
    out.proto = p.proto;
    out.payload = ByteSpan(completed_.data(), completed_.size());
    ++stats_.reassembled;
    drop(it);
    return true;
  }
  while (memory_ > config_.memcap && !by_age_.empty()) {
    ++stats_.memcap_evictions;
    drop(pending_.find(by_age_.front()));
  }
  return false;
}

OptionTable<DefragConfig> defrag_options() {
  using C = DefragConfig;
  return {
      option::integer("defrag-memcap", "MIB", &C::memcap, 1, 1 << 20, 1 << 20,
                      "IP fragments held while waiting for the rest of their datagram"),
      option::integer("defrag-timeout", "SECONDS", &C::timeout_usec, 1, 3600, 1'000'000,
                      "capture time a fragmented datagram may take to complete"),
  };
}

}  // namespace dlp
