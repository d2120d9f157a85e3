#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "capture/capture_file.hpp"
#include "capture/evidence.hpp"
#include "capture/raw_packet.hpp"
#include "common/counters.hpp"
#include "common/option_table.hpp"

struct pcap;
struct sock_filter;

namespace dlp {

class StatsWriter;

struct CaptureConfig {
  std::vector<std::string> read_files;  // replayed in order
  std::string interface;                // live capture when set
  std::string bpf;
  int snaplen = 262144;
  int buffer_mib = 0;      // the kernel's capture buffer; 0: libpcap's default
  bool immediate = false;  // deliver each packet at once rather than in batches
  bool promiscuous = true;
  bool fanout = true;  // several workers: one AF_PACKET fanout socket each
};

// --read, --interface and the capture's options.
OptionTable<CaptureConfig> capture_options();

// A 32-bit counter that wraps, summed into 64 bits: each reading adds what
// it moved since the last one (modulo 2^32).
class WideCounter {
 public:
  void update(std::uint32_t reading) {
    total_ += static_cast<std::uint32_t>(reading - last_);
    last_ = reading;
  }
  std::uint64_t total() const { return total_; }

 private:
  std::uint32_t last_ = 0;
  std::uint64_t total_ = 0;
};

// The kernel's and the interface's counts for a live capture (pcap_stats).
struct CaptureStats {
  WideCounter received, dropped, interface_dropped;
};

// Their totals, as the stats report them.
struct CaptureCounts {
  std::uint64_t received = 0, dropped = 0, interface_dropped = 0;
  static constexpr Counter<CaptureCounts> counters[] = {
      {"received", &CaptureCounts::received, "packets the kernel captured"},
      {"dropped", &CaptureCounts::dropped, "packets the kernel dropped: its buffer was full"},
      {"interface_dropped", &CaptureCounts::interface_dropped, "packets the interface dropped"},
  };
};

// Where packets come from: pcap/pcapng files in order, or a live interface.
// Errors are one line naming the file; a file that fails part-way has its
// packets up to the failure delivered, and the source moves on to the next.
class PacketSource {
 public:
  enum class Status { packet, idle, done };

  explicit PacketSource(CaptureConfig config);
  ~PacketSource();
  PacketSource(const PacketSource&) = delete;
  PacketSource& operator=(const PacketSource&) = delete;

  // Fills `out` and returns packet; idle when a live capture timed out
  // without traffic; done when every input is exhausted. A live capture
  // reads the kernel's counters every 65,536 packets and when idle.
  Status next(RawPacket& out);
  // Opens the first input now rather than at the first next(): a live
  // capture must be open before the sensor gives up its privileges.
  void open_first() {
    if (!handle_) open_next();
  }

  // Joins the live capture's socket to AF_PACKET fanout group `group`, whose
  // members share the interface's packets by `program`'s result (classic
  // BPF, PACKET_FANOUT_CBPF). On failure returns false with the reason.
  bool join_fanout(std::uint16_t group, const std::vector<sock_filter>& program, std::string& why);

  // Reads the kernel's counters (live capture) into stats().
  void update_stats();
  const CaptureStats& stats() const { return stats_; }
  // "capture": the kernel's counters, for a live capture.
  CaptureCounts counts() const {
    return {stats_.received.total(), stats_.dropped.total(), stats_.interface_dropped.total()};
  }
  void write_stats(StatsWriter& w) const;
  // How far a replay is: packets read, and bytes of the files read (the
  // files done and the open one's position); and all their bytes, known
  // when every file is a regular one (else 0).
  std::uint64_t packets_read() const { return packets_read_; }
  std::uint64_t bytes_read() const;
  std::uint64_t bytes_total() const;
  // Each file read is described for the replay summary, its bytes hashed
  // as they are read (call before the first is opened).
  void keep_evidence() { keep_evidence_ = true; }
  // Run while a file has nothing to read now (a pipe held open); true stops
  // reading it (call before the first is opened).
  void on_wait(CaptureFile::WaitHook hook) { on_wait_ = std::move(hook); }
  const std::vector<EvidenceFile>& evidence() const { return evidence_; }
  // The errors met so far, one line each ("FILE: reason").
  const std::vector<std::string>& errors() const { return errors_; }
  bool live() const { return !config_.interface.empty(); }

 private:
  bool open_next();
  FILE* open_file(const std::string& name);
  void note_evidence(const RawPacket& p);
  bool apply_filter(const std::string& name);
  void close();

  CaptureConfig config_;
  std::size_t next_file_ = 0;
  pcap* handle_ = nullptr;
  std::unique_ptr<char[]> read_buffer_;  // the open file's stdio buffer
  std::string current_name_;
  bool live_opened_ = false;
  std::vector<std::string> errors_;
  CaptureStats stats_;
  std::uint64_t since_stats_ = 0;  // packets since the counters were read
  std::uint64_t packets_read_ = 0;
  bool keep_evidence_ = false;
  std::vector<EvidenceFile> evidence_;
  CaptureFile::WaitHook on_wait_;
  std::unique_ptr<CaptureFile> file_;  // the open file's stream
  std::uint64_t bytes_done_ = 0;       // of the files closed
};

}  // namespace dlp
