#include "capture/packet_source.hpp"

#include <fmt/format.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/json_writer.hpp"

namespace dlp {

namespace {
constexpr int kIdleMillis = 200;
// The kernel's counters are read this often (and when the link is idle), so
// that its 32-bit counters wrap at most once between readings.
constexpr std::uint64_t kStatsEveryPackets = 0x10000;
constexpr std::size_t kFileBufferBytes = 1 << 20;
}  // namespace

PacketSource::PacketSource(CaptureConfig config) : config_(std::move(config)) {}

PacketSource::~PacketSource() { close(); }

void PacketSource::close() {
  if (handle_) {
    bytes_done_ = bytes_read();
    pcap_close(handle_);
  }
  handle_ = nullptr;
  if (file_ && keep_evidence_) evidence_.back().sha256 = file_->finish(evidence_.back().size);
  file_.reset();
}

std::uint64_t PacketSource::bytes_read() const {
  if (live() || !handle_) return bytes_done_;
  return bytes_done_ + (file_ ? file_->consumed() : 0);
}

std::uint64_t PacketSource::bytes_total() const {
  std::uint64_t total = 0;
  for (const auto& file : config_.read_files) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    total += static_cast<std::uint64_t>(st.st_size);
  }
  return total;
}

bool PacketSource::apply_filter(const std::string& name) {
  if (config_.bpf.empty()) return true;
  bpf_program prog{};
  if (pcap_compile(handle_, &prog, config_.bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0 ||
      pcap_setfilter(handle_, &prog) != 0) {
    errors_.push_back(fmt::format("{}: bad BPF filter '{}': {}", name, config_.bpf, pcap_geterr(handle_)));
    pcap_freecode(&prog);
    close();
    return false;
  }
  pcap_freecode(&prog);
  return true;
}

// A capture file, through a stream whose reads the source sees.
FILE* PacketSource::open_file(const std::string& name) {
  file_ = std::make_unique<CaptureFile>(keep_evidence_, on_wait_);
  FILE* file = file_->open(name);
  if (!file) {
    file_.reset();
    return nullptr;
  }
  if (!keep_evidence_) return file;
  EvidenceFile e;
  e.name = name;
  evidence_.push_back(std::move(e));
  return file;
}

bool PacketSource::open_next() {
  char err[PCAP_ERRBUF_SIZE] = {};
  if (live()) {
    if (live_opened_) return false;
    live_opened_ = true;
    current_name_ = config_.interface;
    handle_ = pcap_create(config_.interface.c_str(), err);
    if (!handle_) {
      errors_.push_back(fmt::format("{}: {}", current_name_, err));
      return false;
    }
    pcap_set_snaplen(handle_, config_.snaplen);
    pcap_set_promisc(handle_, config_.promiscuous ? 1 : 0);
    pcap_set_timeout(handle_, kIdleMillis);
    pcap_set_immediate_mode(handle_, config_.immediate ? 1 : 0);
    if (config_.buffer_mib > 0) pcap_set_buffer_size(handle_, config_.buffer_mib << 20);
    if (pcap_activate(handle_) < 0 || pcap_setnonblock(handle_, 1, err) < 0) {
      errors_.push_back(fmt::format("{}: {}", current_name_, pcap_geterr(handle_)));
      close();
      return false;
    }
    return apply_filter(current_name_);
  }
  while (next_file_ < config_.read_files.size()) {
    current_name_ = config_.read_files[next_file_++];
    FILE* file = open_file(current_name_);
    if (!file) {
      errors_.push_back(fmt::format("{}: {}", current_name_, std::strerror(errno)));
      continue;
    }
    // stdio's default 4 KiB would cost a read() per few packets.
    if (!read_buffer_) read_buffer_ = std::make_unique<char[]>(kFileBufferBytes);
    std::setvbuf(file, read_buffer_.get(), _IOFBF, kFileBufferBytes);
    handle_ = pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_MICRO, err);
    if (!handle_) {
      std::fclose(file);
      errors_.push_back(fmt::format("{}: {}", current_name_, err));
      close();
      continue;
    }
    if (apply_filter(current_name_)) return true;
  }
  return false;
}

bool PacketSource::join_fanout(std::uint16_t group, const std::vector<sock_filter>& program, std::string& why) {
  if (!live() || !handle_) {
    why = "fanout needs an open live capture";
    return false;
  }
  const int fd = pcap_fileno(handle_);
  const int fanout = group | PACKET_FANOUT_CBPF << 16;
  sock_fprog prog{static_cast<unsigned short>(program.size()), const_cast<sock_filter*>(program.data())};
  if (setsockopt(fd, SOL_PACKET, PACKET_FANOUT, &fanout, sizeof fanout) != 0 ||
      setsockopt(fd, SOL_PACKET, PACKET_FANOUT_DATA, &prog, sizeof prog) != 0) {
    why = fmt::format("{}: AF_PACKET fanout: {}", current_name_, std::strerror(errno));
    return false;
  }
  return true;
}

void PacketSource::update_stats() {
  pcap_stat s{};
  since_stats_ = 0;
  if (!live() || !handle_ || pcap_stats(handle_, &s) != 0) return;
  stats_.received.update(s.ps_recv);
  stats_.dropped.update(s.ps_drop);
  stats_.interface_dropped.update(s.ps_ifdrop);
}

void PacketSource::write_stats(StatsWriter& w) const {
  if (!live()) return;
  write_counter_group(w, "capture", counts());
}

PacketSource::Status PacketSource::next(RawPacket& out) {
  for (;;) {
    if (!handle_ && !open_next()) return Status::done;
    pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    int rc = pcap_next_ex(handle_, &hdr, &data);
    if (rc == 1) {
      out.ts = {static_cast<std::int64_t>(hdr->ts.tv_sec) * 1'000'000 + hdr->ts.tv_usec};
      out.linktype = pcap_datalink(handle_);
      out.data = ByteSpan(data, hdr->caplen);
      out.wire_length = hdr->len;
      if (live() && ++since_stats_ == kStatsEveryPackets) update_stats();
      ++packets_read_;
      if (keep_evidence_) note_evidence(out);
      return Status::packet;
    }
    if (rc == 0) {
      // The packet buffer timeout only runs once a packet has arrived, so an
      // idle link is waited on here: the caller gets control back to run
      // timeouts and see signals.
      pollfd pfd{pcap_get_selectable_fd(handle_), POLLIN, 0};
      poll(&pfd, 1, kIdleMillis);
      update_stats();
      return Status::idle;
    }
    if (rc == PCAP_ERROR) errors_.push_back(fmt::format("{}: {}", current_name_, pcap_geterr(handle_)));
    close();
  }
}

void PacketSource::note_evidence(const RawPacket& p) {
  EvidenceFile& e = evidence_.back();
  if (e.packets++ == 0) {
    e.first = p.ts;
    const char* name = pcap_datalink_val_to_name(p.linktype);
    e.linktype = name ? name : std::to_string(p.linktype);
  }
  e.last = p.ts;
}

OptionTable<CaptureConfig> capture_options() {
  using C = CaptureConfig;
  return {
      option::abbreviated(option::texts("read", "FILE", &C::read_files,
                                        "replay a pcap or pcapng file; repeat for several, read in order as one "
                                        "capture"),
                          'r'),
      option::abbreviated(option::text("interface", "IFACE", &C::interface, "capture live on IFACE"), 'i'),
      option::text("bpf", "EXPR", &C::bpf, "BPF filter for the capture"),
      option::integer("snaplen", "BYTES", &C::snaplen, 64, 262144, 1, "live capture length per packet"),
      option::integer("capture-buffer", "MIB", &C::buffer_mib, 0, 4096, 1,
                      "the kernel's capture buffer for a live capture (0: libpcap's default)"),
      option::flag("immediate", &C::immediate, true, "live capture: deliver each packet at once, not in batches"),
      option::flag("no-promiscuous", &C::promiscuous, false,
                   "live capture: do not put the interface in promiscuous mode"),
      option::flag("no-fanout", &C::fanout, false,
                   "several workers: one capture thread feeds them through rings, rather than one AF_PACKET "
                   "fanout socket each (live) or each reading the files itself (--read)"),
  };
}

}  // namespace dlp
