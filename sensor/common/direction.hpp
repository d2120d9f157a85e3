#pragma once

namespace dlp {

// Where data went, seen from the home networks: outbound from inside to
// outside, inbound the other way, internal and external within one side.
enum class Direction { outbound, inbound, internal, external };

const char* direction_name(Direction direction);

}  // namespace dlp
