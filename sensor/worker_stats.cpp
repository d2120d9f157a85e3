#include "worker_stats.hpp"

namespace dlp {

WorkerStats& WorkerStats::operator+=(const WorkerStats& o) {
  decode += o.decode;
  add_counters(defrag, o.defrag);
  add_counters(flows, o.flows);
  add_counters(tcp, o.tcp);
  app += o.app;
  add_counters(scan, o.scan);
  add_counters(findings, o.findings);
  add_counters(hosts, o.hosts);
  add_counters(workstations, o.workstations);
  add_counters(receivers, o.receivers);
  add_counters(uploads, o.uploads);
  alerts += o.alerts;
  add_counters(memory, o.memory);
  return *this;
}

void WorkerStats::write(StatsWriter& w) const {
  decode.write(w);
  write_counter_group(w, "defrag", defrag);
  write_counter_group(w, "flows", flows);
  write_counter_group(w, "tcp", tcp);
  app.write(w);
  w.begin_group("scan");
  write_counters(w, scan);
  write_counters(w, findings);
  w.end_group();
  write_counter_group(w, "hosts", hosts);
  write_counter_group(w, "workstations", workstations);
  write_counter_group(w, "receivers", receivers);
  write_counter_group(w, "uploads", uploads);
  w.count("alerts", alerts, "alerts reported");
  write_counter_group(w, "memory", memory);
}

}  // namespace dlp
