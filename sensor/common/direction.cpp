#include "common/direction.hpp"

namespace dlp {

const char* direction_name(Direction direction) {
  switch (direction) {
    case Direction::outbound: return "outbound";
    case Direction::inbound: return "inbound";
    case Direction::internal: return "internal";
    case Direction::external: return "external";
  }
  return "external";
}

}  // namespace dlp
