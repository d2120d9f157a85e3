#pragma once
#include <array>
#include <cstdint>
#include <memory>

#include "common/flow_key.hpp"
#include "common/timestamp.hpp"

namespace dlp {

// The later stages' per-flow state (reassembly, scanning, findings), which
// the flow table owns without knowing its type.
class FlowData {
 public:
  virtual ~FlowData() = default;
  // What this state holds now, in bytes, for the flow table's memory cap.
  virtual std::size_t memory_bytes() const = 0;
};

// fresh: handshake or no payload yet; closing: FIN or RST seen; closed: ended,
// kept a short while only so that late packets do not start a new flow.
enum class FlowState { fresh, established, closing, closed, count_ };

enum class FlowEndReason { closed, timeout, evicted, end_of_input };

// Direction 0 is client to server, 1 server to client.
struct Flow {
  std::uint64_t id = 0;  // creation order, from 1
  FlowKey key;
  Endpoint client, server;
  Timestamp first_seen, last_seen;
  FlowState state = FlowState::fresh;
  std::array<std::uint64_t, 2> packets{};
  std::unique_ptr<FlowData> data;

  const Endpoint& sender(int dir) const { return dir == 0 ? client : server; }
  const Endpoint& receiver(int dir) const { return dir == 0 ? server : client; }

 private:
  friend class FlowTable;
  Flow* older_ = nullptr;  // links in the table's per-state age list
  Flow* newer_ = nullptr;
  std::size_t memory_ = 0;  // what the table has counted for this flow
};

}  // namespace dlp
