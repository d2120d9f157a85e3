#include "common/direction.hpp"

#include "common/enum_names.hpp"

namespace dlp {

namespace {
constexpr EnumName<Direction> kDirections[] = {{Direction::outbound, "outbound"},
                                               {Direction::inbound, "inbound"},
                                               {Direction::internal, "internal"},
                                               {Direction::external, "external"},
                                               {Direction::retrieval, "retrieval"}};
}  // namespace

const char* direction_name(Direction direction) { return name_of(direction, kDirections); }

}  // namespace dlp
