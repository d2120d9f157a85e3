#pragma once

namespace dlp {

// Where data went, seen from the home networks: outbound from inside to
// outside, inbound the other way, internal and external within one side;
// retrieval from an internal server to another inside host (a workstation).
enum class Direction { outbound, inbound, internal, external, retrieval };

const char* direction_name(Direction direction);

}  // namespace dlp
