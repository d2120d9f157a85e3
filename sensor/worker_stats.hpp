#pragma once
#include <cstdint>

#include "app/app_config.hpp"
#include "decode/decode_stats.hpp"
#include "decode/ip_defragmenter.hpp"
#include "detect/findings/flow_findings.hpp"
#include "detect/scan/scanner.hpp"
#include "flow/flow_table.hpp"
#include "reassembly/tcp_stream.hpp"
#include "report/host_summaries.hpp"
#include "report/upload_volumes.hpp"

namespace dlp {

// Each memory pool: in use, and its cap.
struct MemoryStats {
  std::uint64_t flows = 0, flows_cap = 0;
  std::uint64_t reassembly = 0, reassembly_cap = 0;
  std::uint64_t defrag = 0, defrag_cap = 0;
  static constexpr Counter<MemoryStats> counters[] = {
      {"flows", &MemoryStats::flows, "bytes held by flows with their sessions", MetricKind::gauge},
      {"flows_cap", &MemoryStats::flows_cap, "flow-memcap", MetricKind::gauge},
      {"reassembly", &MemoryStats::reassembly, "out-of-order TCP bytes held", MetricKind::gauge},
      {"reassembly_cap", &MemoryStats::reassembly_cap, "reassembly-memcap", MetricKind::gauge},
      {"defrag", &MemoryStats::defrag, "IP fragment bytes held", MetricKind::gauge},
      {"defrag_cap", &MemoryStats::defrag_cap, "defrag-memcap", MetricKind::gauge},
  };
};

// One worker's counters, stage by stage; several workers' are summed
// counter by counter.
struct WorkerStats {
  DecodeStats decode;
  DefragStats defrag;
  FlowStats flows;
  ReassemblyStats tcp;
  AppStats app;
  ScanStats scan;
  FindingsStats findings;
  HostSummaryStats hosts;
  HostSummaryStats workstations;
  HostSummaryStats receivers;
  UploadVolumeStats uploads;
  std::uint64_t alerts = 0;
  MemoryStats memory;

  WorkerStats& operator+=(const WorkerStats& o);
  // The fields of the stats line, in its order.
  void write(StatsWriter& w) const;
};

}  // namespace dlp
